"""The two calls notebooks and other programs start with: load a graph, query it.

Example:
    >>> store = load(["data"])
    >>> query(store, "topics").values()[0]["title"]
    'A1C'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.query import NamedQuery, library, resolve
from kg.query.results import Table
from kg.store import Store

__all__ = ["load", "query"]


def load(paths: Sequence[str | Path]) -> Store:
    """A store holding ``paths``: RDF files and build folders are loaded, inputs are built.

    Raises:
        InputError: a path is missing or malformed.
    """
    return Store().load([Path(p) for p in paths])


def query(store: Store, name_or_sparql: str, **params: str) -> Table:
    """Run a named query (or a ``.rq`` file, or SPARQL text) on ``store``; SELECT rows as a :class:`Table`.

    Raises:
        QueryError: unknown name, missing parameter, or a query that does not parse.
    """
    if name_or_sparql in library() or name_or_sparql.endswith((".rq", ".sparql")):
        named = resolve(name_or_sparql)
    else:
        named = NamedQuery.from_text("ad-hoc", name_or_sparql)
    return store.with_ontology().select(named.render(params))
