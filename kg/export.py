"""Serialising the graph: Turtle, N-Triples, JSON-LD, TriG and RDF/XML, the same bytes every time.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> store = Store().load([Path("data")])
    >>> serialize(store, "nt") == serialize(store, "nt")
    True
    >>> FORMATS["turtle"].suffix
    '.ttl'
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import Dataset

from kg.store import Store

__all__ = ["Format", "FORMATS", "serialize"]


@dataclass(frozen=True)
class Format:
    """An output format: kg's name for it, rdflib's, the file suffix and the media type."""

    name: str
    rdflib_name: str
    suffix: str
    media_type: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "turtle", ".ttl", "text/turtle"),
        Format("nt", "nt", ".nt", "application/n-triples"),
        Format("jsonld", "json-ld", ".jsonld", "application/ld+json"),
        Format("xml", "xml", ".rdf", "application/rdf+xml"),
        Format("trig", "trig", ".trig", "application/trig"),
    )
}


def serialize(store: Store, fmt: str = "turtle") -> bytes:
    """The store's data in format ``fmt`` (a key of :data:`FORMATS`).

    TriG keeps the named graphs (one per source file); the other formats hold their union.
    N-Triples lines are sorted, JSON-LD arrays are sorted, and the other serialisers read the
    triples in sorted order, so the same graph gives the same bytes.

    Raises:
        KeyError: ``fmt`` is not a known format.
    """
    target = FORMATS[fmt]
    if fmt == "nt":
        lines = store.data().serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if fmt == "trig":
        dataset = Dataset()
        for prefix, namespace in store.data().namespace_manager.namespaces():
            dataset.bind(prefix, namespace, override=True, replace=True)
        for iri, graph in sorted(store.graphs().items()):
            named = dataset.graph(iri)
            named += graph
        return dataset.serialize(format="trig", encoding="utf-8")
    data = store.data()
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in sorted(data.namespace_manager.namespaces())}
        document = json.loads(data.serialize(format="json-ld", context=context))
        return (json.dumps(_ordered(document), ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
    return data.serialize(format=target.rdflib_name, encoding="utf-8")


def _ordered(value: object) -> object:
    """A JSON-LD document with every array sorted (kg writes no ordered lists), for stable bytes."""
    if isinstance(value, dict):
        return {key: _ordered(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_ordered(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value
