"""kg: MedlinePlus health topics as an RDF knowledge graph.

The public API, for notebooks and other programs:

    >>> import kg
    >>> store = kg.load(["data"])          # build in memory from inputs (or load RDF files)
    >>> rows = kg.query(store, "publishers")
    >>> rows.columns
    ['publisher', 'name', 'resources', 'topics', 'nih']
    >>> kg.viz.render(store, "topic", topic="Genes and Gene Therapy", depth=1).title
    'Neighbourhood of Genes and Gene Therapy'

The stages' own packages (``kg.viz``, ``kg.analysis``, ``kg.server``, ``kg.outputs``) are reached
from ``kg`` without importing them first; each is imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.build import build
from kg.build import layout as _layout
from kg.errors import InputError, KgError, OutputError, QueryError, ValidationError
from kg.mapping.iris import DEFAULT_BASE
from kg.outputs.export import serialize
from kg.query import library
from kg.query.results import Table
from kg.query.run import query
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


def load(paths: Sequence[str | Path], base: str = DEFAULT_BASE, *, engine: str = "oxigraph") -> Store:
    """A store holding ``paths``: RDF files and build folders are loaded, MedlinePlus inputs are built
    in memory (see :func:`kg.build.layout.load`).

    Raises:
        InputError: a path is missing or malformed.
    """
    return _layout.load([Path(p) for p in paths], base, engine=engine)


#: The packages ``kg.<name>`` gives without an import of its own (imported on first use).
_LAZY_MODULES = ("viz", "analysis", "server", "outputs")


def __getattr__(name: str) -> Any:
    """``kg.rdf.shacl`` is imported on first use: pySHACL takes longer to import than a build of one page.
    So are the :data:`_LAZY_MODULES` (pyvis, NetworkX, Starlette)."""
    if name == "validate":
        from kg.rdf.shacl import validate

        return validate
    if name in _LAZY_MODULES:
        return importlib.import_module(f"kg.{name}")
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
