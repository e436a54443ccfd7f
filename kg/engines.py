"""The SPARQL engines a :class:`kg.store.Store` can answer with: Oxigraph (kg's, fast) or rdflib's.

Both read the same Oxigraph store: rdflib's engine queries an in-memory ``rdflib.Dataset`` copied
from it (at the first query after a change), so every query can be checked against both.

Example:
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("1"),
    ...                   ox.NamedNode("https://e.org/g")))
    >>> run_oxigraph(store, "SELECT ?o WHERE { ?s ?p ?o }").values()
    [{'o': '1'}]
    >>> RdflibEngine(store).query("ASK { ?s <https://e.org/p> ?o }")
    True
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError
from kg.query.results import OxigraphTable, Table, to_rdflib

__all__ = ["ENGINES", "DEFAULT_ENGINE", "QueryResult", "run_oxigraph", "RdflibEngine", "oxigraph_table"]

#: The engines, by the name ``--engine`` takes.
ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"

QueryResult = Table | bool | Graph


def _message(error: BaseException) -> str:
    return " ".join(str(getattr(error, "msg", None) or error).split())


def oxigraph_table(solutions: ox.QuerySolutions) -> Table:
    """The rows of an Oxigraph SELECT result, made rdflib terms when first read (see :class:`OxigraphTable`)."""
    columns = [variable.value for variable in solutions.variables]
    return OxigraphTable(columns, [list(solution) for solution in solutions])


def run_oxigraph(store: ox.Store, sparql: str) -> QueryResult:
    """Run ``sparql`` on ``store`` with Oxigraph, its default graph the union of all graphs.

    Raises:
        QueryError: the query does not parse or cannot be evaluated.
    """
    try:
        result = store.query(sparql, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return oxigraph_table(result)
        graph = Graph(bind_namespaces="none")
        convert = lru_cache(maxsize=65_536)(to_rdflib)
        graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in result)  # type: ignore[arg-type]
        return graph
    except SyntaxError as error:
        raise QueryError(f"bad SPARQL query: {_message(error)}") from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"the query failed: {_message(error)}") from None


class RdflibEngine:
    """rdflib's pure-Python SPARQL engine over an in-memory copy of an Oxigraph store's graphs.

    The copy is an ``rdflib.Dataset`` whose default graph is the union of the named graphs, as in
    kg's own engine.
    """

    def __init__(self, store: ox.Store) -> None:
        self.dataset = Dataset(default_union=True)
        convert = lru_cache(maxsize=262_144)(to_rdflib)
        for name in sorted(store.named_graphs(), key=str):
            graph = self.dataset.graph(URIRef(name.value))
            quads = store.quads_for_pattern(None, None, None, name)
            graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)  # type: ignore[arg-type]

    def query(self, sparql: str) -> QueryResult:
        """Run ``sparql`` with rdflib: a :class:`Table` for SELECT, a bool for ASK, a Graph otherwise.

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
        """
        try:
            result = self.dataset.query(sparql)
            if result.type == "ASK":
                return bool(result.askAnswer)
            if result.type == "SELECT":
                return Table.from_result(result)
            graph = Graph(bind_namespaces="none")
            graph.addN((s, p, o, graph) for s, p, o in result)  # type: ignore[misc]
            return graph
        except QueryError:
            raise
        except Exception as error:  # rdflib raises pyparsing's and its own errors, with no common base
            kind = "bad SPARQL query" if type(error).__name__ == "ParseException" else "the query failed"
            raise QueryError(f"{kind}: {_message(error)}") from None
