"""kg: MedlinePlus health topics as an RDF knowledge graph.

The public API, for notebooks and other programs:

    >>> import kg
    >>> store = kg.load(["data"])          # build in memory from inputs (or load RDF files)
    >>> rows = kg.query(store, "publishers")
    >>> rows.columns
    ['publisher', 'name', 'resources', 'topics', 'nih']
    >>> kg.viz.render(store, "topic", topic="Genes and Gene Therapy", depth=1).title
    'Neighbourhood of Genes and Gene Therapy'

The stages' own packages (``kg.viz``, ``kg.analysis``, ``kg.server``, ``kg.remote``) are reached
from ``kg`` without importing them first; each is imported on first use.
"""

from __future__ import annotations

import importlib
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


#: The packages ``kg.<name>`` gives without an import of its own (imported on first use).
_LAZY_MODULES = ("viz", "analysis", "server", "remote")


def __getattr__(name: str) -> Any:
    """``kg.shacl`` is imported on first use: pySHACL takes longer to import than a build of one page.
    So are the :data:`_LAZY_MODULES` (pyvis, NetworkX, Starlette)."""
    if name == "validate":
        from kg.shacl import validate

        return validate
    if name in _LAZY_MODULES:
        return importlib.import_module(f"kg.{name}")
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
