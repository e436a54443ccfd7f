"""The HTML page about one IRI of the graph: its label, types, properties and what links to it.

Every string from the data reaches the page through Jinja2's autoescaping, and only ``http``/``https``
IRIs become links (an IRI such as ``javascript:…`` stays text).

Example:
    >>> cell({"type": "uri", "value": "https://w3id.org/kg-medlineplus/id/topic/a1c"},
    ...      "https://w3id.org/kg-medlineplus/id/", {"topic": "https://w3id.org/kg-medlineplus/id/topic/"})
    {'text': 'topic:a1c', 'href': '/topic/a1c', 'note': ''}
    >>> cell({"type": "uri", "value": "javascript:alert(1)"}, "https://e.org/", {})["href"] is None
    True
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

__all__ = ["DATA_KINDS", "describe_page", "cell", "curie"]

#: The kinds of data IRI the server dereferences (``{base}{kind}/…``).
DATA_KINDS = ("topic", "resource", "org", "section", "audience", "group", "language", "listing", "source")

_LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "https://schema.org/name")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN = ("xsd:string", "xsd:integer", "xsd:boolean", "xsd:decimal")  # datatypes the page does not spell out


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` shortened with the longest matching prefix, else itself."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return iri


def _href(iri: str, base: str) -> str | None:
    if iri.startswith(base) and iri[len(base) :].split("/", 1)[0] in DATA_KINDS:
        return "/" + iri[len(base) :]
    return iri if iri.startswith(("http://", "https://")) else None


def cell(
    term: dict[str, str], base: str, prefixes: dict[str, str], label: dict[str, str] | None = None
) -> dict[str, Any]:
    """A SPARQL JSON term as what the page shows: its text, the link it gets (or None) and a note
    (language, datatype, or the IRI behind a label)."""
    if term["type"] == "uri":
        short = curie(term["value"], prefixes)
        if label:
            return {"text": label["value"], "href": _href(term["value"], base), "note": short}
        return {"text": short, "href": _href(term["value"], base), "note": ""}
    if term["type"] == "bnode":
        return {"text": f"_:{term['value']}", "href": None, "note": ""}
    note = term.get("xml:lang", "") or curie(term.get("datatype", ""), {"xsd": _XSD})
    return {"text": term["value"], "href": None, "note": "" if note in _PLAIN else note}


def describe_page(
    templates: Environment, iri: str, outgoing: bytes, incoming: bytes, base: str, prefixes: dict[str, str]
) -> str | None:
    """The page about ``iri`` from its outgoing (``?p ?o ?label``) and incoming (``?s ?p ?label``)
    SPARQL JSON results; ``None`` when the graph says nothing about it."""
    out_rows = json.loads(outgoing)["results"]["bindings"]
    in_rows = json.loads(incoming)["results"]["bindings"]
    if not out_rows and not in_rows:
        return None
    labels = [row["o"] for row in out_rows if row["p"]["value"] in _LABELS and row["o"]["type"] == "literal"]
    english = [label for label in labels if label.get("xml:lang", "en") == "en"]
    title = (english or labels or [{"value": curie(iri, prefixes)}])[0]["value"]
    properties: dict[str, dict[str, Any]] = {}
    for row in out_rows:
        predicate = row["p"]["value"]
        entry = properties.setdefault(predicate, {"name": cell(row["p"], base, prefixes), "values": []})
        entry["values"].append(cell(row["o"], base, prefixes, row.get("label")))
    types = [cell(row["o"], base, prefixes) for row in out_rows if row["p"]["value"] == _TYPE]
    links = [
        {"subject": cell(row["s"], base, prefixes, row.get("label")), "predicate": cell(row["p"], base, prefixes)}
        for row in in_rows
    ]
    path = _href(iri, base) or ""
    formats = [(name, f"{path}?format={key}") for name, key in
               (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdfxml"))]  # fmt: skip
    return templates.get_template("resource.html").render(
        title=title,
        iri=iri,
        types=types,
        properties=list(properties.values()),
        links=links,
        more_links=len(in_rows) >= 500,
        formats=formats,
    )
