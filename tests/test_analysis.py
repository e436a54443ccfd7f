"""kg.analysis on small hand-built graphs with known answers: projections, centralities, communities,
similarity, publisher reach, audience coverage and structure."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg.analysis import metrics
from kg.analysis.projection import publisher_graph, topic_graph, topic_publisher_graph, typed_graph
from kg.analysis.writeback import double
from kg.store import Store

E = "https://e.org/"
TURTLE = """
@prefix kg: <https://w3id.org/kg-medlineplus/vocab#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix : <https://e.org/> .

:t1 a kg:Topic ; skos:prefLabel "Uno"@es , "One"@en ; schema:inLanguage :en ; prov:wasDerivedFrom :src ;
    kg:hasResource :r1 , :r2 ; skos:related :t2 , :t3 ; kg:inGroup :g .
:t2 a kg:Topic ; skos:prefLabel "Two"@en ; schema:inLanguage :en ; prov:wasDerivedFrom :src ;
    kg:hasResource :r2 , :r3 ; kg:inGroup :g .
:t3 a kg:Topic ; skos:prefLabel "Stub"@en .
:en dcterms:identifier "en" .
:l1 a kg:Listing ; kg:topic :t1 ; kg:resource :r1 ; kg:section :s1 .
:l2 a kg:Listing ; kg:topic :t1 ; kg:resource :r2 ; kg:section :s2 .
:r1 a kg:Resource ; schema:name "R1"@en ; kg:fromNIH true ; schema:publisher :nih ; schema:audience :kids .
:r2 a kg:Resource ; schema:name "R2"@en ; kg:fromNIH false ; schema:publisher :nih , :mayo .
:r3 a kg:Resource ; schema:name "R3"@en ; kg:fromNIH false ; schema:publisher :mayo .
:nih a kg:Organization ; schema:name "NIH" ; kg:partOfNIH true .
:mayo a kg:Organization ; schema:name "Mayo" ; kg:partOfNIH false .
:g a kg:Group ; skos:prefLabel "Grupo"@es , "Group"@en .
:kids a kg:Audience ; skos:prefLabel "Niños"@es , "Kids"@en .
"""


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> nx.Graph:
    path = tmp_path_factory.mktemp("analysis") / "small.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    return typed_graph(kg.load([path]))


# ---------------------------------------------------------------- projections


def test_typed_graph_keeps_kind_label_and_iri(typed: nx.Graph) -> None:
    assert {node: data["kind"] for node, data in typed.nodes(data=True)} == {
        E + "t1": "topic",
        E + "t2": "topic",
        E + "t3": "topic",
        E + "r1": "resource",
        E + "r2": "resource",
        E + "r3": "resource",
        E + "nih": "publisher",
        E + "mayo": "publisher",
    }
    assert all(data["iri"] == node for node, data in typed.nodes(data=True))
    assert typed.nodes[E + "t1"]["label"] == "One"  # the label in the topic's language
    assert typed.nodes[E + "t1"]["described"] and not typed.nodes[E + "t3"]["described"]
    assert typed.nodes[E + "t1"]["groups"] == (E + "g",)
    assert typed.nodes[E + "r1"]["audiences"] == (E + "kids",)
    assert typed.nodes[E + "nih"]["nih"] and not typed.nodes[E + "mayo"]["nih"]
    assert typed.graph["groups"] == {E + "g": "Group"} and typed.graph["audiences"] == {E + "kids": "Kids"}


def test_typed_graph_edges(typed: nx.Graph) -> None:
    kinds = {tuple(sorted((a, b))): kind for a, b, kind in typed.edges(data="kind")}
    assert kinds == {
        (E + "r1", E + "t1"): "lists",
        (E + "r2", E + "t1"): "lists",
        (E + "r2", E + "t2"): "lists",
        (E + "r3", E + "t2"): "lists",
        (E + "nih", E + "r1"): "publishes",
        (E + "nih", E + "r2"): "publishes",
        (E + "mayo", E + "r2"): "publishes",
        (E + "mayo", E + "r3"): "publishes",
        (E + "t1", E + "t2"): "related",
        (E + "t1", E + "t3"): "related",
    }
    assert typed.edges[E + "t1", E + "r1"]["sections"] == (E + "s1",)
    assert typed.edges[E + "t2", E + "r3"]["sections"] == ()
    # topics, then resources, then publishers, each in IRI order: every algorithm sees the same order
    assert list(typed) == [E + name for name in ("t1", "t2", "t3", "r1", "r2", "r3", "mayo", "nih")]


def test_typed_graph_is_the_same_whatever_the_load_order(typed: nx.Graph, tmp_path: Path) -> None:
    statements, current = [], []
    for line in TURTLE.strip().splitlines():
        current.append(line)
        if line.endswith(" ."):
            statements.append("\n".join(current))
            current = []
    header = [st for st in statements if st.startswith("@prefix")]
    body = [st for st in statements if not st.startswith("@prefix")]
    random.Random(3).shuffle(body)
    path = tmp_path / "shuffled.ttl"
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    again = typed_graph(kg.load([path]))
    assert list(again.nodes(data=True)) == list(typed.nodes(data=True))
    assert list(again.edges(data=True)) == list(typed.edges(data=True))


def test_topic_graph_by_resource_and_by_publisher(typed: nx.Graph) -> None:
    by_resource = topic_graph(typed)
    assert sorted(by_resource.edges(data=True)) == [
        (E + "t1", E + "t2", {"shared": 1, "related": True, "weight": 2}),
        (E + "t1", E + "t3", {"shared": 0, "related": True, "weight": 1}),
    ]
    by_publisher = topic_graph(typed, via="publisher", related=False)
    assert sorted(by_publisher.edges(data="shared")) == [(E + "t1", E + "t2", 2)]
    with pytest.raises(ValueError, match="via must be"):
        topic_graph(typed, via="section")


def test_publisher_and_bipartite_projections(typed: nx.Graph) -> None:
    assert sorted(topic_publisher_graph(typed).edges(data="resources")) == [
        (E + "t1", E + "mayo", 1),
        (E + "t1", E + "nih", 2),
        (E + "t2", E + "mayo", 2),
        (E + "t2", E + "nih", 1),
    ]
    assert list(publisher_graph(typed).edges(data="topics")) == [(E + "mayo", E + "nih", 2)]


# ---------------------------------------------------------------- centrality


def test_exact_centralities_of_a_path() -> None:
    path = nx.path_graph(["a", "b", "c", "d", "e"])
    assert metrics.degree(path) == {"a": 1, "b": 2, "c": 2, "d": 2, "e": 1}
    values, used = metrics.betweenness(path)
    # c lies on 4 of the 6 pairs of other nodes (a–d, a–e, b–d, b–e), b on 3 (a–c, a–d, a–e)
    assert values == {"a": 0.0, "b": 0.5, "c": 0.6666666667, "d": 0.5, "e": 0.0} and used == 5
    ranks = metrics.pagerank(path)
    assert ranks["a"] == ranks["e"] < ranks["b"] == ranks["d"]
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_exact_centralities_of_a_star() -> None:
    star = nx.star_graph(4)  # hub 0 and four leaves
    assert metrics.betweenness(star)[0] == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}
    ranks = metrics.pagerank(star)
    # hub = 0.15/5 + 0.85 * 4 * leaf and leaf = 0.15/5 + 0.85 * hub/4, so:
    hub = (0.15 / 5) * (1 + 0.85 * 4) / (1 - 0.85 * 0.85)
    assert ranks[0] == pytest.approx(hub, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_equals_networkx_exact_and_sampled(seed: int) -> None:
    graph = nx.gnm_random_graph(120, 300, seed=seed)
    graph.add_edges_from([(500, 501), (501, 502)])  # another component
    graph.add_node(600)  # an isolated node
    exact = nx.betweenness_centrality(graph)
    assert metrics.betweenness(graph)[0] == pytest.approx(exact, abs=1e-9)
    sampled = nx.betweenness_centrality(graph, k=25, seed=seed)
    values, used = metrics.betweenness(graph, seed=seed, exact_up_to=100, pivots=25)
    assert used == 25 and values == pytest.approx(sampled, abs=1e-9)


def test_betweenness_samples_only_above_the_threshold() -> None:
    graph = nx.cycle_graph(40)
    assert metrics.betweenness(graph, exact_up_to=40, pivots=5)[1] == 40
    assert metrics.betweenness(graph, exact_up_to=39, pivots=5)[1] == 5
    assert metrics.betweenness(nx.Graph())[0] == {}


def test_path_dependencies_counts_paths_through_each_node() -> None:
    graph = nx.cycle_graph(4)  # 0-1-2-3-0: two shortest paths between opposite corners
    assert metrics.path_dependencies(graph, [0]).tolist() == [0.0, 0.5, 0.0, 0.5]


# ---------------------------------------------------------------- communities


def test_louvain_finds_the_cliques_of_a_ring() -> None:
    graph = nx.ring_of_cliques(4, 5)  # four 5-cliques joined in a ring by single edges
    nx.set_node_attributes(graph, {n: f"topic {n}" for n in graph}, "label")
    found = metrics.communities(graph, metrics.pagerank(graph))
    assert sorted(sorted(c.topics) for c in found) == [list(range(i, i + 5)) for i in range(0, 20, 5)]
    assert [c.number for c in found] == [1, 2, 3, 4] and all(c.size == 5 for c in found)
    assert metrics.modularity(graph, found) == pytest.approx(
        nx.community.modularity(graph, [set(c.topics) for c in found])
    )


def test_community_label_names_its_most_central_topics() -> None:
    graph = nx.Graph([("a", "b"), ("a", "c"), ("x", "y")])
    nx.set_node_attributes(graph, {"a": "Alpha", "b": "Beta", "c": "Gamma", "x": "Xi", "y": "Ypsilon"}, "label")
    found = metrics.communities(graph, {"a": 0.5, "b": 0.1, "c": 0.3, "x": 0.05, "y": 0.05}, label_size=2)
    assert [(c.number, c.label, c.topics) for c in found] == [
        (1, "Alpha, Gamma", ("a", "c", "b")),
        (2, "Xi, Ypsilon", ("x", "y")),  # a tie goes by IRI
    ]
    assert metrics.modularity(nx.empty_graph(3), []) == 0.0


def test_communities_are_the_same_for_the_same_seed() -> None:
    graph = nx.les_miserables_graph()
    first = metrics.communities(graph, metrics.pagerank(graph), seed=7)
    assert metrics.communities(graph, metrics.pagerank(graph), seed=7) == first


# ---------------------------------------------------------------- similarity, reach, coverage, structure


def test_similarity_of_the_small_graph(typed: nx.Graph) -> None:
    assert metrics.similarity(typed) == [
        metrics.Neighbour(E + "t1", E + "t2", 1, 0.3333333333, 1.0),
        metrics.Neighbour(E + "t2", E + "t1", 1, 0.3333333333, 1.0),
    ]


def test_nearest_neighbours_rank_resources_then_publishers_then_iri() -> None:
    typed = nx.Graph()
    typed.add_nodes_from(["a", "b", "c", "d", "e"], kind="topic")
    typed.add_nodes_from(["r1", "r2", "r3", "r4", "r5", "r6"], kind="resource")
    typed.add_nodes_from(["p", "q"], kind="publisher")
    typed.add_edges_from([("a", "r1"), ("a", "r2"), ("b", "r1"), ("c", "r2"), ("c", "r3")])
    typed.add_edges_from([("d", "r4"), ("e", "r5"), ("e", "r6")])
    typed.add_edges_from([("p", "r3"), ("p", "r4"), ("q", "r2"), ("q", "r5")])
    nearest = [(n.other, n.rank, n.resource_jaccard, n.publisher_jaccard) for n in metrics.similarity(typed, k=3)]
    found = {}
    for neighbour in metrics.similarity(typed, k=3):
        found.setdefault(neighbour.topic, []).append(neighbour.other)
    # a shares r1 with b (1/2) and r2 with c (1/3); with e it shares only the publisher q
    assert found["a"] == ["b", "c", "e"]
    assert found["d"] == ["c"]  # d shares publisher p with c, nothing with anyone else
    assert nearest[0] == ("b", 1, 0.5, 0.0)
    assert all(neighbour.other != neighbour.topic for neighbour in metrics.similarity(typed))


def test_publisher_reach_and_nih_share(typed: nx.Graph) -> None:
    assert metrics.publisher_reach(typed) == {
        E + "mayo": metrics.Reach(topics=2, share=1.0, resources=2, sections=1, listing_share=0.75),
        E + "nih": metrics.Reach(topics=2, share=1.0, resources=2, sections=2, listing_share=0.75),
    }
    share = metrics.nih_share(typed)
    assert (share.overall, share.by_topic) == (0.75, {E + "t1": 1.0, E + "t2": 0.5})


def test_audience_coverage_of_topics_and_groups(typed: nx.Graph) -> None:
    coverage = metrics.audience_coverage(typed)
    assert coverage.topics == {E + "t1": {E + "kids": 1}, E + "t2": {E + "kids": 0}}  # the stub t3 is left out
    assert coverage.groups == {E + "g": {E + "kids": 1}} and coverage.group_sizes == {E + "g": 2}
    assert coverage.group_share(E + "g", E + "kids") == 0.5


def test_structure_components_bridges_articulation_points() -> None:
    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("x", "y")])
    graph.add_node("z")
    found = metrics.structure(graph)
    assert found.components == [("a", "b", "c", "d", "e"), ("x", "y"), ("z",)]
    assert found.bridges == [("c", "d"), ("d", "e"), ("x", "y")]
    assert found.articulation_points == ["c", "d"]


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_doubles_are_written_as_the_store_writes_them(value: float) -> None:
    # analysis.ttl is written from the lines the store loads: they must be the terms the store holds
    line = f"<https://e.org/a> <https://e.org/p> {double(value)} .\n"
    store = Store()
    store.add_lines([line])
    assert store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8") == line
