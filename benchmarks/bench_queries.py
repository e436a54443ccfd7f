"""Named-query latency, side by side: ``kg query`` end to end (a new process each time, as a
researcher runs it), its code path in process, the HTTP endpoint (``kg serve``), Oxigraph's own
server over the same store (``oxigraph serve-read-only``), and rdflib's engine; then the endpoint
under load. Prints Markdown tables.

Usage (from the project root; OUT is a build folder, e.g. of the 2,000-topic generated corpus):

    python benchmarks/generate_corpus.py --topics 2000 --seed 7 -o /tmp/c2000.xml
    kg build /tmp/c2000.xml -o /tmp/out2000
    python benchmarks/bench_queries.py --out /tmp/out2000

Each cell is the median of ``--runs`` timed runs after one warm-up (rdflib: as many runs as fit in
``--rdflib-budget`` seconds per query, at least one). "end to end" is ``kg query NAME --graph OUT
--format csv`` in a new process, start-up and imports included (median of ``--e2e-runs``). "kg query"
is what the command does once the store is open: run the query, turn the rows into a table and render
it as CSV (in memory, with the text ``kg serve`` runs: :mod:`kg.query.fast`'s text for memory where
there is one). "HTTP" is a GET of ``/queries/{name}`` answered in SPARQL JSON over loopback by
``kg serve`` (2 workers, the graph in memory), timed until the whole answer has arrived (the client
parses it after). "Oxigraph server" is ``oxigraph serve-read-only`` on a copy of
``OUT/store/`` with ``--union-default-graph``, sent the very text ``kg serve`` ran (the faster text of
:mod:`kg.query.fast` where the build's counts allow it), by GET, in SPARQL JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import kg
from kg.build.layout import BuildFolder
from kg.query import library
from kg.query.fast import aggregates_agree, choose
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


#: What Oxigraph takes for the bare patterns under the slowest named queries, with no grouping,
#: sorting or rows handed to Python (each is counted): the floor those queries cannot go below.
FLOOR_PROBES = {
    "scan the `kg:hasResource` triples": "SELECT (COUNT(*) AS ?n) { ?t kg:hasResource ?r }",
    "group them by resource":
        "SELECT (COUNT(*) AS ?n) { SELECT ?r (COUNT(?t) AS ?c) { ?t kg:hasResource ?r } GROUP BY ?r }",
    "resources with a Spanish version, their titles and publishers' names (`spanish-available`)":
        "SELECT (COUNT(*) AS ?n) { ?r kg:alsoInSpanish true ; schema:name ?title . "
        "OPTIONAL { ?r schema:publisher/schema:name ?p } }",
    "the same, its rows handed to Python":
        "SELECT ?r ?title ?p { ?r kg:alsoInSpanish true ; schema:name ?title . "
        "OPTIONAL { ?r schema:publisher/schema:name ?p } }",
    "the same, sorted by title": "SELECT ?r ?title ?p { ?r kg:alsoInSpanish true ; schema:name ?title . "
        "OPTIONAL { ?r schema:publisher/schema:name ?p } } ORDER BY ?title",
    "listings with their topic, section and resource (`resources-by-section`, `nih-share`)":
        "SELECT (COUNT(*) AS ?n) { ?l kg:topic ?t ; kg:section ?s ; kg:resource ?r }",
    "resources with their titles and topic counts (`top-resources`)":
        "SELECT (COUNT(*) AS ?n) { { SELECT ?r (COUNT(?t) AS ?c) { ?t kg:hasResource ?r } GROUP BY ?r } "
        "?r schema:name ?title }",
}  # fmt: skip


def floor_table(store: Store, runs: int) -> str:
    """:data:`FLOOR_PROBES` timed on ``store``'s Oxigraph engine, as Markdown rows."""
    lines = ["| bare patterns | rows | median ms |", "|---|---:|---:|"]
    prologue = "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> PREFIX schema: <https://schema.org/>\n"
    for label, sparql in FLOOR_PROBES.items():
        seconds, table = timed(lambda text=prologue + sparql: store.select(text), runs)
        counted = table.rows[0][0] if table.columns == ["n"] else len(table.rows)  # type: ignore[attr-defined]
        lines.append(f"| {label} | {int(counted):,} | {ms(seconds)} |")
    return "\n".join(lines)


def answer_floor(store: Store, texts: dict[str, str], runs: int) -> str:
    """For each of ``texts`` (the text ``kg serve`` runs, by name), what Oxigraph alone takes on
    ``store`` (in memory) to hand its rows over and to write them as SPARQL JSON: the floor of that
    answer over HTTP, before kg's worker, the socket and the client. Markdown rows."""
    import pyoxigraph as ox

    lines = [
        "| query | rows | JSON MB | Oxigraph: rows iterated ms | Oxigraph: JSON written ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, text in texts.items():
        iterated, rows = timed(lambda text=text: sum(1 for _ in store.raw_query(text)), runs)  # type: ignore[union-attr]
        written, data = timed(
            lambda text=text: store.raw_query(text).serialize(format=ox.QueryResultsFormat.JSON), runs
        )  # type: ignore[union-attr]
        lines.append(f"| `{name}` | {rows:,} | {len(data) / 1e6:.1f} | {ms(iterated)} | {ms(written)} |")  # type: ignore[arg-type]
    return "\n".join(lines)


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="a build folder (graph.ttl)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdflib-budget", type=float, default=20.0, help="seconds per query and path on rdflib")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--e2e-runs", type=int, default=5, help="runs of `kg query` in a new process")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--skip-oxigraph-server", action="store_true")
    args = parser.parse_args(argv)
    out: Path = args.out

    started = time.perf_counter()
    if BuildFolder(out).store_state() != "fresh":
        BuildFolder(out).write_store()
        print(f"wrote {out}/store in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    disk = BuildFolder(out).open_store()
    print(f"opened {out}/store in {time.perf_counter() - started:.3f} s ({len(disk):,} triples)", file=sys.stderr)
    started = time.perf_counter()
    memory = kg.load([out]).with_ontology()
    print(f"parsed {out}/graph.ttl into memory in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    params = sample_params(memory)

    def kg_query(store: Store, text: str) -> Callable[[], object]:
        def run() -> object:
            table = store.query(text)
            assert isinstance(table, Table)
            table.to_csv()
            return table

        return run

    def over_http(http: httpx.Client, url: str, name: str, values: dict[str, str]) -> Callable[[], bytes]:
        def run() -> bytes:  # timed until the whole answer has arrived; its rows are counted after (json_rows)
            response = http.get(f"{url}/queries/{name}", params={**values, "format": "json"})
            response.raise_for_status()
            return response.content

        return run

    texts: dict[str, tuple[str, dict[str, str]]] = {}
    in_memory: dict[str, str] = {}  # the text kg serve runs (kg.query.fast's text for memory, where one)
    agree = aggregates_agree(memory)
    print(f"the build's precomputed counts fit its data: {agree}", file=sys.stderr)
    for name, query in library().items():
        values = {p.name: params[p.name] for p in query.params if p.required and p.name in params}
        texts[name] = (choose(query, agree).render(values), values)
        in_memory[name] = choose(query, agree, in_memory=True).render(values)
    results: dict[str, dict[str, float | None]] = {name: {} for name in texts}
    references: dict[str, list[list[object]]] = {}
    mismatches: list[str] = []

    # Oxigraph first, before rdflib's copy of the graph exists: its millions of Python objects would
    # slow every garbage collection in this process (a run with the copy loaded first measured the
    # Oxigraph paths 1.3 to 2 times slower).
    with serving(out, "oxigraph", 10.0) as url, httpx.Client(timeout=None) as http:
        for name, (text, values) in texts.items():
            cells = results[name]
            cells["disk"], table = timed(kg_query(disk, text), args.runs)
            cells["memory"], reference = timed(kg_query(memory, in_memory[name]), args.runs)
            references[name] = reference.rows  # type: ignore[attr-defined]
            cells["http"], body = timed(over_http(http, url, name, values), args.runs)
            if json_rows(body) != len(references[name]) or table.rows != references[name]:  # type: ignore[attr-defined]
                mismatches.append(f"{name}: out/store or HTTP differs from memory")
            print(f"  {name}: " + ", ".join(f"{k} {ms(v)} ms" for k, v in cells.items()), file=sys.stderr)
        load = load_test(url, args.clients, args.load_seconds, params)
        floor = floor_table(memory, args.runs)
    for name, (_text, values) in texts.items():  # a new process each run: start-up and imports included
        results[name]["e2e"], lines = timed(end_to_end(out, name, values), args.e2e_runs)
        if lines != len(references[name]) + 1:
            mismatches.append(f"{name}: kg query printed {lines} lines")
        print(f"  {name}: kg query end to end {ms(results[name]['e2e'])} ms", file=sys.stderr)
    if not args.skip_oxigraph_server:
        with oxigraph_server(out) as endpoint, httpx.Client(timeout=None) as http:
            for name, (text, _values) in texts.items():
                results[name]["oxigraph"], body = timed(over_sparql(http, endpoint, text), args.runs)
                if json_rows(body) != len(references[name]):
                    mismatches.append(f"{name}: Oxigraph server gave {json_rows(body)} rows")
                print(f"  {name}: Oxigraph server {ms(results[name]['oxigraph'])} ms", file=sys.stderr)

    if not args.skip_rdflib:
        started = time.perf_counter()
        slow = kg.load([out], engine="rdflib").with_ontology()
        slow.query("ASK {}")
        print(f"loaded rdflib's copy in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with serving(out, "rdflib", 900.0) as url, httpx.Client(timeout=None) as http:
            for name, (text, values) in texts.items():
                cells = results[name]
                cells["rdflib"], other = timed(kg_query(slow, text), args.runs, args.rdflib_budget)
                cells["rdflib_http"], _ = timed(over_http(http, url, name, values), args.runs, args.rdflib_budget)
                if other.rows != references[name]:  # type: ignore[attr-defined]
                    mismatches.append(f"{name}: rdflib's rows differ")
                print(f"  {name}: rdflib {ms(cells['rdflib'])} ms, HTTP {ms(cells['rdflib_http'])} ms", file=sys.stderr)
    rows = {name: len(reference) for name, reference in references.items()}

    print(f"\n### Named queries on {out} ({len(disk):,} triples): median ms\n")
    print("| query | rows | `kg query` end to end | kg query, out/store | kg query, memory | HTTP, kg serve "
          "| Oxigraph server | kg query, rdflib | HTTP, rdflib |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, cells in results.items():
        print(f"| `{name}` | {rows[name]:,} | {ms(cells.get('e2e'))} | {ms(cells['disk'])} | {ms(cells['memory'])} | "
              f"{ms(cells['http'])} | {ms(cells.get('oxigraph'))} | {ms(cells.get('rdflib'))} | "
              f"{ms(cells.get('rdflib_http'))} |")  # fmt: skip
    over = [name for name, cells in results.items() if (cells.get("e2e") or 0) >= 1.0]
    slow_http = [name for name, cells in results.items() if (cells["http"] or 0) >= 0.1]
    print(
        f"\n`kg query` end to end under 1 s: {len(results) - len(over)} of {len(results)}"
        + (f" (over: {', '.join(over)})" if over else "")
    )
    print(f"HTTP median under 100 ms: {len(results) - len(slow_http)} of {len(results)}"
          + (f" (over: {', '.join(slow_http)})" if slow_http else ""))  # fmt: skip
    slowest = max(results, key=lambda n: results[n]["memory"] or 0)
    worst_http = max(results, key=lambda n: results[n]["http"] or 0)
    print(f"\nslowest on Oxigraph (memory): `{slowest}`, {ms(results[slowest]['memory'])} ms; "
          f"slowest over HTTP: `{worst_http}`, {ms(results[worst_http]['http'])} ms")  # fmt: skip
    if results[slowest].get("rdflib"):
        speedup = results[slowest]["rdflib"] / results[slowest]["memory"]  # type: ignore[operator]
        print(f"`{slowest}` is {speedup:,.0f}× faster on Oxigraph than on rdflib")
    if slow_http:
        print("\n### The floor of the answers over 100 ms on the endpoint (Oxigraph alone, in memory)\n")
        print(answer_floor(memory, {name: in_memory[name] for name in slow_http}, args.runs))
    print("\n### What Oxigraph takes for the patterns alone (in memory)\n")
    print(floor)
    print(f"\n### Load: {args.clients} clients for {args.load_seconds:g} s over loopback (Oxigraph, 2 workers)\n")
    print("| requests | errors | requests/s | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(load)
    for line in mismatches:
        print(f"MISMATCH {line}")
    return 1 if mismatches else 0


def end_to_end(out: Path, name: str, values: dict[str, str]) -> Callable[[], int]:
    """``kg query NAME --graph OUT --format csv`` in a new process; returns the lines it printed."""
    command = [str(Path(sys.executable).with_name("kg")), "query", name, "--graph", str(out), "--format", "csv"]
    for key, value in values.items():
        command += ["--param", f"{key}={value}"]

    def run() -> int:
        done = subprocess.run(command, capture_output=True, check=True)
        return len(done.stdout.splitlines())

    return run


def json_rows(body: object) -> int:
    """The rows of a SPARQL JSON answer (parsed outside the timing: on an 18,000-row answer, 5 MB of
    JSON, Python's parser alone takes about 0.1 s, the client's work, not the server's)."""
    return len(json.loads(body)["results"]["bindings"])  # type: ignore[arg-type]


def over_sparql(http: httpx.Client, endpoint: str, text: str) -> Callable[[], bytes]:
    """A GET of ``text`` at a SPARQL endpoint, in SPARQL JSON, timed until the whole answer has arrived."""

    def run() -> bytes:
        response = http.get(endpoint, params={"query": text}, headers={"Accept": "application/sparql-results+json"})
        response.raise_for_status()
        return response.content

    return run


@contextmanager
def oxigraph_server(out: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` (the ``oxigraph`` PyPI package's server) on a copy of ``out/store/db``
    with the union default graph, on a free loopback port: its query URL."""
    program = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    with tempfile.TemporaryDirectory(prefix="kg-bench-oxigraph-") as folder:
        location = Path(folder) / "db"
        shutil.copytree(out / "store" / "db", location)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [program, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"}).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("oxigraph serve did not start") from None
                    time.sleep(0.1)
            print(f"oxigraph serve-read-only ready on port {port}", file=sys.stderr)
            yield f"http://127.0.0.1:{port}/query"
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def serving(out: Path, engine: str, timeout: float) -> Iterator[str]:
    """``kg serve`` of the build in ``out`` on ``engine`` (2 workers) over loopback: its URL."""
    started = time.perf_counter()
    with WorkerPool({"graph": [str(out)], "engine": engine}, workers=2, timeout=timeout) as pool:
        pool.start()
        print(f"kg serve ({engine}) ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with running(create_app(pool, Settings(max_rows=10**7))) as url:
            yield url


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
