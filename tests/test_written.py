"""`kg query --format csv|tsv` writes the answer with Oxigraph's serialiser (kg.query.written): the same
bytes as kg's own writer (Table.to_csv, to_tsv), for every named query on the bundled build, and the
old path wherever those bytes would differ.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build.layout import open_build
from kg.build.pipeline import build
from kg.cli import main
from kg.mapping.prefixes import prefixes
from kg.query import NamedQuery, library
from kg.query.results import Table
from kg.query.run import run, run_written
from kg.query.written import FORMATS, Written, written
from kg.store import Store
from kg.store.engines import oxigraph_table
from tests.conftest import ROOT

#: Values for the parameters without a default.
SAMPLE = {"topic": "Genes and Gene Therapy", "old": "2024-01-01", "new": "2024-08-10"}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the repository's data/ with its analysis and on-disk store, as `kg build` makes it."""
    out = tmp_path_factory.mktemp("bundled") / "out"
    build([ROOT / "data"], out, store=True, analyze=True)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(library()))
def test_the_direct_path_writes_the_bytes_of_the_old_one(bundled: Path, name: str, fmt: str) -> None:
    store = open_build([bundled])
    query = library()[name]
    values = {param.name: SAMPLE[param.name] for param in query.params if param.required}
    old = run(store, query, values)
    assert isinstance(old, Table)
    direct = run_written(store, query, values, fmt)
    assert isinstance(direct, Written)  # no named query needs the old path here
    assert direct.data == old.render(fmt, prefixes(store.base)).encode("utf-8")
    assert (direct.columns, direct.rows) == (old.columns, len(old.cells()))


#: Answers whose bytes Oxigraph's writer cannot give as kg's: each format, and whether the direct path holds.
CASES = [
    ('VALUES (?a ?b) { ("Genes, and \\"more\\"" <https://e.org/x>) ("x"@en-gb 1.5) (UNDEF "") }', True, True),
    ('VALUES (?a ?b) { ("line\\nbreak" -2) ("tab\\there" true) ("ümlaut" "back\\\\slash") }', True, False),
    ('VALUES (?a ?b) { ("=HYPERLINK(1)" 1) }', False, True),
    ('VALUES (?a ?b) { ("a, -b" -1) }', True, True),
    ('VALUES (?a ?b) { ("a,-b" 1) }', False, True),  # a false alarm: only the slower path
    ('VALUES (?a ?b) { ("x" "@home") }', False, True),
    ('VALUES (?a ?b) { ("cr\\r\\nlf" 1) }', False, False),
    ('VALUES (?a ?b) { ("cr\\ronly" 1) }', False, True),
    ("?a <https://e.org/p> ?b", False, True),  # a blank node
    ('VALUES (?a ?b) { (<https://e.org/a,b> "x") (UNDEF <https://e.org/?q=1,2>) }', False, True),  # bare IRIs
    ('VALUES (?a ?b) { ("1e0"^^xsd:double "0"^^xsd:decimal) ("-0"^^xsd:integer "1"^^xsd:boolean) }', True, True),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "csv", "tsv"), CASES)
def test_written_gives_kg_bytes_or_says_it_cannot(pattern: str, csv: bool, tsv: bool) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("https://e.org/p"), ox.Literal("1")))
    sparql = f"PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?a ?b WHERE {{ {pattern} }}"
    for fmt, holds in (("csv", csv), ("tsv", tsv), ("json", True)):
        found = written(store.query(sparql), fmt)  # type: ignore[arg-type]
        table = oxigraph_table(store.query(sparql))  # type: ignore[arg-type]
        assert (found is not None) == holds, (pattern, fmt)
        if found is not None:
            assert found.data == table.render(fmt).encode("utf-8")
            assert found.rows == len(table.cells())


def test_a_one_column_answer_with_an_empty_row_takes_the_old_path() -> None:
    sparql = 'SELECT ?a WHERE { VALUES ?a { "x" "" } }'
    assert written(ox.Store().query(sparql), "csv") is None  # type: ignore[arg-type]
    assert oxigraph_table(ox.Store().query(sparql)).to_csv() == 'a\nx\n""\n'  # type: ignore[arg-type]
    assert written(ox.Store().query('SELECT ?a ?b WHERE { VALUES ?a { "" } }'), "csv") is not None  # type: ignore[arg-type]


def test_the_old_path_answers_where_the_direct_one_does_not() -> None:
    store = Store()
    store.add_lines(["<https://e.org/t> <https://e.org/title> \"=cmd|' /C calc'!A0\" .\n"])
    query = NamedQuery.from_text("ad-hoc", "SELECT ?t WHERE { ?s <https://e.org/title> ?t }")
    found = run_written(store, query, {}, "csv")
    assert isinstance(found, Table) and found.to_csv() == "t\n'=cmd|' /C calc'!A0\n"
    assert isinstance(run_written(store, query, {}, "table"), Table)  # the text table: kg's writer
    assert run_written(store, NamedQuery.from_text("ad-hoc", "ASK { ?s ?p ?o }"), {}, "csv") is True


def test_kg_query_csv_still_says_when_a_parameter_matches_nothing(bundled: Path) -> None:
    runner = CliRunner()
    args = ["query", "topic-resources", "--graph", str(bundled), "--format", "csv"]
    nothing = runner.invoke(main, [*args, "--param", "topic=No such topic"])
    assert nothing.exit_code == 1 and "matches no topic" in nothing.output
    found = runner.invoke(main, [*args, "--param", "topic=genes and gene therapy"])
    assert found.exit_code == 0 and found.output.startswith("resource,title,")
    bad = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE { ?x ?y }", "--graph", str(bundled), "--format", "tsv"])
    assert bad.exit_code == 1 and "bad SPARQL query" in bad.output
