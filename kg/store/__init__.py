"""The store: an embedded Oxigraph store of named graphs (data, ontology), queried as one.

The store holds RDF: it reads RDF files and N-Triples lines, never MedlinePlus inputs (the build
maps those: :func:`kg.build.layout.load`).

Example:
    >>> from pathlib import Path
    >>> store = Store()
    >>> store.add_rdf(Path("tests/golden/genesandgenetherapy.ttl"))
    >>> store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg-medlineplus/vocab#Listing> }").rows
    [[rdflib.term.Literal('40', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]]
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputError, MappingError, OutputError, QueryError
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.mapping.prefixes import prefixes
from kg.ontology import vocabulary_files
from kg.query.results import Table
from kg.rdf.formats import SUFFIXES, by_suffix
from kg.rdf.ntriples import split_line
from kg.rdf.turtle import TurtleWriter
from kg.store.engines import ENGINES, QueryDataset, QueryResult, RdflibEngine, oxigraph_query, run_oxigraph

__all__ = ["Store", "QueryResult", "disk", "remote"]

_CHUNK_LINES = 50_000


def chunks(lines: Iterable[str], size: int = _CHUNK_LINES) -> Iterator[bytes]:
    """N-Triples ``lines`` joined into UTF-8 chunks of ``size`` lines."""
    iterator = iter(lines)
    while chunk := list(islice(iterator, size)):
        yield "".join(chunk).encode("utf-8")


class Store:
    """An Oxigraph store (in memory, or on disk via :meth:`open`): the data graph ``graph/data`` and,
    for queries, ``graph/ontology``.

    Parameters:
        base: the base IRI of the data (see :class:`kg.mapping.iris.Iris`).
        engine: the SPARQL engine :meth:`query` uses: ``"oxigraph"`` (kg's, fast) or ``"rdflib"``
            (rdflib's pure-Python engine over a copy of the graphs; see :mod:`kg.store.engines`).
        ox_store: a pyoxigraph store to hold the graphs (default: a new in-memory one).

    Raises:
        QueryError: ``engine`` is not one of :data:`kg.store.engines.ENGINES`.
    """

    def __init__(self, base: str = DEFAULT_BASE, *, engine: str = "oxigraph", ox_store: ox.Store | None = None) -> None:
        if engine not in ENGINES:
            raise QueryError(f"no SPARQL engine {engine!r} (kg has: {', '.join(ENGINES)})")
        self.base = base
        self.iris = Iris(base)
        self.engine = engine
        self.ox = ox.Store() if ox_store is None else ox_store
        self.data_graph = self.graph("data")
        self.ontology_graph = self.graph("ontology")
        self._rdflib: RdflibEngine | None = None  # rdflib's copy of the graphs; None after a change

    @classmethod
    def open(cls, path: Path, base: str = DEFAULT_BASE, *, engine: str = "oxigraph") -> Store:
        """The on-disk Oxigraph store in folder ``path`` (see :mod:`kg.store.disk`), opened read-only.

        Raises:
            OutputError: the folder holds no store kg can open.
        """
        try:
            return cls(base, engine=engine, ox_store=ox.Store.read_only(str(path)))
        except OSError as error:
            raise OutputError(f"{path}: cannot open the store: {error}") from None

    def changed(self) -> None:
        """Note that the graphs changed (done by every method that adds or removes triples): rdflib's
        engine then copies them again before its next query. Call it after changing ``store.ox`` directly."""
        self._rdflib = None

    # ---------------------------------------------------------------- loading

    def graph(self, name: str) -> ox.NamedNode:
        """The named graph ``name`` of this store (``data``, ``ontology``, ``analysis`` …)."""
        return ox.NamedNode(self.iris.graph(name))

    def clear_graph(self, name: str) -> None:
        """Remove every triple of the named graph ``name``."""
        self.changed()
        self.ox.clear_graph(self.graph(name))

    def add_lines(self, lines: Iterable[str], graph: str = "data", *, bulk: bool = False) -> None:
        """Add N-Triples lines to the named graph ``graph`` (the data graph unless told); with ``bulk``,
        through Oxigraph's bulk loader, which releases Python's lock while it parses and indexes (another
        thread may run beside it, not on this store) and is not one transaction.

        Raises:
            MappingError: a line is not valid N-Triples (kg minted something it should not have).
        """
        self.changed()
        load = self.ox.bulk_load if bulk else self.ox.load
        for chunk in chunks(lines):  # a text of every line at once would be 70 MB more at 2,000 topics
            try:
                load(chunk, format=ox.RdfFormat.N_TRIPLES, to_graph=self.graph(graph))
            except SyntaxError as error:
                raise MappingError(f"kg made an invalid triple (please report it): {error.msg}") from None

    def add_rdf(self, path: Path, graph: str = "data") -> None:
        """Load an RDF file (format from its suffix) into the named graph ``graph``; a TriG or N-Quads
        file's named graphs keep their names (its default graph goes into ``graph``).

        Raises:
            InputError: the file cannot be read or parsed; names the line where the parser says.
        """
        self.changed()
        found = by_suffix(path.suffix)
        if found is None:
            raise InputError(path, None, "not an RDF file kg can read (" + ", ".join(SUFFIXES) + ")")
        rdf_format = found.oxigraph
        try:
            if found.quads:
                quads = ox.parse(path=path, format=rdf_format)  # named graphs kept; the default one is `graph`
                target = self.graph(graph)
                default = ox.DefaultGraph()
                self.ox.extend(ox.Quad(q.subject, q.predicate, q.object, target) if q.graph_name == default else q
                               for q in quads)  # fmt: skip
            else:
                self.ox.load(path=path, format=rdf_format, to_graph=self.graph(graph))
        except OSError as error:
            raise InputError(path, None, f"cannot read: {error.strerror or error}") from None
        except SyntaxError as error:
            message = str(error.msg).split(": ", 1)[-1] if error.msg else str(error)
            raise InputError(path, error.lineno, f"not valid {rdf_format.name}: {message}") from None

    def with_ontology(self) -> Store:
        """Add the ontology (kg's vocabulary and the analysis's) as its own named graph, so queries may
        use class and property labels; returns ``self``."""
        if not any(True for _ in self.ox.quads_for_pattern(None, None, None, self.ontology_graph)):
            self.changed()
            for path in vocabulary_files():
                self.ox.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=self.ontology_graph)
        return self

    # ---------------------------------------------------------------- reading

    def __len__(self) -> int:
        """The number of triples in the data graph."""
        solutions = self.ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.data_graph.value}> {{ ?s ?p ?o }} }}")
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(solutions)["n"].value)

    def query(
        self,
        sparql: str,
        *,
        base: str | None = None,
        dataset: QueryDataset | None = None,
        allow_service: tuple[str, ...] = (),
    ) -> QueryResult:
        """Run a SPARQL query: a :class:`Table` for SELECT, a bool for ASK, an rdflib Graph for
        CONSTRUCT and DESCRIBE; with the store's engine (Oxigraph, or rdflib's own SPARQL engine
        when the store was made with ``engine="rdflib"``). The default graph is the union of all
        graphs unless ``dataset`` or the query's ``FROM`` names graphs; relative IRIs resolve
        against ``base``; ``SERVICE`` is refused unless allow-listed (see :mod:`kg.store.engines`).

        Raises:
            QueryError: the query is too large, refused, does not parse or cannot be evaluated.
        """
        options = {"base": base, "dataset": dataset, "allow_service": allow_service}
        if self.engine == "rdflib":
            if self._rdflib is None:
                self._rdflib = RdflibEngine(self.ox)
            return self._rdflib.query(sparql, **options)  # type: ignore[arg-type]
        return run_oxigraph(self.ox, sparql, **options)  # type: ignore[arg-type]

    def solutions(self, sparql: str, *, union: bool = True) -> ox.QuerySolutions:
        """The solutions of a SELECT query as Oxigraph's own lazy terms, with the default graph the
        union of all graphs (``union``) or the store's default graph: the fastest way to read many
        rows (no table of rdflib terms is made). Oxigraph's engine whatever the store's, no vetting:
        for kg's own queries, not users'.

        Raises:
            QueryError: the query does not parse, or is not a SELECT query.
        """
        try:
            result = self.ox.query(sparql, use_default_graph_as_union=union)
        except SyntaxError as error:
            raise QueryError(f"bad SPARQL query: {error}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return result

    def tsv(self, sparql: str) -> tuple[list[str], list[list[str]]]:
        """The variables and rows of a SELECT over the union of all graphs as SPARQL TSV cells (terms in
        N-Triples syntax, numbers bare), written by Oxigraph without holding Python's lock: the cheapest
        way to read many rows, and another thread runs beside it. For kg's own queries (see :meth:`solutions`).

        Example:
            >>> Store().tsv("SELECT ?x ?n WHERE { VALUES (?x ?n) { (<https://e.org/a> 1) } }")
            (['x', 'n'], [['<https://e.org/a>', '1']])

        Raises:
            QueryError: the query does not parse, or is not a SELECT query.
        """
        data = self.solutions(sparql).serialize(format=ox.QueryResultsFormat.TSV) or b""
        head, *rows = data.decode("utf-8").split("\n")
        return [name.lstrip("?") for name in head.split("\t")], [row.split("\t") for row in rows if row]

    def raw_query(self, sparql: str, **options: object) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """A user's query, vetted and run as :meth:`query` runs it with Oxigraph, but answered as
        Oxigraph's lazy result (the endpoint serialises it with Oxigraph's writers).

        Raises:
            QueryError: as :meth:`query`.
        """
        return oxigraph_query(self.ox, sparql, **options)  # type: ignore[arg-type]

    def update(self, sparql: str, *, base: str | None = None) -> None:
        """Apply a SPARQL update (already vetted by the caller: see :mod:`kg.query.sparql`).

        Raises:
            SyntaxError: the update does not parse.
        """
        self.ox.update(sparql, base_iri=base)
        self.changed()

    def triples(
        self, subject: str | None = None, predicate: str | None = None, obj: str | None = None
    ) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """The (subject, predicate, object) of every triple whose terms are the IRIs given (None
        matches anything), in any named graph, as Oxigraph's terms: one triple pattern without a
        query, the fastest read there is (kg.viz reads whole relations this way).

        Example:
            >>> from pathlib import Path
            >>> import kg
            >>> store = kg.load([Path("data/genesandgenetherapy.txt")])
            >>> len(list(store.triples(predicate="https://w3id.org/kg-medlineplus/vocab#hasResource")))
            40
        """
        terms = [None if term is None else ox.NamedNode(term) for term in (subject, predicate, obj)]
        for quad in self.ox.quads_for_pattern(terms[0], terms[1], terms[2], None):
            yield quad.subject, quad.predicate, quad.object  # type: ignore[misc]  # kg writes no RDF-star

    def select(self, sparql: str) -> Table:
        """Run a SELECT query (see :meth:`query`).

        Raises:
            QueryError: the query does not parse, fails, or is not a SELECT query.
        """
        result = self.query(sparql)
        if not isinstance(result, Table):
            raise QueryError("expected a SELECT query")
        return result

    def dump(self, rdf_format: ox.RdfFormat, *, sort: bool = True, graph: str = "data") -> bytes:
        """The named graph ``graph`` in ``rdf_format`` with kg's prefixes, its triples in sorted
        order when ``sort`` is true (so the same graph always gives the same bytes)."""
        ntriples = self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=self.graph(graph)) or b""
        if rdf_format == ox.RdfFormat.N_TRIPLES and not sort:
            return ntriples
        rows = ntriples.splitlines(keepends=True)
        if sort:
            rows.sort()
        if rdf_format == ox.RdfFormat.N_TRIPLES:
            return b"".join(rows)
        if rdf_format == ox.RdfFormat.TURTLE:
            out = io.BytesIO()
            writer = TurtleWriter(out, prefixes(self.base))
            for batch in _subject_batches(rows):
                writer.write(batch)
            return out.getvalue()
        triples = (t for chunk in _byte_chunks(rows) for t in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES))
        if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            triples = (ox.Quad(t.subject, t.predicate, t.object, self.graph(graph)) for t in triples)
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes(self.base)) or b""

    def data(self, graph: str = "data") -> Graph:
        """The named graph ``graph`` as an ``rdflib.Graph`` with kg's prefixes bound, triples sorted."""
        result = Graph(store="SimpleMemory", bind_namespaces="none")
        for prefix, namespace in prefixes(self.base).items():
            result.bind(prefix, namespace, override=True, replace=True)
        result.parse(data=self.dump(ox.RdfFormat.N_TRIPLES, graph=graph), format="nt")
        return result


def _subject_batches(rows: list[bytes], size: int = _CHUNK_LINES) -> Iterator[list[tuple[str, str, str]]]:
    """N-Triples ``rows`` (grouped by subject) as parsed triples, about ``size`` at a time, each
    subject's in one batch: the Turtle is the same bytes as from one batch, without holding every
    triple parsed at once."""
    batch: list[tuple[str, str, str]] = []
    for row in rows:
        triple = split_line(row.decode("utf-8"))
        if len(batch) >= size and triple[0] != batch[-1][0]:
            yield batch
            batch = []
        batch.append(triple)
    if batch:
        yield batch


def _byte_chunks(lines: list[bytes], size: int = _CHUNK_LINES) -> Iterator[bytes]:
    for start in range(0, len(lines), size):
        yield b"".join(lines[start : start + size])


def __getattr__(name: str) -> object:
    """The on-disk and remote stores (:mod:`kg.store.disk`, :mod:`kg.store.remote`), imported on first
    use (the remote one needs httpx)."""
    if name in ("disk", "remote"):
        import importlib

        return importlib.import_module(f"kg.store.{name}")
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
