"""N-Triples terms as text: the mapping writes lines, which Oxigraph's parsers then read.

Writing terms directly is what keeps a 700,000-triple build to a few seconds: creating an
rdflib or pyoxigraph term object per position costs more than the rest of the build. Whatever
is loaded into a store still goes through Oxigraph's N-Triples parser, which rejects anything
malformed, and the tests parse every output kg writes.

Example:
    >>> iri("https://example.org/a b")
    '<https://example.org/a%20b>'
    >>> literal('say "hi"\\n', lang="en")
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> literal("2020-03-24", datatype="http://www.w3.org/2001/XMLSchema#date")
    '"2020-03-24"^^<http://www.w3.org/2001/XMLSchema#date>'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from rdflib.namespace import XSD

from kg.mapping.iris import language_tag, safe_iri

__all__ = [
    "split_line",
    "iri",
    "minted",
    "url",
    "literal",
    "boolean",
    "integer",
    "xsd_date",
    "xsd_datetime",
    "triple",
    "lines",
]

_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_LITERAL_UNSAFE = re.compile(r'[\\"\n\r]')

_BOOLEAN = f"<{XSD.boolean}>"
_INTEGER = f"<{XSD.integer}>"
_DATE = f"<{XSD.date}>"
_DATETIME = f"<{XSD.dateTime}>"


def iri(value: str) -> str:
    """``value`` as an N-Triples IRI, repaired as :func:`kg.mapping.iris.safe_iri` repairs it.

    Raises:
        ValueError: ``value`` cannot be made a valid IRI.
    """
    return f"<{safe_iri(value)}>"


def minted(value: str) -> str:
    """An IRI kg minted itself (already safe, see :class:`kg.mapping.iris.Iris`) as an N-Triples IRI."""
    return "<" + value + ">"


def url(value: str) -> str:
    """A URL from the data: an IRI when it is absolute, else an ``xsd:anyURI`` literal.

    Example:
        >>> url("https://pubmed.ncbi.nlm.nih.gov/?term=x[majr]")
        '<https://pubmed.ncbi.nlm.nih.gov/?term=x%5Bmajr%5D>'
        >>> url("www.example.org/page")
        '"www.example.org/page"^^<http://www.w3.org/2001/XMLSchema#anyURI>'
    """
    value = value.strip()
    if _ABSOLUTE.match(value):
        return iri(value)
    return literal(value, datatype=str(XSD.anyURI))


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """``value`` as an N-Triples literal, with a language tag or a datatype IRI.

    Raises:
        ValueError: ``lang`` is not a BCP 47 language tag.
    """
    text = _LITERAL_UNSAFE.sub(lambda m: _LITERAL_ESCAPES[m.group()], value)
    if lang:
        return f'"{text}"@{language_tag(lang)}'
    if datatype:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def boolean(value: bool) -> str:
    """An ``xsd:boolean`` literal."""
    return f'"{"true" if value else "false"}"^^{_BOOLEAN}'


def integer(value: int) -> str:
    """An ``xsd:integer`` literal."""
    return f'"{value}"^^{_INTEGER}'


def xsd_date(value: date) -> str:
    """An ``xsd:date`` literal."""
    return f'"{value.isoformat()}"^^{_DATE}'


def xsd_datetime(value: datetime) -> str:
    """An ``xsd:dateTime`` literal (no time zone: NLM's files give none)."""
    return f'"{value.isoformat()}"^^{_DATETIME}'


def triple(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """A triple of three terms already in N-Triples form."""
    return (subject, predicate, obj)


def lines(triples: Iterable[tuple[str, str, str]]) -> Iterator[str]:
    """N-Triples lines for ``triples``.

    Example:
        >>> list(lines([("<a:s>", "<a:p>", '"o"')]))
        ['<a:s> <a:p> "o" .\\n']
    """
    for subject, predicate, obj in triples:
        yield f"{subject} {predicate} {obj} .\n"


def split_line(line: str) -> tuple[str, str, str]:
    """A canonical N-Triples line (single spaces, as Oxigraph writes it) as its three terms.

    Example:
        >>> split_line('<a:s> <a:p> "o p" .\\n')
        ('<a:s>', '<a:p>', '"o p"')
    """
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest.rstrip()[:-1].rstrip()
