"""The SPARQL 1.1 Protocol's side of a query: content negotiation with q-values, and the answer
serialised in the chosen format with a cap on its rows.

SELECT and ASK results are offered as SPARQL JSON, XML, CSV and TSV; CONSTRUCT and DESCRIBE
graphs as Turtle (also served for N3), N-Triples, JSON-LD and RDF/XML. Oxigraph serialises them;
the rows stream through a writer that stops the query once the cap is passed, so a huge result is
cut short instead of filling memory. A ``format`` parameter naming one of the offered formats wins
over ``Accept``; one that names none (SPARQLWrapper sends ``format=xml`` with every query, and
``format=json-ld`` for a SELECT) leaves the choice to ``Accept``.

Example:
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_FORMATS).name
    'xml'
    >>> negotiate("text/*", GRAPH_FORMATS).media_type
    'text/turtle'
    >>> negotiate("image/png", RESULT_FORMATS) is None
    True
    >>> negotiate("application/rdf+xml", GRAPH_FORMATS, "xml").name, negotiate("text/csv", RESULT_FORMATS, "n3").name
    ('rdfxml', 'csv')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.mapping.prefixes import prefixes
from kg.query.results import Table
from kg.query.written import commas_intact
from kg.rdf.formats import FORMATS as RDF_FORMATS
from kg.rdf.formats import RdfFormat
from kg.rdf.ntriples import split_line
from kg.rdf.turtle import TurtleWriter
from kg.store import Store
from kg.store.engines import QueryDataset

__all__ = [
    "Format",
    "ResultFormat",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "FORMAT_NAMES",
    "Answer",
    "NotAcceptable",
    "parse_accept",
    "negotiate",
    "answer",
    "graph_answer",
]


@dataclass(frozen=True)
class ResultFormat:
    """A format the endpoint answers SELECT and ASK in: its short name (the ``format`` parameter), the
    media type it is served as, other media types a client may ask for it by, Oxigraph's format, its
    file suffix, and other short names the ``format`` parameter may give it."""

    name: str
    media_type: str
    aliases: tuple[str, ...]
    oxigraph: ox.QueryResultsFormat
    suffix: str
    names: tuple[str, ...] = ()

    def accepts(self, media_type: str) -> bool:
        return media_type == self.media_type or media_type in self.aliases


#: A format the endpoint answers in: SPARQL results, or RDF (:mod:`kg.rdf.formats`) for graphs.
Format = ResultFormat | RdfFormat


RESULT_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", ("application/json",), ox.QueryResultsFormat.JSON, ".srj",
           ("srj",)),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ox.QueryResultsFormat.XML,
           ".srx", ("srx",)),
    ResultFormat("csv", "text/csv", (), ox.QueryResultsFormat.CSV, ".csv"),
    ResultFormat("tsv", "text/tab-separated-values", (), ox.QueryResultsFormat.TSV, ".tsv"),
)  # fmt: skip
#: The RDF formats the endpoint answers CONSTRUCT and DESCRIBE (and the Graph Store's GET) in.
GRAPH_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if f.answers)
#: Every short name the ``format`` parameter takes (for a SELECT or ASK answer, then for a graph).
FORMAT_NAMES = {n: f.name for f in GRAPH_FORMATS for n in (f.name, *f.names)} | {
    n: f.name for f in RESULT_FORMATS for n in (f.name, *f.names)
}


#: Prefixes Turtle answers use beyond kg's own: the dataset and service descriptions' vocabularies.
EXTRA_PREFIXES = {
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "cc": "http://creativecommons.org/ns#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "formats": "http://www.w3.org/ns/formats/",
}


class NotAcceptable(QueryError):
    """The client accepts none of the formats the answer can be given in."""

    def __init__(self, offered: Sequence[Format]) -> None:
        self.offered = offered
        super().__init__("none of the accepted media types can be served; this answer is available as " + ", ".join(
            f.media_type for f in offered
        ))  # fmt: skip


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their q-values (1 when not given); a range
    with a malformed q-value counts as q=0.

    Example:
        >>> parse_accept("text/turtle;q=0.8, */*;q=0.1, application/ld+json")
        [('text/turtle', 0.8), ('*/*', 0.1), ('application/ld+json', 1.0)]
    """
    ranges = []
    for part in (header or "").split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        if not media_range:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def _quality(ranges: list[tuple[str, float]], offered: Format) -> float:
    """The q-value the most specific matching range gives ``offered`` (RFC 9110, section 12.5.1); an
    alias (``text/xml`` for SPARQL XML results) counts only when named exactly."""
    best_specificity, best_q = -1, 0.0
    for media_range, q in ranges:
        kind, _, _ = media_range.partition("/")
        for media_type in (offered.media_type, *offered.aliases):
            if media_range == media_type:
                specificity = 2
            elif media_range == f"{kind}/*" and media_type == offered.media_type and media_type.startswith(f"{kind}/"):
                specificity = 1  # a wildcard matches a format's own media type, not its aliases
            elif media_range == "*/*":
                specificity = 0
            else:
                continue
            if specificity > best_specificity or (specificity == best_specificity and q > best_q):
                best_specificity, best_q = specificity, q
    return best_q


def negotiate(accept: str | None, offered: Sequence[Format], requested: str | None = None) -> Format | None:
    """The format to answer in: the offered one the ``format`` parameter names (a short name or media
    type), else the offered format the ``Accept`` header rates highest (ties go to the first offered;
    no header means the first); ``None`` when nothing offered is acceptable."""
    if requested:
        wanted = requested.strip().lower()
        named = next((f for f in offered if wanted == f.name or wanted in f.names or f.accepts(wanted)), None)
        if named is not None:
            return named
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    rated = [(_quality(ranges, f), -index, f) for index, f in enumerate(offered)]
    q, _, best = max(rated, key=lambda item: item[:2])
    return best if q > 0 else None


@dataclass
class Answer:
    """A serialised answer: its media type, bytes, how many rows (or triples), and whether the cap cut it."""

    media_type: str
    body: bytes
    rows: int | None = None
    truncated: bool = False


class _Full(Exception):
    """Raised into Oxigraph's serialiser to stop a query once enough rows are written."""


class _CappedBuffer:
    """A binary sink keeping the first ``lines`` lines written to it, then stopping the writer."""

    def __init__(self, lines: int) -> None:
        self.limit = lines
        self.lines = 0
        self.parts: list[bytes] = []
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:
            return len(data)
        count = data.count(b"\n")
        if self.lines + count > self.limit:
            end = -1
            for _ in range(self.limit - self.lines):
                end = data.index(b"\n", end + 1)
            self.parts.append(bytes(data[: end + 1]))
            self.lines = self.limit
            self.full = True
            raise _Full
        self.parts.append(bytes(data))
        self.lines += count
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def _capped(write: object, lines: int) -> tuple[bytes, bool]:
    """Run ``write(sink)`` into a sink of at most ``lines`` lines: its bytes, and whether it was cut."""
    sink = _CappedBuffer(lines)
    try:
        write(sink)  # type: ignore[operator]
    except _Full:
        pass
    except (OSError, RuntimeError) as error:
        if not sink.full:
            raise QueryError(f"the query failed: {' '.join(str(error).split())}") from None
    return sink.value(), sink.full


def answer(
    store: Store,
    sparql: str,
    *,
    accept: str | None = None,
    fmt: str | None = None,
    cap: int,
    base: str | None = None,
    dataset: QueryDataset | None = None,
    allow_service: tuple[str, ...] = (),
) -> Answer:
    """Run ``sparql`` on ``store`` (with the store's engine, ``base``, ``dataset`` and ``allow_service``
    as :meth:`kg.store.Store.query` takes them) and serialise the answer in the negotiated format,
    keeping at most ``cap`` rows (SELECT) or triples (CONSTRUCT, DESCRIBE).

    Raises:
        QueryError: the query is refused, too large, does not parse or fails.
        NotAcceptable: no acceptable format for this kind of answer.
    """
    result = _execute(store, sparql, base=base, dataset=dataset, allow_service=allow_service)
    if isinstance(result, ox.QueryBoolean):
        chosen = _choose(accept, fmt, RESULT_FORMATS)
        return Answer(chosen.media_type, result.serialize(format=chosen.oxigraph) or b"")  # type: ignore[arg-type]
    if isinstance(result, ox.QuerySolutions):
        chosen = _choose(accept, fmt, RESULT_FORMATS)
        tsv, truncated = _capped(lambda sink: result.serialize(sink, format=ox.QueryResultsFormat.TSV), cap + 1)
        rows = max(tsv.count(b"\n") - 1, 0)
        if chosen.name == "tsv":
            return Answer(chosen.media_type, tsv, rows, truncated)
        parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        body = parsed.serialize(format=chosen.oxigraph) or b""  # type: ignore[union-attr, arg-type]
        if chosen.name == "csv" and not commas_intact(body, len(parsed.variables), rows + 1):  # type: ignore[union-attr]
            body = _quoted_csv(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))  # type: ignore[arg-type]
        return Answer(chosen.media_type, body, rows, truncated)
    chosen = _choose(accept, fmt, GRAPH_FORMATS)
    nt, truncated = _capped(lambda sink: ox.serialize(result, sink, format=ox.RdfFormat.N_TRIPLES), cap)
    return graph_answer(nt, chosen, store.base, truncated)


def _quoted_csv(solutions: ox.QuerySolutions) -> bytes:
    """SPARQL CSV of ``solutions`` with every field quoted where RFC 4180 needs it (IRIs with commas too).

    Example:
        >>> tsv = b'?a\\t?b\\n<https://e.org/a,b>\\t"x"@en\\n'
        >>> _quoted_csv(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))
        b'a,b\\r\\n"https://e.org/a,b",x\\r\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variable.value for variable in solutions.variables)
    for solution in solutions:
        writer.writerow(
            "" if term is None else f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value
            for term in solution
        )
    return out.getvalue().encode("utf-8")


def graph_answer(ntriples: bytes, chosen: Format, base: str, truncated: bool = False) -> Answer:
    """N-Triples lines as an :class:`Answer` in the graph format ``chosen`` (Turtle sorted, with kg's prefixes)."""
    rows = ntriples.count(b"\n")
    if chosen.name == "nt":
        return Answer(chosen.media_type, ntriples, rows, truncated)
    if chosen.name == "turtle":
        out = io.BytesIO()
        # split on b"\n" only: a literal may hold U+2028, U+2029 or U+0085, which str.splitlines breaks at
        lines = sorted({line + b"\n" for line in ntriples.split(b"\n") if line.strip()})
        TurtleWriter(out, {**prefixes(base), **EXTRA_PREFIXES}).write(
            [split_line(line.decode("utf-8")) for line in lines]
        )
        return Answer(chosen.media_type, out.getvalue(), rows, truncated)
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return Answer(chosen.media_type, ox.serialize(triples, format=chosen.oxigraph) or b"", rows, truncated)  # type: ignore[arg-type]


def _choose(accept: str | None, fmt: str | None, offered: Sequence[Format]) -> Format:
    chosen = negotiate(accept, offered, fmt)
    if chosen is None:
        raise NotAcceptable(offered)
    return chosen


def _execute(
    store: Store, sparql: str, **options: object
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]:
    """The raw answer: Oxigraph's lazy result (with kg's engine), or rdflib's converted to Oxigraph terms."""
    if store.engine == "oxigraph":
        return store.raw_query(sparql, **options)
    result = store.query(sparql, **options)  # type: ignore[arg-type]
    if isinstance(result, bool):
        document = b'{"head":{},"boolean":%s}' % (b"true" if result else b"false")
        return ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)  # type: ignore[return-value]
    if isinstance(result, Table):
        lines = ["\t".join(f"?{c}" for c in result.columns)]
        lines += ["\t".join("" if t is None else str(_to_oxigraph(t)) for t in row) for row in result.rows]
        return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), format=ox.QueryResultsFormat.TSV)  # type: ignore[return-value]
    assert isinstance(result, Graph)
    return [ox.Triple(*(_to_oxigraph(t) for t in triple)) for triple in result]  # type: ignore[arg-type, misc]


def _to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
