"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL).

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> validate(kg.load([Path("data")]).data()).conforms
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from kg.ontology import ontology_graph, shapes_graph

__all__ = ["Report", "validate"]


@dataclass(frozen=True)
class Report:
    """Whether a graph conforms, how many violations it has, and pySHACL's text report."""

    conforms: bool
    violations: int
    text: str


def validate(graph: Graph) -> Report:
    """Validate ``graph`` against the SHACL shapes, with the ontology's class hierarchy."""
    data = Graph()  # pySHACL mixes the ontology in, which needs a context-aware store
    data += graph
    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = len(set(results.subjects(SH.resultSeverity, SH.Violation)))
    return Report(conforms=bool(conforms), violations=violations, text=str(text))
