"""Graph comparison for tests: isomorphism, and on failure the triples that differ, in Turtle."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.mapping.prefixes import prefixes


def _turtle(graph: Graph) -> str:
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace, override=True, replace=True)
    body = graph.serialize(format="turtle")
    return "\n".join(line for line in body.splitlines() if not line.startswith("@prefix")).strip()


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Fail with the triples only in ``expected`` and only in ``actual`` unless the graphs are isomorphic."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    raise AssertionError(
        f"graphs differ: {len(only_expected)} triples only in expected, {len(only_actual)} only in actual\n"
        f"--- only in expected:\n{_turtle(only_expected)}\n+++ only in actual:\n{_turtle(only_actual)}"
    )
