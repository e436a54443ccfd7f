"""Headless Chromium for the HTML tests and the benchmark, with every request but the page blocked.

The page is served by Playwright's request routing from memory at ``PAGE_URL``: no server, no
file URL, and any other request (a CDN script, an ``<img src=x>``) is answered with an abort and
recorded, so a test can assert that none was made. Dialogs (``alert``) are recorded and dismissed.
Debian's ``/usr/bin/chromium`` is driven through Playwright's Python package (``tests/run`` installs
it when missing and it runs as root); Playwright never downloads a browser here. Without it the
browser tests are skipped with one line saying what to install, except in CI (``CI`` set), where
they fail: CI must run them.

Use the ``browser`` fixture (import it into a test module; one Chromium per module) and :func:`open_page`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, Playwright, Route, sync_playwright

from tests.programs import CHROMIUM, require_program

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "PAGE_URL", "Opened", "browser", "launch", "open_page", "require_chromium", "served",
]  # fmt: skip

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where the page under test seems to live (the host does not exist; the routing answers).
PAGE_URL = "http://kg.invalid/page.html"


@dataclass
class Opened:
    """An open page, the requests it made besides itself, its dialogs and its script errors."""

    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.close()


class Chromium:
    """One Chromium process with a fresh profile directory (removed on :meth:`close`)."""

    def __init__(self, playwright: Playwright) -> None:
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        self.context = playwright.chromium.launch_persistent_context(
            self.profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
            service_workers="block",
        )

    def close(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    """Headless Chromium for one test module (closed at its end: Playwright's sync API runs one
    instance at a time, and other modules start their own)."""
    require_chromium()
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """``kg serve`` (two workers) on the test corpus, at its base URL on 127.0.0.1, for a module's tests."""
    from kg.server import WorkerPool, create_app, running
    from tests.conftest import CORPUS

    with WorkerPool({"graph": CORPUS}, workers=2, timeout=10) as pool:
        pool.start()
        with running(create_app(pool)) as url:
            yield url


def require_chromium() -> None:
    """Skip the calling test, in one line saying what to install, when Chromium is missing (fail in CI)."""
    require_program(CHROMIUM, "chromium")


class launch:
    """``with launch() as chromium:`` starts Playwright and Chromium and stops both."""

    def __enter__(self) -> Chromium:
        self._playwright = sync_playwright().start()
        try:
            self._chromium = Chromium(self._playwright)
        except BaseException:
            self._playwright.stop()
            raise
        return self._chromium

    def __exit__(self, *exc: object) -> None:
        try:
            self._chromium.close()
        finally:
            self._playwright.stop()


def open_page(chromium: Chromium, html: str, *, wait_ready: bool = True, timeout: float = 60_000) -> Opened:
    """Open ``html`` at :data:`PAGE_URL` in a new tab; block and record every other request.

    With ``wait_ready``, waits until the page says it has drawn (``body[data-ready]``).
    """
    page = chromium.context.new_page()
    opened = Opened(page)

    def route(route: Route) -> None:
        if route.request.url == PAGE_URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: None if request.url == PAGE_URL else opened.requests.append(request.url))
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(PAGE_URL, wait_until="load", timeout=timeout)
    if wait_ready:
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout)
    return opened
