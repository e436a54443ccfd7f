"""kg: MedlinePlus health topics as an RDF knowledge graph.

The public API, for notebooks and other programs:

    >>> import kg
    >>> store = kg.load(["data"])          # build in memory from inputs (or load RDF files)
    >>> rows = kg.query(store, "publishers")
    >>> rows.columns
    ['publisher', 'name', 'resources', 'topics', 'nih']
"""

from __future__ import annotations

from typing import Any

from kg.api import load, query
from kg.build import build
from kg.errors import InputError, KgError, OutputError, QueryError, ValidationError
from kg.export import serialize
from kg.query import library
from kg.query.results import Table
from kg.store import Store

__all__ = [
    "build",
    "load",
    "query",
    "serialize",
    "validate",
    "library",
    "Store",
    "Table",
    "KgError",
    "InputError",
    "OutputError",
    "QueryError",
    "ValidationError",
]


def __getattr__(name: str) -> Any:
    """``kg.shacl`` is imported on first use: pySHACL takes longer to import than a build of one page."""
    if name == "validate":
        from kg.shacl import validate

        return validate
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
