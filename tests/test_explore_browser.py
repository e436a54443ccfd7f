"""The explorer on the 2,000-topic corpus in headless Chromium, every request blocked: the API and
the UI (search, expand, collapse, back and forward, layouts, labels, filters, language, paths,
similarity, export), checked against what the index in Python says.

The corpus is generated and built once per session in a temporary folder (about a minute);
``$KG_EXPLORE_BUILD`` names an existing build folder to use instead. Screenshots of each step go
to ``out/screenshots/`` (``$KG_SCREENSHOTS`` to change).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from kg.build.layout import open_build
from kg.viz import GraphData
from kg.viz.explore import START_TOPICS, render_explorer
from kg.viz.index import LINK_RELATIONS, GraphIndex, build_index
from tests.browser import Chromium, Opened, browser, open_page, require_chromium
from tests.conftest import ROOT

__all__ = ["browser"]  # the fixture, imported so that pytest finds it

SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS", ROOT / "out" / "screenshots"))


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build (with its analysis, without the store) of the generated 2,000-topic corpus."""
    require_chromium()
    if os.environ.get("KG_EXPLORE_BUILD"):
        return Path(os.environ["KG_EXPLORE_BUILD"])
    work = tmp_path_factory.mktemp("corpus2000")
    corpus = work / "c2000.xml"
    generator = ROOT / "benchmarks" / "generate_corpus.py"
    subprocess.run([sys.executable, generator, "--topics", "2000", "-o", corpus], check=True)
    kg = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(work / "out"), "--no-store", "--no-viz", "-q"]
    subprocess.run(kg, check=True)
    return work / "out"


@pytest.fixture(scope="session")
def corpus_data(corpus_build: Path) -> GraphData:
    return GraphData(open_build((corpus_build,)))


@pytest.fixture(scope="session")
def index(corpus_data: GraphData) -> GraphIndex:
    return build_index(corpus_data)


@pytest.fixture(scope="session")
def explorer_html(corpus_data: GraphData) -> str:
    return render_explorer(corpus_data).html


@pytest.fixture
def explorer(browser: Chromium, explorer_html: str) -> Iterator[Opened]:
    opened = open_page(browser, explorer_html, timeout=120_000)
    yield opened
    assert opened.errors == [] and opened.dialogs == []
    assert [url for url in opened.requests if not url.startswith("blob:")] == []
    opened.close()


def shot(opened: Opened, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=SCREENSHOTS / f"explore-{name}.png")


def visible_iris(opened: Opened) -> list[str]:
    return opened.page.evaluate("kgExplorer.visible().nodes.map(n => n.iri)")


def neighbours(index: GraphIndex, node: int) -> list[int]:
    """``node``'s neighbours by any relation, most central first (as the page orders them)."""
    return sorted({t if s == node else s for s, t, _ in index.links if node in (s, t)})


def overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def test_opens_on_the_most_central_topics_with_no_label_over_another(
    explorer: Opened, index: GraphIndex, corpus_data: GraphData
) -> None:
    english = [
        i
        for i, kind in enumerate(index.kinds)
        if kind == "topic" and index.languages[i] == "en" and index.iris[i] in corpus_data.read_topics
    ]
    assert sorted(visible_iris(explorer)) == sorted(index.iris[i] for i in english[:START_TOPICS])
    boxes = explorer.page.evaluate("kgExplorer.labelBoxes()")  # the boxes vis-network drew the labels in
    assert len(boxes) >= START_TOPICS // 2
    assert overlaps(boxes) == []
    status = explorer.page.locator("#kg-status").inner_text()
    assert status.startswith(f"{START_TOPICS} nodes and ") and f"of {len(index.iris):,} nodes" in status
    shot(explorer, "start")


def test_search_finds_a_spanish_topic_by_its_title_and_focuses_it(explorer: Opened, index: GraphIndex) -> None:
    spanish = next(i for i, kind in enumerate(index.kinds) if kind == "topic" and index.languages[i] == "es")
    title = index.labels["es"][spanish]
    search = explorer.page.locator("#kg-search")
    search.fill(title)
    results = explorer.page.locator("#kg-results li").all_inner_texts()
    assert f"{title} · topic · Español" in results
    explorer.page.locator("#kg-results button", has_text=f"{title} · topic · Español").first.click()
    assert index.iris[spanish] in visible_iris(explorer)
    assert explorer.page.locator("#kg-details-name").inner_text() == index.label(spanish, "en")  # labels in English
    details = explorer.page.locator("#kg-details").inner_text()
    assert "Health topic · Español" in details and title in details and details.count("PageRank") == 1
    found = explorer.page.evaluate("t => kgExplorer.search(t, 5)", title.upper())
    assert found[0]["iri"] == index.iris[spanish] and found[0]["language"] == "es"
    shot(explorer, "search")


def test_expand_adds_the_most_central_neighbours_then_collapse_back_and_forward(
    explorer: Opened, index: GraphIndex
) -> None:
    topic = next(i for i, kind in enumerate(index.kinds) if kind == "topic" and index.languages[i] == "en")
    before = set(visible_iris(explorer))
    resources = [n for n in neighbours(index, topic) if index.kinds[n] == "resource"]
    added = explorer.page.evaluate("t => kgExplorer.expand(t, 'resource')", index.iris[topic])
    assert added == [index.iris[n] for n in resources[:10]]  # the ten most central, in order
    assert set(visible_iris(explorer)) == before | set(added)
    links = explorer.page.evaluate("kgExplorer.visible().links")
    assert {(link["source"], link["target"]) for link in links if link["relation"] == "lists"} >= {
        (index.iris[topic], iri) for iri in added
    }
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[topic])
    more = explorer.page.locator('#kg-details button.kg-more[data-kind="resource"]')
    more.click()  # the panel's "more": the next ten
    assert set(visible_iris(explorer)) >= {index.iris[n] for n in resources[:20]}
    shot(explorer, "expand")
    removed = explorer.page.evaluate("t => kgExplorer.collapse(t)", index.iris[topic])
    twenty = {index.iris[n] for n in resources[:20]}
    assert removed and set(removed) <= twenty and not set(removed) & set(visible_iris(explorer))
    now = set(visible_iris(explorer))
    for kept in twenty - set(removed):  # kept: linked to something else still shown
        number = index.iris.index(kept)
        assert any(index.iris[n] in now for n in neighbours(index, number) if n != topic)
    explorer.page.locator("#kg-back").click()
    assert set(visible_iris(explorer)) >= {index.iris[n] for n in resources[:20]}
    explorer.page.locator("#kg-forward").click()
    assert not set(removed) & set(visible_iris(explorer))


def test_double_click_expands_a_node_where_it_is_drawn(explorer: Opened, index: GraphIndex) -> None:
    first = 0 if index.kinds[0] == "topic" else next(i for i, k in enumerate(index.kinds) if k == "topic")
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[first])
    before = len(visible_iris(explorer))
    box = explorer.page.locator("#kg-network canvas").bounding_box()
    assert box
    where = explorer.page.evaluate(
        "id => kgExplorer.network.canvasToDOM(kgExplorer.network.getPositions([id])[id])",
        index.iris.index(index.iris[first]),
    )
    explorer.page.mouse.dblclick(box["x"] + where["x"], box["y"] + where["y"])
    assert len(visible_iris(explorer)) > before
    assert explorer.page.locator("#kg-details-name").inner_text() == index.label(first)


def test_a_path_between_two_topics_is_shown_and_highlighted(explorer: Opened, index: GraphIndex) -> None:
    graph = nx.Graph()
    similar = LINK_RELATIONS.index("similar")
    graph.add_edges_from((s, t) for s, t, r in index.links if r != similar)
    topics = [i for i, kind in enumerate(index.kinds) if kind == "topic"]
    a, b = topics[3], topics[-1]
    found = explorer.page.evaluate("([a, b]) => kgExplorer.path(a, b)", [index.iris[a], index.iris[b]])
    assert found[0] == index.iris[a] and found[-1] == index.iris[b]
    assert len(found) - 1 == nx.shortest_path_length(graph, a, b)
    numbers = [index.iris.index(iri) for iri in found]
    assert all(graph.has_edge(x, y) for x, y in pairwise(numbers))
    assert set(found) <= set(visible_iris(explorer))
    lit = explorer.page.evaluate(
        """() => { const dim = kgExplorer.nodes.get().filter(n => n.color.background !== undefined &&
                       n.color.background.startsWith('rgba')).map(n => n.id);
                   const wide = kgExplorer.edges.get().filter(e => e.width === 4).length;
                   return {dim: dim.length, all: kgExplorer.nodes.length, wide: wide}; }"""
    )
    assert lit["wide"] == len(found) - 1 and lit["dim"] == lit["all"] - len(found)
    assert "Path of" in explorer.page.locator("#kg-message").inner_text()
    shot(explorer, "path")
    explorer.page.keyboard.press("Escape")
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[b])  # the same path from the panel, b to a
    explorer.page.locator("#kg-path-start").click()
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[a])
    explorer.page.locator("#kg-path-end").click()
    message = explorer.page.locator("#kg-message").inner_text()
    assert message.startswith(f"Path of {len(found) - 1} links: {index.label(b)} → ")
    assert message.endswith(f" → {index.label(a)}")


def test_filters_and_the_language_switch_change_what_is_shown(
    explorer: Opened, index: GraphIndex, corpus_data: GraphData
) -> None:
    topic = next(i for i, kind in enumerate(index.kinds) if kind == "topic" and index.labels["es"][i])
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[topic])
    explorer.page.evaluate("t => kgExplorer.expand(t, null, 40)", index.iris[topic])
    shown = explorer.page.evaluate("kgExplorer.visible().nodes")
    assert explorer.page.evaluate("kgExplorer.filter({kinds: ['topic']})") == sum(n["kind"] == "topic" for n in shown)
    publishers = [i for i, kind in enumerate(index.kinds) if kind == "publisher"][:2]
    explorer.page.evaluate("p => kgExplorer.filter({publisher: p})", [index.iris[p] for p in publishers])
    published = {index.iris[p] for p in publishers}
    by = corpus_data.targets("published by")
    for node in explorer.page.evaluate("kgExplorer.visible().nodes"):
        if node["kind"] == "resource":
            assert set(by.get(node["iri"], ())) & published
        elif node["kind"] == "publisher":
            assert node["iri"] in published
    explorer.page.locator("#kg-filter-clear").click()
    explorer.page.locator("#kg-degree-min").fill("50")
    kept = explorer.page.evaluate("kgExplorer.visible().nodes.map(n => n.id)")
    assert kept and all(index.degree[n] >= 50 for n in kept)
    explorer.page.locator("#kg-filter-clear").click()
    assert len(visible_iris(explorer)) == len(shown)
    assert explorer.page.locator("#kg-details-name").inner_text() == index.labels["en"][topic]
    explorer.page.locator("#kg-language").select_option("es")
    assert explorer.page.locator("#kg-details-name").inner_text() == index.labels["es"][topic]
    label = explorer.page.evaluate("id => kgExplorer.visible().nodes.find(n => n.id === id).label", topic)
    assert label == index.labels["es"][topic]  # an English topic shows its translation's title
    shot(explorer, "spanish")


def test_layouts_keep_the_focus_pinned_and_no_two_nodes_on_one_spot(explorer: Opened, index: GraphIndex) -> None:
    topic = next(i for i, kind in enumerate(index.kinds) if kind == "topic")
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[topic])
    explorer.page.evaluate("t => kgExplorer.expand(t, null, 15)", index.iris[topic])
    for name in ("radial", "hierarchical", "force"):
        before = explorer.page.evaluate("id => kgExplorer.network.getPositions([id])[id]", topic)
        explorer.page.evaluate("name => kgExplorer.layout(name)", name)
        nodes = explorer.page.evaluate("kgExplorer.visible().nodes")
        at = {n["id"]: (n["x"], n["y"]) for n in nodes}
        if name == "radial":
            assert at[topic] == (0, 0)
        elif name == "force":
            assert at[topic] == pytest.approx((before["x"], before["y"]), abs=0.5)
        spots = list(at.values())
        closest = min(
            ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 for i, (x1, y1) in enumerate(spots) for x2, y2 in spots[i + 1 :]
        )
        assert closest > 10, name
        assert overlaps(explorer.page.evaluate("kgExplorer.labelBoxes()")) == [], name
        shot(explorer, name)


def test_similar_topics_say_why(explorer: Opened, index: GraphIndex) -> None:
    similar = LINK_RELATIONS.index("similar")
    a, b, _ = next(link for link in index.links if link[2] == similar)
    explorer.page.evaluate("t => kgExplorer.focus(t)", index.iris[a])
    why = explorer.page.evaluate("([a, b]) => kgExplorer.similarity(a, b)", [index.iris[a], index.iris[b]])
    lists = {LINK_RELATIONS.index("lists"), LINK_RELATIONS.index("encyclopedia")}
    resources = [
        {t if s == x else s for s, t, r in index.links if r in lists and x in (s, t) and index.kinds[s] == "topic"}
        for x in (a, b)
    ]
    assert set(why["resources"]) == {index.iris[n] for n in resources[0] & resources[1]}
    assert why["resourceJaccard"] == pytest.approx(len(resources[0] & resources[1]) / len(resources[0] | resources[1]))
    explorer.page.locator("#kg-details .kg-why").first.click()
    assert "Shared resources:" in explorer.page.locator("#kg-why").inner_text()


def test_export_writes_png_csv_and_graphml_of_what_is_shown(
    explorer: Opened, index: GraphIndex, tmp_path: Path
) -> None:
    shown = explorer.page.evaluate("kgExplorer.visible()")
    saved = {}
    for what in ("png", "nodes", "links", "graphml"):
        with explorer.page.expect_download() as download:
            explorer.page.locator(f'[data-export="{what}"]').click()
        saved[what] = tmp_path / download.value.suggested_filename
        download.value.save_as(saved[what])
    assert saved["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.DictReader(io.StringIO(saved["nodes"].read_text(encoding="utf-8"))))
    assert [row["iri"] for row in rows] == [node["iri"] for node in shown["nodes"]]
    first = index.iris.index(rows[0]["iri"])
    assert rows[0]["kind"] == index.kinds[first]
    assert float(rows[0]["pagerank"]) == pytest.approx(index.pagerank[first], rel=1e-3)
    links = list(csv.DictReader(io.StringIO(saved["links"].read_text(encoding="utf-8"))))
    assert len(links) == len(shown["links"])
    graph = nx.read_graphml(saved["graphml"])
    assert graph.number_of_nodes() == len(shown["nodes"]) and graph.number_of_edges() == len(shown["links"])
    assert graph.nodes[rows[0]["iri"]]["kind"] == rows[0]["kind"]
