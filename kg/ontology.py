"""Where the ontology and SHACL shapes live, and loading them as rdflib graphs.

Example:
    >>> from kg.mapping.vocab import KG
    >>> (KG.Topic, None, None) in ontology_graph()
    True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

__all__ = ["ontology_dir", "ontology_graph", "shapes_graph", "vocabulary_files"]


def ontology_dir() -> Path:
    """The folder holding ``kg.ttl`` and ``shapes.ttl``: inside the installed package, else the
    project's top-level ``ontology/`` (an editable install or a source checkout)."""
    packaged = Path(__file__).parent / "ontology"
    return packaged if (packaged / "kg.ttl").exists() else Path(__file__).parent.parent / "ontology"


@cache
def _parsed(name: str) -> Graph:
    return Graph().parse(ontology_dir() / name, format="turtle")


def vocabulary_files() -> list[Path]:
    """The vocabulary's files: every ``*.ttl`` in :func:`ontology_dir` but the shapes
    (``analysis.ttl``, ``kg.ttl`` …)."""
    return [path for path in sorted(ontology_dir().glob("*.ttl")) if path.name != "shapes.ttl"]


@cache
def ontology_graph() -> Graph:
    """The kg vocabulary (OWL, Turtle): the union of the :func:`vocabulary_files`. Callers must not
    modify the returned graph."""
    graph = Graph()
    for path in vocabulary_files():
        graph += _parsed(path.name)
    return graph


def shapes_graph() -> Graph:
    """The SHACL shapes the built graph must conform to. Callers must not modify it."""
    return _parsed("shapes.ttl")
