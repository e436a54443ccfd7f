"""The W3C SPARQL 1.1 Protocol test suite against ``kg serve --allow-update``.

Each of the 34 cases of ``sparql/sparql11/protocol/manifest.ttl`` in the public ``w3c/rdf-tests``
repository, in the manifest's order, is one row below: its requests (method, URL parameters,
``Content-Type``, body) and the outcome the manifest expects (status class, and the boolean or the
kind of answer). The suite's data (``data1.nt`` … ``data3.nt``) is loaded as the named graphs
``http://kasei.us/2009/09/sparql/data/dataN.rdf`` from ``tests/fixtures/protocol/dataset.nq``.
The manifest's ``/sparql/`` is kg's ``/sparql``. The update cases empty the store (``CLEAR ALL``,
``DROP ALL``), so the cases run in order against one server.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

DATASET = Path(__file__).parent / "fixtures" / "protocol" / "dataset.nq"
KASEI = "http://kasei.us/2009/09/sparql/data/"
FORM, QUERY, UPDATE = "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"


def data(n: int) -> str:
    return f"{KASEI}data{n}.rdf"


def params(*pairs: tuple[str, str]) -> str:
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


D0 = params(("default-graph-uri", data(0)))
ASK_12_DEFAULT = f"ASK {{ <{data(1)}> a ?type . <{data(2)}> a ?type . }}"
ASK_12_NAMED = f"ASK {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_123 = f"""INSERT DATA {{
    GRAPH <{data(1)}> {{ <{data(1)}> a foaf:Document }}
    GRAPH <{data(2)}> {{ <{data(2)}> a foaf:Document }}
    GRAPH <{data(3)}> {{ <{data(3)}> a foaf:Document }}
}} ;
"""


def bibliographic(graph: str) -> str:
    """The check the dataset update cases make: data1 and data2 copied into ``graph``, data3 not."""
    kind = "<http://purl.org/dc/terms/BibliographicResource>"
    return f"""ASK {{
    GRAPH <{graph}> {{ <{data(1)}> a {kind} . <{data(2)}> a {kind} . }}
    FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{data(3)}> a {kind} . }} }}
}}"""


@dataclass(frozen=True)
class Request:
    """One request of a case and what its answer must be."""

    method: str
    query: str = ""
    content_type: str | None = None
    body: str | None = None
    encoding: str = "utf-8"
    status: str = "2xx"  # "2xx" (2xx or 3xx) or "4xx"
    boolean: bool | None = None
    answer: str | None = None  # "boolean", "tabular" or "RDF"


def ask(body: str, query: str = "", boolean: bool = True) -> Request:
    return Request("POST", query, QUERY, body, boolean=boolean, answer="boolean")


CASES: list[tuple[str, list[Request]]] = [
    ("query_post_form", [Request("POST", D0, FORM, "query=ASK%20%7B%7D", boolean=True, answer="boolean")]),
    ("query_dataset_default_graphs_get", [Request("GET", params(("query", ASK_12_DEFAULT),
        ("default-graph-uri", data(1)), ("default-graph-uri", data(2))), boolean=True, answer="boolean")]),
    ("query_dataset_default_graphs_post", [ask(ASK_12_DEFAULT, params(("default-graph-uri", data(1)),
        ("default-graph-uri", data(2))))]),
    ("query_dataset_named_graphs_post", [ask(ASK_12_NAMED, params(("named-graph-uri", data(1)),
        ("named-graph-uri", data(2))))]),
    ("query_dataset_named_graphs_get", [Request("GET", params(("query", ASK_12_NAMED), ("named-graph-uri", data(1)),
        ("named-graph-uri", data(2))), boolean=True, answer="boolean")]),
    ("query_dataset_full", [ask(f"ASK {{\n  <{data(3)}> a ?type\n  GRAPH ?g1 {{ <{data(1)}> a ?type }}\n"
        f"  GRAPH ?g2 {{ <{data(2)}> a ?type }}\n}}", params(("default-graph-uri", data(3)),
        ("named-graph-uri", data(1)), ("named-graph-uri", data(2))))]),
    ("query_multiple_dataset", [ask(f"ASK FROM <{data(3)}> {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} "
        f"GRAPH ?g2 {{ <{data(2)}> a ?type }} }}",
        params(("named-graph-uri", data(1)), ("named-graph-uri", data(2))))]),
    ("query_get", [Request("GET", f"query=ASK%20%7B%7D&{D0}", boolean=True, answer="boolean")]),
    ("query_content_type_select", [Request("POST", D0, QUERY, "SELECT (1 AS ?value) {}", answer="tabular")]),
    ("query_content_type_ask", [Request("POST", D0, QUERY, "ASK {}", answer="boolean")]),
    ("query_content_type_describe", [Request("POST", D0, QUERY, "DESCRIBE <http://example.org/>", answer="RDF")]),
    ("query_content_type_construct", [Request("POST", D0, QUERY, "CONSTRUCT { <s> <p> 1 } WHERE {}", answer="RDF")]),
    ("update_dataset_default_graph", [
        Request("POST", params(("using-graph-uri", data(1))), UPDATE, PREFIXES + f"""CLEAR ALL ;
INSERT DATA {{ GRAPH <{data(1)}> {{ <{data(1)}> a foaf:Document }} }} ;
INSERT {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ ?s a dc:BibliographicResource }} }}
WHERE {{ ?s a foaf:Document }}"""),
        ask(f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{data(1)}> a "
            "<http://purl.org/dc/terms/BibliographicResource> } }"),
    ]),
    ("update_dataset_default_graphs", [
        Request("POST", params(("using-graph-uri", data(1)), ("using-graph-uri", data(2))), UPDATE,
                PREFIXES + "DROP ALL ;\n" + INSERT_123 + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { ?s a dc:BibliographicResource }
} WHERE { ?s a foaf:Document }"""),
        ask(bibliographic("http://example.org/protocol-update-dataset-graphs-test/")),
    ]),
    ("update_dataset_named_graphs", [
        Request("POST", params(("using-named-graph-uri", data(1)), ("using-named-graph-uri", data(2))), UPDATE,
                PREFIXES + "DROP ALL ;\n" + INSERT_123 + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { ?s a dc:BibliographicResource }
} WHERE { GRAPH ?g { ?s a foaf:Document } }"""),
        ask(bibliographic("http://example.org/protocol-update-dataset-named-graphs-test/")),
    ]),
    ("update_dataset_full", [
        Request("POST", params(("using-graph-uri", data(1)), ("using-named-graph-uri", data(2))), UPDATE,
                PREFIXES + "DROP ALL ;\n" + INSERT_123 + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> { ?s <http://example.org/in> ?in }
} WHERE {
    { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }
    UNION
    { ?s a foaf:Document . BIND("default" AS ?in) }
}"""),
        ask(f"""ASK {{
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {{
        <{data(1)}> <http://example.org/in> "default" .
        <{data(2)}> <http://example.org/in> <{data(2)}> .
    }}
    FILTER NOT EXISTS {{ GRAPH <http://example.org/protocol-update-dataset-full-test/> {{ <{data(3)}> ?p ?o }} }}
}}"""),
    ]),
    ("update_post_form", [Request("POST", "", FORM, "update=CLEAR+ALL")]),
    ("update_post_direct", [Request("POST", "", UPDATE, "CLEAR ALL")]),
    ("update_base_uri", [
        Request("POST", "", UPDATE, "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
                "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
                "{ <http://example.org/s> <http://example.org/p> <test> } }"),
        ask("ASK { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> ?o "
            'FILTER (isIRI(?o) && STR(?o) != "test") } }'),
    ]),
    ("query_post_direct", [ask("ASK {}")]),
    ("bad_query_method", [Request("PUT", f"query=ASK%20%7B%7D&{D0}", FORM, status="4xx")]),
    ("bad_multiple_queries", [Request("GET", "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx")]),
    ("bad_query_wrong_media_type", [Request("POST", "", "text/plain", "ASK {}", status="4xx")]),
    ("bad_query_missing_form_type", [Request("POST", "", None, "query=ASK%20%7B%7D", status="4xx")]),
    ("bad_query_missing_direct_type", [Request("POST", "", None, "ASK {}", status="4xx")]),
    ("bad_query_non_utf8", [Request("POST", "", QUERY + "; charset=UTF-16", "ASK {}", "utf-16", status="4xx")]),
    ("bad_query_syntax", [Request("GET", "query=ASK%20%7B", status="4xx")]),
    ("bad_update_get", [Request("GET", "update=CLEAR%20ALL", status="4xx")]),
    ("bad_multiple_updates", [Request("POST", "", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", status="4xx")]),
    ("bad_update_wrong_media_type", [Request("POST", "", "text/plain", "CLEAR NAMED", status="4xx")]),
    ("bad_update_missing_form_type", [Request("POST", "", None, "update=CLEAR%20NAMED", status="4xx")]),
    ("bad_update_non_utf8", [Request("POST", "", UPDATE + "; charset=UTF-16", "CLEAR NAMED", "utf-16", status="4xx")]),
    ("bad_update_syntax", [Request("POST", "", FORM, "update=CLEAR%20XYZ", status="4xx")]),
    ("bad_update_dataset_conflict", [Request("POST", params(("using-named-graph-uri", "http://example/people")), UPDATE,
        "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
        "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
        "WHERE {\n    ?person foaf:givenName 'Bill'\n}", status="4xx")]),
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """``kg serve --allow-update`` on the suite's data, on a free loopback port; yields /sparql's URL."""
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--allow-update", "--graph", str(DATASET), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else "kg serve ended"
                assert time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def check(response: httpx.Response, expected: Request) -> None:
    status = response.status_code
    if expected.status == "4xx":
        assert 400 <= status < 500, (status, response.text)
        return
    assert 200 <= status < 400, (status, response.text)
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if expected.answer == "boolean":
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml"), media_type
        if media_type.endswith("json"):
            value = response.json()["boolean"]
        else:
            found = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            value = found is not None and found.text == "true"
        if expected.boolean is not None:
            assert value is expected.boolean
    elif expected.answer == "tabular":
        assert media_type in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                              "text/tab-separated-values"), media_type  # fmt: skip
    elif expected.answer == "RDF":
        formats = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}
        assert media_type in formats, media_type
        Graph().parse(data=response.content, format=formats[media_type])


@pytest.mark.parametrize(("name", "requests"), CASES, ids=[name for name, _ in CASES])
def test_protocol_case(endpoint: str, name: str, requests: list[Request]) -> None:
    with httpx.Client(timeout=30) as client:
        for request in requests:
            headers = {"Content-Type": request.content_type} if request.content_type else {}
            body = request.body.encode(request.encoding) if request.body is not None else None
            url = f"{endpoint}?{request.query}" if request.query else endpoint
            check(client.request(request.method, url, content=body, headers=headers), request)


def test_the_suite_has_34_cases() -> None:
    assert len(CASES) == len({name for name, _ in CASES}) == 34
