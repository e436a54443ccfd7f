"""The dataset describes itself: the VoID/DCAT description in the export, with counts that match the graph."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID

from kg.cli import main
from kg.outputs.void import ATTRIBUTION, LICENSE, dataset_iri, describe, to_turtle
from kg.store import Store
from tests.conftest import CORPUS

ID = "https://w3id.org/kg-medlineplus/id/"


def test_description_counts_what_the_graph_holds(corpus: Store) -> None:
    graph = Graph().parse(data=to_turtle(describe(corpus), corpus.base), format="turtle")
    dataset = URIRef(dataset_iri(corpus.base))
    data = corpus.data()
    assert set(graph.objects(dataset, RDF.type)) == {VOID.Dataset, DCAT.Dataset}
    assert graph.value(dataset, VOID.triples) == Literal(len(data))
    assert graph.value(dataset, VOID.distinctSubjects) == Literal(len(set(data.subjects())))
    assert graph.value(dataset, VOID.distinctObjects) == Literal(len(set(data.objects())))
    assert graph.value(dataset, VOID.properties) == Literal(len(set(data.predicates())))
    classes = set(data.objects(None, RDF.type))
    assert graph.value(dataset, VOID.classes) == Literal(len(classes))
    for partition in graph.objects(dataset, VOID.classPartition):
        cls = graph.value(partition, VOID["class"])
        assert graph.value(partition, VOID.entities) == Literal(len(set(data.subjects(RDF.type, cls))))
    assert graph.value(dataset, DCTERMS.license) == URIRef(LICENSE)
    assert str(graph.value(dataset, URIRef("http://creativecommons.org/ns#attributionName"))) == ATTRIBUTION
    assert graph.value(dataset, PROV.wasAttributedTo) == URIRef("https://www.nlm.nih.gov/")


def test_description_names_the_source_files_and_their_dates(corpus: Store) -> None:
    graph = Graph().parse(data=to_turtle(describe(corpus), corpus.base), format="turtle")
    dataset = URIRef(dataset_iri(corpus.base))
    sources = set(graph.objects(dataset, PROV.wasDerivedFrom))
    names = {str(graph.value(source, DCTERMS.title)) for source in sources}
    assert {path.name for path in CORPUS} == names
    dates = sorted(str(graph.value(source, PROV.generatedAtTime)) for source in sources
                   if graph.value(source, PROV.generatedAtTime) is not None)  # fmt: skip
    assert dates == ["2012-07-21T02:32:56", "2024-08-10T02:30:32"]
    assert str(graph.value(dataset, DCTERMS.modified)) == dates[-1]


def test_export_void_is_deterministic(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for name in ("a.ttl", "b.ttl"):
        target = tmp_path / name
        args = ["export", "--format", "void", "-o", str(target)] + [a for p in CORPUS for a in ("--graph", str(p))]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"void:triples 2094" in outputs[0]
