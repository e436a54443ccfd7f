"""One compliance suite for every output in the registry (:data:`kg.outputs.OUTPUTS`).

Each output writes the same bytes twice, under its own suffix through ``kg export``; every RDF
format reads back, with Oxigraph and with rdflib, as exactly the graph that was written; the VoID
description counts the graph's triples; the typed graph reads back into NetworkX whole.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

import kg
from kg.cli import main
from kg.outputs import OUTPUTS, Output, output, register
from kg.rdf.formats import FORMATS, by_name
from kg.store import Store

PAGE = Path(__file__).resolve().parent.parent / "data" / "genesandgenetherapy.txt"
RDF_NAMES = {f.name for f in FORMATS}


@pytest.fixture(scope="module")
def store() -> Store:
    return kg.load([PAGE])


@pytest.fixture(scope="module")
def ntriples(store: Store) -> set[bytes]:
    return set(store.dump(ox.RdfFormat.N_TRIPLES).splitlines())


def test_every_rdf_format_is_an_output() -> None:
    assert set(OUTPUTS) >= RDF_NAMES
    assert all(output(name).suffix == by_name(name).suffix for name in RDF_NAMES)


def test_an_output_registered_later_is_found(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.outputs.OUTPUTS", dict(OUTPUTS))
    register(Output("count", ".count", "text/plain", "the number of triples", lambda s: str(len(s)).encode()))
    assert output("count").write(store) == str(len(store)).encode() == b"628"
    assert "count" not in OUTPUTS  # the registry the test started with is untouched


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_output_writes_the_same_bytes_twice(store: Store, name: str) -> None:
    first = output(name).write(store)
    assert first and first == output(name).write(store)


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_kg_export_writes_the_output_under_its_suffix(tmp_path: Path, name: str) -> None:
    target = tmp_path / f"graph{output(name).suffix}"
    done = CliRunner().invoke(main, ["export", "--graph", str(PAGE), "-f", name, "-o", str(target), "-q"])
    assert done.exit_code == 0, done.output
    assert target.read_bytes() == output(name).write(kg.load([PAGE]))


@pytest.mark.parametrize("name", sorted(RDF_NAMES))
def test_rdf_output_reads_back_as_the_graph_with_oxigraph(store: Store, ntriples: set[bytes], name: str) -> None:
    rdf_format = by_name(name)
    parsed = list(ox.parse(output(name).write(store), format=rdf_format.oxigraph))
    triples = [ox.Triple(q.subject, q.predicate, q.object) if isinstance(q, ox.Quad) else q for q in parsed]
    back = set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines())
    assert back == ntriples


@pytest.mark.parametrize("name", sorted(RDF_NAMES))
def test_rdf_output_reads_back_as_the_graph_with_rdflib(store: Store, name: str) -> None:
    rdf_format = by_name(name)
    expected = Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    if rdf_format.quads:
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=output(name).write(store), format=rdf_format.rdflib)
        back = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            back.add((s, p, o))
    else:
        back = Graph().parse(data=output(name).write(store), format=rdf_format.rdflib)
    assert set(back) == set(expected)


def test_void_counts_the_graphs_triples(store: Store) -> None:
    described = Graph().parse(data=output("void").write(store), format="turtle")
    counts = {int(o) for o in described.objects(predicate=URIRef("http://rdfs.org/ns/void#triples"))}
    assert len(store) in counts


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_network_output_reads_back_into_networkx(store: Store, name: str) -> None:
    data = output(name).write(store)
    graph = nx.read_graphml(io.BytesIO(data)) if name == "graphml" else nx.read_gexf(io.BytesIO(data))
    expected = kg.outputs.network.to_networkx(store)
    assert graph.number_of_nodes() == expected.number_of_nodes()
    assert graph.number_of_edges() == expected.number_of_edges()
