"""Running a query on a store as ``kg query`` and ``kg.query`` do: the named query's faster text when
the store's counts fit it, errors in words, and a parameter that matches nothing said as such.

Example:
    >>> import kg
    >>> store = kg.load(["data"])
    >>> query(store, "topics").values()[0]["title"]
    'A1C'
    >>> run(store, resolve("topics"), {}).columns[:2]
    ['topic', 'title']
    >>> run_written(store, resolve("topics"), {}, "csv").data.decode().splitlines()[0]
    'topic,title,url,language,resources'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query import NamedQuery, library, resolve
from kg.query.fast import FAST, aggregates_agree, choose
from kg.query.matches import check_matches
from kg.query.results import Table
from kg.query.syntax import readable_error
from kg.query.written import FORMATS, Written, written
from kg.store.engines import failed, oxigraph_result

if TYPE_CHECKING:
    from kg.store import QueryResult, Store

__all__ = ["query", "run", "run_written", "named_or_text"]


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
    named, text = _chosen(store, named, values)
    with _in_words(text, source):
        result = store.query(text)
    if isinstance(result, Table) and not result.cells():
        check_matches(named, values, store)
    return result


def run_written(
    store: Store, named: NamedQuery, values: dict[str, str], fmt: str, *, source: str | None = None
) -> Written | QueryResult:
    """As :func:`run`, but a SELECT that Oxigraph answers comes back written in ``fmt`` (one of
    :data:`kg.query.written.FORMATS`) by Oxigraph's serialiser, as kg's renderer would write it
    (:func:`kg.query.written.written`), without a Python term per cell; where those bytes would
    differ, the query runs again through :func:`run` (its rows then written by :class:`Table`).

    Raises:
        QueryError: as :func:`run`.
    """
    if store.engine != "oxigraph" or fmt not in FORMATS:
        return run(store, named, values, source=source)
    chosen, text = _chosen(store, named, values)
    with _in_words(text, source):
        result = store.raw_query(text)
        if not isinstance(result, ox.QuerySolutions):
            return oxigraph_result(result)
        try:
            found = written(result, fmt)
        except (OSError, RuntimeError, ValueError) as error:
            raise failed(error) from None
    if found is None:
        return run(store, named, values, source=source)
    if not found.rows:
        check_matches(chosen, values, store)
    return found


def _chosen(store: Store, named: NamedQuery, values: dict[str, str]) -> tuple[NamedQuery, str]:
    """The query run for ``named`` on ``store`` (with its ontology), and its text with ``values``."""
    text = named.render(values)
    store.with_ontology()
    if named.name in library() and named.name in FAST and named is library()[named.name]:
        named = choose(named, aggregates_agree(store))
        text = named.render(values)
    return named, text


@contextmanager
def _in_words(text: str, source: str | None) -> Iterator[None]:
    """Raise a query's error in words; a query file's error names the file."""
    try:
        yield
    except QueryError as error:
        words = QueryError(readable_error(str(error), text))
        raise (QueryError(f"{source}: {words}") if source and source not in library() else words) from None


def query(store: Store, name_or_sparql: str, **params: str) -> Table:
    """Run a named query (or a ``.rq`` file, or SPARQL text) on ``store``; SELECT rows as a :class:`Table`.

    Raises:
        QueryError: unknown name, missing parameter, a query that does not parse, or not a SELECT query.
    """
    return store.with_ontology().select(named_or_text(name_or_sparql).render(params))
