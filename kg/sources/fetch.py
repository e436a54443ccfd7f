"""Download the MedlinePlus health-topics XML: find the newest file, download it resumably and atomically, unzip it.

MedlinePlus publishes its whole health-topics corpus as one XML file, ``mplus_topics_YYYY-MM-DD.xml``, and
as a zip of it, ``mplus_topics_compressed_YYYY-MM-DD.zip``, both linked from its XML page (``xml.html``).
:func:`fetch` reads that page, picks the newest date (the zip when both are listed) and leaves
``<out_dir>/mplus_topics_YYYY-MM-DD.xml``:

- a download goes to ``<name>.part`` and becomes ``<name>`` by one rename once complete, so a failed run
  never leaves half a file nor replaces a good one; the next run resumes the ``.part`` with an HTTP
  ``Range`` request (and starts over when the server ignores it). A ``.part`` that is a symlink was not
  made by kg: it is removed, never written through;
- what kg fetched is recorded in ``out_dir/.kg-fetch.json`` (each file's SHA-256, the URL and the size
  the server gave): a file is up to date when its content still has that digest and the server still
  reports that size, not merely when a file of that size is there;
- the server is bounded: the page at :data:`MAX_PAGE_BYTES`, a download at :data:`MAX_DOWNLOAD_BYTES`
  (a longer one is stopped and its ``.part`` removed), the zip's XML at :data:`MAX_XML_BYTES` and at
  :data:`MAX_RATIO` times its compressed size (a zip bomb is refused before a byte is written);
- the zip's XML member is extracted under its base name only (never outside ``out_dir``), atomically, and
  the zip is then removed;
- older health-topics files in ``out_dir`` that kg fetched (``mplus_topics_*.xml`` of an earlier date,
  recorded in ``.kg-fetch.json``) are removed once the newest is in place, so that ``kg build data/`` does
  not merge in topics NLM has since dropped (``keep_old`` keeps them); files kg did not fetch are never
  removed.

This is the only module that touches the network (httpx); the progress bar (tqdm) shows when stderr is a
terminal.

Example:
    >>> page = b'''<ul><li><a href="xml/mplus_topics_2025-01-07.xml">Health Topic XML</a></li>
    ...   <li><a href="xml/mplus_topics_compressed_2025-01-07.zip">Compressed Health Topic XML</a></li></ul>'''
    >>> find_topics_link(page, "https://medlineplus.gov/xml.html")
    'https://medlineplus.gov/xml/mplus_topics_compressed_2025-01-07.zip'
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import httpx
import lxml.etree
import lxml.html
from tqdm import tqdm

from kg.errors import FetchError, OutputError
from kg.files import atomic_output, write_atomic

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_OUT_DIR",
    "MANIFEST",
    "MAX_PAGE_BYTES",
    "MAX_DOWNLOAD_BYTES",
    "MAX_XML_BYTES",
    "MAX_RATIO",
    "FetchError",
    "FetchResult",
    "fetch",
    "find_topics_link",
]

DEFAULT_BASE_URL = "https://medlineplus.gov/"
DEFAULT_OUT_DIR = Path("data")

_PAGE = "xml.html"  # MedlinePlus's XML page, relative to the base URL
_XML = re.compile(r"mplus_topics_(\d{4}-\d{2}-\d{2})\.xml")
_ZIP = re.compile(r"mplus_topics_compressed_(\d{4}-\d{2}-\d{2})\.zip")
_ROOT = "health-topics"  # the root element of the health-topics XML
_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_HEADERS = {"User-Agent": "kg-medlineplus (https://github.com/kg-medlineplus)"}
# Byte ranges and sizes are only meaningful for the bytes as stored: ask for no transfer compression.
_IDENTITY = {"Accept-Encoding": "identity"}
_CHUNK = 1 << 16
#: What kg fetched into a folder: file name -> its digest, size, URL and the size the server gave.
MANIFEST = ".kg-fetch.json"
#: The largest XML page read (MedlinePlus's is about 50 KB).
MAX_PAGE_BYTES = 4 << 20
#: The largest file downloaded (the health-topics XML is about 30 MB, its zip about 4 MB).
MAX_DOWNLOAD_BYTES = 1 << 30
#: The largest XML extracted from the zip, and the most it may be larger than its compressed size.
MAX_XML_BYTES = 1 << 30
MAX_RATIO = 100


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` did.

    Attributes:
        path: the health-topics XML in ``out_dir``.
        url: the file it came from (the XML, or its zip).
        downloaded: whether this run downloaded it (False: the file was already there).
        transferred: bytes received in this run (a resumed download counts only the rest).
        removed: the older health-topics files removed from ``out_dir``.
    """

    path: Path
    url: str
    downloaded: bool
    transferred: int
    removed: tuple[Path, ...] = ()

    @property
    def skipped(self) -> bool:
        """True when the file was already there and nothing was downloaded."""
        return not self.downloaded


def fetch(
    out_dir: Path = DEFAULT_OUT_DIR,
    base_url: str = DEFAULT_BASE_URL,
    *,
    progress: bool | None = None,
    keep_old: bool = False,
) -> FetchResult:
    """Download the newest MedlinePlus health-topics XML into ``out_dir`` (see the module docstring).

    Args:
        out_dir: the folder to download into (created if missing).
        base_url: where MedlinePlus lives; its ``xml.html`` page lists the files.
        progress: show a progress bar on stderr; ``None``: only when stdout and stderr are terminals.
        keep_old: keep the older health-topics files in ``out_dir`` (by default they are removed).

    Raises:
        FetchError: the page links to no health-topics file, a request fails (HTTP error status, no
            connection, interrupted: the ``.part`` is kept for the next run to resume), the file is not
            health-topics XML, or the zip is corrupt (it is removed).
        OutputError: ``out_dir`` cannot be written.
    """
    show = (sys.stderr.isatty() and sys.stdout.isatty()) if progress is None else progress
    page_url = urljoin(base_url if base_url.endswith("/") else base_url + "/", _PAGE)
    with httpx.Client(timeout=_TIMEOUT, follow_redirects=True, headers=_HEADERS) as client:
        page, final_url = _page(client, page_url)
        url = find_topics_link(page, final_url)
        name = PurePosixPath(urlsplit(url).path).name
        zipped = _ZIP.fullmatch(name)
        xml_path = out_dir / (f"mplus_topics_{zipped[1]}.xml" if zipped else name)
        target = out_dir / name
        size = _remote_size(client, url)
        if size is not None and size > MAX_DOWNLOAD_BYTES:
            raise FetchError(f"{url}: {size:,} bytes, larger than kg downloads ({MAX_DOWNLOAD_BYTES:,})")
        if _up_to_date(out_dir, xml_path, url, size):
            return FetchResult(xml_path, url, False, 0, () if keep_old else _remove_older(out_dir, xml_path))
        _make_dir(out_dir)
        transferred = _download(client, url, target, size, show, check_xml=not zipped)
    if zipped:
        xml_path = _extract(target, xml_path.name)
    _record(out_dir, xml_path, url, size)
    removed = () if keep_old else _remove_older(out_dir, xml_path)
    return FetchResult(xml_path, url, downloaded=True, transferred=transferred, removed=removed)


def _page(client: httpx.Client, page_url: str) -> tuple[bytes, str]:
    """The XML page's bytes (at most :data:`MAX_PAGE_BYTES`, decoded) and its final URL.

    Raises:
        FetchError: the request fails or the page is larger.
    """
    with _requesting(page_url), client.stream("GET", page_url) as response:
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_PAGE_BYTES:
                raise FetchError(f"{page_url}: the page is larger than kg reads ({MAX_PAGE_BYTES:,} bytes)")
        return bytes(body), str(response.url)


def _sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file (never through a symlink), or None."""
    try:
        if not path.is_file() or path.is_symlink():
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def _manifest(out_dir: Path) -> dict[str, dict[str, object]]:
    try:
        found = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}


def _up_to_date(out_dir: Path, xml_path: Path, url: str, size: int | None) -> bool:
    """True when ``xml_path`` is what kg fetched from ``url``, unchanged, and the server still
    reports the size it had then."""
    entry = _manifest(out_dir).get(xml_path.name)
    if entry is None or entry.get("url") != url or (size is not None and entry.get("source_size") != size):
        return False
    return entry.get("sha256") == _sha256(xml_path)


def _record(out_dir: Path, xml_path: Path, url: str, size: int | None) -> None:
    """Note in the manifest that kg fetched ``xml_path`` from ``url``."""
    manifest = _manifest(out_dir)
    manifest = {name: entry for name, entry in manifest.items() if (out_dir / name).is_file()}
    manifest[xml_path.name] = {"url": url, "source_size": size, "sha256": _sha256(xml_path)}
    write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def _remove_older(out_dir: Path, newest: Path) -> tuple[Path, ...]:
    """Remove the health-topics files in ``out_dir`` that kg fetched (see :data:`MANIFEST`) dated
    before ``newest``'s date, with their zips and ``.part`` files; nothing kg did not fetch.

    Raises:
        OutputError: a file cannot be removed.
    """
    date = _XML.fullmatch(newest.name)[1]  # type: ignore[index]
    fetched = {name for name in _manifest(out_dir) if (out_dir / name).is_file()}
    ours = {date_ for name in fetched if (match := _XML.fullmatch(name)) for date_ in [match[1]]}
    removed = []
    for path in sorted(out_dir.iterdir()):
        found = _XML.fullmatch(path.name.removesuffix(".part")) or _ZIP.fullmatch(path.name.removesuffix(".part"))
        if found and found[1] < date and found[1] in ours and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError as error:
                raise OutputError(f"{path}: cannot remove the older file: {error.strerror}") from None
            removed.append(path)
    if removed:
        manifest = {name: entry for name, entry in _manifest(out_dir).items() if (out_dir / name).is_file()}
        write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return tuple(removed)


def find_topics_link(page: bytes, page_url: str) -> str:
    """The URL of the newest health-topics file linked from MedlinePlus's XML page: the zip if listed, else the XML.

    Links may be absolute or relative to ``page_url`` (or to the page's ``<base href>``).

    Raises:
        FetchError: the page cannot be parsed, or links to no ``mplus_topics_YYYY-MM-DD.xml`` and no
            ``mplus_topics_compressed_YYYY-MM-DD.zip``.
    """
    try:
        document = lxml.html.document_fromstring(page)
    except (lxml.etree.ParserError, ValueError) as error:
        raise FetchError(f"{page_url}: cannot read the page: {error}") from None
    document.make_links_absolute(page_url, resolve_base_href=True, handle_failures="discard")
    found: list[tuple[datetime.date, bool, str]] = []
    for anchor in document.iter("a"):
        url = anchor.get("href") or ""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue
        name = PurePosixPath(parts.path).name
        for pattern, zipped in ((_XML, False), (_ZIP, True)):
            match = pattern.fullmatch(name)
            if match:
                with contextlib.suppress(ValueError):  # not a real date (2025-13-01): not a MedlinePlus file
                    found.append((datetime.date.fromisoformat(match[1]), zipped, url))
    if not found:
        raise FetchError(
            f"{page_url}: no link to mplus_topics_YYYY-MM-DD.xml or mplus_topics_compressed_YYYY-MM-DD.zip"
        )
    return max(found)[2]  # newest date, then the zip over the XML


@contextlib.contextmanager
def _requesting(url: str, part: Path | None = None) -> Iterator[None]:
    """Turn httpx's errors into one-line :class:`FetchError` s naming ``url`` (and the ``.part`` kept)."""
    try:
        yield
    except httpx.HTTPStatusError as error:
        response = error.response
        raise FetchError(f"{error.request.url}: HTTP {response.status_code} {response.reason_phrase}") from None
    except httpx.HTTPError as error:
        if isinstance(error, httpx.TimeoutException):
            why = "timed out"
        elif isinstance(error, httpx.ConnectError):
            why = f"cannot connect ({_one_line(error)})"
        else:
            why = f"connection failed ({_one_line(error)})"
        kept = part.stat().st_size if part is not None and part.is_file() else 0
        resume = f"; {kept} bytes kept in {part}, run again to resume" if kept else ""
        raise FetchError(f"{url}: {why}{resume}") from None
    except httpx.InvalidURL as error:
        raise FetchError(f"{url}: invalid URL ({_one_line(error)})") from None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _content_length(response: httpx.Response) -> int | None:
    """The body's size in bytes as stored, or None when unknown (absent, malformed, or transfer-compressed)."""
    if response.headers.get("Content-Encoding", "identity").lower() != "identity":
        return None
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _remote_size(client: httpx.Client, url: str) -> int | None:
    """The file's size from a HEAD request, or None when the server does not say (or does not do HEAD)."""
    with _requesting(url):
        response = client.head(url, headers=_IDENTITY)
        if response.status_code in (405, 501):
            return None
        response.raise_for_status()
    return _content_length(response)


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create the folder: {error.strerror}") from None


def _download(client: httpx.Client, url: str, target: Path, size: int | None, show: bool, *, check_xml: bool) -> int:
    """Download ``url`` to ``target`` through ``target.part``, resuming it if present; return the bytes received.

    Raises:
        FetchError: the request fails (the ``.part`` is kept), or ``check_xml`` and it is not health-topics XML.
        OutputError: the ``.part`` cannot be written.
    """
    part = target.with_name(target.name + ".part")
    if part.is_symlink():  # not kg's: never written through
        part.unlink()
    offset = part.stat().st_size if part.is_file() else 0
    if size is not None and offset > size:  # a stale .part of some other file
        offset = 0
    received = None
    with _requesting(url, part):
        if size is not None and offset == size:  # complete already: the last run stopped before the rename
            received = 0
        elif offset:
            with client.stream("GET", url, headers={**_IDENTITY, "Range": f"bytes={offset}-"}) as response:
                if response.status_code == 206 and _range_start(response) == offset:
                    received = _receive(response, part, offset, size, show)
                elif response.status_code == 200:  # the server ignored Range: this is the whole file
                    received = _receive(response, part, 0, size, show)
                elif response.status_code != 416:
                    response.raise_for_status()
                # else (416, a range elsewhere, another 2xx): start over below
        if received is None:
            with client.stream("GET", url, headers=_IDENTITY) as response:
                response.raise_for_status()
                if response.status_code != 200:
                    raise FetchError(f"{url}: unexpected HTTP {response.status_code} {response.reason_phrase}")
                received = _receive(response, part, 0, size, show)
    if check_xml and _root_tag(_head(part)) != _ROOT:
        part.unlink()
        raise FetchError(f"{url}: not MedlinePlus health-topics XML (no <{_ROOT}> root element)")
    try:
        os.replace(part, target)
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror}") from None
    return received


def _range_start(response: httpx.Response) -> int | None:
    """The first byte of a 206 response's ``Content-Range: bytes START-END/TOTAL``."""
    match = re.fullmatch(r"bytes (\d+)-\d+/(?:\d+|\*)", response.headers.get("Content-Range", "").strip())
    return int(match[1]) if match else None


def _receive(response: httpx.Response, part: Path, offset: int, size: int | None, show: bool) -> int:
    """Write the body to ``part`` (appending after ``offset`` bytes, or from scratch) with a progress bar.

    Raises:
        FetchError: the body is shorter or longer than the server said (httpx errors propagate).
        OutputError: ``part`` cannot be written.
    """
    length = _content_length(response)
    total = offset + length if length is not None else size
    received = 0
    bar = tqdm(
        total=total, initial=offset, desc=part.name.removesuffix(".part"), unit="B", unit_scale=True,
        unit_divisor=1024, disable=not show, leave=False, file=sys.stderr,
    )  # fmt: skip
    if total is not None and total > MAX_DOWNLOAD_BYTES:
        raise FetchError(f"{response.url}: {total:,} bytes, larger than kg downloads ({MAX_DOWNLOAD_BYTES:,})")
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_APPEND if offset else os.O_TRUNC)
    try:
        with bar, os.fdopen(os.open(part, flags, 0o666), "wb") as stream:
            for chunk in response.iter_bytes():  # as they arrive: an interrupted download keeps them
                stream.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
                if offset + received > MAX_DOWNLOAD_BYTES:
                    break
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        raise OutputError(f"{part}: cannot write: {error.strerror}") from None
    if offset + received > MAX_DOWNLOAD_BYTES:
        part.unlink(missing_ok=True)
        raise FetchError(f"{response.url}: longer than kg downloads ({MAX_DOWNLOAD_BYTES:,} bytes); stopped")
    if total is not None and offset + received != total:
        raise FetchError(f"{response.url}: received {offset + received} bytes, expected {total}")
    return received


def _root_tag(head: bytes) -> str | None:
    """The name of the first element in ``head``, the start of an XML document, or None if it is not XML."""
    parser = lxml.etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    try:
        parser.feed(head)
        for _event, element in parser.read_events():
            return str(element.tag)
    except lxml.etree.XMLSyntaxError:
        return None
    return None


def _head(path: Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(_CHUNK)


def _base_name(member: str) -> str:
    """A zip member's file name without any folders (``../../x.xml`` → ``x.xml``), so it stays in its folder."""
    return PurePosixPath(member.replace("\\", "/")).name


def _extract(archive_path: Path, wanted: str) -> Path:
    """Extract the health-topics XML from the zip ``archive_path`` beside it, atomically, then remove the zip.

    The member named ``wanted`` is taken, else the only ``mplus_topics_YYYY-MM-DD.xml`` member; it is written
    under its base name. A corrupt zip is removed, so the next run downloads it anew.

    Raises:
        FetchError: the zip is corrupt or holds no health-topics XML.
        OutputError: the XML cannot be written.
    """
    try:
        with zipfile.ZipFile(archive_path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and _XML.fullmatch(_base_name(m.filename))]
            chosen = [m for m in members if _base_name(m.filename) == wanted] or members
            if len(chosen) != 1:
                raise FetchError(f"{archive_path}: no single mplus_topics_YYYY-MM-DD.xml in the zip")
            size, packed = chosen[0].file_size, max(chosen[0].compress_size, 1)
            if size > MAX_XML_BYTES or size > MAX_RATIO * packed:  # a zip bomb: refused before a byte is written
                raise FetchError(
                    f"{archive_path}: {chosen[0].filename} unpacks to {size:,} bytes from {packed:,} "
                    f"(kg unpacks at most {MAX_XML_BYTES:,} bytes, {MAX_RATIO} times the compressed size)"
                )
            target = archive_path.parent / _base_name(chosen[0].filename)
            with archive.open(chosen[0]) as source, atomic_output(target) as stream:
                head = source.read(_CHUNK)
                if _root_tag(head) != _ROOT:
                    raise FetchError(f"{archive_path}: {target.name} is not health-topics XML (no <{_ROOT}> root)")
                stream.write(head)
                shutil.copyfileobj(source, stream, _CHUNK)
    except FetchError:
        archive_path.unlink(missing_ok=True)
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        archive_path.unlink(missing_ok=True)
        raise FetchError(f"{archive_path}: corrupt zip ({_one_line(error)}); removed it, run again") from None
    except OSError as error:
        raise OutputError(f"{archive_path.parent}: cannot write: {error.strerror}") from None
    archive_path.unlink()
    return target
