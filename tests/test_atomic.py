"""Atomic outputs and builds as transactions: a build killed mid-write, after its graph or in its
store step (SIGKILL, a real process), or failing for a full disk, leaves the previous build whole,
byte for byte, and queries answer from it alone; two builds of one folder are never mixed; the
second build process dies with its parent; outputs get the umask's mode; the next run clears what a
killed one left behind."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.build.layout import BuildFolder
from kg.cli import main
from kg.errors import OutputError
from kg.files import atomic_output, write_atomic
from kg.store.disk import StoreWriter
from tests.conftest import PAGE

ROOT = Path(__file__).resolve().parent.parent


def test_an_error_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_atomic(target, b"old")
    try:
        with atomic_output(target) as stream:
            stream.write(b"half of the new")
            raise RuntimeError("disk on fire")
    except RuntimeError:
        pass
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_sigkill_mid_build_keeps_the_previous_output(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.xml"
    generator = ROOT / "benchmarks" / "generate_corpus.py"
    subprocess.run([sys.executable, str(generator), "--topics", "1500", "--seed", "3", "-o", str(corpus)], check=True)
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kg", "build", str(PAGE), "-o", str(out), "--quiet"], check=True, cwd=ROOT)
    before = (out / "graph.ttl").read_bytes()

    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--quiet"], cwd=ROOT)
    deadline = time.monotonic() + 120
    writing = ".out.build-*.tmp/.graph.ttl.*.tmp"  # the new build's folder beside out/, its graph being written
    while not list(tmp_path.glob(writing)):  # wait until it is writing
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
        time.sleep(0.01)
    while all(p.stat().st_size < 100_000 for p in tmp_path.glob(writing)):  # well into the write
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert (out / "graph.ttl").read_bytes() == before  # the previous output, whole
    assert len(list(tmp_path.glob(writing))) == 1  # hidden, never under the output's name
    assert list(out.glob(".*")) == []
    subprocess.run([sys.executable, "-m", "kg", "build", str(PAGE), "-o", str(out), "--quiet"], check=True, cwd=ROOT)
    assert list(tmp_path.glob(".out.build-*")) == [] and list(out.glob(".*.tmp")) == []  # leftovers gone


# ---------------------------------------------------------------- a build is one transaction

CORPUS_XML = [ROOT / "tests" / "fixtures" / "xml" / "genesandgenetherapy.xml"]
COMPARED = ("graph.ttl", "analysis.ttl", "metrics.csv", "metrics.json", "report.md", "graph.html")


def kg(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stderr=subprocess.PIPE, **options)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by path (the store's database included)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def central(out: Path) -> str:
    """``kg query central-topics`` on the build in ``out`` (its PageRanks come from its analysis)."""
    result = CliRunner().invoke(main, ["query", "central-topics", "--graph", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A whole build of the page (A) and of the Genes XML (B), each alone."""
    folder = tmp_path_factory.mktemp("references")
    built = {"A": folder / "A", "B": folder / "B"}
    assert CliRunner().invoke(main, ["build", str(PAGE), "-o", str(built["A"]), "-q"]).exit_code == 0
    assert CliRunner().invoke(main, ["build", *map(str, CORPUS_XML), "-o", str(built["B"]), "-q"]).exit_code == 0
    return built


def whole_build_of_one(out: Path, references: dict[str, Path]) -> str:
    """Which reference build ``out`` is, every compared file from that one; fails on a mix."""
    names = [name for name, ref in references.items() if all(
        (out / f).read_bytes() == (ref / f).read_bytes() for f in COMPARED)]  # fmt: skip
    assert len(names) == 1, {f: [n for n, r in references.items() if (out / f).read_bytes() == (r / f).read_bytes()]
                             for f in COMPARED}  # fmt: skip
    assert BuildFolder(out).store_state() == "fresh"
    assert central(out) == central(references[names[0]])  # the store answers from the same build
    return names[0]


def test_concurrent_builds_of_one_folder_are_refused_and_never_mix(tmp_path: Path, references: dict[str, Path]) -> None:
    out = tmp_path / "out"
    first = kg("build", str(PAGE), "-o", str(out), "-q")
    second = kg("build", *map(str, CORPUS_XML), "-o", str(out), "-q")
    outcomes = [(process.wait(), process.communicate()[1].decode()) for process in (first, second)]
    for code, stderr in outcomes:
        assert (code, stderr) == (0, "") or (code == 1 and "another kg build is writing this folder" in stderr
                                               and len(stderr.splitlines()) == 1), (code, stderr)  # fmt: skip
    assert any(code == 0 for code, _ in outcomes)
    whole_build_of_one(out, references)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


@pytest.mark.parametrize("moment", ["graph written", "in the store step"])
def test_a_build_killed_after_its_graph_leaves_the_previous_build_whole(
    moment: str, tmp_path: Path, references: dict[str, Path]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(references["A"], out)
    answer = central(out)  # (the copy's store is made again first: copied files are other files)
    before = files(out)
    process = kg("build", *map(str, CORPUS_XML), "-o", str(out), "-q")
    sign = ".out.build-*/graph.ttl" if moment == "graph written" else ".out.build-*/.store.*.tmp"
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(sign)):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert files(out) == before  # every file of the previous build, byte for byte
    assert central(out) == answer  # and queries answer from it alone
    assert CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "-q"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]  # the killed build's folder gone
    assert list(out.rglob(".*.tmp")) == []


def test_a_full_disk_in_the_store_step_keeps_the_previous_build(
    tmp_path: Path, references: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(references["A"], out)
    before = files(out)

    def full(writer: StoreWriter, files: object) -> Path:
        writer.target.mkdir()
        (writer.target / "half").write_bytes(b"x" * 1000)
        raise OutputError(f"{writer.target}: cannot write: No space left on device")

    monkeypatch.setattr(StoreWriter, "finish", full)
    result = CliRunner().invoke(main, ["build", *map(str, CORPUS_XML), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_the_second_build_process_dies_with_its_parent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.xml"
    generator = ROOT / "benchmarks" / "generate_corpus.py"
    subprocess.run([sys.executable, str(generator), "--topics", "600", "--seed", "5", "-o", str(corpus)], check=True)
    process = kg("build", str(corpus), "--workers", "2", "-o", str(tmp_path / "out"), "-q", "--no-analyze")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while not children.read_text().split():
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it forked"
        time.sleep(0.002)
    child = int(children.read_text().split()[0])
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    deadline = time.monotonic() + 0.5
    while Path(f"/proc/{child}").exists() and _state(child) != "Z" and time.monotonic() < deadline:
        time.sleep(0.005)
    assert not Path(f"/proc/{child}").exists() or _state(child) == "Z", "the worker outlived its parent"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def test_outputs_get_the_mode_the_umask_gives_and_replacing_keeps_it(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "-q"]).exit_code == 0
        modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*")}
        assert {m for p, m in modes.items() if not (out / p).is_dir()} == {0o644}, modes
        assert {m for p, m in modes.items() if (out / p).is_dir()} == {0o755}, modes
        assert stat.S_IMODE(out.stat().st_mode) == 0o755
        existing, private = tmp_path / "existing.ttl", tmp_path / "private.ttl"
        existing.write_text("old")
        private.write_text("old")
        private.chmod(0o640)
        for target in (existing, private):
            assert CliRunner().invoke(main, ["export", "--graph", str(out), "-o", str(target)]).exit_code == 0
        assert stat.S_IMODE(existing.stat().st_mode) == 0o644 and existing.read_text() != "old"
        assert stat.S_IMODE(private.stat().st_mode) == 0o640  # the user's choice kept
        os.umask(0o077)
        assert (
            CliRunner().invoke(main, ["build", str(PAGE), "-o", str(tmp_path / "tight"), "-q", "--no-viz"]).exit_code
            == 0
        )
        assert stat.S_IMODE((tmp_path / "tight" / "graph.ttl").stat().st_mode) == 0o600
    finally:
        os.umask(mask)
