"""Terms as kg's HTML pages show them: shortened to prefixed names, linked to their local page.

Every string from the data reaches the page through Jinja2's autoescaping, and only ``http``/``https``
IRIs become links (an IRI such as ``javascript:…`` stays text). The pages themselves are built by
:mod:`kg.server.about`.

Example:
    >>> cell({"type": "uri", "value": "https://w3id.org/kg-medlineplus/id/topic/a1c"},
    ...      "https://w3id.org/kg-medlineplus/id/", {"topic": "https://w3id.org/kg-medlineplus/id/topic/"})
    {'text': 'topic:a1c', 'href': '/topic/a1c', 'note': ''}
    >>> cell({"type": "uri", "value": "javascript:alert(1)"}, "https://e.org/", {})["href"] is None
    True
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["DATA_KINDS", "SINGLE_IRIS", "cell", "curie", "href"]

#: The kinds of minted IRI the server dereferences (``{base}{kind}/…``): the data's, the analysis's
#: nodes (kg.analysis.writeback) and the named graphs.
DATA_KINDS = (
    "topic", "resource", "org", "section", "audience", "group", "language", "listing", "source",
    "community", "component", "coverage", "similarity", "sectioncount", "graph",
)  # fmt: skip
#: The minted IRIs with no kind: the analysis run (kg.analysis.writeback) and the dataset (kg.outputs.void).
SINGLE_IRIS = ("analysis", "dataset")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = ("xsd:integer", "xsd:decimal", "xsd:double", "xsd:float", "xsd:int", "xsd:long", "xsd:nonNegativeInteger")
_PLAIN = ("xsd:string", "xsd:integer", "xsd:boolean", "xsd:decimal")  # datatypes the page does not spell out


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` shortened with the longest matching prefix, else itself (for reading: a local part
    may hold ``/``, as in ``topic:spanish/a1c``)."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and "#" not in local and "?" not in local:
            return f"{prefix}:{local}"
    return iri


def href(iri: str, base: str) -> str | None:
    """Where a page links ``iri``: its local page when kg minted it, else itself (http and https only).

    Example:
        >>> href("https://e.org/community/3", "https://e.org/"), href("ftp://x", "https://e.org/")
        ('/community/3', None)
    """
    local = iri[len(base) :] if iri.startswith(base) else None
    if local is not None and (local.split("/", 1)[0] in DATA_KINDS or local in SINGLE_IRIS):
        return "/" + local
    return iri if iri.startswith(("http://", "https://")) else None


def cell(
    term: dict[str, str], base: str, prefixes: dict[str, str], label: dict[str, str] | None = None
) -> dict[str, Any]:
    """A SPARQL JSON term as what the page shows: its text, the link it gets (or None) and a note
    (language, datatype, or the IRI behind a label)."""
    if term["type"] == "uri":
        short = curie(term["value"], prefixes)
        if label:
            return {"text": label["value"], "href": href(term["value"], base), "note": short}
        return {"text": short, "href": href(term["value"], base), "note": ""}
    if term["type"] == "bnode":
        return {"text": f"_:{term['value']}", "href": None, "note": ""}
    datatype = curie(term.get("datatype", ""), {"xsd": _XSD})
    if datatype in _NUMBERS:
        return {"text": plain_number(term["value"]), "href": None, "note": "", "title": f"{term['value']} ({datatype})"}
    note = term.get("xml:lang", "") or datatype
    return {"text": term["value"], "href": None, "note": "" if note in _PLAIN else note}


def plain_number(value: str) -> str:
    """A number as a person reads it: thousands separated, at most four decimals (more for tiny ones).

    Example:
        >>> plain_number("1234"), plain_number("4.155440996E-2"), plain_number("0.000012345"), plain_number("x")
        ('1,234', '0.0416', '0.0000123', 'x')
    """
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    if number != 0 and abs(number) < 0.001:
        return f"{number:.{2 - math.floor(math.log10(abs(number)))}f}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")
