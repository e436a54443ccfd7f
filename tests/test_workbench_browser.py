"""The query page as a researcher uses it, in headless Chromium with the network blocked: the
editor completes kg's terms, marks a broken query's error where the parser found it, runs a named
query with an edited parameter (and warns when an edit drops one), pages, sorts and filters the
answer, draws a chart, keeps a history and opens a permalink.

Every request to a host other than the kg server is blocked and recorded, and every test asserts
none was made and no script failed (a Content-Security-Policy violation is a console error).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route, expect, sync_playwright

import kg
from kg.query import named_query
from kg.store import Store
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.browser import served as served  # the kg serve fixture
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def context() -> Iterator[BrowserContext]:
    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        yield context
        context.close()
        browser.close()


@pytest.fixture(scope="module")
def store() -> Store:
    return kg.load(CORPUS).with_ontology()


class Visit:
    """A tab on the query page; records blocked requests, script errors and console errors."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page: Page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]")

    def _console(self, message: ConsoleMessage) -> None:
        # the browser logs every 4xx answer ("Failed to load resource"): a refused query is not a page error
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _route(self, route: Route) -> None:
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def type_query(self, text: str) -> None:
        """Replace the editor's text by typing ``text``, as a person would."""
        self.page.click(".cm-content")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def set_query(self, text: str) -> None:
        """Put ``text`` in the editor at once (typing it would get closing brackets added)."""
        self.page.evaluate("text => window.kgQueryPage.editor.setText(text)", text)

    def text(self) -> str:
        return str(self.page.evaluate("window.kgQueryPage.editor.text()"))

    def run(self) -> None:
        self.page.click("#run")
        self.page.wait_for_selector("#run:not([disabled])")

    def column(self, index: int) -> list[str]:
        """The texts shown in column ``index`` (without the language tags beside them)."""
        return self.page.locator(f"#results tbody tr td:nth-child({index + 1}) > :first-child").all_inner_texts()

    def close(self) -> None:
        self.page.close()
        assert self.blocked == [] and self.errors == []


def test_typing_a_prefixed_name_completes_it_and_declares_its_prefix(served: str, context: BrowserContext) -> None:
    visit = Visit(context, f"{served}/")
    visit.type_query("SELECT ?t WHERE { ?t a kg:Topi")
    visit.page.keyboard.press("Control+Space")
    visit.page.wait_for_selector(".cm-tooltip-autocomplete li")
    visit.page.wait_for_timeout(200)  # CodeMirror ignores keys for 75 ms after the list opens (a person's pace)
    offered = visit.page.locator(".cm-tooltip-autocomplete li").all_inner_texts()
    assert any(option.startswith("kg:Topic") for option in offered)
    visit.page.keyboard.press("Enter")
    text = visit.text()
    assert text.startswith("PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>\n")
    assert text.endswith("?t a kg:Topic}")  # the brace typed after WHERE was closed for us
    visit.page.keyboard.type(" } LIMIT 3")
    visit.run()
    assert visit.page.locator("#results tbody tr").count() == 3
    # highlighted: the keyword and the variable are drawn in colours of their own
    colours = visit.page.evaluate(
        """() => [...document.querySelectorAll('.cm-line span')].map(s => [s.textContent, getComputedStyle(s).color])"""
    )
    plain = visit.page.evaluate("() => getComputedStyle(document.querySelector('.cm-content')).color")
    by_text = dict(colours)
    assert by_text["SELECT"] != plain and by_text["?t"] not in (plain, by_text["SELECT"])
    visit.close()


def test_a_broken_query_is_marked_at_its_line_and_column_in_words(served: str, context: BrowserContext) -> None:
    visit = Visit(context, f"{served}/")
    prologue = "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>\n"
    visit.set_query(prologue + "SELECT ?t WHERE {\n  ?t a kg:Topic\n} LIMT 10")
    visit.run()
    error = visit.page.inner_text("#error")
    # the word where Oxigraph's parser stopped, and what it expected, in words
    assert error.startswith("Line 4, column 8 (at “10”, after “LIMT”): the parser expected ")
    assert "OFFSET" in error and "[_]" not in error and "one of" not in error
    visit.page.wait_for_selector(".cm-lintRange-error")
    assert visit.page.inner_text(".cm-lintRange-error") == "10"
    assert visit.page.locator(".cm-gutter-lint .cm-lint-marker-error").count() == 1
    # an undeclared prefix is named, with the declaration kg knows for it
    visit.set_query("SELECT * WHERE { ?s schema:name ?n } LIMIT 1")
    visit.run()
    error = visit.page.inner_text("#error")
    assert "prefix “schema:” is not declared" in error and "PREFIX schema: <https://schema.org/>" in error
    assert "['%']" not in error
    visit.close()


def test_a_named_query_runs_with_an_edited_parameter_and_warns_when_one_is_dropped(
    served: str, context: BrowserContext, store: Store
) -> None:
    visit = Visit(context, f"{served}/")
    visit.page.select_option("#named", "top-resources")
    assert visit.page.get_attribute("#param-limit", "type") == "number"
    visit.page.fill("#param-limit", "4")
    visit.run()
    expected = store.select(named_query("top-resources").render({"limit": "4"}))
    assert visit.page.locator("#results tbody tr").count() == 4
    assert visit.column(1) == [str(row[1]) for row in expected.rows]
    # edit the text (a comment changes nothing): the parameter is still bound, now 2
    visit.page.click(".cm-content")
    visit.page.keyboard.press("Control+End")
    visit.page.keyboard.type("\n# edited")
    visit.page.fill("#param-limit", "2")
    visit.run()
    assert visit.page.locator("#results tbody tr").count() == 2
    assert visit.page.is_hidden("#warning")
    # drop $limit from the text: the page says so instead of silently ignoring it
    text = visit.text().replace("LIMIT $limit", "LIMIT 3")
    visit.set_query(text)
    assert "no longer uses the parameter $limit" in visit.page.inner_text("#warning")
    visit.run()
    assert visit.page.locator("#results tbody tr").count() == 3
    visit.close()


def test_the_answer_pages_sorts_filters_and_charts(served: str, context: BrowserContext, store: Store) -> None:
    visit = Visit(context, f"{served}/")
    visit.page.select_option("#named", "publishers")
    visit.run()
    expected = store.select(named_query("publishers").render())
    total = len(expected.rows)
    assert total > 25
    visit.page.select_option("#page-size", "25")
    assert visit.page.locator("#results tbody tr").count() == 25
    assert visit.page.inner_text("#page-info") == f"rows 1–25 of {total}"
    visit.page.click("#next")
    assert visit.page.inner_text("#page-info").startswith("rows 26–")
    # IRIs shortened to prefixed names that link to their pages; numbers plain, datatype on hover
    link = visit.page.locator("#results tbody tr td:nth-child(1) a").first
    assert (link.inner_text()).startswith("org:") and (link.get_attribute("href") or "").startswith("/org/")
    number = visit.page.locator("#results tbody tr td:nth-child(3) span").first
    assert number.inner_text().isdigit() and "xsd:integer" in (number.get_attribute("title") or "")
    # sort by name, descending, then ascending
    visit.page.click("#results thead th:nth-child(2) button")
    names = sorted((str(row[1]) for row in expected.rows), key=str.lower)
    assert visit.column(1)[0] == names[0]
    visit.page.click("#results thead th:nth-child(2) button")
    assert visit.column(1)[0] == names[-1]
    assert visit.page.get_attribute("#results thead th:nth-child(2)", "aria-sort") == "descending"
    # filter
    visit.page.fill("#filter", "national")
    shown = visit.column(1)
    assert shown and all("national" in name.lower() for name in shown)
    assert "filtered from" in visit.page.inner_text("#page-info")
    # chart of the (filtered, sorted) answer, drawn offline
    visit.page.click("#view-chart")
    assert visit.page.is_visible("#chart") and visit.page.is_hidden("#results")
    assert visit.page.get_attribute("#chart-box", "data-bars") == str(min(len(shown), 40))
    visit.page.click("#view-table")
    assert visit.page.is_visible("#results")
    visit.close()


def test_a_permalink_opens_and_runs_the_query_and_the_history_keeps_it(served: str, context: BrowserContext) -> None:
    visit = Visit(context, f"{served}/")
    visit.set_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    visit.run()
    count = visit.column(0)
    href = visit.page.get_attribute("#permalink", "href") or ""
    assert href.startswith("/#sparql=")
    visit.page.select_option("#named", "top-resources")
    visit.page.fill("#param-limit", "3")
    visit.run()
    named_link = visit.page.get_attribute("#permalink", "href") or ""
    assert "query=top-resources" in named_link and "param.limit=3" in named_link
    visit.close()

    again = Visit(context, f"{served}{href}")
    again.page.wait_for_selector("#results tbody tr")
    assert again.text() == "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert again.column(0) == count
    # the history (this browser's) holds both runs, newest first (the permalink just run), and reopens one
    entries = again.page.locator("#history option").all_inner_texts()
    assert entries[1].endswith("· SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } · 1 row")
    assert entries[2].endswith("· Resources listed by the most topics · 3 rows")
    again.page.select_option("#history", "1")
    expect(again.page.locator("#named")).to_have_value("top-resources")
    expect(again.page.locator("#results tbody tr")).to_have_count(3)
    assert again.page.input_value("#param-limit") == "3"
    again.close()

    named = Visit(context, f"{served}{named_link}")
    named.page.wait_for_selector("#results tbody tr")
    assert named.page.input_value("#named") == "top-resources"
    assert named.page.locator("#results tbody tr").count() == 3
    named.close()


def test_a_wrong_parameter_is_refused_in_words_before_running(served: str, context: BrowserContext) -> None:
    visit = Visit(context, f"{served}/")
    visit.page.select_option("#named", "topic-resources")
    visit.run()
    assert visit.page.inner_text("#error") == "The parameter topic is required (Resources of one topic)."
    visit.close()
