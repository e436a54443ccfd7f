"""kg serve: the SPARQL 1.1 Protocol endpoint (every content type, GET and POST, errors, update
refusal, timeout, result cap), the named queries, the descriptions and dereferenceable IRIs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.cli.serve import serve_command
from kg.query import named_query
from kg.server import Settings, WorkerPool, create_app, running
from kg.store import Store
from tests.conftest import CORPUS, PAGE

ID = "https://w3id.org/kg-medlineplus/id/"
KG = "https://w3id.org/kg-medlineplus/vocab#"
TOPICS = f"SELECT ?topic WHERE {{ ?topic a <{KG}Topic> }} ORDER BY ?topic"
CONSTRUCT = f"CONSTRUCT {{ ?o ?p ?v }} WHERE {{ ?o a <{KG}Organization> ; ?p ?v }}"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
EVIL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/kg-medlineplus/id/topic/evil> a <https://w3id.org/kg-medlineplus/vocab#Topic> ;
    skos:prefLabel "<script>alert('x')</script> & <b>bold</b>"@en ;
    schema:url <javascript:alert(1)> .
"""
TIMEOUT = 3.0
CAP = 500


@pytest.fixture(scope="module")
def graph_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    evil = tmp_path_factory.mktemp("evil") / "evil.ttl"
    evil.write_text(EVIL, encoding="utf-8")
    return [*CORPUS, evil]


@pytest.fixture(scope="module")
def local(graph_paths: list[Path]) -> Store:
    """The same graph in a local store, to compare the server's answers with."""
    return kg.load(graph_paths).with_ontology()


@pytest.fixture(scope="module")
def pool(graph_paths: list[Path]) -> Iterator[WorkerPool]:
    with WorkerPool({"graph": graph_paths}, workers=2, timeout=TIMEOUT) as started:
        started.start()
        yield started


@pytest.fixture(scope="module")
def url(pool: WorkerPool) -> Iterator[str]:
    with running(create_app(pool, Settings(max_rows=CAP))) as base_url:
        yield base_url


@pytest.fixture
def http(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


def topics(local: Store) -> list[str]:
    return [str(row[0]) for row in local.select(TOPICS).rows]


# ------------------------------------------------------------------ content types


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        (None, "application/sparql-results+json"),
    ],
)
def test_select_in_every_result_format(http: httpx.Client, local: Store, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": TOPICS}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "X-SPARQL-MaxRows" not in response.headers
    if media_type.endswith("json"):
        values = [b["topic"]["value"] for b in response.json()["results"]["bindings"]]
    elif media_type.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        values = [uri.text for uri in ET.fromstring(response.content).iter(f"{ns}uri")]
    elif media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["topic"]
        values = [row[0] for row in rows[1:]]
    else:
        lines = response.text.splitlines()
        assert lines[0] == "?topic"
        values = [line.strip("<>") for line in lines[1:]]
    assert values == topics(local)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        (None, "turtle"),
    ],
)
def test_construct_in_every_graph_format(
    http: httpx.Client, local: Store, accept: str | None, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200, response.text
    got = Graph().parse(data=response.content, format=rdflib_format)
    expected = local.query(CONSTRUCT)
    assert isinstance(expected, Graph) and len(got) == len(expected) > 0
    assert isomorphic(got, expected)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"])
def test_ask(http: httpx.Client, accept: str) -> None:
    yes = http.get("/sparql", params={"query": f"ASK {{ ?t a <{KG}Topic> }}"}, headers={"Accept": accept})
    no = http.get("/sparql", params={"query": f"ASK {{ ?t a <{KG}Nothing> }}"}, headers={"Accept": accept})
    assert yes.status_code == no.status_code == 200
    assert "true" in yes.text and "false" in no.text


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.9, */*;q=0.1", "text/csv"),
        ("text/*, text/csv;q=0.1", "text/tab-separated-values"),  # the more specific range rules text/csv
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("image/png, */*;q=0.01", "application/sparql-results+json"),
    ],
)
def test_q_values_choose_the_format(http: httpx.Client, accept: str, chosen: str) -> None:
    response = http.get("/sparql", params={"query": TOPICS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == chosen
    assert response.headers["vary"] == "Accept"


def test_nothing_acceptable_is_406(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": TOPICS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.json()["error"] == "not-acceptable"
    graph = http.get("/sparql", params={"query": CONSTRUCT, "format": "csv"}, headers={"Accept": "image/png"})
    assert graph.status_code == 406
    ignored = http.get("/sparql", params={"query": CONSTRUCT, "format": "csv"})  # names no graph format: Accept decides
    assert ignored.status_code == 200 and ignored.headers["content-type"].startswith("text/turtle")


def test_format_parameter_overrides_accept(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": TOPICS, "format": "tsv"}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")


# ------------------------------------------------------------------ GET and POST


def test_post_urlencoded_and_direct_give_what_get_gives(http: httpx.Client) -> None:
    headers = {"Accept": "text/csv"}
    get = http.get("/sparql", params={"query": TOPICS}, headers=headers)
    form = http.post("/sparql", data={"query": TOPICS}, headers=headers)
    direct = http.post("/sparql", content=TOPICS, headers={**headers, "Content-Type": "application/sparql-query"})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.text == form.text == direct.text


def test_post_of_another_media_type_is_415(http: httpx.Client) -> None:
    response = http.post("/sparql", content=TOPICS, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported-media-type"


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_bad_query_gives_one_json_error_with_the_parser_message(http: httpx.Client, method: str) -> None:
    bad = "SELECT ?x WHERE { ?x ?y }"
    if method == "GET":
        response = http.get("/sparql", params={"query": bad})
    elif method == "POST form":
        response = http.post("/sparql", data={"query": bad})
    else:
        response = http.post("/sparql", content=bad, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "error", "message"}
    assert body["status"] == 400 and body["error"] == "bad-query"
    assert body["message"].startswith("bad SPARQL query: error at 1:")


def test_two_queries_are_refused(http: httpx.Client) -> None:
    response = http.get("/sparql", params=[("query", TOPICS), ("query", TOPICS)])
    assert response.status_code == 400
    assert response.json()["error"] == "bad-request"


def test_unknown_paths_answer_the_same_error_shape(http: httpx.Client) -> None:
    response = http.get("/nowhere")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "error": "not-found", "message": "Not Found"}


# ------------------------------------------------------------------ update refusal


@pytest.mark.parametrize("how", ["form", "direct", "get"])
def test_update_is_refused_with_403(http: httpx.Client, local: Store, how: str) -> None:
    update = f"INSERT DATA {{ <{ID}topic/new> a <{KG}Topic> }}"
    if how == "form":
        response = http.post("/sparql", data={"update": update})
    elif how == "direct":
        response = http.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    else:
        response = http.get("/sparql", params={"update": update})
    assert response.status_code == 403
    assert response.json()["error"] == "update-refused"
    after = http.get("/sparql", params={"query": TOPICS}, headers={"Accept": "text/csv"})
    assert f"{ID}topic/new" not in after.text
    assert len(after.text.splitlines()) == len(topics(local)) + 1


def test_update_is_applied_when_allowed() -> None:
    with WorkerPool({"graph": [PAGE]}, workers=2, timeout=TIMEOUT) as pool:
        pool.start()
        with (
            running(create_app(pool, Settings(allow_update=True))) as base_url,
            httpx.Client(base_url=base_url) as client,
        ):
            check_updates(client)


def check_updates(client: httpx.Client) -> None:
    """An update answers 204 and every worker, old or new, then sees it."""
    update = f"INSERT DATA {{ <{ID}topic/new> a <{KG}Topic> }}"
    assert client.post("/sparql", data={"update": update}).status_code == 204
    ask = f"ASK {{ <{ID}topic/new> a <{KG}Topic> }}"
    for _ in range(4):  # every worker, old or new, sees it
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
    bad = client.post("/sparql", data={"update": "INSERT DATA { nonsense }"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad-query"
    description = client.get("/sparql", headers={"Accept": "application/n-triples"}).text
    assert "sparql-service-description#SPARQL11Update" in description


# ------------------------------------------------------------------ timeout and cap


def test_an_explosive_query_is_stopped_and_the_server_stays_responsive(http: httpx.Client, url: str) -> None:
    outcome: dict[str, object] = {}

    def explode() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            started = time.monotonic()
            outcome["response"] = client.get("/sparql", params={"query": EXPLOSIVE})
            outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    meanwhile = http.get("/sparql", params={"query": f"ASK {{ ?t a <{KG}Topic> }}"})
    assert meanwhile.status_code == 200 and time.monotonic() - started < 1.0  # the other worker answers
    thread.join()
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 422  # the query, not the server, is at fault: never a 5xx
    assert response.json()["error"] == "timeout"
    assert TIMEOUT <= float(outcome["seconds"]) < TIMEOUT + 2  # type: ignore[arg-type]
    started = time.monotonic()
    after = http.get("/sparql", params={"query": TOPICS}, headers={"Accept": "text/csv"})
    assert after.status_code == 200 and time.monotonic() - started < 1.0  # a fresh worker took its place


def test_results_are_cut_at_the_cap_and_say_so(http: httpx.Client, local: Store) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(local.select(everything).rows) > CAP
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        response = http.get("/sparql", params={"query": everything}, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["X-SPARQL-MaxRows"] == str(CAP)
    rows = http.get("/sparql", params={"query": everything}).json()["results"]["bindings"]
    assert len(rows) == CAP
    triples = http.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert triples.headers["X-SPARQL-MaxRows"] == str(CAP)
    assert len(triples.text.splitlines()) == CAP


# ------------------------------------------------------------------ descriptions


def test_service_description_at_the_endpoint(http: httpx.Client, url: str, local: Store) -> None:
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(f"{url}/sparql")
    assert (endpoint, URIRef(f"{sd}endpoint"), endpoint) in graph
    assert (endpoint, URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Query")) in graph
    assert (endpoint, URIRef(f"{sd}supportedLanguage"), URIRef(f"{sd}SPARQL11Update")) not in graph
    assert set(graph.objects(endpoint, URIRef(f"{sd}resultFormat"))) >= {
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON"),
        URIRef("http://www.w3.org/ns/formats/Turtle"),
    }
    triples = graph.value(URIRef(f"{ID}dataset"), URIRef("http://rdfs.org/ns/void#triples"))
    assert triples == Literal(len(local))
    assert http.get("/sparql", headers={"Accept": "text/html"}).status_code == 303


def test_void_description(http: httpx.Client, url: str, local: Store) -> None:
    graph = Graph().parse(data=http.get("/void", headers={"Accept": "application/ld+json"}).text, format="json-ld")
    dataset = URIRef(f"{ID}dataset")
    void = "http://rdfs.org/ns/void#"
    assert graph.value(dataset, URIRef(f"{void}triples")) == Literal(len(local))
    assert graph.value(dataset, URIRef(f"{void}sparqlEndpoint")) == URIRef(f"{url}/sparql")
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    topics_partition = URIRef(f"{ID}dataset/class/kg-Topic")
    assert graph.value(topics_partition, URIRef(f"{void}entities")) == Literal(len(topics(local)))


# ------------------------------------------------------------------ named queries


def test_named_query_library_is_listed(http: httpx.Client) -> None:
    listed = {q["name"]: q for q in http.get("/queries").json()}
    assert "topic-resources" in listed
    assert listed["topic-resources"]["params"][0]["name"] == "topic"
    assert listed["topic-resources"]["text"] == named_query("topic-resources").text


def test_named_query_with_parameters_gives_the_local_rows(http: httpx.Client, local: Store) -> None:
    response = http.get("/queries/topic-resources", params={"topic": "Genes and Gene Therapy", "format": "json"})
    assert response.status_code == 200
    expected = local.select(named_query("topic-resources").render({"topic": "Genes and Gene Therapy"}))
    rows = response.json()["results"]["bindings"]
    assert len(rows) == len(expected.rows) == 40
    assert [row["title"]["value"] for row in rows] == [str(row[1]) for row in expected.rows]
    post = http.post(
        "/queries/topic-resources", data={"topic": "Genes and Gene Therapy"}, headers={"Accept": "text/csv"}
    )
    assert len(post.text.splitlines()) == 41


def test_named_query_errors(http: httpx.Client) -> None:
    missing = http.get("/queries/topic-resources")
    assert missing.status_code == 400 and missing.json()["error"] == "bad-parameter"
    unknown = http.get("/queries/publishers", params={"nope": "1"})
    assert unknown.status_code == 400 and "has no parameter 'nope'" in unknown.json()["message"]
    assert http.get("/queries/no-such-query").status_code == 404


# ------------------------------------------------------------------ dereferenceable IRIs


def test_topic_iri_gives_an_html_page(http: httpx.Client) -> None:
    response = http.get("/topic/genesandgenetherapy", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<h1>Genes and Gene Therapy</h1>" in response.text
    assert 'href="/topic/genetictesting"' in response.text  # a related topic links to its own page
    assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("path", "accept", "rdflib_format"),
    [
        ("/topic/genesandgenetherapy", "text/turtle", "turtle"),
        ("/org/national-library-of-medicine", "application/ld+json", "json-ld"),
        ("/topic/genesandgenetherapy", "application/n-triples", "nt"),
    ],
)
def test_iris_give_rdf_by_accept(http: httpx.Client, local: Store, path: str, accept: str, rdflib_format: str) -> None:
    response = http.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdflib_format)
    iri = URIRef(f"{ID}{path[1:]}")
    outgoing = set(local.data().predicate_objects(iri))
    assert set(graph.predicate_objects(iri)) == outgoing and outgoing
    assert set(graph.subject_predicates(iri)) == set(local.data().subject_predicates(iri))


def test_resource_and_publisher_pages(http: httpx.Client, local: Store) -> None:
    published = f"SELECT ?r WHERE {{ ?r a <{KG}Resource> ; <https://schema.org/publisher> ?p }} LIMIT 1"
    resource = str(local.select(published).rows[0][0])
    page = http.get("/" + resource[len(ID) :], headers={"Accept": "text/html"})
    assert page.status_code == 200 and "schema:publisher" in page.text
    publisher = http.get("/org/national-library-of-medicine", headers={"Accept": "text/html"})
    assert "<h1>National Library of Medicine</h1>" in publisher.text
    assert "Resources it publishes" in publisher.text and "Topics it serves" in publisher.text  # paged lists


def test_unknown_iri_is_404(http: httpx.Client) -> None:
    response = http.get("/topic/no-such-topic", headers={"Accept": "text/turtle"})  # a program: JSON
    assert response.status_code == 404 and response.json()["error"] == "not-found"
    response = http.get("/topic/no-such-topic", headers={"Accept": "text/html"})  # a browser: a page
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text


def test_every_data_string_is_escaped_and_only_web_iris_are_links(http: httpx.Client) -> None:
    page = http.get("/topic/evil", headers={"Accept": "text/html"}).text
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page


# ------------------------------------------------------------------ safe defaults


def test_cors_is_off_unless_asked(http: httpx.Client, pool: WorkerPool) -> None:
    origin = {"Origin": "https://example.org"}
    response = http.get("/sparql", params={"query": TOPICS}, headers=origin)
    assert "access-control-allow-origin" not in response.headers
    app = create_app(pool, Settings(cors_origins=["https://example.org"]))
    with running(app) as base_url, httpx.Client(base_url=base_url) as client:
        allowed = client.get("/sparql", params={"query": TOPICS}, headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://example.org"


def test_serve_defaults_are_safe() -> None:
    defaults = serve_command.make_context("serve", []).params
    assert defaults["host"] == "127.0.0.1"
    assert defaults["allow_update"] is False
    assert defaults["timeout"] == 10.0 and defaults["max_rows"] == 100_000
    assert defaults["cors"] == ()
    assert defaults["allow_service"] == () and defaults["allow_host"] == ()  # no federation, loopback names only
    assert defaults["memory"] == 1024 and defaults["workers"] == 8


def test_kg_serve_command_serves_until_stopped(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--graph", str(PAGE), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert f"at http://127.0.0.1:{port}/" in banner
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/queries/summary", headers={"Accept": "text/csv"})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.text.splitlines() == ["topics,resources,publishers,audiences,sections,encyclopedia,related",
                                              "1,40,12,4,10,2,2"]  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert json.dumps(process.returncode) in ("0", "-15")


def test_csv_quotes_an_iri_with_a_comma(http: httpx.Client) -> None:
    # Oxigraph's CSV writer leaves IRIs bare: one with a comma would read as a column too many
    query = 'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<https://e.org/x?q=1,2> "y, z") (<https://e.org/plain> "w") } }'
    response = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["a", "b"], ["https://e.org/x?q=1,2", "y, z"], ["https://e.org/plain", "w"]
    ]  # fmt: skip
