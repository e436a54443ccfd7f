"""Check that the analysis of a generated corpus still finds what was recorded: the communities and
the top 20 by betweenness and by PageRank (``tests/golden/analysis-<topics>-seed<seed>.json``).

Run from the project root:

    python benchmarks/check_analysis.py                                    # the 2,000-topic corpus
    python benchmarks/check_analysis.py tests/golden/analysis-400-seed3.json

It generates the corpus the golden file names (``generate_corpus.py --topics N --seed S``), runs
:func:`kg.analysis.analyze` on it and prints what differs; the exit status is 1 when anything does.
``tests/test_build_stages.py`` runs the same check on the 400-topic corpus; on the 2,000-topic
corpus it takes tens of seconds, too long for the test suite, so it is this script. Its golden file
was recorded from the build before betweenness moved to igraph (the code at 1ba6fdc).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT / "tests" / "golden" / "analysis-2000-seed1.json"


def top(values: dict[str, float], n: int = 20) -> list[list[Any]]:
    """The ``n`` largest values with their nodes, ties by IRI, as the golden files keep them."""
    return [[k, v] for k, v in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:n]]


def differences(golden: dict[str, Any]) -> list[str]:
    """What the analysis of the golden file's corpus finds differently from it (empty: nothing)."""
    import kg
    from kg.analysis import analyze

    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus.xml"
        command = [sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py")]
        command += ["--topics", str(golden["topics"]), "--seed", str(golden["seed"]), "-o", str(corpus)]
        subprocess.run(command, check=True)
        start = time.perf_counter()
        results = analyze(kg.load([corpus])).results
        print(f"analysis of {golden['topics']:,} topics: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    found = {
        "pivots": results.pivots,
        "betweenness": top(results.betweenness),
        "pagerank": top(results.pagerank),
        "communities": [list(c.topics) for c in results.communities],
    }
    return [
        f"{key}: expected {golden[key]!r:.200}, found {value!r:.200}"
        for key, value in found.items()
        if golden[key] != value
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("golden", nargs="*", type=Path, default=[DEFAULT], help="golden files (default: %(default)s)")
    args = parser.parse_args()
    failed = False
    for path in args.golden:
        found = differences(json.loads(path.read_text()))
        print(f"{path.name}: " + ("the same" if not found else "DIFFERENT\n  " + "\n  ".join(found)))
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
