"""The HTML views without a browser: what each view selects, the layout, the page's safety and
self-containment, notebook display, and the `kg viz` and `kg build` commands."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.build.layout import open_build
from kg.cli import main
from kg.errors import QueryError
from kg.store import Store
from kg.viz import GraphData, render, select
from kg.viz.data import RELATIONS
from kg.viz.html import script_json
from kg.viz.index import build_index
from kg.viz.layout import layout
from tests.conftest import PAGE

KG = "https://w3id.org/kg-medlineplus/vocab#"
ID = "https://w3id.org/kg-medlineplus/id/"
GENES = ID + "topic/genesandgenetherapy"
HOSTILE = "<img src=x onerror=alert(1)>"

#: A tiny graph whose strings try to break out of the page: markup, a closing script tag, quotes,
#: a javascript: URL. Written by hand (no kg code), like the analysis below.
HOSTILE_TTL = f"""
@prefix kg: <{KG}> . @prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
<{ID}topic/x> a kg:Topic ; skos:prefLabel "</script><script>alert(2)</script>"@en ;
    schema:url <javascript:alert(3)> ; prov:wasDerivedFrom <{ID}source/s> ;
    kg:hasResource <{ID}resource/r> .
<{ID}resource/r> a kg:Resource, kg:WebPage ; schema:name "{HOSTILE}"@en ;
    schema:url <https://example.org/a?b=1&c=%22%3E> ; schema:publisher <{ID}org/o> .
<{ID}org/o> a kg:Organization ; schema:name "O'Reilly & \\"Sons\\" <b>bold</b>" .
"""


def analysis_ttl(a: str, b: str, c: str) -> str:
    """A hand-written analysis graph for topics ``a``, ``b``, ``c``: PageRank, two communities, similarities."""
    return f"""
@prefix kg: <{KG}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{a}> kg:pageRank "0.5"^^xsd:double ; kg:degree 7 ; kg:betweenness "0.25"^^xsd:double ; kg:community <{ID}community/1> .
<{b}> kg:pageRank "0.3"^^xsd:double ; kg:community <{ID}community/1> .
<{c}> kg:pageRank "0.2"^^xsd:double ; kg:community <{ID}community/2> .
<{ID}community/1> a kg:Community ; rdfs:label "Genes and friends" ; kg:communitySize 2 .
<{ID}community/2> a kg:Community ; rdfs:label "Bellies" ; kg:communitySize 1 .
<{ID}similarity/1> a kg:Similarity ; kg:fromTopic <{a}> ; kg:toTopic <{b}> ;
    kg:resourceJaccard "0.4"^^xsd:double ; kg:publisherJaccard "0.6"^^xsd:double ; kg:neighbourRank 1 .
<{ID}similarity/2> a kg:Similarity ; kg:fromTopic <{b}> ; kg:toTopic <{a}> ;
    kg:resourceJaccard "0.4"^^xsd:double ; kg:publisherJaccard "0.6"^^xsd:double ; kg:neighbourRank 1 .
<{ID}similarity/3> a kg:Similarity ; kg:fromTopic <{c}> ; kg:toTopic <{a}> ;
    kg:resourceJaccard "0.1"^^xsd:double ; kg:publisherJaccard "0.2"^^xsd:double ; kg:neighbourRank 9 .
"""


@pytest.fixture(scope="module")
def page_data(store: Store) -> GraphData:
    return GraphData(store)


@pytest.fixture(scope="module")
def corpus_data(corpus: Store) -> GraphData:
    return GraphData(corpus)


def count(store: Store, sparql: str) -> int:
    return int(store.select(f"PREFIX kg: <{KG}> PREFIX schema: <https://schema.org/> {sparql}").rows[0][0])


# ---------------------------------------------------------------- what the views select


def test_graph_view_draws_every_entity_and_link(store: Store, page_data: GraphData) -> None:
    view = select(page_data, "graph")
    kinds = "kg:Topic kg:Resource kg:EncyclopediaArticle kg:Organization kg:Audience kg:Section kg:Group"
    entities = count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?t {{ {kinds} }} ?s a ?t }}")
    assert len(view.nodes) == entities == 71
    by_relation = {relation: sum(1 for link in view.links if link.relation == relation) for relation in ("lists",)}
    assert by_relation["lists"] == count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?t kg:hasResource ?r }")
    publishers = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Resource ; schema:publisher ?o }")
    assert sum(1 for link in view.links if link.relation == "published by") == publishers
    assert len(view.links) == len(set(view.links)) == 130
    assert view.notes == ["Node size: number of links (run kg analyze for PageRank)."]


def test_graph_view_keeps_the_most_central_nodes_when_told(page_data: GraphData) -> None:
    view = select(page_data, "graph", max_nodes=10)
    assert len(view.nodes) == 10
    assert view.nodes[0] == GENES  # the topic has the most links
    assert "Showing the 10 most central of 71 nodes (--max-nodes)." in view.notes
    kept = set(view.nodes)
    assert all(link.source in kept and link.target in kept for link in view.links)


def test_topic_view_follows_links_to_the_depth_asked(page_data: GraphData) -> None:
    assert select(page_data, "topic", topic="Genes and Gene Therapy", depth=0).nodes == [GENES]
    one = select(page_data, "topic", topic="genesandgenetherapy", depth=1)
    kinds = {page_data.kinds[node] for node in one.nodes}
    assert kinds == {"topic", "resource", "publisher"}  # resources, related topics, the primary institute
    assert len(one.nodes) == 1 + 42 + 2 + 1
    two = select(page_data, "topic", topic="https://medlineplus.gov/genesandgenetherapy.html", depth=2)
    assert {"section", "audience"} <= {page_data.kinds[node] for node in two.nodes}
    assert len(two.nodes) == 71
    capped = select(page_data, "topic", topic=GENES, depth=2, max_nodes=20)
    assert len(capped.nodes) == 20 and GENES in capped.nodes
    assert any("(--max-nodes)" in note for note in capped.notes)


def test_an_unknown_topic_or_group_is_refused_with_close_names(page_data: GraphData) -> None:
    with pytest.raises(QueryError, match=r"no topic named 'Genes and Gene Therapies'.*'Genes and Gene Therapy'"):
        select(page_data, "topic", topic="Genes and Gene Therapies")
    with pytest.raises(QueryError, match="needs a topic"):
        select(page_data, "topic")
    with pytest.raises(QueryError, match="no topic group named 'Nothing'"):
        select(page_data, "group", group="Nothing")
    with pytest.raises(QueryError, match="no view named 'hairball'"):
        select(page_data, "hairball")


def test_topic_map_without_analysis_computes_jaccard_and_communities(corpus_data: GraphData) -> None:
    view = select(corpus_data, "topic-map")
    assert set(view.nodes) == corpus_data.read_topics
    assert {link.relation for link in view.links} <= {"similar"}
    assert any("computed here" in note for note in view.notes)
    for link in view.links:  # the Jaccard index of the resources the two topics list
        a, b = (set(corpus_data.targets("lists")[t]) for t in (link.source, link.target))
        assert link.weight == round(len(a & b) / len(a | b), 4) > 0
    assert set(view.colour_groups) <= set(view.nodes)
    assert set(view.colour_groups.values()) <= set(view.group_labels)


def test_topic_map_uses_the_analysis_when_there(tmp_path: Path) -> None:
    abdominal, spanish = ID + "topic/abdominalpain", ID + "topic/spanish/abdominalpain"
    store = kg.load([PAGE, Path("tests/fixtures/xml/mplus_topics_2012-07-21_excerpt.xml")])
    (tmp_path / "analysis.ttl").write_text(analysis_ttl(GENES, abdominal, spanish), encoding="utf-8")
    store.add_rdf(tmp_path / "analysis.ttl", graph="analysis")
    data = GraphData(store)
    view = select(data, "topic-map")
    assert view.nodes[:2] == [GENES, abdominal]  # by PageRank
    assert [(link.source, link.target, link.relation) for link in view.links] == [(abdominal, GENES, "similar")]
    assert view.links[0].note == "resource Jaccard 0.40, publisher Jaccard 0.60"  # rank 9 is past the 5 nearest
    assert view.group_labels == {ID + "community/1": "Genes and friends", ID + "community/2": "Bellies"}
    assert view.colour_groups[spanish] == ID + "community/2"
    assert view.notes[0] == "Node size: PageRank (from kg analyze)."
    page = render(data, "topic-map")
    assert "Genes and friends" in page.html and "PageRank" in page.html


def test_publisher_view_links_publishers_by_shared_topics(corpus_data: GraphData) -> None:
    view = select(corpus_data, "publishers")
    assert {corpus_data.kinds[node] for node in view.nodes} == {"publisher"}
    assert {link.relation for link in view.links} == {"shares topics"}
    topics_of: dict[str, set[str]] = {}
    for resource, publisher in corpus_data.pairs("published by"):
        topics_of.setdefault(publisher, set()).update(corpus_data.sources("lists").get(resource, ()))
    for link in view.links:
        assert link.weight == len(topics_of[link.source] & topics_of[link.target]) > 0
    assert set(view.group_labels) == {"nih", "other"}


def test_group_view_shows_a_groups_topics(corpus_data: GraphData) -> None:
    view = select(corpus_data, "group", group="Genetics/Birth Defects")
    group = ID + "group/geneticsbirthdefects"
    assert view.nodes[0] == group
    members = {link.source for link in view.links if link.relation == "in group" and link.target == group}
    assert GENES in members
    assert members | {group} <= set(view.nodes)


def test_top_view_draws_the_most_central_topics_and_other_nodes(corpus_data: GraphData) -> None:
    view = select(corpus_data, "top", top=16)
    assert len(view.nodes) == 16
    degree = corpus_data.degree
    assert sorted((degree[n] for n in view.nodes), reverse=True) == [degree[n] for n in view.nodes]
    topics = [n for n in view.nodes if n in corpus_data.read_topics]
    others = [n for n in view.nodes if n not in corpus_data.read_topics]
    read = len(corpus_data.read_topics)
    assert len(topics) == min(8, read) and len(others) == 16 - len(topics)  # what its title says
    assert view.title == f"Top 16 by number of links: {len(topics)} topics and {len(others)} other nodes"
    rest = [degree[n] for n in corpus_data.kinds if n not in corpus_data.read_topics]
    assert min(degree[n] for n in others) >= sorted(rest, reverse=True)[len(others) - 1]
    assert any(link.relation == "through" for link in view.links)


def test_capped_views_say_what_they_leave_out_and_mark_their_focus(corpus_data: GraphData) -> None:
    view = select(corpus_data, "graph", max_nodes=50)
    totals = corpus_data.count_kinds()
    drawn = Counter(corpus_data.kinds[n] for n in view.nodes)
    assert f"{drawn['resource']:,} of {totals['resource']:,} resources" in view.title
    every = sum(len(corpus_data.pairs(relation)) for relation in RELATIONS)
    assert f"{every - len(view.links):,} of {every:,} links are left out" in " ".join(view.notes)
    topic = select(corpus_data, "topic", topic="Genes and Gene Therapy", depth=1)
    assert topic.focus == GENES
    page = data_of(render(corpus_data, "topic", topic="Genes and Gene Therapy", depth=1).html)
    focused = page["nodes"][page["focus"]]
    assert focused["kg"]["iri"] == GENES and focused["borderWidth"] == 4
    group = select(corpus_data, "group", group="Genetics/Birth Defects")
    members = sum(1 for n in group.nodes if corpus_data.kinds[n] == "topic")
    others = sum(1 for n in group.nodes[1:] if corpus_data.kinds[n] == "group")
    suffix = f" and {others:,} other groups they are in" if others else ""
    assert group.title == f"Topic group Genetics/Birth Defects: {members:,} topics{suffix}"


def test_no_two_nodes_of_a_view_on_one_spot(corpus_data: GraphData) -> None:
    page = data_of(render(corpus_data, "graph").html)
    nodes = page["nodes"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= a["size"] + b["size"] - 0.5


def test_tooltips_show_kind_language_and_metrics(tmp_path: Path) -> None:
    store = kg.load([PAGE])
    (tmp_path / "analysis.ttl").write_text(analysis_ttl(GENES, ID + "topic/a", ID + "topic/b"), encoding="utf-8")
    store.add_rdf(tmp_path / "analysis.ttl", graph="analysis")
    nodes = data_of(render(GraphData(store), "graph").html)["nodes"]
    genes = next(n for n in nodes if n["kg"]["iri"] == GENES)["title"].splitlines()
    assert genes[1] == "Health topic · English"
    assert "PageRank: 0.5 · Betweenness: 0.25 · Links: 7 · Community: Genes and friends" in genes
    nemours = next(n for n in nodes if n["kg"]["iri"] == ID + "org/nemours-foundation")["title"]
    assert "Publishes 4 resources · not part of NIH" in nemours


# ---------------------------------------------------------------- layout


def test_layout_places_every_node_the_same_way_each_time() -> None:
    nodes = [f"n{i}" for i in range(700)]
    links = [(f"n{i}", f"n{i // 3}") for i in range(1, 600)]  # a tree of 600 and 100 lone nodes
    first = layout(nodes, links, core=50)
    assert set(first) == set(nodes)
    assert first == layout(nodes, links, core=50)
    assert len(set(first.values())) == len(nodes)  # no two nodes on the same spot
    tree_x = [first[f"n{i}"][0] for i in range(600)]
    lone = first["n650"]
    assert lone[1] > max(first[f"n{i}"][1] for i in range(600)) or lone[0] > max(tree_x)  # packed apart


# ---------------------------------------------------------------- the page


def data_of(page_html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page_html, re.DOTALL)
    assert found
    return json.loads(found.group(1))


def test_page_is_self_contained_and_asks_for_nothing(page_data: GraphData) -> None:
    page = render(page_data, "graph")
    text = page.html
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=""", text, re.IGNORECASE)
    assert "@import" not in text and "url(http" not in text and "cdn" not in text.lower()
    assert "default-src 'none'" in text  # the Content Security Policy forbids every request
    assert len(re.findall(r"^<script", text, re.MULTILINE)) == text.count("</script>") == 4  # data, vis, labels, kg
    data = data_of(text)
    assert len(data["nodes"]) == page.nodes == 71 and len(data["edges"]) == page.edges == 130
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in node and "y" in node for node in data["nodes"])


def test_page_is_the_same_bytes_for_the_same_graph(store: Store, page_data: GraphData) -> None:
    assert render(page_data, "graph").html == render(GraphData(store), "graph").html


def test_strings_from_the_data_cannot_break_out(tmp_path: Path) -> None:
    (tmp_path / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    page = render(kg.load([tmp_path / "hostile.ttl"]), "graph")
    assert HOSTILE not in page.html and "<script>alert(2)" not in page.html and "<b>bold" not in page.html
    assert page.html.count("</script>") == 4
    data = data_of(page.html)
    labels = {
        node["kg"]["labels"][""] if "" in node["kg"]["labels"] else node["kg"]["labels"]["en"] for node in data["nodes"]
    }
    assert {HOSTILE, "</script><script>alert(2)</script>"} <= labels  # kept as text, escaped only as JSON
    topic = next(node for node in data["nodes"] if node["kg"]["kind"] == "topic")
    assert topic["kg"]["url"] == ""  # a javascript: URL is never a link
    assert "javascript:" not in topic["title"]
    assert script_json("</script>") == '"\\u003c/script\\u003e"'


def test_page_displays_in_a_notebook(page_data: GraphData) -> None:
    page = render(page_data, "publishers")
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts allow-popups' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert srcdoc and html.unescape(srcdoc.group(1)) == page.html
    from IPython.core.formatters import format_display_data  # what Jupyter calls to show a value

    shown, _ = format_display_data(page)
    assert shown["text/html"] == frame


def test_page_writes_atomically(page_data: GraphData, tmp_path: Path) -> None:
    target = render(page_data, "top", top=5).write(tmp_path / "deep" / "top.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["top.html"]


# ---------------------------------------------------------------- the commands


def test_kg_viz_writes_each_view(tmp_path: Path) -> None:
    runner = CliRunner()
    for args, name in [
        ([], "graph.html"),
        (["--topic", "Genes and Gene Therapy"], "explore.html"),
        (["--view", "graph"], "whole-graph.html"),
        (["--view", "topic", "--topic", "Genes and Gene Therapy", "--depth", "1"], "topic.html"),
        (["--view", "topic-map"], "topic-map.html"),
        (["--view", "publishers"], "publishers.html"),
        (["--group", "Genetics/Birth Defects"], "group.html"),
        (["--top", "10"], "top.html"),
    ]:
        target = tmp_path / name
        graph = ["--graph", str(PAGE), "--graph", "tests/fixtures/xml/mplus_topic_groups_2024-08-10.xml"]
        result = runner.invoke(main, ["viz", *graph, *args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"wrote {target} (") and " nodes, " in result.output
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_kg_viz_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["viz", "--graph", str(PAGE), "--topic", "Gene Therapy Stuff", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: no topic named 'Gene Therapy Stuff'") and result.output.count("\n") == 1
    result = runner.invoke(main, ["viz", "--graph", str(PAGE), "--view", "topic"])
    assert result.exit_code == 2 and "needs --topic" in result.output
    assert not (tmp_path / "x").exists()


def test_kg_build_writes_the_graph_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "--no-store"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'graph.html'}" in result.output
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "Node size: PageRank (from kg analyze)." in page and "Genes and Gene Therapy" in page
    assert "window.kgExplorer" in page and data_of(page)["pr"][0] > 0  # the explorer, with the analysis
    result = CliRunner().invoke(main, ["build", str(PAGE), "-o", str(tmp_path / "bare"), "--no-viz", "--no-analyze"])
    assert result.exit_code == 0 and not (tmp_path / "bare" / "graph.html").exists()


# ---------------------------------------------------------------- the explorer and the network exports


def test_explorer_carries_the_whole_graph_and_asks_for_nothing(page_data: GraphData) -> None:
    page = render(page_data, "explore")
    text = page.html
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=""", text, re.IGNORECASE)
    assert "default-src 'none'" in text and "cdn" not in text.lower()
    data = data_of(text)
    index = build_index(page_data)
    assert len(data["k"]) == page.nodes == len(page_data.kinds) == 71
    assert len(data["links"]) == 3 * page.edges == 3 * len(index.links) == 3 * 130
    assert [data["prefixes"][p] + rest for p, rest in zip(data["iriP"], data["iri"], strict=True)] == index.iris
    assert data["start"] == [0] and data["focus"] == -1  # the one topic read, the most central node
    assert render(GraphData(kg.load([PAGE])), "explore").html == text  # the same bytes


def test_explorer_opens_on_a_topic_and_refuses_an_unknown_one(page_data: GraphData) -> None:
    data = data_of(render(page_data, "explore", topic="genesandgenetherapy").html)
    assert data["focus"] == data["start"][0] and data["layout"] == "radial"
    with pytest.raises(QueryError, match="no topic named"):
        render(page_data, "explore", topic="Nothing at all")


def test_explorer_strings_from_the_data_stay_json_text(tmp_path: Path) -> None:
    (tmp_path / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    page = render(kg.load([tmp_path / "hostile.ttl"]), "explore")
    assert HOSTILE not in page.html and "<script>alert(2)" not in page.html and "<b>bold" not in page.html
    assert page.html.count("</script>") == 4  # data, vis-network, labels, explorer
    data = data_of(page.html)
    assert HOSTILE in data["en"] and "</script><script>alert(2)</script>" in data["en"]
    assert all(not url.startswith("javascript") for url in data["url"])


def test_a_topic_label_in_the_other_language_is_its_translation(corpus_data: GraphData) -> None:
    index = build_index(corpus_data)
    english, spanish = ID + "topic/genesandgenetherapy", ID + "topic/spanish/genesandgenetherapy"
    a, b = index.iris.index(english), index.iris.index(spanish)
    assert index.labels["es"][a] == index.labels["es"][b] == "Genes y terapia génica"
    assert index.labels["en"][b] == "Genes and Gene Therapy" and index.languages[b] == "es"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_kg_export_writes_the_typed_graph_for_gephi_and_cytoscape(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "--no-store", "--no-viz"]).exit_code == 0
    target = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--graph", str(out), "-o", str(target)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    data = GraphData(open_build((out,)))
    assert graph.number_of_nodes() == len(data.kinds) == 71 and graph.number_of_edges() == 130
    genes = graph.nodes[GENES]
    assert genes["kind"] == "topic" and genes["label"] == "Genes and Gene Therapy" and genes["language"] == "en"
    assert float(genes["pagerank"]) == pytest.approx(data.analysis.pagerank[GENES])
    assert "community" in genes and "betweenness" in genes
    nih = [n for n, attributes in graph.nodes(data=True) if attributes["kind"] == "resource" and "nih" in attributes]
    assert nih and Counter(graph.nodes[n]["kind"] for n in graph)["publisher"] == 12
    relations = Counter(attributes["relation"] for *_, attributes in graph.edges(data=True))
    assert relations["lists"] == 40 and relations["published by"] == 35
    again = tmp_path / f"again.{fmt}"
    CliRunner().invoke(main, ["export", "--format", fmt, "--graph", str(out), "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()


def test_a_title_holding_the_pages_data_slot_leaves_the_data_where_it_goes(tmp_path: Path) -> None:
    vocab = "https://w3id.org/kg-medlineplus/vocab#"
    graph = tmp_path / "slot.ttl"
    graph.write_text(
        f"<https://w3id.org/kg-medlineplus/id/topic/x> a <{vocab}Topic> ;\n"
        '  <http://www.w3.org/2004/02/skos/core#prefLabel> "Evil \\u0000kg-data\\u0000 title"@en .\n',
        encoding="utf-8",
    )
    store = Store()
    store.add_rdf(graph)
    page = kg.viz.render(store, "explore", topic="https://w3id.org/kg-medlineplus/id/topic/x")
    data = page.html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["en"] == ["Evil \x00kg-data\x00 title"]
