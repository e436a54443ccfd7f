"""The ontology: the Python vocabulary agrees with it, every term is documented and aligned."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from kg.mapping.vocab import KG, ONTOLOGY_IRI, VOCAB
from kg.ontology import ontology_graph, shapes_graph
from kg.store import Store
from tests.programs import JAVA, require_program

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


# ---------------------------------------------------------------- the ontology and the data agree


@pytest.fixture(scope="module")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The bundled data's build (NLM's 2025 excerpt and the page dump) with its analysis graph."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("bundled") / "out"
    done = CliRunner().invoke(main, ["build", "data", "-o", str(out), "--no-viz", "--no-store", "--quiet"])
    assert done.exit_code == 0, done.output
    graph = Graph().parse(out / "graph.ttl")
    graph.parse(out / "analysis.ttl")
    return graph


def test_every_subject_has_the_domain_and_every_object_the_range_the_ontology_states(bundled_build: Graph) -> None:
    """Without inference: a property's domain (range) is among the asserted classes of its subject
    (object) or their superclasses, so an RDFS reasoner infers no type the data does not have."""
    ontology = ontology_graph()
    classes: dict[object, set[object]] = {}
    for node, cls in bundled_build.subject_objects(RDF.type):
        classes.setdefault(node, set()).update(ontology.transitive_objects(cls, RDFS.subClassOf))
    everything = {SDO.Thing}  # schema:Thing is every node's class
    wrong = set()
    for prop in set(bundled_build.predicates()):
        domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
        for subject, obj in bundled_build.subject_objects(prop):
            if domain is not None and domain not in everything and domain not in classes.get(subject, ()):
                wrong.add((prop, "domain", domain))
            if isinstance(obj, URIRef) and range_ is not None and range_ not in everything | classes.get(obj, set()):
                wrong.add((prop, "range", range_))
    assert wrong == set()


def test_the_graph_conforms_under_rdfs_inference(bundled_build: Graph) -> None:
    """pySHACL with RDFS inference over the ontology: inferred types bring no violation."""
    import pyshacl

    conforms, _, text = pyshacl.validate(
        bundled_build, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    assert conforms, text[:2000]


def test_the_ontology_loads_and_is_consistent_in_an_owl2_dl_reasoner(tmp_path: Path) -> None:
    """HermiT (through owlready2) accepts only the OWL 2 datatype map, so no rdfs:range xsd:date."""
    require_program(JAVA, "default-jre-headless")
    import owlready2

    path = tmp_path / "kg.nt"
    path.write_bytes(ontology_graph().serialize(format="nt", encoding="utf-8"))
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    assert KG.Topic.split("#")[1] in {cls.name for cls in ontology.classes()}
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
