"""Remote triple stores: ``kg push`` and ``kg query --endpoint`` against real servers, Oxigraph
server (the ``oxigraph`` package's binary) and Virtuoso 7 (Debian's ``virtuoso-opensource``, see
:mod:`tests.virtuoso`), each started on 127.0.0.1 on free ports and stopped by the tests. The same
tests run against both: push a build, read every graph's count back, and every named query's rows
equal the local ones (numbers compared as numbers, where a server writes them differently)."""

from __future__ import annotations

import http.server
import math
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import XSD

import kg
from benchmarks.generate_corpus import generate
from kg.build import build
from kg.build.layout import open_build
from kg.cli import main
from kg.errors import QueryError
from kg.query import library, named_query
from kg.query.results import Table
from kg.store.remote import RemoteError, build_graphs, data_graph, locate, push, query
from tests.conftest import CORPUS, PAGE
from tests.virtuoso import virtuoso

SAMPLES = {"topic": "Genes and Gene Therapy", "old": "2024-01-01", "new": "2024-08-10"}
NUMERIC = {str(XSD[t]) for t in ("integer", "int", "long", "short", "decimal", "double", "float", "nonNegativeInteger")}


@dataclass(frozen=True)
class Remote:
    """A running server: its name, base URL, Graph Store URL and query URL."""

    name: str
    base: str
    store: str
    query: str


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).is_file(), "the oxigraph server binary (pip install oxigraph) is missing"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_server() -> Iterator[Remote]:
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.1)
        yield Remote("oxigraph", url, f"{url}/store", f"{url}/query")
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Iterator[Remote]:
    if request.param == "oxigraph":
        yield from oxigraph_server()
    else:
        with virtuoso() as url:
            yield Remote("virtuoso", url, f"{url}/sparql-graph-crud", f"{url}/sparql")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the test corpus, with its analysis."""
    out = tmp_path_factory.mktemp("build") / "out"
    build(CORPUS, out, analyze=True)
    assert (out / "analysis.ttl").is_file()
    return out


def count(remote: Remote, graph: str | None = None) -> int:
    table = query(remote.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph or data_graph()}> {{ ?s ?p ?o }} }}")
    assert isinstance(table, Table)
    return int(float(str(table.rows[0][0])))


def same(here: object, there: object) -> bool:
    """Equal terms, or equal numbers where both are numeric (or boolean) literals, as servers print
    them differently: Virtuoso writes a double with 6 significant digits (0.02474732236 as
    0.0247473), and an ``EXISTS`` it binds as the integer 1 or 0."""
    numbers = NUMERIC | {str(XSD.boolean)}
    if (
        isinstance(here, Literal)
        and isinstance(there, Literal)
        and {str(here.datatype), str(there.datatype)} <= numbers
    ):
        return math.isclose(_number(here), _number(there), rel_tol=1e-5, abs_tol=1e-12)
    return here == there


def canonical(row: list[object]) -> tuple[str, ...]:
    """A row's sort key with numbers written alike (to 5 significant digits) on every server."""
    numbers = NUMERIC | {str(XSD.boolean)}
    return tuple(f"{_number(c):.5g}" if isinstance(c, Literal) and str(c.datatype) in numbers else
                 (c.n3() if hasattr(c, "n3") else str(c)) for c in row)  # fmt: skip


def _number(term: Literal) -> float:
    return float(str(term) in ("true", "1")) if term.datatype == XSD.boolean else float(term)


def test_push_then_every_named_query_gives_the_local_rows(server: Remote, built: Path) -> None:
    pushed = push(server.store, [built])
    local = open_build([built]).with_ontology()
    assert [g.graph for g in pushed.graphs] == build_graphs()
    assert all(g.stored == g.triples > 0 for g in pushed.graphs)
    assert count(server) == len(local) == pushed.graphs[0].triples
    found = set()
    for name, named in library().items():
        text = named.render({p.name: SAMPLES.get(p.name, "x") for p in named.params if p.required})
        remote = query(server.query, text, default_graph=build_graphs())
        expected = local.select(text)
        assert isinstance(remote, Table)
        assert remote.columns == expected.columns, name
        assert len(remote.rows) == len(expected.rows), name
        if server.name == "oxigraph":  # the same engine as kg's: the same rows in the same order
            pairs = list(zip(expected.rows, remote.rows, strict=True))
        else:  # Virtuoso orders a plain and a language-tagged string its own way (SPARQL leaves it open)
            pairs = list(zip(sorted(expected.rows, key=canonical), sorted(remote.rows, key=canonical), strict=True))
        for mine, theirs in pairs:
            differ = [(a, b) for a, b in zip(mine, theirs, strict=True) if not same(a, b)]
            assert not differ, (name, differ)
        if expected.rows:
            found.add(name)
    assert len(found) >= 15
    doubles = [c for row in local.select(named_query("central-publishers").render()).rows for c in row
               if isinstance(c, Literal) and c.datatype == XSD.double][:6]  # fmt: skip
    for value in doubles:  # stored to the last digit, whatever the server prints
        exact = f'ASK {{ GRAPH <{build_graphs()[1]}> {{ ?s ?p "{value}"^^<{XSD.double}> }} }}'
        assert query(server.query, exact) is True, value
    assert {"central-publishers", "central-topics", "communities", "cut-topics", "similar-topics"} <= found  # analysis


def test_push_replaces_the_named_graph_atomically(server: Remote, tmp_path: Path) -> None:
    small, large = tmp_path / "small.ttl", tmp_path / "large"
    small.write_bytes(kg.load([PAGE]).dump(__import__("pyoxigraph").RdfFormat.TURTLE))
    generate(60, 3, tmp_path / "topics.xml")
    build([tmp_path / "topics.xml"], large)
    sizes = {len(kg.load([small])), len(kg.load([large / "graph.ttl"]))}
    push(server.store, [small])
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(count(server))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for source in (large / "graph.ttl", small, large / "graph.ttl"):
            push(server.store, [source])
    finally:
        done.set()
        watcher.join()
    assert len(seen) > 3
    # Oxigraph replaces a graph in one transaction; Virtuoso 7 empties it first, then loads the new one
    assert set(seen) <= (sizes if server.name == "oxigraph" else sizes | {0})  # never a mix of the two graphs
    assert count(server) == max(sizes)


def test_push_to_another_named_graph_leaves_the_first(server: Remote) -> None:
    other = "https://example.org/graphs/page"
    before = count(server)
    pushed = push(server.store, [PAGE], named_graph=other)
    assert count(server, other) == len(kg.load([PAGE])) == pushed.graphs[0].stored
    assert count(server) == before > 0


def test_kg_push_to_the_base_url_and_kg_query_endpoint(server: Remote, tmp_path: Path) -> None:
    """The README's nightly job pushes to the server's base URL; kg finds its Graph Store there."""
    out = tmp_path / "out"
    build([PAGE], out)
    assert locate(server.base) == locate(server.store)
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "--endpoint", server.base, "--graph", str(out)])
    assert pushed.exit_code == 0, pushed.output
    lines = pushed.output.splitlines()
    assert lines[0].startswith(f"replaced <{data_graph()}> at {server.store} (")
    assert len(lines) == 3 and lines[-1].startswith("pushed 2 graphs in ")  # the data and the ontology
    for name in ("publishers", "resources-by-section", "topics-per-group", "central-topics"):
        here = runner.invoke(main, ["query", name, "--format", "csv", "--graph", str(out)])
        there = runner.invoke(main, ["query", name, "--format", "csv", "--endpoint", server.query])
        assert there.exit_code == 0, there.output
        assert there.output == here.output, name  # central-topics: no rows, as this build has no analysis


def test_a_long_query_is_posted_as_a_form(server: Remote) -> None:
    long = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # " + "x" * 5000
    started = time.monotonic()
    result = query(server.query, long, default_graph=data_graph(), timeout=30)
    assert isinstance(result, Table) and int(float(str(result.rows[0][0]))) > 0
    assert time.monotonic() - started < 10


def test_remote_errors_are_one_line(server: Remote) -> None:
    with pytest.raises((QueryError, RemoteError)):
        query(server.query, "SELECT ?x WHERE { ?x }")
    closed = free_port()
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{closed}/store", "--graph", str(PAGE)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot push to http://127.0.0.1:") and result.output.count("\n") == 1
    with pytest.raises(RemoteError, match="no SPARQL server kg knows answers"):
        push(f"{server.base}/no-such-service", [PAGE])
    assert named_query("topics")  # the library is untouched by remote runs


class ForgetfulStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store that answers 201 to every PUT and keeps nothing (as Virtuoso did with a
    chunked body), with a query service that counts 0 triples."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        body = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"0"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_push_the_server_loses_fails_loudly(tmp_path: Path) -> None:
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ForgetfulStore)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{fake.server_address[1]}"
    try:
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{url}/store", "--graph", str(PAGE)])
    finally:
        fake.shutdown()
        fake.server_close()
    assert result.exit_code == 1
    assert f"answered 201 to the PUT of <{data_graph()}>, but holds 0 of its" in result.output
