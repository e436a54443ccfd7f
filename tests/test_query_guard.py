"""Queries vetted before any parser sees them (kg.query.sparql), parameters bound as terms in one
pass, and both engines' dataset rules: one row per attack, each asserting the exact outcome."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.query import named_query
from kg.query.sparql import MAX_DEPTH, QueryRefused, QueryTooLarge, add_using, inspect, substitute, tokens
from kg.store import Store
from kg.store.engines import QueryDataset

ENGINES = ("oxigraph", "rdflib")


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets (none is expected)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def small_store(engine: str) -> Store:
    store = Store(engine=engine)
    for i in (1, 2, 3):
        store.ox.add(ox.Quad(ox.NamedNode(f"http://d/{i}"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                             ox.NamedNode("http://t"), ox.NamedNode(f"http://g/{i}")))  # fmt: skip
    store.changed()
    return store


# ------------------------------------------------------------------ what reaches outside the store

OUTSIDE = [
    ("SELECT * WHERE { SERVICE <URL/x> { ?s ?p ?o } }", "SERVICE <URL/x> is not allowed"),
    ("SELECT * WHERE { SERVICE SILENT <URL/x> { ?s ?p ?o } }", "SERVICE <URL/x> is not allowed"),
    ("PREFIX e: <URL/> SELECT * WHERE { service e:x { ?s ?p ?o } }", "SERVICE <URL/x> is not allowed"),
    ("SELECT * WHERE { BIND(<URL/x> AS ?u) SERVICE ?u { ?s ?p ?o } }", "SERVICE ?u is not allowed"),
    ("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <URL/y> { ?s ?p ?o } } }", "SERVICE <URL/y>"),
    ("BASE <URL/> SELECT * WHERE { SERVICE <z> { ?s ?p ?o } }", "SERVICE <URL/z> is not allowed"),
    ("SELECT * WHERE { \\u0053ERVICE <URL/x> { ?s ?p ?o } }", "SERVICE <URL/x> is not allowed"),  # rdflib expands it
    ("SELECT * WHERE { SERVICE \\u003CURL/x> { ?s ?p ?o } }", "is not allowed"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("query", "message"), OUTSIDE)
def test_no_service_is_called_unless_allowed(listener: tuple[str, list[str]], engine: str, query: str,
                                             message: str) -> None:  # fmt: skip
    url, seen = listener
    with pytest.raises(QueryRefused, match=message.replace("URL", url).replace("?", r"\?")):
        small_store(engine).query(query.replace("URL", url))
    assert seen == []


def test_an_allow_listed_service_is_called(listener: tuple[str, list[str]]) -> None:
    url, seen = listener
    with pytest.raises(QueryError):  # the listener answers no SPARQL, but it was asked
        small_store("oxigraph").query(f"SELECT * WHERE {{ SERVICE <{url}/ok> {{ ?s ?p ?o }} }}",
                                      allow_service=(f"{url}/ok",))  # fmt: skip
    assert seen and seen[0].startswith("/ok")
    seen.clear()


@pytest.mark.parametrize("engine", ENGINES)
def test_no_engine_reads_a_file_or_url_a_query_names(listener: tuple[str, list[str]], engine: str,
                                                     tmp_path: Path) -> None:  # fmt: skip
    url, seen = listener
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://s> <http://p> "secret" .\n', encoding="utf-8")
    store = small_store(engine)
    for source in (secret.as_uri(), f"{url}/data.nt"):
        for query in (f"SELECT ?o FROM <{source}> WHERE {{ ?s ?p ?o }}",
                      f"SELECT ?o FROM NAMED <{source}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):  # fmt: skip
            assert store.select(query).rows == []
        escaped = f"SELECT ?o \\u0046ROM <{source}> WHERE {{ ?s ?p ?o }}"  # FROM, to rdflib; an error to Oxigraph
        try:
            assert store.select(escaped).rows == []
        except QueryError as error:
            assert engine == "oxigraph" and "bad SPARQL query" in str(error)
    assert seen == []


def test_load_is_refused() -> None:
    from kg.query.sparql import refuse_outside

    with pytest.raises(QueryRefused, match=r"LOAD <http://127\.0\.0\.1:1/x> is refused"):
        refuse_outside(inspect("LOAD SILENT <http://127.0.0.1:1/x> INTO GRAPH <http://g>"))


# ------------------------------------------------------------------ size and nesting


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000,  # 100 KB of braces: overflowed Oxigraph's stack
        "SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }",
        "SELECT * WHERE { FILTER(" + "!" * 5_000 + "true) }",
        "SELECT * WHERE { ?s " + "^" * 5_000 + "<p> ?o }",
        "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1 << 20),
    ],
    ids=["braces", "parentheses", "negations", "inverse-paths", "too-long"],
)
def test_size_and_nesting_are_bounded_before_parsing(engine: str, query: str) -> None:
    with pytest.raises(QueryTooLarge):
        small_store(engine).query(query)


def test_nesting_up_to_the_bound_runs() -> None:
    depth = MAX_DEPTH - 2
    query = "ASK WHERE " + "{" * depth + "}" * depth
    assert small_store("oxigraph").query(query) is True


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "{" * 500 + '" } # ' + "(" * 500
    assert inspect(query).services == ()


# ------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"old": "$new", "new": "2024-08-10"}, QueryError),  # a date parameter takes a date, nothing else
        ({"old": "2024-01-01", "new": "2024-13-01"}, QueryError),
        ({"old": "2024-01-01", "new": "2024-08-10"}, None),
    ],
)
def test_date_parameters_are_checked(values: dict[str, str], expected: type[Exception] | None) -> None:
    query = named_query("release-changes")
    if expected is None:
        assert '"2024-01-01"' in query.render(values)
    else:
        with pytest.raises(expected, match="takes a date"):
            query.render(values)


@pytest.mark.parametrize(
    "value",
    [
        "$limit",
        '" } SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } #',
        'x\n\\"',  # a newline ending in \" broke out of rdflib's literal
        "x\u2028y\u0085z",
        "\\",
        "'''",
    ],
)
def test_a_string_parameter_is_one_literal_whatever_it_holds(value: str) -> None:
    query = named_query("topic-resources")
    text = query.render({"topic": value})
    literal = query.params[0].term(value)
    assert literal in text
    parsed = ox.Store().query(f"SELECT ?v WHERE {{ BIND({literal} AS ?v) }}")
    assert next(iter(parsed))["v"] == ox.Literal(value)  # type: ignore[index, call-overload]
    assert inspect(text).services == ()
    assert [t.kind for t in tokens(literal)] == ["string"]


def test_one_pass_substitution_never_rescans_a_value() -> None:
    text = substitute("SELECT * { ?s ?p $a . ?s ?q $b }", {"a": '"$b"', "b": '"|| true"'})
    assert text == 'SELECT * { ?s ?p "$b" . ?s ?q "|| true" }'


def test_release_changes_injection_from_the_issue_runs_nothing() -> None:
    query = named_query("release-changes")
    with pytest.raises(QueryError, match="takes a date"):
        query.render({"old": "$new", "new": "|| true) BIND(EXISTS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } })"})


def test_integer_parameters_take_whole_numbers_only() -> None:
    query = named_query("top-resources")
    assert query.render({"limit": "5"}).rstrip().endswith("LIMIT 5")
    for bad in ("-1", "5 } SERVICE <x> {", "1e3", ""):
        with pytest.raises(QueryError, match="whole number"):
            query.render({"limit": bad})


# ------------------------------------------------------------------ datasets


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_follow_the_dataset_rules(engine: str) -> None:
    store = small_store(engine)
    assert store.query("ASK { <http://d/1> a ?t }") is True  # no dataset named: the union
    assert store.query("ASK FROM <http://g/2> { <http://d/1> a ?t }") is False  # FROM is honoured
    assert store.query("ASK FROM <http://g/1> { <http://d/1> a ?t }") is True
    both = QueryDataset(("http://g/3",), ("http://g/1", "http://g/2"))
    assert store.query("ASK { <http://d/3> a ?t GRAPH ?a { <http://d/1> a ?t } GRAPH ?b { <http://d/2> a ?t } }",
                       dataset=both) is True  # fmt: skip
    assert store.query("ASK { GRAPH ?g { <http://d/3> a ?t } }", dataset=both) is False
    assert store.query("ASK FROM <http://g/3> { GRAPH ?g { <http://d/1> a ?t } }",
                       dataset=QueryDataset((), ("http://g/2",))) is False  # the request's dataset wins  # fmt: skip
    rows = store.query("SELECT ?x WHERE { BIND(<rel> AS ?x) }", base="http://kg.example/sparql")
    assert str(rows.rows[0][0]) == "http://kg.example/rel"  # type: ignore[union-attr]


def test_using_graphs_go_before_each_modify_where() -> None:
    update = (
        "CLEAR ALL ; INSERT DATA { <a:a> <a:b> 1 } ; DELETE WHERE { ?s ?p ?o } ; INSERT { ?s a 1 } WHERE { ?s ?p ?o }"
    )
    rewritten = add_using(update, ("http://g/1",), ("http://g/2",))
    assert rewritten.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 1
    assert "DELETE WHERE" in rewritten
    with pytest.raises(QueryError, match="names its own dataset"):
        add_using("WITH <http://g> DELETE { ?s ?p 1 } WHERE { ?s ?p 1 }", (), ("http://g/2",))
