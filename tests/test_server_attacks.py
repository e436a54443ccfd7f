"""kg serve attacked from outside and used by real clients: one test per case of issue 16.

SSRF (SERVICE, FROM <file:…>, LOAD, DNS rebinding), cross-site updates, injection through named
query parameters, denial of service (runaway queries, nested braces, memory, slowloris), Turtle
answers with U+2028, and the protocol as SPARQLWrapper, rdflib's SPARQLStore and kg's own client
speak it. Every server runs on 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import http.server
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.query import named_query
from kg.server import Settings, WorkerPool, create_app, running
from kg.store.remote import query as remote_query
from tests.conftest import PAGE

ID = "https://w3id.org/kg-medlineplus/id/"
KG = "https://w3id.org/kg-medlineplus/vocab#"
SEPARATORS = "line\u2028para\u2029next\u0085end"
WEIRD = f"""<{ID}topic/weird> a <{KG}Topic> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "{SEPARATORS}"@en .
"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 3.0


class Listener:
    """A loopback HTTP server that counts the requests it gets (an SSRF target: none is expected)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b'<http://s> <http://p> "from the listener" .\n')

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    weird = tmp_path_factory.mktemp("weird") / "weird.ttl"
    weird.write_text(WEIRD, encoding="utf-8")
    return [PAGE, weird]


@pytest.fixture(scope="module")
def pool(graph: list[Path]) -> Iterator[WorkerPool]:
    with WorkerPool({"graph": graph, "memory_mb": 256}, workers=4, timeout=TIMEOUT) as started:
        started.start()
        yield started


@pytest.fixture(scope="module")
def url(pool: WorkerPool) -> Iterator[str]:
    with running(create_app(pool, Settings(allow_update=True))) as address:
        yield address


@pytest.fixture(scope="module")
def rdflib_url(graph: list[Path]) -> Iterator[str]:
    with WorkerPool({"graph": graph, "engine": "rdflib"}, workers=2, timeout=10) as started:
        started.start()
        with running(create_app(started)) as address:
            yield address


def sparql(url: str, query: str, **headers: str) -> httpx.Response:
    return httpx.get(f"{url}/sparql", params={"query": query}, headers=headers, timeout=30)


# ------------------------------------------------------------------ 1. SSRF, DNS rebinding, CSRF


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <LISTENER/x> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <LISTENER/x> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<LISTENER/x> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "ASK { FILTER EXISTS { SERVICE <LISTENER/x> { ?s ?p ?o } } }",
    ],
)
def test_service_reaches_no_host(url: str, listener: Listener, query: str) -> None:
    response = sparql(url, query.replace("LISTENER", listener.url))
    assert response.status_code == 403
    assert response.json()["error"] == "refused"
    assert listener.paths == []


def test_refusals_say_nothing_about_the_target_port(url: str, listener: Listener) -> None:
    """The same answer for an open port and a closed one: no port scanner."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    answers = [sparql(url, f"SELECT * WHERE {{ SERVICE <{target}/x> {{ ?s ?p ?o }} }}") for target in
               (listener.url, closed)]  # fmt: skip
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].text.replace(listener.url, "X") == answers[1].text.replace(closed, "X")


def test_an_allow_listed_service_is_called(pool: WorkerPool, listener: Listener) -> None:
    app = create_app(pool, Settings(allow_service=(f"{listener.url}/allowed",)))
    with running(app) as address:
        refused = sparql(address, f"SELECT * WHERE {{ SERVICE <{listener.url}/other> {{ ?s ?p ?o }} }}")
        called = sparql(address, f"SELECT * WHERE {{ SERVICE <{listener.url}/allowed> {{ ?s ?p ?o }} }}")
        description = httpx.get(f"{address}/sparql", headers={"Accept": "application/n-triples"}).text
    assert refused.status_code == 403
    assert called.status_code == 400  # the listener is no SPARQL endpoint; it was asked, and the error is a 4xx
    assert [p for p in listener.paths if p.startswith("/allowed")]
    assert "sparql-service-description#BasicFederatedQuery" in description
    listener.paths.clear()


def test_rdflib_engine_reads_no_file_or_url_from_a_query(rdflib_url: str, listener: Listener, tmp_path: Path) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://s> <http://p> "the secret" .\n', encoding="utf-8")
    for source in (secret.as_uri(), f"{listener.url}/data.nt"):
        response = sparql(rdflib_url, f"SELECT ?o FROM <{source}> WHERE {{ ?s ?p ?o }}")
        assert response.status_code == 200
        assert response.json()["results"]["bindings"] == []
        assert "secret" not in response.text and "listener" not in response.text
    assert listener.paths == []


def test_load_fetches_nothing(url: str, listener: Listener) -> None:
    response = httpx.post(f"{url}/sparql", data={"update": f"LOAD <{listener.url}/data.nt> INTO GRAPH <http://g>"})
    assert response.status_code == 403 and response.json()["error"] == "refused"
    assert listener.paths == []


@pytest.mark.parametrize(
    ("host", "status"),
    [("evil.example", 400), ("evil.example:80", 400), ("127.0.0.1.nip.io", 400), ("localhost", 200),
     ("LOCALHOST:8000", 200), ("[::1]:8000", 200)],
)  # fmt: skip
def test_only_loopback_host_names_are_answered(url: str, host: str, status: int) -> None:
    response = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"] == "bad-host"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403),
        ({}, 204),  # curl, SPARQLWrapper, the W3C suite: no Origin
        ({"Origin": "SELF", "Sec-Fetch-Site": "same-origin"}, 204),  # the server's own page
    ],
)
def test_a_cross_site_form_cannot_update(url: str, headers: dict[str, str], status: int) -> None:
    headers = {k: v.replace("SELF", url) for k, v in headers.items()}
    update = "INSERT DATA { GRAPH <http://example.org/csrf> { <http://example.org/csrf> a <http://example.org/Hit> } }"
    response = httpx.post(f"{url}/sparql", data={"update": update}, headers=headers)
    assert response.status_code == status
    hit = sparql(url, "ASK { GRAPH <http://example.org/csrf> { ?s ?p ?o } }").json()["boolean"]
    assert hit is (status == 204)
    httpx.post(f"{url}/sparql", data={"update": "DROP SILENT GRAPH <http://example.org/csrf>"})


# ------------------------------------------------------------------ 2. injection through parameters


def test_release_changes_injection_is_refused(url: str, listener: Listener) -> None:
    injected = f"|| true) BIND(EXISTS {{ SERVICE <{listener.url}/x> {{ ?s ?p ?o }} }} AS ?x"
    response = httpx.get(f"{url}/queries/release-changes", params={"old": "$new", "new": injected})
    assert response.status_code == 400 and response.json()["error"] == "bad-parameter"
    assert listener.paths == []


@pytest.mark.parametrize("value", ['x\n\\"', '" } } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } #', "$limit"])
def test_a_string_parameter_stays_a_string(url: str, value: str) -> None:
    response = httpx.get(f"{url}/queries/topic-resources", params={"topic": value}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.text.splitlines()[1:] == []  # no topic has that name, and nothing else ran


# ------------------------------------------------------------------ 3. denial of service


def test_a_cheap_query_answers_within_1s_while_runaways_run(url: str) -> None:
    results: list[int] = []

    def runaway() -> None:
        results.append(sparql(url, RUNAWAY).status_code)

    threads = [threading.Thread(target=runaway) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.8)  # the runaways are running, and have been lowered to nice 19
    latencies = []
    for _ in range(5):
        started = time.monotonic()
        assert sparql(url, "ASK {}").status_code == 200
        latencies.append(time.monotonic() - started)
    for thread in threads:
        thread.join()
    assert max(latencies) < 1.0, latencies
    assert results == [422, 422, 422]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000,
        "SELECT * WHERE { FILTER(" + "!" * 20_000 + "true) }",
        "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000,
    ],
    ids=["nested-braces", "negations", "long"],
)
def test_huge_or_deep_queries_are_refused_before_parsing(url: str, query: str) -> None:
    for _ in range(3):
        response = httpx.post(f"{url}/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413 and response.json()["error"] == "too-large"
    assert sparql(url, "ASK {}").json()["boolean"] is True


def test_a_query_past_its_memory_is_stopped_with_a_4xx(url: str, pool: WorkerPool) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY RAND()"
    started = time.monotonic()
    response = sparql(url, query)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "query-failed" and "256 MB" in response.json()["message"]
    assert time.monotonic() - started < TIMEOUT  # the memory cap stopped it, not the timeout
    assert sparql(url, "ASK {}").json()["boolean"] is True  # a fresh worker took its place


def test_no_input_gives_a_5xx(url: str) -> None:
    requests = [
        ("GET", "/sparql?query=%ff%fe", {}, None),
        ("GET", "/sparql?query=ASK%20%7B%7D&default-graph-uri=not%20an%20iri", {}, None),
        ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"\xff\xfe"),
        ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"query=%ff"),
        ("GET", "/sparql?query=ASK%20%7B%7D", {"Accept": ";;;q=x,*/*;q=nan"}, None),
        ("GET", "/queries/top-resources?limit=99999999999999999999999", {}, None),
        ("GET", "/topic/weird", {"Accept": "text/turtle"}, None),
        ("PUT", "/sparql", {}, b"ASK {}"),
        ("DELETE", "/queries/summary", {}, None),
    ]
    for method, path, headers, body in requests:
        response = httpx.request(method, f"{url}{path}", headers=headers, content=body)
        assert response.status_code < 500, (method, path, response.status_code, response.text)
        assert response.headers["x-content-type-options"] == "nosniff"


def test_405_says_what_is_allowed(url: str) -> None:
    response = httpx.put(f"{url}/sparql", content="ASK {}")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert response.json()["error"] == "method-not-allowed"
    update_by_get = httpx.get(f"{url}/sparql", params={"update": "CLEAR ALL"})
    assert update_by_get.status_code == 405 and update_by_get.headers["allow"] == "POST"


def _nofile_200() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))


def test_slowloris_does_not_stop_the_server(tmp_path: Path) -> None:
    """250 connections that trickle their headers, against kg serve under ulimit -n 200: the server
    keeps answering (it closes the connections that wait longest), for the 8 s the attack lasts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--graph", str(PAGE), "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_nofile_200)
    base = f"http://127.0.0.1:{port}"
    attackers: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.1)
        stop = time.monotonic() + 8
        answered, slowest = 0, 0.0
        while time.monotonic() < stop:
            while len(attackers) < 250:  # a slowloris reconnects what the server closes
                attacker = socket.create_connection(("127.0.0.1", port), timeout=2)
                attacker.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                attackers.append(attacker)
            for attacker in list(attackers):  # one more header byte each
                try:
                    attacker.sendall(b"X")
                except OSError:
                    attackers.remove(attacker)
                    attacker.close()
            started = time.monotonic()
            response = httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=5)
            slowest = max(slowest, time.monotonic() - started)
            assert response.status_code == 200
            answered += 1
            time.sleep(0.5)
        assert answered >= 8 and slowest < 2.0, (answered, slowest)
        assert process.poll() is None
    finally:
        for attacker in attackers:
            attacker.close()
        process.terminate()
        process.wait(timeout=20)


def test_a_silent_connection_is_closed_with_408() -> None:
    from kg.server import server_config

    app = create_app(None)  # type: ignore[arg-type]  # the connection never reaches the app
    config = server_config(app, request_timeout=1.0)
    import uvicorn

    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
            started = time.monotonic()
            answer = slow.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408 ") and b'"error": "timeout"' in answer
            assert 0.9 < time.monotonic() - started < 3
    finally:
        server.should_exit = True
        thread.join(timeout=20)


# ------------------------------------------------------------------ 4. line separators in Turtle


def test_turtle_answers_keep_line_separators(url: str) -> None:
    construct = f"CONSTRUCT {{ <{ID}topic/weird> ?p ?o }} WHERE {{ <{ID}topic/weird> ?p ?o }}"
    for response in (sparql(url, construct, Accept="text/turtle"),
                     httpx.get(f"{url}/topic/weird", headers={"Accept": "text/turtle"})):  # fmt: skip
        assert response.status_code == 200, response.text
        graph = Graph().parse(data=response.text, format="turtle")
        label = graph.value(URIRef(f"{ID}topic/weird"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
        assert label == Literal(SEPARATORS, lang="en")


# ------------------------------------------------------------------ 5. the protocol as clients speak it


def test_kg_query_endpoint_against_kg_serve(url: str, graph: list[Path]) -> None:
    """kg's own client names the data graph (default-graph-uri), which kg serve now honours."""
    local = kg.load(graph).with_ontology()
    text = named_query("publishers").render()
    remote = remote_query(f"{url}/sparql", text, default_graph=local.data_graph.value)
    assert not isinstance(remote, bool | Graph)
    assert remote.rows == local.select(text).rows and remote.rows
    runner = CliRunner()
    there = runner.invoke(main, ["query", "publishers", "--format", "csv", "--endpoint", f"{url}/sparql"])
    here = runner.invoke(main, ["query", "publishers", "--format", "csv", *(f"--graph={p}" for p in graph)])
    assert there.exit_code == 0, there.output
    assert there.output == here.output


def test_from_is_honoured_on_the_default_engine(url: str, graph: list[Path]) -> None:
    local = kg.load(graph).with_ontology()
    count = f"SELECT (COUNT(*) AS ?n) FROM <{local.data_graph.value}> WHERE {{ ?s ?p ?o }}"
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    data = int(sparql(url, count).json()["results"]["bindings"][0]["n"]["value"])
    everything = int(sparql(url, union).json()["results"]["bindings"][0]["n"]["value"])
    assert data == len(local) < everything  # the union holds the ontology too


@pytest.mark.parametrize("address", ["url", "rdflib_url"])
def test_relative_iris_resolve_against_the_endpoint(request: pytest.FixtureRequest, address: str) -> None:
    base = request.getfixturevalue(address)
    response = sparql(base, "SELECT ?x WHERE { BIND(<rel> AS ?x) }")
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["x"]["value"] == f"{base}/rel"


def test_sparqlwrapper_with_its_defaults(url: str) -> None:
    from SPARQLWrapper import JSON, N3, SPARQLWrapper

    topics = len(sparql(url, f"SELECT ?t WHERE {{ ?t a <{KG}Topic> }}").json()["results"]["bindings"])
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(f"SELECT ?t WHERE {{ ?t a <{KG}Topic> }}")
    rows = client.query().convert()  # XML, sent as format=xml&output=xml
    assert len(rows.getElementsByTagName("result")) == topics > 1  # type: ignore[union-attr]
    client.setReturnFormat(JSON)
    assert len(client.query().convert()["results"]["bindings"]) == topics  # type: ignore[index, call-overload]
    client.setQuery(f"CONSTRUCT {{ ?t a <{KG}Topic> }} WHERE {{ ?t a <{KG}Topic> }}")
    for return_format in (N3, "json-ld", "xml"):
        client.setReturnFormat(return_format)
        converted = client.query().convert()
        graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
        assert len(graph) == topics, return_format


def test_rdflib_sparqlstore(url: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{url}/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(f"SELECT ?t WHERE {{ ?t a <{KG}Topic> }}"))
    assert len(rows) == len(sparql(url, f"SELECT ?t WHERE {{ ?t a <{KG}Topic> }}").json()["results"]["bindings"]) > 1
    assert (URIRef(f"{ID}topic/weird"), None, None) in graph


def test_quads_keep_their_graph_names(tmp_path: Path) -> None:
    quads = tmp_path / "dataset.nq"
    quads.write_text("<http://e/s> <http://e/p> <http://e/o> <http://e/g1> .\n<http://e/s> <http://e/p> \"x\" .\n",
                     encoding="utf-8")  # fmt: skip
    with WorkerPool({"graph": [quads]}, workers=1, timeout=10) as started:
        started.start()
        with running(create_app(started)) as address:
            response = sparql(address, "SELECT DISTINCT ?g WHERE { GRAPH ?g { <http://e/s> ?p ?o } } ORDER BY ?g")
    graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert graphs == ["http://e/g1", f"{ID}graph/data"]
