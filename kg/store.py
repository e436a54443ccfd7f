"""The store: named graphs in one rdflib Dataset (data per source file, the ontology), queried as one.

Example:
    >>> from pathlib import Path
    >>> store = Store()
    >>> store.add_inputs([Path("data")])
    1
    >>> len(store.data()) > 600
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, NamespaceManager
from rdflib.query import Result
from rdflib.util import guess_format

from kg import sources
from kg.errors import InputError, QueryError
from kg.mapping.iris import DEFAULT_BASE
from kg.mapping.triples import Mapper
from kg.mapping.vocab import VOCAB
from kg.ontology import ontology_graph

__all__ = ["Store", "prefixes", "RDF_SUFFIXES"]

#: File suffixes read as RDF (anything else is read as a MedlinePlus input and built).
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".nq": "nquads",
}

_DATA_KINDS = ("topic", "resource", "listing", "org", "section", "audience", "language", "source")


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
    }
    table.update({kind: f"{base}{kind}/" for kind in _DATA_KINDS})
    return table


def _bind(manager: NamespaceManager, base: str) -> None:
    for prefix, namespace in prefixes(base).items():
        manager.bind(prefix, namespace, override=True, replace=True)


def _syntax_error(error: Exception, rdf_format: str) -> tuple[int | None, str]:
    """The line (1-based, where the parser says) and a one-line message for a parser's error."""
    if hasattr(error, "lines") and hasattr(error, "_why"):  # rdflib's Turtle/N3 BadSyntax
        return int(error.lines) + 1, f"not valid {rdf_format}: {error._why}"
    if hasattr(error, "getLineNumber"):  # the XML parser's SAXParseException
        return int(error.getLineNumber()), f"not valid {rdf_format}: {error.getMessage()}"
    line = getattr(error, "line", None) or getattr(error, "lineno", None)
    return (int(line) if isinstance(line, int) else None), f"not valid {rdf_format}: {' '.join(str(error).split())}"


class Store:
    """Named graphs in memory: one data graph per source file, plus the ontology for queries.

    Parameters:
        base: the base IRI of the data (see :class:`kg.mapping.iris.Iris`).
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base
        self.mapper = Mapper(base)
        self.dataset = Dataset(default_union=True)
        _bind(self.dataset.namespace_manager, base)
        self._data_graphs: dict[URIRef, Graph] = {}

    def _data_graph(self, name: str) -> Graph:
        iri = URIRef(f"{self.base}graph/{name}")
        if iri not in self._data_graphs:
            self._data_graphs[iri] = self.dataset.graph(iri)
        return self._data_graphs[iri]

    def add_inputs(self, paths: Iterable[Path]) -> int:
        """Read MedlinePlus inputs (files or directories) into data graphs; returns the topic count.

        Raises:
            InputError: an input is missing, unreadable or malformed.
        """
        count = 0
        for topic in sources.read(paths):
            graph = self._data_graph(f"source/{topic.source.sha256[:20]}")
            graph.addN((s, p, o, graph) for s, p, o in self.mapper.topic_triples(topic))
            count += 1
        return count

    def add_rdf(self, path: Path) -> None:
        """Load an RDF file (format from its suffix) into the data graph ``graph/loaded``.

        Raises:
            InputError: the file cannot be read or parsed.
        """
        rdf_format = RDF_SUFFIXES.get(path.suffix.lower()) or guess_format(str(path))
        if rdf_format is None:
            raise InputError(path, None, "not an RDF file kg can read")
        graph = self._data_graph("loaded")
        try:
            if rdf_format in ("trig", "nquads"):
                scratch = Dataset()
                scratch.parse(path, format=rdf_format)
                graph.addN((s, p, o, graph) for s, p, o, _ in scratch.quads())
            else:
                graph.parse(path, format=rdf_format)
        except OSError as error:
            raise InputError(path, None, f"cannot read: {error.strerror}") from None
        except Exception as error:  # rdflib's parsers raise many types; all mean "bad syntax"
            raise InputError(path, *_syntax_error(error, rdf_format)) from None

    def load(self, paths: Iterable[Path]) -> Store:
        """Load each path: RDF files are parsed, MedlinePlus inputs built; a directory holding a
        ``graph.ttl`` (a build's output folder) is that file. Returns ``self``.

        Raises:
            InputError: as :meth:`add_rdf` and :meth:`add_inputs`.
        """
        for path in paths:
            if path.is_dir() and (path / "graph.ttl").is_file():
                self.add_rdf(path / "graph.ttl")
            elif path.is_file() and path.suffix.lower() in RDF_SUFFIXES:
                self.add_rdf(path)
            else:
                self.add_inputs([path])
        return self

    def data(self) -> Graph:
        """The union of the data graphs, as one graph with kg's prefixes bound.

        Triples go in sorted, so serialisers that follow insertion order give the same bytes.
        """
        union = Graph(store="SimpleMemory", bind_namespaces="none")
        _bind(union.namespace_manager, self.base)
        triples = {triple for graph in self._data_graphs.values() for triple in graph}
        for triple in sorted(triples):
            union.add(triple)
        return union

    def graphs(self) -> dict[URIRef, Graph]:
        """The data graphs by IRI."""
        return dict(self._data_graphs)

    def with_ontology(self) -> Store:
        """Add the ontology as its own named graph (queries may then use class labels); returns ``self``."""
        graph = self.dataset.graph(URIRef(f"{self.base}graph/ontology"))
        if not len(graph):
            graph += ontology_graph()
        return self

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query over the union of all graphs.

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
        """
        try:
            return self.dataset.query(sparql)
        except Exception as error:  # pyparsing and rdflib raise several types for a bad query
            raise QueryError(f"bad SPARQL query: {' '.join(str(error).split())}") from None
