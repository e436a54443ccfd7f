"""Output made for automation: --quiet and --json on every command, canonical exports, kg diff's exit codes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import CORPUS, PAGE
from tests.test_diff import releases  # noqa: F401  (the fixture)

# arguments that make each command succeed quickly on the bundled page
ARGS = {
    "build": lambda tmp: [str(PAGE), "-o", str(tmp / "out")],
    "export": lambda tmp: ["--graph", str(PAGE), "-o", str(tmp / "g.ttl")],
    "validate": lambda tmp: ["--graph", str(PAGE)],
    "queries": lambda tmp: [],
    "query": lambda tmp: ["topics", "--graph", str(PAGE)],
    "diff": lambda tmp: [str(PAGE), str(PAGE)],
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_quiet_and_json(name: str) -> None:
    options = {opt for param in main.commands[name].params for opt in param.opts}
    assert {"--quiet", "--json"} <= options


@pytest.mark.parametrize("name", sorted(ARGS))
def test_quiet_prints_nothing_and_json_prints_one_summary(name: str, tmp_path: Path) -> None:
    code, output = run(name, *ARGS[name](tmp_path), "--quiet")
    assert (code, output) == (0, "")
    code, output = run(name, *ARGS[name](tmp_path), "--json")
    assert code == 0
    summary = json.loads(output)
    assert summary["command"] == name and summary["seconds"] >= 0


def test_build_json_summary_has_counts_and_files(tmp_path: Path) -> None:
    _, output = run("build", str(PAGE), "-o", str(tmp_path), "--json")
    summary = json.loads(output)
    assert summary["counts"]["resources"] == 40 and summary["files"][0] == str(tmp_path / "graph.ttl")


def test_canonical_export_is_sorted_ntriples_and_gzips(tmp_path: Path) -> None:
    assert run("export", "--canonical", "--graph", *_graph_args(), "-o", str(tmp_path / "a.nt"))[0] == 0
    lines = (tmp_path / "a.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) > 600
    assert run("export", "--canonical", "--graph", *_graph_args(), "-o", str(tmp_path / "a.nt.gz"))[0] == 0
    assert gzip.decompress((tmp_path / "a.nt.gz").read_bytes()).decode("utf-8").splitlines() == lines
    run("export", "--canonical", "--graph", *_graph_args(), "-o", str(tmp_path / "b.nt.gz"))
    assert (tmp_path / "a.nt.gz").read_bytes() == (tmp_path / "b.nt.gz").read_bytes()
    assert run("export", "--canonical", "--format", "jsonld", "--graph", str(PAGE))[0] == 2


def _graph_args() -> list[str]:
    return [str(CORPUS[0])]


def test_diff_exit_codes(releases: tuple[Path, Path], tmp_path: Path) -> None:  # noqa: F811
    old, new = releases
    assert run("diff", str(old), str(old))[0] == 0
    code, output = run("diff", str(old), str(new), "--patch", str(tmp_path / "p.rdfp"), "--added",
                       str(tmp_path / "added.nt"), "--removed", str(tmp_path / "removed.nt"))  # fmt: skip
    assert code == 1
    assert "topics added (1):" in output and "publishers renamed (1):" in output
    assert (tmp_path / "p.rdfp").read_text(encoding="utf-8").startswith("TX .\n")
    assert (tmp_path / "added.nt").read_text(encoding="utf-8").count("\n") > 0
    code, output = run("diff", str(old), str(tmp_path / "missing.ttl"))
    assert code == 2 and "missing.ttl" in output
    code, output = run("diff", str(old), str(new), "--format", "json")
    assert code == 1 and json.loads(output)["counts"]["topics_removed"] == 1
