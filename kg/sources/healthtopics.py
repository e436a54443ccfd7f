"""Reader for the MedlinePlus health-topics XML (``mplus_topics_YYYY-MM-DD.xml``), streamed.

Every element and attribute FORMATS.md lists lands in the records: topic id, title, URL,
language, date-created, meta-desc, also-called, the summary (as text, with its attribution and
internal links), groups, the language-mapped topic, MeSH headings, other languages, the primary
institute, related topics, see-references, and every site with its URL, Spanish URL, categories
(sections, audiences, flags), organizations and standard descriptions. The XML is parsed safely:
no DTD is loaded, no entity is expanded, nothing is fetched.

Example:
    >>> from pathlib import Path
    >>> topic = next(read(Path("tests/fixtures/xml/genesandgenetherapy.xml")))
    >>> topic.title, topic.id, len(topic.listings)
    ('Genes and Gene Therapy', '4037', 40)
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from kg.errors import InputError
from kg.mapping.iris import language_tag, safe_iri
from kg.records import (
    GroupRef,
    Listing,
    MeshHeading,
    MeshTerm,
    OtherLanguage,
    Resource,
    ResourceKind,
    SourceFile,
    Topic,
    TopicRef,
)
from kg.sources.categories import ENCYCLOPEDIA, FLAGS, title_audiences
from kg.sources.categories import heading as parse_heading
from kg.sources.summary import summary_text

__all__ = ["FORMAT", "SUFFIXES", "sniff", "read", "open_xml", "release", "file_digest", "LANGUAGES"]

FORMAT = "medlineplus-xml"
SUFFIXES = (".xml",)
OUTLINES = True  # read() takes ``wanted``

#: The XML's language names and their BCP 47 codes.
LANGUAGES = {"English": "en", "Spanish": "es"}

_ROOT = re.compile(rb"<(health-topics|MedicalTopics)[\s>]")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EXPERT_SECTIONS = {"Find an Expert", "Organizations", "Especialistas"}
_PUBMED_SEARCH = re.compile(r"[?&]term=")
_SITE_FIELDS = {"information-category": 0, "organization": 1, "standard-description": 2}
_SPECIAL_CATEGORIES = frozenset(FLAGS) | ENCYCLOPEDIA  # categories that are not headings
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_URL_ATTRIBUTES = ("url", "language-mapped-url")


def sniff(head: bytes) -> bool:
    """True when ``head`` holds a health-topics root element (or the pre-2012 one, to refuse it)."""
    return bool(_ROOT.search(head))


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks.

    Raises:
        InputError: the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError as error:
        raise InputError(path, None, f"cannot read: {error.strerror}") from None
    return digest.hexdigest()


def open_xml(path: Path, root_tag: str, item_tag: str) -> Iterator[tuple[str, etree._Element]]:
    """Parse ``path`` safely and stream ``("start", root)``, then ``("end", item)`` for each
    ``item_tag`` element, after checking the root element.

    No DTD is loaded, entities are neither declared (refused) nor expanded, and nothing is fetched.
    The caller clears each item when done with it (see :func:`release`).

    Raises:
        InputError: entity declarations, another root element, or XML that is not well-formed
        (a truncated file included), with the line.
    """
    _refuse_entities(path)
    etree.clear_error_log()  # the log is per thread: only this parse's errors in it
    with path.open("rb") as stream:
        parser = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=(root_tag, item_tag, "MedicalTopics"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            root = None
            for event, element in parser:
                if root is None:
                    root = element if event == "start" else element.getroottree().getroot()
                    dtd = root.getroottree().docinfo.internalDTD
                    if dtd is not None and any(True for _ in dtd.iterentities()):  # behind what the scan read
                        raise InputError(path, _entity_line(path, up_to_root=False) or 1, _NO_ENTITIES)
                    _check_root(root, root_tag, path)
                    yield "start", root
                if event == "end" and element.tag == item_tag:
                    yield event, element
            if root is None:
                _check_root(parser.root, root_tag, path)
        except etree.XMLSyntaxError as error:
            first = next((entry for entry in error.error_log if entry.line), None)  # iterparse may name a later symptom
            if first is not None and (not error.lineno or first.line < error.lineno):
                error.msg, error.lineno = f"{first.message}, line {first.line}, column {first.column}", first.line
            message = " ".join(str(error.msg).split())
            truncated = "Extra content" not in message and ("EndTag" in message or "end of" in message.lower())
            hint = " (the file is truncated)" if truncated else ""
            raise InputError(path, max(error.lineno or 1, 1), f"not well-formed XML{hint}: {message}") from None


_NO_ENTITIES = "XML entity declarations are not allowed (kg never expands entities)"


def _refuse_entities(path: Path) -> None:
    """Refuse an entity declaration anywhere before the root element (the whole DOCTYPE, however
    long), naming its line.

    Raises:
        InputError: the file declares an entity, or cannot be read.
    """
    line = _entity_line(path, up_to_root=True)
    if line is not None:
        raise InputError(path, line, _NO_ENTITIES)


def _entity_line(path: Path, *, up_to_root: bool) -> int | None:
    """The line of the first ``<!ENTITY`` in ``path`` (before the first root-like tag, when
    ``up_to_root``), read in chunks; None when there is none."""
    chunk, overlap, lines, tail = 1 << 20, 16, 0, b""
    try:
        with path.open("rb") as stream:
            while block := stream.read(chunk):
                window = tail + block
                declaration = _ENTITY_DECLARATION.search(window)
                root = _ROOT.search(window) if up_to_root else None
                if declaration and (root is None or declaration.start() < root.start()):
                    return lines + window.count(b"\n", 0, declaration.start()) + 1
                if root is not None:
                    return None
                lines += window.count(b"\n", 0, len(window) - overlap)
                tail = window[-overlap:]
    except OSError as error:
        raise InputError(path, None, f"cannot read: {error.strerror}") from None
    return None


def _check_root(root: etree._Element, root_tag: str, path: Path) -> None:
    if root.tag == "MedicalTopics":
        message = "pre-2012 <MedicalTopics> format: kg reads the health-topics XML NLM has published since June 2012"
        raise InputError(path, _fault_line(path, root), message)
    if root.tag != root_tag:
        raise InputError(path, _fault_line(path, root), f"expected a <{root_tag}> root element, found <{root.tag}>")


def release(element: etree._Element) -> None:
    """Free a streamed element and the siblings before it, so memory stays flat."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def read(path: Path, wanted: Callable[[str], bool] | None = None) -> Iterator[Topic]:
    """Yield each :class:`Topic` of the health-topics file at ``path``, one at a time.

    With ``wanted``, a topic whose URL it refuses comes in outline: its title, URL, language, id,
    sources, translation and related topics, enough to merge and to resolve references, without
    its sites or summary (a worker of a two-process build reads the topics it maps in full).

    Raises:
        InputError: unsafe, malformed or truncated XML, the pre-2012 format, or a topic
        without a title or URL, with the line.
    """
    sha256 = file_digest(path)
    for event, element in open_xml(path, "health-topics", "health-topic"):
        if event == "start":
            generated = _datetime(element.get("date-generated"), path, (element, "date-generated"))
            source = SourceFile(name=path.name, sha256=sha256, format=FORMAT, generated=generated)
        else:
            url = element.get("url")
            if wanted is None or not url or wanted(url):
                yield _topic(element, path, source)  # type: ignore[arg-type]
            else:
                yield _outline(element, path, source)  # type: ignore[arg-type]
            release(element)


def _text(element: etree._Element) -> str:
    text = element.text or "" if len(element) == 0 else "".join(element.itertext())
    return " ".join(text.split())


def _attr(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    if not value:
        return None
    value = value.strip()
    if "  " in value:
        value = " ".join(value.split())
    return value or None


def _required(element: etree._Element, name: str, path: Path) -> str:
    value = _attr(element, name)
    if value is None:
        raise InputError(path, _fault_line(path, element), f"<{element.tag}> has no {name} attribute")
    return value


def _date(value: str | None, path: Path, where: _Where) -> date | None:
    return _datetime(value, path, where, "%m/%d/%Y").date() if value else None  # type: ignore[union-attr]


def _datetime(value: str | None, path: Path, where: _Where, fmt: str = "%m/%d/%Y %H:%M:%S") -> datetime | None:
    if not value:
        return None
    try:
        return _strptime(value.strip(), fmt)
    except ValueError:
        raise InputError(path, _fault_line(path, *where), f"not a date ({fmt.replace('%', '')}): {value!r}") from None


#: Where a value was read: its element and attribute (None: the element's content).
_Where = tuple[etree._Element, str | None]
_TAG_LINES = 1000  # a start tag spans at most this many lines, for finding where it starts


def _fault_line(path: Path, element: etree._Element, attribute: str | None = None) -> int:
    """The line of ``element``'s ``attribute`` (or, without one, of its start tag's ``<``): lxml
    gives the line where the start tag ends, which for a tag over several lines is not the fault's.
    Reads the file up to that line; called only to report an error."""
    end = element.sourceline or 1
    window: deque[tuple[int, bytes]] = deque(maxlen=_TAG_LINES)
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, 1):
                window.append((number, raw))
                if number >= end:
                    break
    except OSError:
        return end
    tag = re.compile(rb"<" + re.escape(str(element.tag).encode()) + rb"(?=[\s/>]|$)")
    lines = list(window)
    start = next((i for i in range(len(lines) - 1, -1, -1) if tag.search(lines[i][1])), len(lines) - 1)
    if attribute:
        named = re.compile(rb"(?:^|\s)" + re.escape(attribute.encode()) + rb"\s*=")
        found = next((number for number, raw in lines[start:] if named.search(raw)), None)
        if found is not None:
            return found
    return lines[start][0] if lines else end


@lru_cache(maxsize=4096)
def _strptime(value: str, fmt: str) -> datetime:
    return datetime.strptime(value, fmt)  # dates recur: a corpus has a few hundred distinct ones


def _summary_markup(element: etree._Element) -> str:
    """The summary's HTML: escaped text in official files, child elements in some excerpts."""
    inner = "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return (element.text or "") + inner


def _checked_url(value: str | None, path: Path, where: _Where) -> None:
    """Refuse a URL that no repair makes an IRI (see :func:`kg.mapping.iris.safe_iri`), with its line."""
    if value and _ABSOLUTE.match(value.strip()):
        try:
            safe_iri(value.strip())
        except ValueError as error:
            raise InputError(path, _fault_line(path, *where), f"bad URL: {error}") from None


def _check_urls(element: etree._Element, path: Path) -> None:
    """Check the URLs of a topic and of its children other than sites (those are checked as read)."""
    _checked_url(element.get("url"), path, (element, "url"))
    for child in element:
        if child.tag != "site":
            for name in _URL_ATTRIBUTES:
                _checked_url(child.get(name), path, (child, name))


def _topic(element: etree._Element, path: Path, source: SourceFile) -> Topic:
    _check_urls(element, path)
    language = _language(element, path)
    fields: dict[str, list] = defaultdict(list)
    sites: list[etree._Element] = []
    single: dict[str, object] = {}
    for child in element:
        tag = child.tag
        if tag == "also-called":
            fields["also_called"].append(_text(child))
        elif tag == "see-reference":
            fields["see_references"].append(_text(child))
        elif tag == "full-summary":
            text, attribution, links = summary_text(_summary_markup(child))
            for link in links:
                _checked_url(link.url, path, (child, None))
            single.update(summary=text, summary_attribution=attribution, summary_links=links)
        elif tag == "group":
            fields["groups"].append(GroupRef(name=_text(child), url=_attr(child, "url"), id=_attr(child, "id")))
        elif tag == "language-mapped-topic":
            single["translation"] = _topic_ref(child, path)
        elif tag == "mesh-heading":
            fields["mesh"].append(_mesh(child, path))
        elif tag == "other-language":
            fields["other_languages"].append(
                OtherLanguage(
                    language=_text(child), vernacular=_attr(child, "vernacular-name"), url=_attr(child, "url")
                )
            )
        elif tag == "primary-institute":
            single.update(primary_institute=_text(child) or None, primary_institute_url=_attr(child, "url"))
        elif tag == "related-topic":
            fields["related"].append(_topic_ref(child, path))
        elif tag == "site":
            sites.append(child)
    listings, encyclopedia = _sites(sites, path)
    return Topic(
        title=_required(element, "title", path),
        url=_required(element, "url", path),
        sources=(source,),
        line=element.sourceline or 1,
        language=language,
        id=_attr(element, "id"),
        description=_attr(element, "meta-desc"),
        created=_date(_attr(element, "date-created"), path, (element, "date-created")),
        listings=listings,
        encyclopedia=encyclopedia,
        **{name: tuple(values) for name, values in fields.items()},  # type: ignore[arg-type]
        **single,  # type: ignore[arg-type]
    )


def _language(element: etree._Element, path: Path) -> str:
    """The topic's language code (``en`` when the element names none; another name must itself be
    a BCP 47 tag, such as ``fr``).

    Raises:
        InputError: the language is neither English, Spanish nor a BCP 47 tag.
    """
    name = _attr(element, "language") or "English"
    if name in LANGUAGES:
        return LANGUAGES[name]
    try:
        return language_tag(name.lower())
    except ValueError:
        known = " or ".join(LANGUAGES)
        message = f"language {name!r} is neither {known} nor a BCP 47 tag"
        raise InputError(path, _fault_line(path, element, "language"), message) from None


def _topic_ref(element: etree._Element, path: Path) -> TopicRef:
    """A ``related-topic`` or ``language-mapped-topic``: its title, URL, id and (where stated) language."""
    language = _language(element, path) if element.get("language") else None
    return TopicRef(title=_text(element), url=_attr(element, "url"), id=_attr(element, "id"), language=language)


def _outline(element: etree._Element, path: Path, source: SourceFile) -> Topic:
    """What other topics need of a topic: see :func:`read`."""
    _check_urls(element, path)
    translation: TopicRef | None = None
    related: list[TopicRef] = []
    for child in element:
        if child.tag == "language-mapped-topic":
            translation = _topic_ref(child, path)
        elif child.tag == "related-topic":
            related.append(_topic_ref(child, path))
    return Topic(
        title=_required(element, "title", path),
        url=_required(element, "url", path),
        sources=(source,),
        line=element.sourceline or 1,
        language=_language(element, path),
        id=_attr(element, "id"),
        translation=translation,
        related=tuple(related),
    )


def _mesh(element: etree._Element, path: Path) -> MeshHeading:
    descriptor = element.find("descriptor")
    if descriptor is None:
        raise InputError(path, _fault_line(path, element), "<mesh-heading> has no <descriptor>")
    qualifiers = tuple(MeshTerm(_required(q, "id", path), _text(q)) for q in element.findall("qualifier"))
    return MeshHeading(MeshTerm(_required(descriptor, "id", path), _text(descriptor)), qualifiers)


def _sites(sites: list[etree._Element], path: Path) -> tuple[tuple[Listing, ...], tuple[Resource, ...]]:
    """Listings under each heading a site's categories name, and the encyclopedia articles."""
    listings: list[Listing] = []
    encyclopedia: list[Resource] = []
    positions: dict[str, int] = defaultdict(int)
    for site in sites:  # the hot loop of a build: kept lean (see the README's performance section)
        found: tuple[list[str], list[str], list[str]] = ([], [], [])
        for child in site:
            slot = _SITE_FIELDS.get(child.tag)
            if slot is not None and (text := _text(child)):
                found[slot].append(text)
        categories, publishers, descriptions = found
        url, title = site.get("url"), site.get("title")
        if not url or not title:
            _required(site, "title" if url else "url", path)
        url, title = url.strip(), " ".join(title.split())  # type: ignore[union-attr]
        spanish_url = _attr(site, "language-mapped-url")
        _checked_url(url, path, (site, "url"))
        _checked_url(spanish_url, path, (site, "language-mapped-url"))
        flags: tuple[str, ...] = ()
        in_encyclopedia, headings = False, categories
        if not _SPECIAL_CATEGORIES.isdisjoint(categories):
            flags = tuple(FLAGS[c] for c in categories if c in FLAGS)
            in_encyclopedia = any(c in ENCYCLOPEDIA for c in categories)
            headings = [c for c in categories if c not in _SPECIAL_CATEGORIES]
            if not headings and not in_encyclopedia:
                headings = [c for c in categories if c in FLAGS]
        site_record = Resource(
            title=title,
            audiences=title_audiences(title) if "(" in title else (),
            url=url,
            publishers=_shared(tuple(publishers)),
            nih="NIH" in descriptions,
            spanish=spanish_url is not None,
            spanish_url=spanish_url,
            descriptions=_shared(tuple(descriptions)),
            language="es" if "spanish-language" in flags else None,
            hidden="hidden" in flags,
        )
        if in_encyclopedia:
            encyclopedia.append(dataclasses.replace(site_record, kind=ResourceKind.ENCYCLOPEDIA))
        elif not headings:
            headings = ["Uncategorized"]
        for name in dict.fromkeys(headings) if len(headings) > 1 else headings:
            heading = parse_heading(name)
            kind = _kind(heading.name, url, title, site_record.publishers)
            resource = site_record if kind is ResourceKind.WEB_PAGE else dataclasses.replace(site_record, kind=kind)
            position = positions[heading.name] = positions[heading.name] + 1
            listings.append(Listing(heading=heading, resource=resource, position=position))
    return tuple(listings), tuple(encyclopedia)


@lru_cache(maxsize=100_000)
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for each recurring list of publishers or descriptions (a corpus has a few thousand
    of them across hundreds of thousands of sites), so records take less memory."""
    return names


def _kind(section: str, url: str, title: str, publishers: tuple[str, ...]) -> ResourceKind:
    if section == "Journal Articles":
        return ResourceKind.PUBMED_SEARCH if _PUBMED_SEARCH.search(url) else ResourceKind.JOURNAL_ARTICLE
    if section in _EXPERT_SECTIONS and (not publishers or publishers == (title,)):
        return ResourceKind.ORGANIZATION
    return ResourceKind.WEB_PAGE
