"""Serialising the graph: Turtle, N-Triples, JSON-LD, TriG and RDF/XML, the same bytes every time;
and the typed graph with its analysis as GraphML or GEXF, for Gephi and Cytoscape (:mod:`kg.network`).

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store, prefixes
    >>> store = Store().load([Path("data")])
    >>> serialize(store, "nt") == serialize(store, "nt")
    True
    >>> FORMATS["turtle"].suffix
    '.ttl'
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import Store, prefixes

__all__ = ["Format", "FORMATS", "serialize"]


@dataclass(frozen=True)
class Format:
    """An output format: kg's name for it, Oxigraph's (None for a graph format that is not RDF), the
    file suffix and the media type."""

    name: str
    rdf_format: ox.RdfFormat | None
    suffix: str
    media_type: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ox.RdfFormat.TURTLE, ".ttl", "text/turtle"),
        Format("nt", ox.RdfFormat.N_TRIPLES, ".nt", "application/n-triples"),
        Format("jsonld", ox.RdfFormat.JSON_LD, ".jsonld", "application/ld+json"),
        Format("xml", ox.RdfFormat.RDF_XML, ".rdf", "application/rdf+xml"),
        Format("trig", ox.RdfFormat.TRIG, ".trig", "application/trig"),
        Format("void", ox.RdfFormat.TURTLE, ".void.ttl", "text/turtle"),  # the dataset's VoID/DCAT description
        Format("graphml", None, ".graphml", "application/graphml+xml"),  # the typed graph, for Gephi and Cytoscape
        Format("gexf", None, ".gexf", "application/gexf+xml"),
    )
}


def serialize(store: Store, fmt: str = "turtle") -> bytes:
    """The store's data graph in format ``fmt`` (a key of :data:`FORMATS`).

    Triples are written in sorted order with kg's fixed prefix table, so the same graph gives
    the same bytes; TriG puts them in the named graph ``graph/data``. JSON-LD is compacted with
    the prefix table as its context, its arrays sorted. ``void`` is not the graph but its VoID/DCAT
    description (:mod:`kg.void`), in Turtle. ``graphml`` and ``gexf`` are the typed graph with the
    analysis as node attributes (:mod:`kg.network`), written by NetworkX.

    Raises:
        KeyError: ``fmt`` is not a known format.
    """
    target = FORMATS[fmt]
    if fmt == "void":
        from kg.void import describe, to_turtle

        return to_turtle(describe(store), store.base)
    if target.rdf_format is None:
        from kg.network import to_networkx, write

        return write(to_networkx(store), fmt)
    if fmt != "jsonld":
        return store.dump(target.rdf_format)
    document = json.loads(store.data().serialize(format="json-ld", context=prefixes(store.base)))
    return (json.dumps(_ordered(document), ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def _ordered(value: object) -> object:
    """A JSON-LD document with every array sorted (kg writes no ordered lists), for stable bytes."""
    if isinstance(value, dict):
        return {key: _ordered(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_ordered(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value
