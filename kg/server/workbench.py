"""What the query page asks the server for besides answers: the terms it completes, and a named
query run with its text edited but its parameters still bound.

Completion offers kg's prefixes (:func:`kg.mapping.prefixes.prefixes`) and every class and property of the
ontology, by prefixed name with its label and comment; :func:`edited` keeps a named query's typed
parameters (:class:`kg.query.Param`) for text the researcher changed, so an edited ``$limit`` is
still bound as a number and a parameter the new text no longer uses is reported, not dropped.

Example:
    >>> found = completions("https://w3id.org/kg-medlineplus/id/")
    >>> found["prefixes"]["kg"]
    'https://w3id.org/kg-medlineplus/vocab#'
    >>> [t["kind"] for t in found["terms"] if t["name"] == "kg:Topic"]
    ['class']
    >>> edited("top-resources", "SELECT * { ?s ?p ?o } LIMIT $limit").render({"limit": "3"})
    'SELECT * { ?s ?p ?o } LIMIT 3'
    >>> unused("top-resources", "SELECT * { ?s ?p ?o }")
    ['limit']
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.mapping.prefixes import prefixes
from kg.query import NamedQuery, named_query
from kg.query.sparql import tokens

__all__ = ["completions", "edited", "unused"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_NOTES = (f"{_RDFS}label", f"{_RDFS}comment")
_KINDS = {
    f"{_OWL}Class": "class",
    f"{_RDFS}Class": "class",
    f"{_OWL}ObjectProperty": "property",
    f"{_OWL}DatatypeProperty": "property",
    f"{_OWL}AnnotationProperty": "property",
    f"{_RDF}Property": "property",
}


@cache
def completions(base: str) -> dict[str, Any]:
    """kg's prefix table and the ontology's terms: ``{"prefixes": {name: namespace}, "terms": [{"name",
    "kind" ("class", "property" or "term"), "label", "comment"}]}``, sorted by name."""
    from kg.ontology import vocabulary_files

    table = prefixes(base)
    kinds: dict[str, str] = {}
    notes: dict[str, dict[str, str]] = {}
    for path in vocabulary_files():
        for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
            if not isinstance(subject, ox.NamedNode):
                continue
            if predicate == f"{_RDF}type" and obj.value in _KINDS:
                kinds[subject.value] = _KINDS[obj.value]
            elif predicate in _NOTES and isinstance(obj, ox.Literal) and obj.language in (None, "en"):
                notes.setdefault(subject.value, {})[predicate.rsplit("#", 1)[1]] = obj.value
            for term in (triple.predicate, obj):  # schema:name, skos:prefLabel … used by the ontology
                if isinstance(term, ox.NamedNode):
                    kinds.setdefault(term.value, "term")
    terms = []
    for iri, kind in kinds.items():
        name = _short(iri, table)
        if name is not None:
            note = notes.get(iri, {})
            terms.append({"name": name, "kind": kind, "label": note.get("label", ""),
                          "comment": note.get("comment", "")})  # fmt: skip
    return {"prefixes": table, "terms": sorted(terms, key=lambda term: term["name"])}


def _short(iri: str, table: dict[str, str]) -> str | None:
    for prefix, namespace in table.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and local.replace("-", "").replace("_", "").isalnum():
            return f"{prefix}:{local}"
    return None


def edited(name: str, text: str) -> NamedQuery:
    """The named query ``name`` with its text replaced by ``text``: the same typed parameters (but
    those ``text`` no longer uses: see :func:`unused`), bound by :meth:`kg.query.NamedQuery.render`.

    Raises:
        QueryError: there is no named query ``name``.
    """
    query = named_query(name)
    dropped = set(unused(name, text))
    return dataclasses.replace(query, text=text, params=tuple(p for p in query.params if p.name not in dropped))


def unused(name: str, text: str) -> list[str]:
    """The parameters of the named query ``name`` that ``text`` no longer mentions (as ``$name``).

    Raises:
        QueryError: there is no named query ``name``.
    """
    used = {token.text[1:] for token in tokens(text) if token.kind == "var" and token.text.startswith("$")}
    return [param.name for param in named_query(name).params if param.name not in used]
