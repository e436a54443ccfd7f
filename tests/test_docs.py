"""The docs cannot drift: every command and named query is documented, the Quickstart is two
commands, CI runs the README's test command, and the code is ruff-clean."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import library

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", section, re.DOTALL)
    assert block, "no fenced block under ## Quickstart"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_quickstart_is_two_commands_build_then_tests() -> None:
    build, tests = quickstart_commands()
    assert build.endswith("kg build")
    assert tests == "bash tests/run"
    script = (ROOT / "tests" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in script and "chromium" in script, "the test command sets up the browser"
    assert script.rstrip().splitlines()[-1].startswith("exec .venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"`kg {name}" in README


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_is_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README


def test_every_dependency_is_explained() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = re.search(r"dependencies = \[(.*?)\]", pyproject, re.DOTALL)
    assert dependencies
    for name in re.findall(r'"([A-Za-z0-9_-]+)', dependencies.group(1)):
        assert re.search(rf"^\| {name} ", README, re.IGNORECASE | re.MULTILINE), f"{name} is not in the README"


def test_ruff_clean() -> None:
    for args in (["check"], ["format", "--check"]):
        done = subprocess.run([sys.executable, "-m", "ruff", *args, "kg", "tests", "benchmarks", "conftest.py"],
                              cwd=ROOT, capture_output=True, text=True)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_clean(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "kg"],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
