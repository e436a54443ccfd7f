"""Atomic outputs: a build killed mid-write (SIGKILL, a real process) leaves the previous output
intact; the next run clears what the killed one left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.files import atomic_output, write_atomic
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
