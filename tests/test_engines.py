"""The SPARQL engines (Oxigraph and rdflib's agree on every named query) and the on-disk store of a
build (made atomically, opened by ``kg query``, made again when ``graph.ttl`` changes)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.build import build
from kg.build.layout import STORE_DIR, BuildFolder, open_build
from kg.cli import main
from kg.errors import QueryError
from kg.mapping.prefixes import prefixes
from kg.query import library, named_query
from kg.query.results import FORMATS, OxigraphTable, Table
from kg.store import Store
from tests.conftest import CORPUS, PAGE

#: Values for the parameters that have no default.
SAMPLES = {"topic": "Genes and Gene Therapy", "old": "2024-01-01", "new": "2024-08-10"}


@pytest.fixture(scope="module")
def engines() -> tuple[Store, Store]:
    return kg.load(CORPUS).with_ontology(), kg.load(CORPUS, engine="rdflib").with_ontology()


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_rows_on_both_engines(engines: tuple[Store, Store], name: str) -> None:
    query = named_query(name)
    text = query.render({p.name: SAMPLES.get(p.name, "x") for p in query.params if p.required})
    oxigraph, rdflib = (store.select(text) for store in engines)
    assert oxigraph.columns == rdflib.columns
    assert oxigraph.rows == rdflib.rows


@pytest.mark.parametrize("name", sorted(library()))
def test_oxigraph_answers_render_as_their_rdflib_terms_do(engines: tuple[Store, Store], name: str) -> None:
    """An Oxigraph answer writes its text, CSV and JSON from Oxigraph's terms: the same bytes as
    from the rdflib terms its rows turn into, or the table made by rdflib's engine."""
    query = named_query(name)
    text = query.render({p.name: SAMPLES.get(p.name, "x") for p in query.params if p.required})
    answer, reference = engines[0].select(text), engines[1].select(text)
    assert isinstance(answer, OxigraphTable)
    converted = Table(answer.columns, answer.rows)
    for fmt in FORMATS:
        assert answer.render(fmt, prefixes()) == converted.render(fmt, prefixes()) == reference.render(fmt, prefixes())


def test_oxigraph_terms_of_every_kind_render_as_rdflib_terms() -> None:
    store = Store()
    store.add_lines(
        [
            '<https://e.org/a> <https://e.org/p> "x, \\"quoted\\"\\n"@en-GB .\n',
            '<https://e.org/a> <https://e.org/p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
            '<https://e.org/a> <https://e.org/p> "plain" .\n',
            "<https://e.org/a> <https://e.org/p> _:b1 .\n",
            "<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n",
        ]
    )
    answer = store.select("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(answer, OxigraphTable) and len(answer.rows) == 5
    converted = Table(answer.columns, answer.rows)
    for fmt in FORMATS:
        assert answer.render(fmt, prefixes()) == converted.render(fmt, prefixes()), fmt


def test_the_comparison_is_not_vacuous(engines: tuple[Store, Store]) -> None:
    answered = [name for name in library() if name in ("topics", "publishers", "audience-coverage", "nih-share")]
    for name in answered:
        assert engines[1].select(named_query(name).render()).rows, name


def test_rdflib_engine_sees_changes_made_through_the_store() -> None:
    store = Store(engine="rdflib")
    ask = "ASK { <https://e.org/a> <https://e.org/p> <https://e.org/b> }"
    assert store.query(ask) is False
    store.add_lines(["<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"])
    assert store.query(ask) is True
    store.clear_graph("data")
    assert store.query(ask) is False


def test_unknown_engine_and_bad_query_are_kg_errors() -> None:
    with pytest.raises(QueryError, match="no SPARQL engine 'jena'"):
        Store(engine="jena")
    with pytest.raises(QueryError, match="bad SPARQL query"):
        Store(engine="rdflib").query("SELECT ?x WHERE { ?x }")


# ---------------------------------------------------------------- the on-disk store


@pytest.fixture
def built(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build([PAGE], out, store=True)
    return out


def test_build_writes_the_store_atomically(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == ["graph.ttl", STORE_DIR]  # nothing temporary left
    assert BuildFolder(built).store_state() == "fresh"
    store = BuildFolder(built).open_store()
    assert len(store) == len(kg.load([built / "graph.ttl"])) == 628
    assert store.ox.contains_named_graph(store.ontology_graph)


def test_queries_read_the_store_and_answer_as_the_turtle_does(built: Path) -> None:
    from_disk = open_build(None, built)
    with pytest.raises(RuntimeError, match="read-write"):  # the read-only on-disk store, not a parse of graph.ttl
        from_disk.add_lines(["<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"])
    in_memory = open_build(None, built, in_memory=True)
    for name in ("topics", "publishers", "resources-by-section"):
        text = named_query(name).render()
        assert from_disk.select(text).rows == in_memory.with_ontology().select(text).rows


def test_a_changed_graph_makes_the_store_stale_and_it_is_made_again(built: Path) -> None:
    graph = built / "graph.ttl"
    graph.write_text(graph.read_text(encoding="utf-8") + "\n<https://e.org/a> <https://e.org/p> 1 .\n", "utf-8")
    os.utime(graph, ns=(graph.stat().st_atime_ns, graph.stat().st_mtime_ns + 1_000_000_000))
    assert BuildFolder(built).store_state() == "stale"
    assert len(open_build(None, built)) == 629
    assert BuildFolder(built).store_state() == "fresh"


def test_writing_the_store_again_replaces_it_whole(built: Path) -> None:
    first = (built / STORE_DIR / "kg-store.json").read_text(encoding="utf-8")
    BuildFolder(built).write_store()
    assert (built / STORE_DIR / "kg-store.json").read_text(encoding="utf-8") == first
    assert sorted(p.name for p in built.iterdir()) == ["graph.ttl", STORE_DIR]


def test_kg_build_no_store_leaves_none_to_go_stale(built: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(PAGE), "-o", str(built), "--no-store"])
    assert result.exit_code == 0, result.output
    assert not (built / STORE_DIR).exists()
    assert BuildFolder(built).store_state() == "missing"


def test_kg_query_on_both_engines(built: Path) -> None:
    outputs = []
    for engine in ("oxigraph", "rdflib"):
        done = CliRunner().invoke(main, ["query", "publishers", "--format", "csv", "--engine", engine,
                                         "--graph", str(built)])  # fmt: skip
        assert done.exit_code == 0, done.output
        outputs.append(done.output)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 13


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole build (graph, analysis, store) of the page."""
    out = tmp_path_factory.mktemp("analysed") / "out"
    build([PAGE], out, store=True, analyze=True)
    return out


def test_a_build_folder_named_by_graph_is_opened_as_out_is(analysed: Path) -> None:
    for store in (open_build((analysed,)), open_build(None, analysed)):
        with pytest.raises(RuntimeError, match="read-write"):  # its on-disk store, not a parse of graph.ttl
            store.add_lines(["<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"])
    result = CliRunner().invoke(main, ["query", "summary", "--graph", str(analysed), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[1].startswith("1,40,12")


def test_disk_and_memory_stores_hold_the_same_vocabulary(analysed: Path) -> None:
    ask = "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> ASK { GRAPH ?g { kg:pageRank a ?t } }"
    on_disk, in_memory = open_build(None, analysed), open_build(None, analysed, in_memory=True).with_ontology()
    assert on_disk.query(ask) is True and in_memory.query(ask) is True
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kg-medlineplus/id/graph/ontology> { ?s ?p ?o } }"
    assert on_disk.select(count).values() == in_memory.select(count).values()


def test_an_analysis_older_than_its_graph_is_never_loaded_with_it(analysed: Path, tmp_path: Path) -> None:
    """A graph.ttl replaced after its analysis (another build's graph copied in, say): the store made
    again holds the new graph alone, never the old PageRanks beside it."""
    out = tmp_path / "out"
    build([PAGE], out, store=True, analyze=True)
    assert open_build(None, out).select(named_query("central-topics").render()).values() != []
    other = tmp_path / "other"
    build([CORPUS[1]], other)  # the Genes XML: another graph
    (out / "graph.ttl").write_bytes((other / "graph.ttl").read_bytes())
    assert BuildFolder(out).store_state() == "stale"
    for store in (open_build(None, out), open_build(None, out, in_memory=True)):
        assert store.select(named_query("central-topics").render()).values() == []
        assert len(store) == len(kg.load([other / "graph.ttl"]))


def test_a_graph_that_does_not_parse_fails_the_background_store_with_its_line(tmp_path: Path) -> None:
    from kg.store.disk import StoreWriter

    graph = tmp_path / "graph.ttl"
    graph.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:b 1 .\n\nex:c ex:d .\n", encoding="utf-8")
    writer = StoreWriter(tmp_path / "store", graph)  # loaded by a process of its own
    with pytest.raises(kg.OutputError, match=r"store: cannot make the store: .*line 5"):
        writer.finish([(graph, "data")])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.ttl"]  # no store, no temporary one


def test_an_aborted_background_store_stops_its_loader_and_leaves_nothing(tmp_path: Path) -> None:
    from kg.store.disk import StoreWriter

    def children() -> set[str]:  # this thread's child processes (Linux)
        return set(Path(f"/proc/self/task/{threading.get_native_id()}/children").read_text().split())

    graph = tmp_path / "graph.ttl"
    graph.write_text("".join(f"<https://e.org/{i}> <https://e.org/p> {i} .\n\n" for i in range(50_000)))
    before = children()
    writer = StoreWriter(tmp_path / "store", graph)
    loaders = children() - before
    assert len(loaders) == 1  # the loader runs
    writer.abort()
    assert not loaders & children()  # stopped and waited for
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.ttl"]
