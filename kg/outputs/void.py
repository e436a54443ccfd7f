"""The dataset describes itself: a VoID and DCAT description of the data graph.

It counts what the graph holds (triples, distinct subjects and objects, properties, classes and
the entities of each class), names its licence and NLM as the source to credit, and lists the
source files it was built from with the dates NLM generated them. ``kg export --format void``
writes it; ``kg serve`` answers it at ``/void`` and in its service description.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> triples = describe(kg.load([Path("data")]))
    >>> [(t.predicate.value, t.object.value) for t in triples if t.predicate.value.endswith(("#triples", "#classes"))]
    [('http://rdfs.org/ns/void#classes', '16'), ('http://rdfs.org/ns/void#triples', '4582')]
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.mapping.prefixes import prefixes
from kg.mapping.vocab import VOCAB
from kg.rdf.turtle import TurtleWriter
from kg.store import Store

__all__ = ["describe", "dataset_iri", "to_turtle", "VOID_PREFIXES", "LICENSE", "ATTRIBUTION"]

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
CC = "http://creativecommons.org/ns#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: NLM's page on using MedlinePlus content: the terms the data comes under.
LICENSE = "https://medlineplus.gov/about/using/usingcontent/"
#: The credit line NLM asks for.
ATTRIBUTION = "Courtesy of MedlinePlus from the National Library of Medicine (NLM)"
NLM = "https://www.nlm.nih.gov/"
SOURCE_PAGE = "https://medlineplus.gov/xml.html"

VOID_PREFIXES = {"void": VOID, "dcat": DCAT, "cc": CC, "foaf": FOAF}

_VOCABULARIES = (VOCAB, "https://schema.org/", "http://www.w3.org/2004/02/skos/core#", DCTERMS, PROV)


def dataset_iri(base: str) -> str:
    """The IRI of the dataset itself, under the base IRI.

    Example:
        >>> dataset_iri("https://example.org/")
        'https://example.org/dataset'
    """
    return f"{base}dataset"


def _rows(store: Store, sparql: str) -> list[ox.QuerySolution]:
    return list(store.solutions(sparql.replace("<DATA>", f"<{store.data_graph.value}>"), union=False))


def _local(iri: str) -> str:
    for prefix, namespace in prefixes().items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}-{iri[len(namespace) :]}"
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def describe(store: Store, *, endpoint: str | None = None) -> list[ox.Triple]:
    """The VoID/DCAT description of ``store``'s data graph, as sorted triples (``endpoint``, the
    URL of a SPARQL endpoint serving it, is added as its ``void:sparqlEndpoint``)."""
    dataset = ox.NamedNode(dataset_iri(store.base))
    out: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, value: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(subject, ox.NamedNode(predicate), value))

    def integer(value: object) -> ox.Literal:
        return ox.Literal(str(value), datatype=XSD_INTEGER)

    for kind in (f"{VOID}Dataset", f"{DCAT}Dataset"):
        add(dataset, RDF_TYPE, ox.NamedNode(kind))
    add(dataset, f"{DCTERMS}title", ox.Literal("MedlinePlus health topics knowledge graph", language="en"))
    add(
        dataset,
        f"{DCTERMS}description",
        ox.Literal(
            "MedlinePlus health topics, the resources each lists under its sections, the organizations "
            "that publish them and the audiences they are written for, as RDF.",
            language="en",
        ),
    )
    add(dataset, f"{DCTERMS}license", ox.NamedNode(LICENSE))
    add(dataset, f"{DCTERMS}rights", ox.Literal(f"MedlinePlus content; see {LICENSE}. {ATTRIBUTION}.", language="en"))
    add(dataset, f"{CC}attributionName", ox.Literal(ATTRIBUTION))
    add(dataset, f"{DCTERMS}source", ox.NamedNode(SOURCE_PAGE))
    add(dataset, f"{PROV}wasAttributedTo", ox.NamedNode(NLM))
    add(ox.NamedNode(NLM), RDF_TYPE, ox.NamedNode(f"{FOAF}Organization"))
    add(ox.NamedNode(NLM), f"{FOAF}name", ox.Literal("U.S. National Library of Medicine", language="en"))
    add(dataset, f"{DCAT}landingPage", ox.NamedNode("https://medlineplus.gov/healthtopics.html"))
    add(dataset, f"{VOID}uriSpace", ox.Literal(store.base))
    for vocabulary in _VOCABULARIES:
        add(dataset, f"{VOID}vocabulary", ox.NamedNode(vocabulary))
    if endpoint:
        add(dataset, f"{VOID}sparqlEndpoint", ox.NamedNode(endpoint))

    (totals,) = _rows(
        store,
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) "
        "(COUNT(DISTINCT ?o) AS ?objects) WHERE { GRAPH <DATA> { ?s ?p ?o } }",
    )
    classes = _rows(
        store, "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <DATA> { ?s a ?class } } GROUP BY ?class"
    )
    add(dataset, f"{VOID}triples", integer(totals["triples"].value))  # type: ignore[union-attr]
    add(dataset, f"{VOID}distinctSubjects", integer(totals["subjects"].value))  # type: ignore[union-attr]
    add(dataset, f"{VOID}distinctObjects", integer(totals["objects"].value))  # type: ignore[union-attr]
    add(dataset, f"{VOID}properties", integer(totals["properties"].value))  # type: ignore[union-attr]
    add(dataset, f"{VOID}classes", integer(len(classes)))
    for row in classes:
        cls = row["class"]
        partition = ox.NamedNode(f"{dataset.value}/class/{_local(cls.value)}")  # type: ignore[union-attr]
        add(dataset, f"{VOID}classPartition", partition)
        add(partition, f"{VOID}class", cls)  # type: ignore[arg-type]
        add(partition, f"{VOID}entities", integer(row["n"].value))  # type: ignore[union-attr]

    sources = _rows(
        store,
        f"SELECT ?source ?name ?generated WHERE {{ GRAPH <DATA> {{ ?source a <{VOCAB}SourceFile> . "
        f"OPTIONAL {{ ?source <{DCTERMS}title> ?name }} "
        f"OPTIONAL {{ ?source <{PROV}generatedAtTime> ?generated }} }} }}",
    )
    generated: list[ox.Literal] = []
    for row in sources:
        source, name, when = row["source"], row["name"], row["generated"]
        add(dataset, f"{PROV}wasDerivedFrom", source)  # type: ignore[arg-type]
        if name is not None:
            add(source, f"{DCTERMS}title", name)  # type: ignore[arg-type]
        if when is not None:
            add(source, f"{PROV}generatedAtTime", when)  # type: ignore[arg-type]
            generated.append(when)  # type: ignore[arg-type]
    if generated:  # the dataset is as new as the newest file NLM generated
        add(dataset, f"{DCTERMS}modified", max(generated, key=lambda literal: literal.value))
    return sorted(set(out), key=str)


def to_turtle(triples: list[ox.Triple], base: str) -> bytes:
    """``triples`` as Turtle with kg's prefixes and VoID's, DCAT's, CC's and FOAF's, in sorted order."""
    out = io.BytesIO()
    rows = sorted((str(t.subject), str(t.predicate), str(t.object)) for t in triples)
    TurtleWriter(out, {**prefixes(base), **VOID_PREFIXES}).write(rows)
    return out.getvalue()
