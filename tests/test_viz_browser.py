"""The HTML views in a real browser: headless Chromium with every request but the page blocked.

Each view draws the nodes and links it holds, asks for nothing, and runs nothing from the data;
the legend, search, filters, label switch, physics switch and click highlighting work. A
screenshot of each view goes to ``out/screenshots/`` (``$KG_SCREENSHOTS`` to change).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.store import Store
from kg.viz import GraphData, render
from kg.viz.html import Page
from tests.browser import Chromium, Opened, browser, open_page
from tests.conftest import PAGE, ROOT, XML
from tests.test_explore_browser import overlaps
from tests.test_viz import HOSTILE, HOSTILE_TTL

__all__ = ["browser"]  # the fixture, imported so that pytest finds it

SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS", ROOT / "out" / "screenshots"))
VIEWS = {
    "graph": {},
    "topic": {"topic": "Genes and Gene Therapy", "depth": 1},
    "topic-map": {},
    "publishers": {},
    "group": {"group": "Genetics/Birth Defects"},
    "top": {"top": 25},
}


@pytest.fixture(scope="module")
def data(corpus: Store) -> GraphData:
    return GraphData(corpus)


@pytest.fixture(scope="module")
def page_data() -> GraphData:
    return GraphData(kg.load([PAGE, XML / "mplus_topic_groups_2024-08-10.xml"]))


@pytest.fixture
def graph_page(browser: Chromium, page_data: GraphData) -> Iterator[tuple[Opened, Page]]:
    page = render(page_data, "graph")
    opened = open_page(browser, page.html)
    yield opened, page
    assert opened.requests == [] and opened.dialogs == [] and opened.errors == []
    opened.close()


def counts(opened: Opened) -> dict[str, int]:
    return opened.page.evaluate(
        """() => ({nodes: kgViz.nodes.length, edges: kgViz.edges.length,
                  shown: kgViz.nodes.get({filter: n => !n.hidden}).length,
                  shownEdges: kgViz.edges.get({filter: e => !e.hidden}).length})"""
    )


def node_id(opened: Opened, label: str) -> int:
    return opened.page.evaluate(
        "label => kgViz.data.nodes.find(n => Object.values(n.kg.labels).includes(label)).id", label
    )


def click_node(opened: Opened, node: int) -> None:
    """A real mouse click on the node, where vis-network drew it."""
    box = opened.page.locator("#kg-network canvas").bounding_box()
    assert box
    where = opened.page.evaluate("id => kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id])", node)
    opened.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_draws_its_nodes_and_links_and_asks_for_nothing(
    browser: Chromium, data: GraphData, view: str
) -> None:
    page = render(data, view, **VIEWS[view])  # type: ignore[arg-type]
    assert page.nodes > 1
    opened = open_page(browser, page.html)
    try:
        drawn = counts(opened)
        assert (drawn["nodes"], drawn["edges"]) == (page.nodes, page.edges)
        assert (drawn["shown"], drawn["shownEdges"]) == (page.nodes, page.edges)
        status = opened.page.locator("#kg-status").inner_text()
        assert status == f"{page.nodes} of {page.nodes} nodes, {page.edges} of {page.edges} links shown"
        assert opened.page.locator("#kg-title").inner_text() == page.title
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=SCREENSHOTS / f"{view}.png")
        assert opened.requests == [] and opened.dialogs == [] and opened.errors == []
    finally:
        opened.close()


def test_the_legend_hides_and_shows_a_kind(graph_page: tuple[Opened, Page], page_data: GraphData) -> None:
    opened, page = graph_page
    legend = opened.page.locator("#kg-legend")
    entries = [text.split() for text in legend.locator("li").all_inner_texts()]
    assert ["Resource", "42"] in entries and ["Publisher", "12"] in entries and ["published", "by", "35"] in entries
    legend.locator('input[data-key="resource"]').uncheck()
    drawn = counts(opened)
    assert drawn["shown"] == page.nodes - 42
    resource_links = sum(
        1 for s, t, *_ in page_data.links(page_data.kinds) if "resource" in (page_data.kinds[s], page_data.kinds[t])
    )
    assert drawn["shownEdges"] == page.edges - resource_links
    legend.locator('input[data-key="resource"]').check()
    assert counts(opened)["shown"] == page.nodes
    legend.locator('input[data-key="published by"]').uncheck()
    assert counts(opened)["shownEdges"] == page.edges - 35


def test_search_finds_selects_and_shows_details(graph_page: tuple[Opened, Page], page_data: GraphData) -> None:
    opened, _ = graph_page
    search = opened.page.locator("#kg-search")
    search.fill("chromosom")
    assert opened.page.locator("#kg-results li").all_inner_texts() == ["Chromosomes · resource · English"]
    search.fill("genes and gene")
    search.press("Enter")
    selected = opened.page.evaluate("kgViz.network.getSelectedNodes()")
    assert selected == [node_id(opened, "Genes and Gene Therapy")]
    assert opened.page.locator("#kg-details-name").inner_text() == "Genes and Gene Therapy"
    link = opened.page.locator("#kg-details-link")
    assert link.get_attribute("href") == "https://medlineplus.gov/genesandgenetherapy.html"
    assert link.get_attribute("rel") == "noopener noreferrer"
    linked = len(page_data.neighbours["https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy"])
    assert f"Linked to ({linked})" in (opened.page.locator("#kg-details").text_content() or "")


def test_clicking_a_node_highlights_its_neighbourhood(graph_page: tuple[Opened, Page]) -> None:
    opened, _ = graph_page
    nemours = node_id(opened, "Nemours Foundation")
    click_node(opened, nemours)
    assert opened.page.evaluate("kgViz.network.getSelectedNodes()") == [nemours]
    assert opened.page.locator("#kg-details-name").inner_text() == "Nemours Foundation"
    colours = opened.page.evaluate(
        """id => { const near = new Set(kgViz.network.getConnectedNodes(id).concat([id]));
                   const dim = kgViz.data.dim;
                   return kgViz.nodes.get().map(n => [near.has(n.id), n.color === dim]); }""",
        nemours,
    )
    assert sum(1 for near, _ in colours if near) == 1 + 4  # Nemours publishes four resources
    assert all(near != dimmed for near, dimmed in colours)
    opened.page.keyboard.press("Escape")
    assert opened.page.evaluate("kgViz.nodes.get({filter: n => n.color === kgViz.data.dim}).length") == 0


def test_filters_by_publisher_audience_and_section(graph_page: tuple[Opened, Page], page_data: GraphData) -> None:
    opened, page = graph_page
    nemours = "https://w3id.org/kg-medlineplus/id/org/nemours-foundation"
    published = {r for r, p in page_data.pairs("published by") if p == nemours}
    opened.page.locator("#kg-filter-publisher").select_option(label="Nemours Foundation")
    shown = opened.page.evaluate("kgViz.nodes.get({filter: n => !n.hidden}).map(n => n.kg.iri)")
    kinds = {iri: page_data.kinds[iri] for iri in shown}
    assert {iri for iri, kind in kinds.items() if kind == "resource"} == published
    assert [iri for iri, kind in kinds.items() if kind == "publisher"] == [nemours]
    assert "https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy" in shown
    opened.page.locator("#kg-filter-publisher").select_option(label="all")
    opened.page.locator("#kg-filter-audience").select_option(label="Teenagers")
    shown = opened.page.evaluate("kgViz.nodes.get({filter: n => !n.hidden, fields: ['kg']}).map(n => n.kg.kind)")
    assert shown.count("resource") == 1 and shown.count("audience") == 1
    opened.page.locator("#kg-filter-audience").select_option(label="all")
    assert counts(opened)["shown"] == page.nodes


def test_labels_switch_to_spanish_and_physics_switches_on(graph_page: tuple[Opened, Page]) -> None:
    opened, _ = graph_page
    children = node_id(opened, "Children")
    assert opened.page.evaluate("id => kgViz.text(id)", children) == "Children"
    opened.page.locator("#kg-language").select_option("es")
    assert opened.page.evaluate("id => kgViz.text(id)", children) == "Niños"
    drawn = opened.page.evaluate("kgViz.nodes.get().filter(n => n.label).map(n => [n.label, kgViz.text(n.id)])")
    assert len(drawn) > 10 and all(label == text for label, text in drawn)  # drawn labels are in Spanish
    assert overlaps(opened.page.evaluate("kgViz.labelBoxes()")) == []
    assert opened.page.evaluate("kgViz.network.physics.physicsEnabled") is False
    opened.page.locator("#kg-physics").check()
    assert opened.page.evaluate("kgViz.network.physics.physicsEnabled") is True


def test_a_hostile_title_shows_as_text_and_runs_nothing(browser: Chromium, tmp_path: Path) -> None:
    (tmp_path / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    page = render(kg.load([tmp_path / "hostile.ttl"]), "graph")
    opened = open_page(browser, page.html)
    try:
        resource = node_id(opened, HOSTILE)
        where = opened.page.evaluate("id => kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id])", resource)
        box = opened.page.locator("#kg-network canvas").bounding_box()
        assert box
        opened.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
        tooltip = opened.page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible")
        assert tooltip.inner_text().splitlines()[0] == HOSTILE  # the title as text
        click_node(opened, resource)
        assert opened.page.locator("#kg-details-name").inner_text() == HOSTILE
        opened.page.locator("#kg-search").fill("<img")
        assert opened.page.locator("#kg-results li").all_inner_texts() == [f"{HOSTILE} · resource · English"]
        topic = node_id(opened, "</script><script>alert(2)</script>")
        opened.page.evaluate("id => kgViz.select(id)", topic)
        assert opened.page.locator("#kg-details-name").inner_text() == "</script><script>alert(2)</script>"
        assert opened.page.locator("#kg-details a").count() == 0  # its javascript: URL is no link
        assert opened.page.locator("img, b").count() == 0  # no element was made from the data
        publisher = opened.page.locator("#kg-details").inner_text()
        assert 'O\'Reilly & "Sons" <b>bold</b>' in publisher
        assert opened.page.evaluate("typeof window.kgViz") == "object"
        assert opened.dialogs == [] and opened.requests == [] and opened.errors == []
    finally:
        opened.close()


def test_the_notebook_display_draws_in_its_iframe(browser: Chromium, page_data: GraphData) -> None:
    page = render(page_data, "topic", topic="Genes and Gene Therapy", depth=1)
    opened = open_page(browser, f"<!DOCTYPE html><body>{page._repr_html_()}</body>", wait_ready=False)
    try:
        frame = opened.page.frame_locator("iframe")
        frame.locator("body[data-ready=true]").wait_for(state="attached")
        assert frame.locator("#kg-title").inner_text() == page.title
        status = frame.locator("#kg-status").inner_text()
        assert re.fullmatch(rf"{page.nodes} of {page.nodes} nodes, {page.edges} of {page.edges} links shown", status)
        assert opened.requests == [] and opened.dialogs == [] and opened.errors == []
    finally:
        opened.close()


def test_the_explorer_shows_a_hostile_title_as_text_and_runs_nothing(browser: Chromium, tmp_path: Path) -> None:
    (tmp_path / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    page = render(kg.load([tmp_path / "hostile.ttl"]), "explore")
    opened = open_page(browser, page.html)
    try:
        search = opened.page.locator("#kg-search")
        search.fill("<img")
        assert opened.page.locator("#kg-results li").all_inner_texts() == [f"{HOSTILE} · resource · English"]
        opened.page.locator("#kg-results button").first.click()
        assert opened.page.locator("#kg-details-name").inner_text() == HOSTILE
        resource = opened.page.evaluate("t => kgExplorer.search(t)[0].id", HOSTILE)
        where = opened.page.evaluate(
            "id => kgExplorer.network.canvasToDOM(kgExplorer.network.getPositions([id])[id])", resource
        )
        box = opened.page.locator("#kg-network canvas").bounding_box()
        assert box
        opened.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
        tooltip = opened.page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible")
        assert tooltip.inner_text().splitlines()[0] == HOSTILE
        opened.page.evaluate("kgExplorer.expand(kgExplorer.search('alert(2)')[0].id)")
        opened.page.evaluate("kgExplorer.focus(kgExplorer.search('alert(2)')[0].id)")
        assert opened.page.locator("#kg-details-name").inner_text() == "</script><script>alert(2)</script>"
        assert opened.page.locator("#kg-details-link").count() == 0  # its javascript: URL is no link
        with opened.page.expect_download() as download:
            opened.page.locator('[data-export="graphml"]').click()
        saved = tmp_path / "shown.graphml"
        download.value.save_as(saved)
        import networkx as nx

        assert HOSTILE in {data.get("label_en") for _, data in nx.read_graphml(saved).nodes(data=True)}
        assert opened.page.locator("img, b").count() == 0  # no element was made from the data
        assert opened.dialogs == [] and opened.errors == []
        assert [url for url in opened.requests if not url.startswith("blob:")] == []
    finally:
        opened.close()
