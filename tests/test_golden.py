"""The page's graph, compared by isomorphism with the reviewed golden Turtle file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

import kg
from tests.conftest import GOLDEN
from tests.graphs import assert_isomorphic


def test_page_graph_matches_golden(page_path: Path) -> None:
    actual = kg.load([page_path]).data()
    expected = Graph().parse(GOLDEN, format="turtle")
    assert_isomorphic(expected, actual)


def test_a_difference_is_reported_triple_by_triple() -> None:
    expected = Graph().parse(GOLDEN, format="turtle")
    actual = Graph().parse(GOLDEN, format="turtle")
    topic = URIRef("https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy")
    actual.remove((topic, None, Literal("Genetics Home Reference", lang="en")))
    actual.add((topic, URIRef("https://schema.org/name"), Literal("Changed")))
    with pytest.raises(AssertionError) as failure:
        assert_isomorphic(expected, actual)
    message = str(failure.value)
    assert "1 triples only in expected, 1 only in actual" in message
    assert 'kg:summaryAttribution "Genetics Home Reference"@en' in message
    assert 'schema:name "Changed"' in message


def test_no_blank_nodes(page_path: Path) -> None:
    graph = kg.load([page_path]).data()
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]
