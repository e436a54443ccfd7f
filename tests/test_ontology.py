"""The ontology: the Python vocabulary agrees with it, every term is documented and aligned."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from kg.mapping.vocab import KG, ONTOLOGY_IRI, VOCAB
from kg.ontology import ontology_graph, shapes_graph
from kg.store import Store

STANDARDS = (str(SDO), str(SKOS), str(DCTERMS), str(PROV))
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def ontology_terms(graph: Graph) -> set[URIRef]:
    return {s for kind in KINDS for s in graph.subjects(RDF.type, kind) if str(s).startswith(VOCAB)}


def test_python_vocabulary_matches_ontology() -> None:
    in_python = {KG[name] for name in KG.__annotations__}
    assert in_python == ontology_terms(ontology_graph())


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = KG.NotATerm


def test_ontology_header() -> None:
    graph = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


@pytest.mark.parametrize("term", sorted(ontology_terms(ontology_graph())), ids=lambda t: t.split("#")[-1])
def test_every_term_has_english_label_and_comment(term: URIRef) -> None:
    graph = ontology_graph()
    labels = [label for label in graph.objects(term, RDFS.label) if label.language == "en"]
    comments = [comment for comment in graph.objects(term, RDFS.comment) if comment.language == "en"]
    assert len(labels) == 1 and len(comments) == 1


def test_every_class_is_aligned_with_a_standard() -> None:
    graph = ontology_graph()
    for cls in graph.subjects(RDF.type, OWL.Class):
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(str(a).startswith(STANDARDS) for a in ancestors), f"{cls} is not aligned with a standard"


def test_properties_have_domains() -> None:
    graph = ontology_graph()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            assert graph.value(prop, RDFS.domain) is not None, prop


def test_shapes_cover_every_class_the_data_uses(store) -> None:  # type: ignore[no-untyped-def]
    shapes = shapes_graph()
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    used = set(store.data().objects(None, RDF.type))
    leaf_resources = {KG.WebPage, KG.JournalArticle, KG.PubMedSearch}  # covered by the kg:Resource shape
    assert used - leaf_resources <= targets


def test_the_store_holds_the_analysis_vocabulary_too(store: Store) -> None:
    """Queries may use the labels of the analysis's terms (kg:pageRank …) as of kg's own."""
    query = "SELECT ?label WHERE { GRAPH ?g { <%s> rdfs:label ?label } }"
    prefix = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    assert store.select(prefix + query % KG.pageRank).rows
    assert store.select(prefix + query % KG.Topic).rows
