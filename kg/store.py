"""The store: an embedded Oxigraph store of named graphs (data, ontology), queried as one.

Example:
    >>> from pathlib import Path
    >>> store = Store()
    >>> store.add_inputs([Path("data")])["topics"]
    12
    >>> store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg-medlineplus/vocab#Listing> }").rows
    [[rdflib.term.Literal('252', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]]
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg import sources
from kg.engines import ENGINES, QueryDataset, QueryResult, RdflibEngine, run_oxigraph
from kg.errors import InputError, MappingError, OutputError, QueryError
from kg.mapping.iris import DEFAULT_BASE, MESH, Iris
from kg.mapping.ntriples import lines, split_line
from kg.mapping.triples import Mapper
from kg.mapping.vocab import VOCAB
from kg.merge import merge
from kg.ontology import vocabulary_files
from kg.query.results import Table
from kg.turtle import TurtleWriter

__all__ = ["Store", "prefixes", "RDF_FORMATS", "QueryResult", "build_files"]

#: File suffixes read as RDF, and their Oxigraph formats (anything else is a MedlinePlus input).
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_DATA_KINDS = ("topic", "resource", "listing", "org", "section", "audience", "language", "group", "source")
#: The nodes `kg analyze` mints (kg.analysis.writeback).
_ANALYSIS_KINDS = ("community", "component", "similarity", "coverage", "sectioncount")
_CHUNK_LINES = 50_000


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The fixed prefix table every output uses: vocabularies, then one prefix per kind of node.

    Example:
        >>> prefixes("https://example.org/")["topic"]
        'https://example.org/topic/'
    """
    table = {
        "kg": VOCAB,
        "schema": str(SDO),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "prov": str(PROV),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "mesh": MESH,
    }
    table.update({kind: f"{base}{kind}/" for kind in (*_DATA_KINDS, *_ANALYSIS_KINDS)})
    return table


def build_files(folder: Path) -> list[tuple[Path, str]]:
    """The RDF files of a build folder and the named graph each goes into: ``graph.ttl`` (``data``)
    and ``analysis.ttl`` (``analysis``) when it was made after that ``graph.ttl`` (an analysis older
    than the graph describes another graph, and is left out).

    Example:
        >>> build_files(Path("nowhere"))
        []
    """
    graph, analysis = folder / "graph.ttl", folder / "analysis.ttl"
    try:
        made = graph.stat().st_mtime_ns
    except OSError:
        return []
    files = [(graph, "data")]
    with contextlib.suppress(OSError):
        if analysis.stat().st_mtime_ns >= made:
            files.append((analysis, "analysis"))
    return files


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
            (rdflib's pure-Python engine over a copy of the graphs; see :mod:`kg.engines`).
        ox_store: a pyoxigraph store to hold the graphs (default: a new in-memory one).

    Raises:
        QueryError: ``engine`` is not one of :data:`kg.engines.ENGINES`.
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
        """The on-disk Oxigraph store in folder ``path`` (see :mod:`kg.diskstore`), opened read-only.

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

    def add_lines(self, lines: Iterable[str], graph: str = "data") -> None:
        """Add N-Triples lines to the named graph ``graph`` (the data graph unless told).

        Raises:
            MappingError: a line is not valid N-Triples (kg minted something it should not have).
        """
        self.changed()
        for chunk in chunks(lines):
            try:
                self.ox.load(chunk, format=ox.RdfFormat.N_TRIPLES, to_graph=self.graph(graph))
            except SyntaxError as error:
                raise MappingError(f"kg made an invalid triple (please report it): {error.msg}") from None

    def add_inputs(self, paths: Iterable[Path]) -> Counter[str]:
        """Read, merge and map MedlinePlus inputs (files or folders) into the data graph; returns
        the mapper's counts (topics, resources, publishers … triples).

        Raises:
            InputError: an input is missing, unreadable or malformed.
        """
        topics, groups = merge(sources.read(paths))
        mapper = Mapper(self.base)
        self.add_lines(lines(t for batch in mapper.batches(topics, groups) for t in batch))
        return mapper.counts

    def add_rdf(self, path: Path, graph: str = "data") -> None:
        """Load an RDF file (format from its suffix) into the named graph ``graph``; a TriG or N-Quads
        file's named graphs keep their names (its default graph goes into ``graph``).

        Raises:
            InputError: the file cannot be read or parsed; names the line where the parser says.
        """
        self.changed()
        rdf_format = RDF_FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise InputError(path, None, "not an RDF file kg can read (" + ", ".join(RDF_FORMATS) + ")")
        try:
            if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
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

    def load(self, paths: Iterable[Path]) -> Store:
        """Load each path: RDF files are parsed, MedlinePlus inputs built; a directory holding a
        ``graph.ttl`` (a build's output folder) is that file, with its ``analysis.ttl`` (when there,
        and made after it: see :func:`build_files`) in the named graph ``analysis``; a folder of
        ``YYYY-MM-DD.ttl`` files (a build's ``releases/``) puts each release in the named graph
        ``release/<date>``. Returns ``self``.

        Raises:
            InputError: as :meth:`add_rdf` and :meth:`add_inputs`.
        """
        inputs: list[Path] = []
        for path in paths:
            releases = sorted(path.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].ttl")) if path.is_dir() else []
            if releases:  # a build's releases/ folder: each release in a named graph of its own
                for release in releases:
                    self.add_rdf(release, graph=f"release/{release.stem}")
            elif path.is_dir() and (path / "graph.ttl").is_file():
                for file, graph in build_files(path):
                    self.add_rdf(file, graph=graph)
            elif path.is_file() and path.suffix.lower() in RDF_FORMATS:
                self.add_rdf(path)
            else:
                inputs.append(path)
        if inputs:
            self.add_inputs(inputs)
        return self

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
        against ``base``; ``SERVICE`` is refused unless allow-listed (see :mod:`kg.engines`).

        Raises:
            QueryError: the query is too large, refused, does not parse or cannot be evaluated.
        """
        options = {"base": base, "dataset": dataset, "allow_service": allow_service}
        if self.engine == "rdflib":
            if self._rdflib is None:
                self._rdflib = RdflibEngine(self.ox)
            return self._rdflib.query(sparql, **options)  # type: ignore[arg-type]
        return run_oxigraph(self.ox, sparql, **options)  # type: ignore[arg-type]

    def triples(
        self, subject: str | None = None, predicate: str | None = None, obj: str | None = None
    ) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """The (subject, predicate, object) of every triple whose terms are the IRIs given (None
        matches anything), in any named graph, as Oxigraph's terms: one triple pattern without a
        query, the fastest read there is (kg.viz reads whole relations this way).

        Example:
            >>> from pathlib import Path
            >>> store = Store().load([Path("data/genesandgenetherapy.txt")])
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
