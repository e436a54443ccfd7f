"""``kg build`` with the code of two trees, side by side: interleaved rounds, wall clock, CPU of every
process and peak memory, and whether every output file is the same.

    git worktree add /tmp/before 6b6d250
    python benchmarks/side_by_side.py /tmp/before . --corpus /tmp/kg-bench/corpus-2000-1.xml --rounds 3

Each build runs in a fresh process whose working folder is a temporary one and whose ``PYTHONPATH``
is the tree: run from the project's root, ``python -m kg`` would import the project's ``kg`` ahead of
``PYTHONPATH``, so both columns would be the same code. Each process prints the ``kg`` it imported,
and the script stops when it is not the tree's. The interpreter is this one (the trees share its
installed dependencies). Memory is the process's peak resident set, its children's included
(``wait4``); CPU is user plus system time of the process and the children it waited for.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_RUN = "import sys, kg; print(kg.__file__, file=sys.stderr, flush=True); from kg.cli import main; main()"


def run_build(tree: Path, corpus: Path, out: Path) -> dict[str, float]:
    """One ``kg build`` of ``corpus`` into ``out`` with the code in ``tree``: its seconds, CPU and peak MB.

    Raises:
        SystemExit: the build failed, or imported ``kg`` from elsewhere than ``tree``.
    """
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", _RUN, "build", str(corpus), "-o", str(out), "-q"]
    with tempfile.TemporaryDirectory() as elsewhere:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=elsewhere, env=environment, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        errors = process.stderr.read() if process.stderr else ""
        process.returncode = os.waitstatus_to_exitcode(status)
    imported = Path(errors.splitlines()[0]).resolve() if errors else None
    if process.returncode != 0 or imported is None or not imported.is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: the build failed or ran other code ({imported}):\n{errors}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def differing(first: Path, second: Path) -> list[str]:
    """The files of two build folders that differ or are in one only (the on-disk store's database
    files left out: they differ from one load to the next)."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only + compare.diff_files)
        for name, sub in compare.subdirs.items():
            if name != "db":
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(first, second, ignore=["kg-store.json"]), "")
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the tree of the code before (a git worktree)")
    parser.add_argument("after", type=Path, help="the tree of the code after")
    parser.add_argument("--corpus", type=Path, required=True, help="the input to build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-side-by-side")
    args = parser.parse_args()
    trees = {"before": args.before, "after": args.after}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.rounds):  # interleaved, so that a busy spell on the machine hits both
        for name, tree in trees.items():
            runs[name].append(run_build(tree, args.corpus.resolve(), args.work / name))
    print("| code | wall s | CPU s | peak MB |")
    print("|---|---|---|---:|")
    for name, tree in trees.items():
        wall = " · ".join(f"{run['seconds']:.1f}" for run in runs[name])
        cpu = " · ".join(f"{run['cpu']:.1f}" for run in runs[name])
        peaks = sorted(run["peak_mb"] for run in runs[name])
        print(f"| {name} ({tree}) | {wall} | {cpu} | {peaks[0]:.0f}–{peaks[-1]:.0f} |")
    changed = differing(args.work / "before", args.work / "after")
    print("\nOutputs: " + ("every file the same." if not changed else "these differ: " + ", ".join(changed)))


if __name__ == "__main__":
    main()
