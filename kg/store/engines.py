"""The SPARQL engines a :class:`kg.store.Store` can answer with: Oxigraph (kg's, fast) or rdflib's.

Both read the same Oxigraph store: rdflib's engine queries an in-memory ``rdflib.Dataset`` copied
from it (at the first query after a change), so every query can be checked against both.

Both follow the SPARQL 1.1 dataset rules the same way: a request's :class:`QueryDataset` (the
protocol's ``default-graph-uri`` and ``named-graph-uri``) wins; else the query's ``FROM`` and
``FROM NAMED`` name graphs of the store (nothing is read from a file or URL); else the default graph
is the union of every graph. Relative IRIs resolve against ``base``. Before parsing, every query is
vetted by :func:`kg.query.sparql.inspect` (size and nesting bounded) and a ``SERVICE`` is refused
unless its IRI starts with an ``allow_service`` prefix.

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

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError
from kg.query.results import OxigraphTable, Table, to_rdflib
from kg.query.sparql import Inspection, inspect, refuse_outside

__all__ = [
    "ENGINES",
    "DEFAULT_ENGINE",
    "QueryResult",
    "QueryDataset",
    "oxigraph_query",
    "run_oxigraph",
    "oxigraph_result",
    "failed",
    "RdflibEngine",
    "oxigraph_table",
]

#: The engines, by the name ``--engine`` takes.
ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"

QueryResult = Table | bool | Graph


def _message(error: BaseException) -> str:
    return " ".join(str(getattr(error, "msg", None) or error).split())


@dataclass(frozen=True)
class QueryDataset:
    """The dataset a request names (SPARQL 1.1 Protocol ``default-graph-uri``, ``named-graph-uri``):
    the graphs merged into the default graph, and the named graphs ``GRAPH`` may match."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def oxigraph_table(solutions: ox.QuerySolutions) -> Table:
    """The rows of an Oxigraph SELECT result, made rdflib terms when first read (see :class:`OxigraphTable`)."""
    columns = [variable.value for variable in solutions.variables]
    return OxigraphTable(columns, [list(solution) for solution in solutions])


def oxigraph_query(
    store: ox.Store,
    sparql: str,
    *,
    base: str | None = None,
    dataset: QueryDataset | None = None,
    allow_service: tuple[str, ...] = (),
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Oxigraph's lazy answer to ``sparql`` on ``store``, with the dataset rules of this module.

    Raises:
        QueryError: the query is too large, refused, does not parse or cannot be evaluated.
    """
    found = inspect(sparql, base=base)
    refuse_outside(found, allow_service)
    try:
        if dataset is not None:
            return store.query(sparql, base_iri=base, default_graph=[ox.NamedNode(g) for g in dataset.default],
                               named_graphs=[ox.NamedNode(g) for g in dataset.named])  # fmt: skip
        return store.query(sparql, base_iri=base, use_default_graph_as_union=not found.names_dataset)
    except SyntaxError as error:
        raise QueryError(f"bad SPARQL query: {_message(error)}") from None
    except (OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"the query failed: {_message(error)}") from None


def run_oxigraph(
    store: ox.Store,
    sparql: str,
    *,
    base: str | None = None,
    dataset: QueryDataset | None = None,
    allow_service: tuple[str, ...] = (),
) -> QueryResult:
    """Run ``sparql`` on ``store`` with Oxigraph (see :func:`oxigraph_query`).

    Raises:
        QueryError: the query is too large, refused, does not parse or cannot be evaluated.
    """
    return oxigraph_result(oxigraph_query(store, sparql, base=base, dataset=dataset, allow_service=allow_service))


def oxigraph_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """Oxigraph's lazy answer read whole: a :class:`Table` for SELECT, a bool for ASK, an rdflib Graph otherwise.

    Raises:
        QueryError: the query failed while its answer was read.
    """
    try:
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return oxigraph_table(result)
        graph = Graph(bind_namespaces="none")
        convert = lru_cache(maxsize=65_536)(to_rdflib)
        graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in result)  # type: ignore[arg-type]
        return graph
    except (OSError, RuntimeError, ValueError) as error:
        raise failed(error) from None


def failed(error: BaseException) -> QueryError:
    """Oxigraph's error while it read an answer, in words."""
    return QueryError(f"the query failed: {_message(error)}")


def _refuse_services(algebra: object, allow_service: tuple[str, ...]) -> None:
    """Refuse a query whose rdflib algebra calls a ``SERVICE`` not allow-listed (see :func:`refuse_outside`)."""
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    services: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(str(term) if isinstance(term, URIRef) else f"?{term}")

    traverse(algebra, visitPre=visit)
    refuse_outside(Inspection(services=tuple(services)), allow_service)


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

    def query(
        self,
        sparql: str,
        *,
        base: str | None = None,
        dataset: QueryDataset | None = None,
        allow_service: tuple[str, ...] = (),
    ) -> QueryResult:
        """Run ``sparql`` with rdflib: a :class:`Table` for SELECT, a bool for ASK, a Graph otherwise
        (with the dataset rules of this module: rdflib itself would read ``FROM <url>`` from the web).

        Raises:
            QueryError: the query is too large, refused, does not parse or cannot be evaluated.
        """
        from rdflib.plugins.sparql import prepareQuery

        refuse_outside(inspect(sparql, base=base), allow_service)
        try:
            prepared = prepareQuery(sparql, base=base)
            _refuse_services(prepared.algebra, allow_service)  # as rdflib parsed it, too
            clause = prepared.algebra.get("datasetClause") or []
            if dataset is None and clause:  # the FROM and FROM NAMED rdflib parsed, escapes and all
                dataset = QueryDataset(tuple(str(d.default) for d in clause if d.get("default") is not None),
                                       tuple(str(d.named) for d in clause if d.get("named") is not None))  # fmt: skip
            target = self.dataset
            if dataset is not None:
                prepared.algebra["datasetClause"] = None  # the graphs come from the store, below
                target = self._view(dataset)
            result = target.query(prepared)
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

    def _view(self, dataset: QueryDataset) -> Dataset:
        """A dataset of copies of the store's graphs: ``dataset.default`` merged, ``dataset.named`` by name."""
        view = Dataset(default_union=False)
        default = view.default_context
        for name in dataset.default:
            default.addN((s, p, o, default) for s, p, o in self.dataset.graph(URIRef(name)))
        for name in dataset.named:
            graph = view.graph(URIRef(name))
            graph.addN((s, p, o, graph) for s, p, o in self.dataset.graph(URIRef(name)))
        return view
