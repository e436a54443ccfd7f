"""SHACL: the built graph conforms; a graph that breaks a shape does not."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.mapping.vocab import KG
from kg.shacl import validate
from kg.store import Store


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
