"""kg.sources.fetch against a real HTTP server on 127.0.0.1: link discovery, skip, resume, atomicity, unzip, errors."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.sources.fetch import MANIFEST, FetchError, fetch, find_topics_link

PAGE = (Path(__file__).resolve().parent / "fixtures" / "fetch" / "xml.html").read_text(encoding="utf-8")
NEW, OLD = "2025-03-11", "2025-01-14"
XML_NAME, ZIP_NAME = f"mplus_topics_{NEW}.xml", f"mplus_topics_compressed_{NEW}.zip"
XML_PATH, ZIP_PATH = f"/xml/{XML_NAME}", f"/xml/{ZIP_NAME}"


def topics_xml(date: str, count: int = 120) -> bytes:
    """A small health-topics file shaped like MedlinePlus's (about 40 KB with the default count)."""
    topics = "".join(
        f'<health-topic title="Topic {n}" url="https://medlineplus.gov/topic{n}.html" id="{n}" language="English"'
        f' date-created="01/01/2020"><full-summary>&lt;p&gt;Summary of topic {n}.&lt;/p&gt;</full-summary>'
        f'<site title="Site {n}" url="https://example.org/{n}"/></health-topic>\n'
        for n in range(count)
    )
    generated = f"{date[5:7]}/{date[8:10]}/{date[:4]}"
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<health-topics total="{count}" date-generated="{generated}">'
    return f"{head}\n{topics}</health-topics>\n".encode()


def zipped(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


XML_NEW, XML_OLD = topics_xml(NEW), topics_xml(OLD, count=3)
ZIP_NEW = zipped(XML_NAME, XML_NEW)


@dataclass
class Site:
    """What the test server serves, how it misbehaves, and every request it saw."""

    base: str
    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)  # (method, path, Range header)
    drop_after: int | None = None  # a file GET sends the full Content-Length, this many bytes, then hangs up
    ignore_range: bool = False
    head_status: int | None = None  # answer HEAD with this status instead
    endless: bool = False  # a file comes with no length, its bytes repeated until the client hangs up

    def page(self, html: str = PAGE) -> None:
        """Serve ``html`` as /xml.html, its absolute MedlinePlus links rebased onto this server."""
        self.files["/xml.html"] = html.replace("https://medlineplus.gov/", self.base).encode()

    def calls(self, method: str, path: str) -> list[str | None]:
        """The Range header of each ``method`` request for ``path``."""
        return [rng for m, p, rng in self.requests if (m, p) == (method, path)]


class _Server(ThreadingHTTPServer):
    site: Site

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early is part of the tests, not an error to print."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_HEAD(self) -> None:
        self.serve(body=False)

    def do_GET(self) -> None:
        self.serve(body=True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def serve(self, *, body: bool) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        wanted = self.headers.get("Range")
        site.requests.append((self.command, path, wanted))
        data = site.files.get(path)
        if data is None:
            self.send_error(404)
            return
        if not body and site.head_status:
            self.send_error(site.head_status)
            return
        if site.endless and path != "/xml.html":
            self.send_response(200)
            self.end_headers()
            with contextlib.suppress(OSError):
                while body:
                    self.wfile.write(data)
            return
        status, start = 200, 0
        if wanted and not site.ignore_range:
            assert wanted.startswith("bytes=") and wanted.endswith("-"), wanted
            start = int(wanted[len("bytes=") : -1])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if path.endswith(".html") else "application/octet-stream")
        self.send_header("Content-Length", str(len(data) - start))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if not body:
            return
        if site.drop_after is not None and path != "/xml.html":
            self.wfile.write(data[start : start + site.drop_after])
            self.close_connection = True
            return
        self.wfile.write(data[start:])


@pytest.fixture
def site() -> Iterator[Site]:
    """A MedlinePlus look-alike on a free local port, listing the new and old files (zip and XML)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    server.site = Site(base=f"http://127.0.0.1:{server.server_port}/")
    server.site.page()
    server.site.files.update(
        {
            XML_PATH: XML_NEW,
            ZIP_PATH: ZIP_NEW,
            f"/xml/mplus_topics_{OLD}.xml": XML_OLD,
            f"/xml/mplus_topics_compressed_{OLD}.zip": zipped(f"mplus_topics_{OLD}.xml", XML_OLD),
        }
    )
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def xml_only(site: Site) -> Site:
    """The same site, with a page that lists the XML files only (no zips), the newest last and relative."""
    site.page(
        '<html><body><h2>Health Topic XML</h2><ul>'
        f'<li><a href="/xml/mplus_topics_{OLD}.xml">Health Topic XML (previous)</a></li>'
        f'<li><a href="/xml/mplus_topic_groups_2025-12-31.xml">Health Topic Group XML</a></li>'
        f'<li><a href="xml/{XML_NAME}">Health Topic XML</a></li>'
        "</ul></body></html>"
    )  # fmt: skip
    return site


def files_in(folder: Path) -> list[str]:
    """The files in ``folder`` but kg fetch's record of what it fetched."""
    return sorted(path.name for path in folder.iterdir() if path.name != MANIFEST)


def test_the_fixture_page_yields_the_newest_zip() -> None:
    url = find_topics_link(PAGE.encode(), "https://medlineplus.gov/xml.html")
    assert url == f"https://medlineplus.gov/xml/{ZIP_NAME}"


def test_the_newest_date_wins_wherever_it_is_listed_and_groups_files_are_not_topics() -> None:
    page = (
        '<html><head><base href="https://medlineplus.gov/xml/"></head><body>'
        f'<a href="mplus_topics_{NEW}.xml">new</a> <a href="mplus_topics_2025-13-01.xml">no such date</a>'
        '<a href="mplus_topic_groups_2099-01-01.xml">groups</a> <a href="mplus_topics_2099-01-01.xml.md5">sum</a>'
        f'<a href="mplus_topics_compressed_{OLD}.zip">old zip</a></body></html>'
    ).encode()
    assert find_topics_link(page, "https://example.org/elsewhere.html") == f"https://medlineplus.gov/xml/{XML_NAME}"


def test_fetch_downloads_the_newest_zip_extracts_the_xml_and_removes_the_zip(site: Site, tmp_path: Path) -> None:
    result = fetch(tmp_path / "data", site.base, progress=False)
    assert result.path == tmp_path / "data" / XML_NAME
    assert result.path.read_bytes() == XML_NEW
    assert files_in(tmp_path / "data") == [XML_NAME]  # no zip, no .part, no temporary file
    assert (result.url, result.downloaded, result.skipped) == (site.base + ZIP_PATH[1:], True, False)
    assert result.transferred == len(ZIP_NEW)
    assert site.calls("GET", ZIP_PATH) == [None]
    assert not site.calls("GET", XML_PATH)
    assert not [path for _, path, _ in site.requests if OLD in path]


def test_a_page_listing_only_xml_downloads_the_newest_xml(xml_only: Site, tmp_path: Path) -> None:
    result = fetch(tmp_path, xml_only.base.rstrip("/"), progress=False)  # a base URL without its final slash
    assert result.path.read_bytes() == XML_NEW
    assert (result.path.name, result.transferred) == (XML_NAME, len(XML_NEW))
    assert files_in(tmp_path) == [XML_NAME]


@pytest.mark.parametrize("listing", ["zip", "xml"])
def test_a_second_run_skips_the_download(listing: str, site: Site, tmp_path: Path) -> None:
    if listing == "xml":
        site.page(PAGE.replace("compressed", "gone"))
    first = fetch(tmp_path, site.base, progress=False)
    site.requests.clear()
    second = fetch(tmp_path, site.base, progress=False)
    assert (second.path, second.downloaded, second.skipped, second.transferred) == (first.path, False, True, 0)
    assert [method for method, _, _ in site.requests if method == "GET"] == ["GET"]  # the page only
    assert site.calls("GET", "/xml.html") == [None]
    assert second.path.read_bytes() == XML_NEW


def test_a_file_of_another_size_is_downloaded_again(xml_only: Site, tmp_path: Path) -> None:
    (tmp_path / XML_NAME).write_bytes(XML_NEW[:-1])
    result = fetch(tmp_path, xml_only.base, progress=False)
    assert result.downloaded
    assert result.path.read_bytes() == XML_NEW


@pytest.mark.parametrize(("path", "data"), [(XML_PATH, XML_NEW), (ZIP_PATH, ZIP_NEW)])
def test_an_interrupted_download_keeps_a_part_and_the_next_run_resumes_it(
    path: str, data: bytes, site: Site, tmp_path: Path
) -> None:
    if path == XML_PATH:
        site.page(PAGE.replace("compressed", "gone"))
    name = Path(path).name
    site.drop_after = 1000
    with pytest.raises(FetchError, match=rf"{name}: connection failed .*1000 bytes kept in .*{name}\.part"):
        fetch(tmp_path, site.base, progress=False)
    assert files_in(tmp_path) == [f"{name}.part"]
    assert (tmp_path / f"{name}.part").read_bytes() == data[:1000]

    site.drop_after = None
    site.requests.clear()
    result = fetch(tmp_path, site.base, progress=False)
    assert site.calls("GET", path) == ["bytes=1000-"]
    assert result.transferred == len(data) - 1000
    assert result.path.read_bytes() == XML_NEW
    assert files_in(tmp_path) == [XML_NAME]


def test_a_server_that_ignores_range_still_gives_the_right_file(xml_only: Site, tmp_path: Path) -> None:
    (tmp_path / f"{XML_NAME}.part").write_bytes(b"not the file's first bytes")
    xml_only.ignore_range = True
    result = fetch(tmp_path, xml_only.base, progress=False)
    assert xml_only.calls("GET", XML_PATH) == ["bytes=26-"]  # asked to resume, got the whole file
    assert result.transferred == len(XML_NEW)
    assert result.path.read_bytes() == XML_NEW
    assert files_in(tmp_path) == [XML_NAME]


def test_a_complete_part_is_renamed_without_downloading(xml_only: Site, tmp_path: Path) -> None:
    (tmp_path / f"{XML_NAME}.part").write_bytes(XML_NEW)  # the last run stopped just before its rename
    result = fetch(tmp_path, xml_only.base, progress=False)
    assert (result.downloaded, result.transferred) == (True, 0)
    assert not xml_only.calls("GET", XML_PATH)
    assert files_in(tmp_path) == [XML_NAME]


def test_without_head_a_complete_part_is_answered_416_and_downloaded_afresh(xml_only: Site, tmp_path: Path) -> None:
    (tmp_path / f"{XML_NAME}.part").write_bytes(b"x" * len(XML_NEW))
    xml_only.head_status = 405
    result = fetch(tmp_path, xml_only.base, progress=False)
    assert xml_only.calls("GET", XML_PATH) == [f"bytes={len(XML_NEW)}-", None]
    assert result.path.read_bytes() == XML_NEW


def test_a_failed_download_never_clobbers_the_file_already_there(xml_only: Site, tmp_path: Path) -> None:
    good = tmp_path / XML_NAME
    good.write_bytes(XML_OLD)
    xml_only.drop_after = 500
    with pytest.raises(FetchError):
        fetch(tmp_path, xml_only.base, progress=False)
    assert good.read_bytes() == XML_OLD
    assert files_in(tmp_path) == [XML_NAME, f"{XML_NAME}.part"]


@pytest.mark.parametrize("missing", [ZIP_PATH, "/xml.html"])
def test_an_http_error_names_the_url_and_status(missing: str, site: Site, tmp_path: Path) -> None:
    del site.files[missing]
    with pytest.raises(FetchError, match=rf"^{site.base}{missing[1:]}: HTTP 404 Not Found$"):
        fetch(tmp_path, site.base, progress=False)
    assert not (tmp_path / XML_NAME).exists()


def test_a_page_without_links_to_the_topics_files_is_an_error(site: Site, tmp_path: Path) -> None:
    site.page(PAGE.replace("mplus_topics_", "mplus_other_"))
    with pytest.raises(FetchError, match=r"xml\.html: no link to mplus_topics_YYYY-MM-DD\.xml"):
        fetch(tmp_path, site.base, progress=False)


def test_a_refused_connection_is_an_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match=rf"^http://127\.0\.0\.1:{port}/xml\.html: cannot connect") as caught:
        fetch(tmp_path, f"http://127.0.0.1:{port}/", progress=False)
    assert isinstance(caught.value, KgError)
    assert "\n" not in str(caught.value)


def test_a_corrupt_zip_is_an_error_and_leaves_no_xml(site: Site, tmp_path: Path) -> None:
    site.files[ZIP_PATH] = ZIP_NEW[: len(ZIP_NEW) // 2] + bytes(len(ZIP_NEW) // 2)
    with pytest.raises(FetchError, match=rf"{ZIP_NAME}: corrupt zip"):
        fetch(tmp_path, site.base, progress=False)
    assert files_in(tmp_path) == []  # the corrupt zip is removed so the next run downloads it anew


def test_a_zip_member_cannot_escape_the_folder(site: Site, tmp_path: Path) -> None:
    site.files[ZIP_PATH] = zipped(f"../../outside/{XML_NAME}", XML_NEW)
    out = tmp_path / "a" / "data"
    result = fetch(out, site.base, progress=False)
    assert result.path == out / XML_NAME
    assert result.path.read_bytes() == XML_NEW
    assert not (tmp_path / "outside").exists()


def test_a_file_that_is_not_health_topics_xml_is_refused(xml_only: Site, tmp_path: Path) -> None:
    xml_only.files[XML_PATH] = b"<!DOCTYPE html><html><body>Service unavailable</body></html>"
    with pytest.raises(FetchError, match="not MedlinePlus health-topics XML"):
        fetch(tmp_path, xml_only.base, progress=False)
    assert files_in(tmp_path) == []


def test_the_progress_bar_shows_only_when_asked_or_on_a_terminal(
    xml_only: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fetch(tmp_path / "auto", xml_only.base)  # stderr is captured here, not a terminal
    fetch(tmp_path / "off", xml_only.base, progress=False)
    assert capsys.readouterr().err == ""
    fetch(tmp_path / "on", xml_only.base, progress=True)
    assert XML_NAME in capsys.readouterr().err


@pytest.mark.parametrize("listing", ["zip", "xml"])
def test_older_topics_files_are_removed_once_the_newest_is_in_place(listing: str, site: Site, tmp_path: Path) -> None:
    """Else `kg build data/` would merge the old file in, and topics NLM dropped would survive."""
    if listing == "xml":
        site.page(PAGE.replace("compressed", "gone"))
    data = tmp_path / "data"
    newest = site.files["/xml.html"]
    site.page(PAGE.replace(NEW, OLD))  # an earlier run fetched the older file
    assert fetch(data, site.base, progress=False).path.name == f"mplus_topics_{OLD}.xml"
    site.files["/xml.html"] = newest
    older = [f"mplus_topics_{OLD}.xml", f"mplus_topics_compressed_{OLD}.zip", f"mplus_topics_{OLD}.xml.part"]
    for name in older[1:]:  # its leftovers
        (data / name).write_bytes(XML_OLD)
    # not fetched by kg: never removed, older or not
    kept = ["mplus_topic_groups_2025-01-14.xml", "genesandgenetherapy.txt", "mplus_topics_2099-01-01.xml",
            "mplus_topics_2001-01-01.xml"]  # fmt: skip
    for name in kept:
        (data / name).write_bytes(b"x")
    result = fetch(data, site.base, progress=False)
    assert sorted(p.name for p in result.removed) == sorted(older)
    assert files_in(data) == sorted([XML_NAME, *kept])
    again = fetch(data, site.base, progress=False)  # up to date: nothing left to remove
    assert (again.downloaded, again.removed) == (False, ())


def test_keep_old_keeps_the_older_files(site: Site, tmp_path: Path) -> None:
    newest = site.files["/xml.html"]
    site.page(PAGE.replace(NEW, OLD))
    fetch(tmp_path, site.base, progress=False)
    site.files["/xml.html"] = newest
    result = fetch(tmp_path, site.base, progress=False, keep_old=True)
    assert result.removed == ()
    assert files_in(tmp_path) == sorted([XML_NAME, f"mplus_topics_{OLD}.xml"])


# ---------------------------------------------------------------- a server kg does not trust


def test_a_zip_bomb_is_refused_before_a_byte_is_written(site: Site, tmp_path: Path) -> None:
    site.files[ZIP_PATH] = zipped(XML_NAME, XML_NEW + b" " * 20_000_000)  # 20 MB from about 20 KB
    with pytest.raises(FetchError, match=r"unpacks to 20,0\d\d,\d\d\d bytes from .* 100 times"):
        fetch(tmp_path, site.base, progress=False)
    assert files_in(tmp_path) == []  # no XML, no temporary; the zip removed


def test_a_zip_over_the_size_bound_is_refused(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.sources.fetch.MAX_XML_BYTES", len(XML_NEW) - 1)
    with pytest.raises(FetchError, match="kg unpacks at most"):
        fetch(tmp_path, site.base, progress=False)
    assert files_in(tmp_path) == []


def test_an_endless_download_is_stopped_and_leaves_nothing(
    xml_only: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xml_only.endless = True
    monkeypatch.setattr("kg.sources.fetch.MAX_DOWNLOAD_BYTES", 300_000)
    with pytest.raises(FetchError, match=r"longer than kg downloads \(300,000 bytes\); stopped"):
        fetch(tmp_path, xml_only.base, progress=False)
    assert files_in(tmp_path) == []  # the .part removed: it can never complete


def test_a_planted_part_symlink_is_never_written_through(xml_only: Site, tmp_path: Path) -> None:
    outside, data = tmp_path / "outside.txt", tmp_path / "data"
    outside.write_text("the user's file")
    data.mkdir()
    (data / f"{XML_NAME}.part").symlink_to(outside)
    result = fetch(data, xml_only.base, progress=False)
    assert outside.read_text() == "the user's file"
    assert not result.path.is_symlink() and result.path.read_bytes() == XML_NEW
    assert files_in(data) == [XML_NAME]


def test_a_far_future_link_removes_no_file_kg_did_not_fetch(xml_only: Site, tmp_path: Path) -> None:
    future = "9999-12-31"
    xml_only.page(f'<a href="xml/mplus_topics_{future}.xml">x</a>')
    xml_only.files[f"/xml/mplus_topics_{future}.xml"] = topics_xml(NEW)
    mine = [f"mplus_topics_{OLD}.xml", "mplus_topics_2024-01-01.xml", f"mplus_topics_compressed_{OLD}.zip"]
    for name in mine:
        (tmp_path / name).write_bytes(XML_OLD)
    result = fetch(tmp_path, xml_only.base, progress=False)
    assert result.removed == ()
    assert files_in(tmp_path) == sorted([*mine, f"mplus_topics_{future}.xml"])


def test_a_file_of_the_same_size_but_other_content_is_downloaded_again(xml_only: Site, tmp_path: Path) -> None:
    first = fetch(tmp_path, xml_only.base, progress=False)
    first.path.write_bytes(XML_NEW.replace(b"Topic 1", b"Tampr 1"))  # the same size
    again = fetch(tmp_path, xml_only.base, progress=False)
    assert again.downloaded and again.path.read_bytes() == XML_NEW
    assert not fetch(tmp_path, xml_only.base, progress=False).downloaded  # now up to date


def test_a_huge_listing_page_is_refused_without_reading_it_all(site: Site, tmp_path: Path) -> None:
    site.files["/xml.html"] = b"<html>" + b"<p>padding</p>" * 400_000 + site.files["/xml.html"]  # 5.6 MB
    result = CliRunner().invoke(main, ["fetch", "-o", str(tmp_path), "--base-url", site.base])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"Error: {site.base}xml.html: the page is larger than kg reads (4,194,304 bytes)"
    ]
