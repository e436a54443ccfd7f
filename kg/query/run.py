"""Running a query on a store as ``kg query`` and ``kg.query`` do: the named query's faster text when
the store's counts fit it, errors in words, and a parameter that matches nothing said as such.

Example:
    >>> import kg
    >>> store = kg.load(["data"])
    >>> query(store, "topics").values()[0]["title"]
    'A1C'
    >>> run(store, resolve("topics"), {}).columns[:2]
    ['topic', 'title']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.query import NamedQuery, library, resolve
from kg.query.fast import FAST, aggregates_agree, choose
from kg.query.matches import check_matches
from kg.query.results import Table
from kg.query.syntax import readable_error

if TYPE_CHECKING:
    from kg.store import QueryResult, Store

__all__ = ["query", "run", "named_or_text"]


def named_or_text(name_or_sparql: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or else SPARQL text (an ``ad-hoc`` query).

    Raises:
        QueryError: a ``.rq`` file that cannot be read.
    """
    if name_or_sparql in library() or name_or_sparql.endswith((".rq", ".sparql")):
        return resolve(name_or_sparql)
    return NamedQuery.from_text("ad-hoc", name_or_sparql)


def run(store: Store, named: NamedQuery, values: dict[str, str], *, source: str | None = None) -> QueryResult:
    """Run ``named`` with the parameter ``values`` on ``store`` (with its ontology): a named query of
    :data:`kg.query.fast.FAST` runs its faster text when the store's precomputed counts describe its
    data. ``source`` names the query file the text came from (its errors then name it).

    Raises:
        QueryError: a bad parameter; a query too large, refused or that does not parse (in words);
            or a parameter that names no topic (:func:`kg.query.matches.check_matches`).
    """
    text = named.render(values)
    store.with_ontology()
    if named.name in library() and named.name in FAST and named is library()[named.name]:
        named = choose(named, aggregates_agree(store))
        text = named.render(values)
    try:
        result = store.query(text)
    except QueryError as error:  # in words; a query file's error names the file
        words = QueryError(readable_error(str(error), text))
        raise (QueryError(f"{source}: {words}") if source and source not in library() else words) from None
    if isinstance(result, Table) and not result.cells():
        check_matches(named, values, store)
    return result


def query(store: Store, name_or_sparql: str, **params: str) -> Table:
    """Run a named query (or a ``.rq`` file, or SPARQL text) on ``store``; SELECT rows as a :class:`Table`.

    Raises:
        QueryError: unknown name, missing parameter, a query that does not parse, or not a SELECT query.
    """
    return store.with_ontology().select(named_or_text(name_or_sparql).render(params))
