"""Benchmark of ``kg analyze`` on a built corpus: seconds per metric, and how sampling changes betweenness.

Run from the project root (the 2,000-topic corpus: ``python benchmarks/generate_corpus.py --topics 2000
--seed 1 -o /tmp/c2000.xml && kg build /tmp/c2000.xml -o /tmp/out2000``):

    python benchmarks/bench_analysis.py --build /tmp/out2000            # kg analyze end to end, per metric
    python benchmarks/bench_analysis.py --build /tmp/out2000 --exact    # and sampled vs exact betweenness

The build's ``graph.ttl`` is copied into a work folder (``--work``), so the build is never written to.
``kg analyze`` runs there in a subprocess, Python start-up included, and prints its stages' seconds.
``--exact`` then computes exact betweenness on the typed graph (every node a source: about ten
minutes on 2 cores for 42,000 nodes; cached in the work folder by the graph's SHA-256) and, for
several numbers of sampled sources, compares each kind's top 20 with the exact one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.analysis import PIVOTS, SEED  # noqa: E402
from kg.analysis.metrics import betweenness  # noqa: E402
from kg.analysis.projection import PUBLISHER, RESOURCE, TOPIC, nodes_of, typed_graph  # noqa: E402

TOP = 20
SAMPLES = (250, 500, 1_000, 2_000)


def run_analyze(work: Path, pivots: int) -> tuple[float, dict[str, float], str]:
    """Run ``kg analyze`` on the build in ``work``; returns wall seconds, seconds per stage and its summary line."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg", "analyze", "-o", str(work), "--pivots", str(pivots), "--timings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg analyze failed:\n{done.stdout}{done.stderr}")
    stages = {}
    for line in done.stderr.splitlines():
        name, _, seconds = line.rpartition(": ")
        if seconds.endswith(" s"):
            stages[name] = float(seconds[:-2])
    return wall, stages, done.stdout.strip().splitlines()[-1]


def ranking(values: dict[str, float], nodes: list[str]) -> list[str]:
    return sorted(nodes, key=lambda node: (-values[node], node))


def compare(exact: dict[str, float], sampled: dict[str, float], nodes: list[str]) -> tuple[int, int, float]:
    """For the exact top 20 of ``nodes``: how many are in the sampled top 20, the largest rank change,
    and the mean relative error of their values."""
    top = ranking(exact, nodes)[:TOP]
    position = {node: rank for rank, node in enumerate(ranking(sampled, nodes))}
    overlap = len(set(top) & set(ranking(sampled, nodes)[:TOP]))
    shift = max(abs(position[node] - rank) for rank, node in enumerate(top))
    error = sum(abs(sampled[node] - exact[node]) / exact[node] for node in top if exact[node]) / len(top)
    return overlap, shift, error


def exact_betweenness(work: Path, graph_ttl: Path, typed: object) -> dict[str, float]:
    digest = hashlib.sha256(graph_ttl.read_bytes()).hexdigest()[:16]
    cache = work / f"exact-betweenness-{digest}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    start = time.perf_counter()
    values, _ = betweenness(typed, exact_up_to=10**9)  # type: ignore[arg-type]
    print(f"exact betweenness: {time.perf_counter() - start:.0f} s (cached in {cache})", file=sys.stderr)
    cache.write_text(json.dumps(values), encoding="utf-8")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("/tmp/out2000"), help="a build folder (its graph.ttl)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary folder)")
    parser.add_argument("--pivots", type=int, default=PIVOTS, help="betweenness sources for kg analyze")
    parser.add_argument("--exact", action="store_true", help="also compare sampled with exact betweenness")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-analysis-"))
    work.mkdir(parents=True, exist_ok=True)
    graph_ttl = work / "graph.ttl"
    if not graph_ttl.is_file() or graph_ttl.stat().st_size != (args.build / "graph.ttl").stat().st_size:
        shutil.copyfile(args.build / "graph.ttl", graph_ttl)

    wall, stages, summary = run_analyze(work, args.pivots)
    print(f"`kg analyze` on {args.build / 'graph.ttl'}: {summary}\n")
    print("| stage | seconds |\n|---|---:|")
    print(f"| Python start-up, imports, load graph.ttl | {wall - sum(stages.values()):.2f} |")
    for name, seconds in stages.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **total (wall clock)** | **{wall:.2f}** |")

    if not args.exact:
        return
    typed = typed_graph(kg.load([graph_ttl]))
    exact = exact_betweenness(work, graph_ttl, typed)
    kinds = {"all nodes": list(typed)}
    kinds |= {f"{kind}s": nodes_of(typed, kind) for kind in (TOPIC, RESOURCE, PUBLISHER)}
    print(
        f"\nSampled betweenness (seed {SEED}) against exact, on {typed.number_of_nodes():,} nodes: for each kind's "
        f"exact top {TOP}, how many are in the sampled top {TOP}, the largest change of rank, and the mean "
        "relative error of their values.\n"
    )
    print("| sources | seconds | " + " | ".join(kinds) + " |")
    print("|---:|---:|" + "---|" * len(kinds))
    for pivots in SAMPLES:
        start = time.perf_counter()
        sampled, _ = betweenness(typed, seed=SEED, exact_up_to=0, pivots=pivots)
        seconds = time.perf_counter() - start
        cells = []
        for nodes in kinds.values():
            overlap, shift, error = compare(exact, sampled, nodes)
            cells.append(f"{overlap}/{TOP}, ±{shift}, {error:.0%}")
        print(f"| {pivots:,} | {seconds:.1f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
