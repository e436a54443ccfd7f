"""The fixed prefix table every output uses: vocabularies, then one prefix per kind of node kg mints.

Example:
    >>> prefixes("https://example.org/")["topic"], prefixes()["kg"]
    ('https://example.org/topic/', 'https://w3id.org/kg-medlineplus/vocab#')
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.mapping.iris import DEFAULT_BASE, MESH
from kg.mapping.vocab import VOCAB

__all__ = ["prefixes", "DATA_KINDS", "ANALYSIS_KINDS"]

#: The kinds of node the mapping mints (each the first segment of its IRIs' path).
DATA_KINDS = ("topic", "resource", "listing", "org", "section", "audience", "language", "group", "source")
#: The kinds of node the analysis mints (:mod:`kg.analysis.writeback`).
ANALYSIS_KINDS = ("community", "component", "similarity", "coverage", "sectioncount")


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefix table for data minted under ``base``.

    Example:
        >>> list(prefixes())[:3]
        ['kg', 'schema', 'skos']
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
    table.update({kind: f"{base}{kind}/" for kind in (*DATA_KINDS, *ANALYSIS_KINDS)})
    return table
