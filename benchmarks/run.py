"""Benchmark harness: times kg's stages on the bundled data and prints a Markdown table.

Run from the project root:

    python benchmarks/run.py            # 5 repetitions, median and best in milliseconds
    python benchmarks/run.py --repeat 20

Each stage runs in this process after one warm-up; the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.outputs.export import serialize  # noqa: E402
from kg.query import library  # noqa: E402
from kg.rdf.shacl import validate  # noqa: E402
from kg.sources import read  # noqa: E402


def timed(stage: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per run of ``stage``, after one warm-up run."""
    stage()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("inputs", nargs="*", type=Path, default=[Path("data")])
    args = parser.parse_args()

    out = Path(tempfile.mkdtemp())
    store = kg.load(args.inputs).with_ontology()
    params = {"topic-resources": {"topic": "Genes and Gene Therapy"}}
    stages: dict[str, Callable[[], object]] = {
        "parse inputs": lambda: list(read(args.inputs)),
        "build (parse, map, write graph.ttl)": lambda: build(args.inputs, out),
        "serialise Turtle": lambda: serialize(store, "turtle"),
        "load graph.ttl": lambda: kg.load([out / "graph.ttl"]),
        "SHACL validate": lambda: validate(store.data()),
    }
    for name, query in library().items():
        stages[f"query {name}"] = lambda q=query, n=name: store.select(q.render(params.get(n)))

    print(f"inputs: {', '.join(str(p) for p in args.inputs)}; {args.repeat} runs each; Python {sys.version.split()[0]}")
    print()
    print("| stage | median ms | best ms |")
    print("|---|---:|---:|")
    for name, stage in stages.items():
        times = timed(stage, args.repeat)
        print(f"| {name} | {statistics.median(times):.1f} | {min(times):.1f} |")


if __name__ == "__main__":
    main()
