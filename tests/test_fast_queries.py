"""The faster texts of the named queries (kg/query/queries/fast/) give exactly the rows of the
plain joins, on Oxigraph and on rdflib's engine, over a store holding the analysis's precomputed
counts; and they are used only when those counts describe the store's data.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.namespace import XSD

import kg
from kg.analysis import analyze
from kg.analysis.writeback import AUDIENCE_COUNTS
from kg.cli import main
from kg.query import named_query
from kg.query.fast import AGREE, FAST, IN_MEMORY, aggregates_agree, choose
from kg.store import Store
from tests.conftest import CORPUS, ROOT

#: Parameter values each query is compared with (its defaults, and the edges of a LIMIT).
CASES = {
    "top-resources": [{}, {"limit": "0"}, {"limit": "1"}, {"limit": "3"}, {"limit": "7"}, {"limit": "100000"}],
    "bridging-resources": [{}, {"limit": "1"}, {"limit": "100000"}],
    "topic-resources": [{"topic": "Genes and Gene Therapy"}, {"topic": "genes and gene therapy"}],
}


@pytest.fixture(scope="module")
def analysed() -> Store:
    """The bundled data with the test corpus, analysed: resources listed by several topics, and ties."""
    store = kg.load([ROOT / "data", *CORPUS]).with_ontology()
    analyze(store)
    return store


def test_every_fast_text_has_its_plain_query_and_cases() -> None:
    assert set(FAST) == {
        "top-resources",
        "resources-by-section",
        "bridging-resources",
        "publishers",
        "publisher-reach",
        "nih-share",
        "spanish-available",
        "summary",
        "topics",
        "topic-resources",
        "audience-coverage",
    }
    assert set(IN_MEMORY) == {"resources-by-section", "spanish-available"}
    for name in FAST:
        for in_memory in (False, True):
            fast, plain = choose(named_query(name), True, in_memory=in_memory), named_query(name)
            assert fast is not plain and fast.params == plain.params and fast.title == plain.title


#: Every faster text: each for the on-disk store, and those for a store in memory.
TEXTS = [*((name, False) for name in FAST), *((name, True) for name in IN_MEMORY)]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(("name", "in_memory"), TEXTS)
def test_the_fast_text_gives_the_plain_rows(analysed: Store, name: str, in_memory: bool, engine: str) -> None:
    store = analysed if engine == "oxigraph" else Store(analysed.base, engine="rdflib", ox_store=analysed.ox)
    assert aggregates_agree(store)
    chosen = choose(named_query(name), True, in_memory=in_memory)
    assert chosen is not choose(named_query(name), True, in_memory=not in_memory) or name not in IN_MEMORY
    for values in CASES.get(name, [{}]):
        plain = store.select(named_query(name).render(values))
        fast = store.select(chosen.render(values))
        assert fast.columns == plain.columns
        assert fast.rows == plain.rows, (name, values)
        if values.get("limit") != "0":
            assert plain.rows  # the comparison says something


def test_counts_that_do_not_describe_the_data_are_not_used(analysed: Store) -> None:
    other = Store(analysed.base)
    other.ox.extend(analysed.ox)
    assert aggregates_agree(other)
    topic = ox.NamedNode(f"{analysed.base}topic/genesandgenetherapy")
    listed = ox.NamedNode(f"{analysed.base}resource/new")
    other.ox.add(ox.Quad(topic, ox.NamedNode("https://w3id.org/kg-medlineplus/vocab#hasResource"), listed,
                         other.data_graph))  # fmt: skip
    assert not aggregates_agree(other)
    assert not aggregates_agree(kg.load(CORPUS))  # no analysis: no counts
    older = Store(analysed.base)  # an analysis without some kind of count (made by an older kg)
    published = ox.NamedNode("https://w3id.org/kg-medlineplus/vocab#publishedResources")
    older.ox.extend(quad for quad in analysed.ox if quad.predicate != published)
    assert not aggregates_agree(older)


def test_every_audience_count_is_checked_and_read() -> None:
    """Each audience count the analysis writes is one FILTER EXISTS of AGREE, and read by audience-coverage."""
    assert [english for _, english, _ in AUDIENCE_COUNTS] == ["Children", "Teenagers", "Men", "Women", "Seniors"]
    fast = choose(named_query("audience-coverage"), True).text
    for key, english, term in AUDIENCE_COUNTS:
        local = term.split("#")[-1]
        assert f"FILTER EXISTS {{ ?for{english} kg:{local} ?{key} }}" in AGREE
        assert f"kg:{local} ?{key}" in fast and f'?audience = "{english}"' in named_query("audience-coverage").text


def test_audience_counts_are_integers_as_the_plain_query_sums_them(analysed: Store) -> None:
    for text in (named_query("audience-coverage").text, choose(named_query("audience-coverage"), True).text):
        counts = [cell for row in analysed.select(text).cells() for cell in row[2:]]
        assert {cell.datatype.value for cell in counts if isinstance(cell, ox.Literal)} == {str(XSD.integer)}
        assert len(counts) == 5 * len(analysed.select(text).cells()) and any(c.value == "0" for c in counts)  # type: ignore[union-attr]


def test_kg_query_says_in_one_line_when_a_parameter_is_wrong() -> None:
    runner = CliRunner()
    graph = [arg for path in CORPUS for arg in ("--graph", str(path))]
    nothing = runner.invoke(main, ["query", "topic-resources", "--param", "topic=No such topic", *graph])
    assert nothing.exit_code == 1
    assert nothing.output.strip().splitlines() == [
        "Error: --param topic='No such topic' matches no topic (give its title, MedlinePlus URL or IRI; "
        "`kg query topics` lists them)"
    ]
    typed = runner.invoke(main, ["query", "top-resources", "--param", "limit=ten", *graph])
    assert typed.exit_code == 1
    assert typed.output.strip() == "Error: parameter 'limit' takes a whole number (0 or more), not 'ten'"
    found = runner.invoke(main, ["query", "topic-resources", "--param", "topic=genes and gene therapy", *graph])
    assert found.exit_code == 0 and "ClinicalTrials.gov" in found.output
