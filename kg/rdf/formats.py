"""Every RDF format kg reads or writes, one row each: names, suffixes, media types, each engine's name.

The store reads files by suffix, the exporter writes by name, the endpoint answers by media type:
all of them look the format up here.

Example:
    >>> by_name("xml").name, by_suffix(".owl").name, by_media_type("text/n3").name
    ('rdfxml', 'rdfxml', 'turtle')
    >>> FORMATS[0].oxigraph.name, FORMATS[0].rdflib, FORMATS[0].suffix
    ('Turtle', 'turtle', '.ttl')
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["RdfFormat", "FORMATS", "SUFFIXES", "by_name", "by_suffix", "by_media_type"]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF format.

    Parameters:
        name: kg's name for it (``kg export --format``, the endpoint's ``format`` parameter).
        label: its name for people.
        oxigraph: Oxigraph's format.
        rdflib: rdflib's plugin name for it.
        suffixes: the file suffixes read as it; the first is the one kg writes.
        media_type: the media type kg serves it as.
        aliases: other media types a client may ask for it by.
        names: other short names it goes by.
        quads: True when it holds named graphs (TriG, N-Quads).
        answers: True when the endpoint answers CONSTRUCT and DESCRIBE in it.
    """

    name: str
    label: str
    oxigraph: ox.RdfFormat
    rdflib: str
    suffixes: tuple[str, ...]
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    quads: bool = False
    answers: bool = True

    @property
    def suffix(self) -> str:
        """The suffix kg writes."""
        return self.suffixes[0]

    def accepts(self, media_type: str) -> bool:
        """True when ``media_type`` (lower case, no parameters) asks for this format."""
        return media_type == self.media_type or media_type in self.aliases


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "Turtle", ox.RdfFormat.TURTLE, "turtle", (".ttl",), "text/turtle",
              ("application/x-turtle", "text/n3", "text/rdf+n3"), ("ttl", "n3")),  # Turtle is N3 too
    RdfFormat("nt", "N-Triples", ox.RdfFormat.N_TRIPLES, "nt", (".nt",), "application/n-triples", ("text/plain",),
              ("ntriples", "n-triples")),
    RdfFormat("jsonld", "JSON-LD", ox.RdfFormat.JSON_LD, "json-ld", (".jsonld",), "application/ld+json",
              ("application/json",), ("json-ld", "json")),
    RdfFormat("rdfxml", "RDF/XML", ox.RdfFormat.RDF_XML, "xml", (".rdf", ".owl"), "application/rdf+xml",
              ("application/xml", "text/xml"), ("xml", "rdf", "rdf+xml")),
    RdfFormat("trig", "TriG", ox.RdfFormat.TRIG, "trig", (".trig",), "application/trig", quads=True, answers=False),
    RdfFormat("nquads", "N-Quads", ox.RdfFormat.N_QUADS, "nquads", (".nq",), "application/n-quads", (),
              ("nq",), quads=True, answers=False),
)  # fmt: skip

#: Every suffix read as RDF (anything else is a MedlinePlus input).
SUFFIXES: tuple[str, ...] = tuple(suffix for f in FORMATS for suffix in f.suffixes)
_BY_NAME = {name: f for f in FORMATS for name in (f.name, *f.names)}
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}


def by_name(name: str) -> RdfFormat:
    """The format kg calls ``name`` (or one of its other names).

    Raises:
        KeyError: no format has that name.
    """
    return _BY_NAME[name]


def by_suffix(suffix: str) -> RdfFormat | None:
    """The format of files ending in ``suffix`` (``".ttl"``; any case), or None."""
    return _BY_SUFFIX.get(suffix.lower())


def by_media_type(media_type: str) -> RdfFormat | None:
    """The format asked for by ``media_type`` (its own or an alias; parameters ignored), or None."""
    wanted = media_type.split(";")[0].strip().lower()
    return next((f for f in FORMATS if f.accepts(wanted)), None)
