"""SHACL: the built graph conforms; a graph that breaks a shape does not."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.mapping.vocab import KG
from kg.rdf.shacl import validate
from kg.store import Store
from tests.conftest import PAGE


def test_page_graph_conforms(store: Store) -> None:
    report = validate(store.data())
    assert report.conforms, report.text
    assert report.violations == 0


def test_missing_flag_and_wrong_datatype_are_violations(store: Store) -> None:
    graph = store.data()
    resource = next(iter(graph.subjects(KG.fromNIH, Literal(True))))
    graph.remove((resource, KG.fromNIH, None))
    listing = next(iter(graph.subjects(KG.position, None)))
    graph.set((listing, KG.position, Literal("first")))
    report = validate(graph)
    assert not report.conforms
    assert report.violations == 3  # no fromNIH; position not an integer, and not >= 1
    assert "fromNIH" in report.text and "position" in report.text


def test_listing_of_unknown_resource_is_a_violation(store: Store) -> None:
    graph = store.data()
    listing = next(iter(graph.subjects(KG.position, None)))
    graph.set((listing, KG.resource, URIRef("https://example.org/nothing")))
    assert not validate(graph).conforms


def test_kg_validate_checks_the_analysis_graph_too(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["build", str(PAGE), "-o", str(tmp_path), "--no-viz", "--no-store"]).exit_code == 0
    result = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path)])
    assert result.exit_code == 0, result.output
    analysis = tmp_path / "analysis.ttl"
    ranked = next(Graph().parse(analysis).subjects(KG.pageRank, None))
    with analysis.open("a", encoding="utf-8") as extra:  # a second, out-of-range PageRank for one node
        extra.write(f"\n<{ranked}> <{KG.pageRank}> 7.5e0 .\n")
    result = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert "does not conform" in result.output and "pageRank" in result.output
