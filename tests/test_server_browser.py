"""The query page in a real headless Chromium, offline: pick a named query, run it, see the rows.

Debian's /usr/bin/chromium is driven through Playwright's Python package (``tests/run`` installs it
when missing); every request to a host other than the kg server is blocked and recorded.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Route, sync_playwright

import kg
from kg.query import named_query
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.browser import served as served  # the kg serve fixture
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserContext]:
    require_chromium()
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, service_workers="block"
            )
            yield context
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def offline(context: BrowserContext, blocked: list[str]) -> None:
    """Let through only requests to 127.0.0.1; record and abort the rest."""

    def route(route: Route) -> None:
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)


def test_the_query_page_runs_a_named_query_and_shows_its_rows(served: str, chromium: BrowserContext) -> None:
    blocked: list[str] = []
    offline(chromium, blocked)
    errors: list[str] = []
    page = chromium.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{served}/")
        page.wait_for_selector("body[data-ready]")
        page.select_option("#named", "topic-resources")
        page.fill("#param-topic", "Genes and Gene Therapy")
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        expected = kg.load(CORPUS).select(named_query("topic-resources").render({"topic": "Genes and Gene Therapy"}))
        headers = page.locator("#results thead th").all_inner_texts()
        assert headers == expected.columns
        rows = page.locator("#results tbody tr")
        assert rows.count() == len(expected.rows) == 40
        assert rows.nth(0).locator("td").nth(1).locator("span").inner_text() == str(expected.rows[0][1])
        assert page.inner_text("#status").startswith("40 rows in ")
        link = page.locator("#downloads a", has_text="CSV")
        assert "format=csv" in (link.get_attribute("href") or "")
        csv = page.request.get(served + (link.get_attribute("href") or "")).text()
        assert len(csv.splitlines()) == 41
        page.evaluate("text => window.kgQueryPage.editor.setText(text)", "SELECT ?x WHERE { ?x }")
        page.click("#run")
        page.wait_for_selector("#error:not([hidden])")
        assert "the parser expected" in page.inner_text("#error")  # in words, where it stopped
    finally:
        page.close()
    assert blocked == [] and errors == []


def test_a_topic_page_renders_with_nothing_from_elsewhere(served: str, chromium: BrowserContext) -> None:
    blocked: list[str] = []
    offline(chromium, blocked)
    page = chromium.new_page()
    try:
        page.goto(f"{served}/topic/genesandgenetherapy")
        assert page.inner_text("h1") == "Genes and Gene Therapy"
        page.click('a[href="/topic/genetictesting"] >> nth=0')  # a related topic: its own page
        page.wait_for_url(f"{served}/topic/genetictesting")
        assert page.inner_text("h1") == "Genetic Testing"
    finally:
        page.close()
    assert blocked == []
