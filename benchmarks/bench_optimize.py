"""Does the on-disk store's ``optimize()`` pay for reads? Every named query on a build's store as
``kg build`` writes it (optimised) and on the same files loaded the same way without ``optimize()``,
interleaved, the fastest of ``--runs`` runs each.

    python benchmarks/bench_optimize.py /tmp/kg-bench/all-2000 --runs 5

The build folder must hold ``graph.ttl``, ``analysis.ttl`` and ``store/`` (``kg build`` with every
stage). The store without ``optimize()`` is made once beside it (``<build>-unoptimised``). A query
with a required parameter gets a value from the build (the first topic by title; two dates for
``release-changes``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def unoptimised(built: Path) -> Path:
    """The store of ``built``'s files, loaded as :class:`kg.store.disk.StoreWriter` loads them (in
    pieces, each file into its named graph, then the ontology), without ``optimize()``."""
    import pyoxigraph as ox

    from kg.mapping.iris import Iris
    from kg.ontology import vocabulary_files
    from kg.store.disk import STAMP_FILE, made_with
    from kg.store.loader import turtle_pieces

    target = built.parent / f"{built.name}-unoptimised" / "store"
    if target.exists():
        return target
    iris = Iris(made_with(built / "store") or "https://w3id.org/kg-medlineplus/id/")
    target.mkdir(parents=True)
    database = ox.Store(str(target / "db"))
    for path, graph in ((built / "graph.ttl", "data"), (built / "analysis.ttl", "analysis")):
        for piece in turtle_pieces(path):
            database.bulk_load(piece, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iris.graph(graph)))
    for path in vocabulary_files():
        database.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iris.graph("ontology")))
    database.flush()
    del database
    shutil.copy(built / "store" / STAMP_FILE, target / STAMP_FILE)
    return target


def main() -> None:
    from kg.query import library
    from kg.query.run import run
    from kg.store.disk import open_read_only

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a build folder made by kg build with every stage")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    missing = [name for name in ("graph.ttl", "analysis.ttl", "store") if not (args.build / name).exists()]
    if missing:
        parser.error(f"{args.build}: not a build with every stage (no {', '.join(missing)}): run kg build first")
    stores = {"optimised": open_read_only(args.build / "store"), "not": open_read_only(unoptimised(args.build))}
    values = _values(stores["optimised"])
    totals = dict.fromkeys(stores, 0.0)
    print(f"{'query':28s} {'optimised ms':>13s} {'not ms':>9s}")
    for name, query in sorted(library().items()):
        params = {p.name: values.get(p.name, "x") for p in query.params if p.required}
        best = dict.fromkeys(stores, float("inf"))
        for _ in range(args.runs):  # interleaved, so that a busy spell hits both
            for label, store in stores.items():
                start = time.perf_counter()
                run(store, query, params)
                best[label] = min(best[label], time.perf_counter() - start)
        for label in stores:
            totals[label] += best[label]
        print(f"{name:28s} {best['optimised'] * 1000:13.1f} {best['not'] * 1000:9.1f}", flush=True)
    print(f"{'all':28s} {totals['optimised'] * 1000:13.1f} {totals['not'] * 1000:9.1f}")


def _values(store: object) -> dict[str, str]:
    """A value for each required parameter of the named queries: the build's first topic by title,
    and two dates for ``release-changes`` (a build without releases: an empty answer)."""
    from kg.store import Store

    assert isinstance(store, Store)
    rows = store.select(
        "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?title WHERE { ?topic a kg:Topic ; skos:prefLabel ?title } ORDER BY ?title LIMIT 1"
    ).values()
    return {"topic": str(rows[0]["title"]), "old": "2020-01-01", "new": "2021-01-01"}


if __name__ == "__main__":
    main()
