"""Named-query latency, side by side: ``kg query``'s code path and the HTTP endpoint, on Oxigraph and on
rdflib's engine; then the endpoint under load. Prints Markdown tables.

Usage (from the project root; OUT is a build folder, e.g. of the 2,000-topic generated corpus):

    python benchmarks/generate_corpus.py --topics 2000 --seed 7 -o /tmp/c2000.xml
    kg build /tmp/c2000.xml -o /tmp/out2000
    python benchmarks/bench_queries.py --out /tmp/out2000

Each cell is the median of ``--runs`` timed runs after one warm-up (rdflib: as many runs as fit in
``--rdflib-budget`` seconds per query, at least one). "kg query" is what the command does once the
store is open: run the query, turn the rows into a table and render it as CSV. "HTTP" is a GET of
``/queries/{name}`` answered in SPARQL JSON over loopback by ``kg serve`` (2 workers).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from kg.diskstore import open_store, store_state, write_store
from kg.query import library
from kg.query.results import Table
from kg.server import Settings, WorkerPool, create_app, running
from kg.store import Store


def timed(run: Callable[[], object], runs: int, budget: float | None = None) -> tuple[float, object]:
    """Median seconds of ``runs`` calls after one warm-up (with ``budget``: no warm-up, and as many
    calls as fit in it, at least one)."""
    result = None
    if budget is None:
        result = run()
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (budget is None or not times or spent + times[-1] < budget):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return statistics.median(times), result


def sample_params(store: Store) -> dict[str, str]:
    """Values for parameters that have no default: a real topic title from the graph."""
    first = store.select(library()["topics"].render()).rows[0]
    return {"topic": str(first[1]), "old": "2024-01-01", "new": "2024-08-10"}


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="a build folder (graph.ttl)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdflib-budget", type=float, default=20.0, help="seconds per query and path on rdflib")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args(argv)
    out: Path = args.out

    started = time.perf_counter()
    if store_state(out) != "fresh":
        write_store(out)
        print(f"wrote {out}/store in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    disk = open_store(out)
    print(f"opened {out}/store in {time.perf_counter() - started:.3f} s ({len(disk):,} triples)", file=sys.stderr)
    started = time.perf_counter()
    memory = Store().load([out]).with_ontology()
    print(f"parsed {out}/graph.ttl into memory in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    engines: dict[str, Store] = {"disk": disk, "memory": memory}
    if not args.skip_rdflib:
        started = time.perf_counter()
        engines["rdflib"] = Store(engine="rdflib").load([out]).with_ontology()
        engines["rdflib"].query("ASK {}")
        print(f"loaded rdflib's copy in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    params = sample_params(memory)

    def kg_query(store: Store, text: str) -> Callable[[], object]:
        def run() -> object:
            table = store.query(text)
            assert isinstance(table, Table)
            table.to_csv()
            return table

        return run

    results: dict[str, dict[str, float | None]] = {}
    rows: dict[str, int] = {}
    mismatches: list[str] = []
    servers = [("oxigraph", 10.0)] + ([] if args.skip_rdflib else [("rdflib", 900.0)])
    pools = {}
    for engine, timeout in servers:
        started = time.perf_counter()
        pool = WorkerPool({"graph": [str(out)], "engine": engine}, workers=2, timeout=timeout)
        pool.start()
        pools[engine] = pool
        print(f"kg serve ({engine}) ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    try:
        with (
            running(create_app(pools["oxigraph"], Settings(max_rows=10**7))) as ox_url,
            running(create_app(pools.get("rdflib", pools["oxigraph"]), Settings(max_rows=10**7))) as rdf_url,
            httpx.Client(timeout=None) as http,
        ):

            def over_http(url: str, name: str, values: dict[str, str]) -> Callable[[], object]:
                def run() -> object:
                    response = http.get(f"{url}/queries/{name}", params={**values, "format": "json"})
                    response.raise_for_status()
                    return len(response.json()["results"]["bindings"])

                return run

            for name, query in library().items():
                values = {p.name: params[p.name] for p in query.params if p.required and p.name in params}
                text = query.render(values)
                cells: dict[str, float | None] = {}
                cells["disk"], table = timed(kg_query(disk, text), args.runs)
                cells["memory"], reference = timed(kg_query(memory, text), args.runs)
                rows[name] = len(reference.rows)  # type: ignore[attr-defined]
                cells["http"], count = timed(over_http(ox_url, name, values), args.runs)
                if count != rows[name] or table.rows != reference.rows:  # type: ignore[attr-defined]
                    mismatches.append(f"{name}: out/store or HTTP differs from memory")
                if not args.skip_rdflib:
                    cells["rdflib"], other = timed(kg_query(engines["rdflib"], text), args.runs, args.rdflib_budget)
                    cells["rdflib_http"], _ = timed(over_http(rdf_url, name, values), args.runs, args.rdflib_budget)
                    if other.rows != reference.rows:  # type: ignore[attr-defined]
                        mismatches.append(f"{name}: rdflib's rows differ")
                results[name] = cells
                print(f"  {name}: " + ", ".join(f"{k} {ms(v)} ms" for k, v in cells.items()), file=sys.stderr)

            load = load_test(ox_url, args.clients, args.load_seconds, params)
    finally:
        for pool in pools.values():
            pool.close()

    print(f"\n### Named queries on {out} ({len(disk):,} triples): median ms\n")
    print("| query | rows | kg query, Oxigraph (out/store) | kg query, Oxigraph (memory) | HTTP, Oxigraph "
          "| kg query, rdflib | HTTP, rdflib | rdflib ÷ Oxigraph |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, cells in results.items():
        ratio = (cells["rdflib"] or 0) / (cells["memory"] or 1) if cells.get("rdflib") else None
        print(f"| `{name}` | {rows[name]:,} | {ms(cells['disk'])} | {ms(cells['memory'])} | {ms(cells['http'])} | "
              f"{ms(cells.get('rdflib'))} | {ms(cells.get('rdflib_http'))} | "
              f"{'—' if ratio is None else f'{ratio:,.0f}×'} |")  # fmt: skip
    slowest = max(results, key=lambda n: results[n]["memory"] or 0)
    worst_http = max(results, key=lambda n: results[n]["http"] or 0)
    print(f"\nslowest on Oxigraph (memory): `{slowest}`, {ms(results[slowest]['memory'])} ms; "
          f"slowest over HTTP: `{worst_http}`, {ms(results[worst_http]['http'])} ms")  # fmt: skip
    if results[slowest].get("rdflib"):
        speedup = results[slowest]["rdflib"] / results[slowest]["memory"]  # type: ignore[operator]
        print(f"`{slowest}` is {speedup:,.0f}× faster on Oxigraph than on rdflib")
    print(f"\n### Load: {args.clients} clients for {args.load_seconds:g} s over loopback (Oxigraph, 2 workers)\n")
    print("| requests | errors | requests/s | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(load)
    for line in mismatches:
        print(f"MISMATCH {line}")
    return 1 if mismatches else 0


def load_test(url: str, clients: int, seconds: float, params: dict[str, str]) -> str:
    """``clients`` threads, each cycling through the named queries for ``seconds``; a Markdown row."""
    names = list(library())
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        with httpx.Client(timeout=60) as http:
            index = offset
            while time.monotonic() < deadline:
                name = names[index % len(names)]
                index += 1
                query = library()[name]
                values = {p.name: params[p.name] for p in query.params if p.required and p.name in params}
                started = time.perf_counter()
                try:
                    response = http.get(f"{url}/queries/{name}", params={**values, "format": "json"})
                    ok = response.status_code == 200
                    problem = f"{name}: {response.status_code}"
                except httpx.HTTPError as error:
                    ok, problem = False, f"{name}: {error}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(problem)

    threads = [threading.Thread(target=client, args=(i * 3,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> str:
        return ms(ordered[min(len(ordered) - 1, int(p * len(ordered)))])

    for problem in errors[:5]:
        print(f"error: {problem}", file=sys.stderr)
    return (f"| {len(ordered):,} | {len(errors)} | {len(ordered) / wall:,.1f} | {pct(0.5)} | {pct(0.9)} | "
            f"{pct(0.99)} | {ms(ordered[-1])} |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
