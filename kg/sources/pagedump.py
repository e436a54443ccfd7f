"""Reader for MedlinePlus page dumps: the text rendering of one health-topic page.

The format is described in FORMATS.md (section 1): a ``Link:``/``Description:``/``Keywords:``
header, then the page as markdown-like text. The reader keeps the content (title, summary,
resources under each heading, encyclopedia, related topics, NIH institute, dates) and drops
the page furniture (menus, footer, social links, images).

Example:
    >>> from pathlib import Path
    >>> topic = next(read(Path("data/genesandgenetherapy.txt")))
    >>> topic.title, len(topic.listings), topic.primary_institute
    ('Genes and Gene Therapy', 40, 'National Human Genome Research Institute')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.mapping.iris import safe_iri
from kg.records import Heading, Listing, Resource, ResourceKind, SourceFile, Topic, TopicRef
from kg.sources.categories import REFINEMENTS, title_audiences
from kg.sources.categories import heading as parse_heading
from kg.sources.text import decode_text

__all__ = ["FORMAT", "SUFFIXES", "MAX_LINE", "sniff", "read", "parse_entry"]

FORMAT = "medlineplus-page"
SUFFIXES = (".txt",)
#: The longest line a page dump may hold, in bytes (the longest real entry is a few hundred).
MAX_LINE = 100_000

_TITLE = re.compile(r"^#\s+(\S.*?)\s*$")
_HEADING = re.compile(r"^##\s+(\S.*?)\s*$")
_BULLET = re.compile(r"^\s+\*\s+(.*?)\s*$")
_HEADER_FIELD = re.compile(r"^\s*(Description|Keywords):\s*(.*?)\s*$")
_NIH_BADGE = re.compile(r"!\[From the National Institutes of Health\]\([^)]*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_ALSO_IN_SPANISH = re.compile(r"\s*Also in Spanish\s*$")
_LAST_PARENS = re.compile(r"\s*\(([^()]+)\)\s*$")
_ARTICLE = re.compile(r"^Article:\s*(.+)$")
_SEARCH = re.compile(r"^(.+?)\s+--\s+see more articles$")
_INSTITUTE = re.compile(r"\bis the\s+(.+?)\.?$")
_UPDATED = re.compile(r"Page last updated on\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})")
_REVIEWED = re.compile(r"Topic last reviewed:\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})")

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}

# Headings after the resource sections: content blocks with their own meaning, and furniture.
_ENCYCLOPEDIA = "medical encyclopedia"
_RELATED = "related health topics"
_INSTITUTE_BLOCK = "national institutes of health"
_SUMMARY = "summary"
_FURNITURE = {"topic image", "stay connected", "disclaimers", "nih medlineplus magazine"}
_END_OF_SECTIONS = _FURNITURE | {_ENCYCLOPEDIA, _RELATED, _INSTITUTE_BLOCK}


def sniff(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts like a page dump."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"Link: ")


@dataclass
class _Block:
    """A ``## `` heading and the numbered lines under it."""

    title: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.title.lower()

    def bullets(self) -> Iterator[tuple[int, str]]:
        for number, text in self.body:
            match = _BULLET.match(text)
            if match:
                yield number, match.group(1)


def read(path: Path) -> Iterator[Topic]:
    """Yield the one :class:`Topic` the page dump at ``path`` describes.

    Raises:
        InputError: the file is not a page dump, has no title, holds a malformed entry or a line
        longer than any page has (:data:`MAX_LINE` bytes).
    """
    data = path.read_bytes()
    _check_lines(data, path)
    text = decode_text(data, path)
    source = SourceFile(name=path.name, sha256=hashlib.sha256(data).hexdigest(), format=FORMAT)
    yield _parse(text.splitlines(), path, source)


def _check_lines(data: bytes, path: Path) -> None:
    """Refuse, before decoding, what cannot be a page dump: no ``Link:`` header, or a huge line."""
    start = data.removeprefix(b"\xef\xbb\xbf")
    first = start.lstrip()[:64]
    if first and not first.startswith(b"Link:") and b"\x00" not in first:
        line = start[: len(start) - len(start.lstrip())].count(b"\n") + 1
        raise InputError(path, line, "not a MedlinePlus page dump: expected 'Link: <page url>'")
    position, number = 0, 1
    while position < len(data):
        end = data.find(b"\n", position)
        end = len(data) if end < 0 else end
        if end - position > MAX_LINE:
            raise InputError(
                path, number, f"line of {end - position:,} bytes: longer than any page dump's ({MAX_LINE:,})"
            )
        position, number = end + 1, number + 1


def _parse(lines: list[str], path: Path, source: SourceFile) -> Topic:
    url, description, keywords = _header(lines, path)
    title_index = _find_title(lines, path)
    blocks = _blocks(lines, title_index + 1)

    topic: dict = {}
    listings: list[Listing] = []
    in_sections = True
    for block in blocks:
        if block.key == _SUMMARY:
            topic["summary"], topic["summary_attribution"] = _summary(block)
        elif block.key in _END_OF_SECTIONS:
            in_sections = False
            if block.key == _ENCYCLOPEDIA:
                topic["encyclopedia"] = tuple(
                    Resource(title=text, kind=ResourceKind.ENCYCLOPEDIA) for _, text in block.bullets()
                )
            elif block.key == _RELATED:
                topic["related"] = tuple(TopicRef(title=text) for _, text in block.bullets())
            elif block.key == _INSTITUTE_BLOCK:
                topic["primary_institute"] = _institute(block)
        elif in_sections:
            listings.extend(_listings(block, path))

    footer = "\n".join(lines)
    return Topic(
        title=_TITLE.match(lines[title_index]).group(1),  # type: ignore[union-attr]
        url=url,
        sources=(source,),
        line=title_index + 1,
        language="es" if "/spanish/" in url else "en",
        description=description,
        keywords=keywords,
        updated=_date(_UPDATED, footer, lines, path),
        reviewed=_date(_REVIEWED, footer, lines, path),
        listings=tuple(listings),
        **topic,
    )


def _header(lines: list[str], path: Path) -> tuple[str, str | None, tuple[str, ...]]:
    """The page URL, meta description and keywords from the three-line header."""
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None:
        raise InputError(path, 1, "empty file, not a MedlinePlus page dump")
    match = re.match(r"^\s*Link:\s*(\S+)\s*$", lines[first])
    if not match:
        raise InputError(path, first + 1, "not a MedlinePlus page dump: expected 'Link: <page url>'")
    try:
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", match.group(1)):
            safe_iri(match.group(1))
    except ValueError as error:
        raise InputError(path, first + 1, f"bad URL: {error}") from None
    fields: dict[str, str] = {}
    for text in lines[first + 1 : first + 4]:
        field_match = _HEADER_FIELD.match(text)
        if field_match:
            fields[field_match.group(1)] = field_match.group(2)
    raw_keywords = fields.get("Keywords", "")
    keywords = () if raw_keywords in ("", "None") else tuple(k.strip() for k in raw_keywords.split(",") if k.strip())
    return match.group(1), fields.get("Description") or None, keywords


def _find_title(lines: list[str], path: Path) -> int:
    """The index of the ``# <title>`` line, which must come before any ``## `` heading."""
    for index, text in enumerate(lines):
        if _TITLE.match(text):
            return index
        if _HEADING.match(text):
            message = "page dump has no title: expected '# <title>' before the first '## ' heading"
            raise InputError(path, index + 1, message)
    raise InputError(path, len(lines), "page dump has no title: no '# <title>' line")


def _blocks(lines: list[str], start: int) -> list[_Block]:
    """Split the page after the title into ``## `` blocks; a heading may wrap onto one more line."""
    blocks: list[_Block] = []
    index = start
    while index < len(lines):
        text = lines[index]
        match = _HEADING.match(text)
        if match:
            title = match.group(1)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if following.strip() and not following[0].isspace() and not following.startswith(("#", "!")):
                title = f"{title} {following.strip()}"
                index += 1
            blocks.append(_Block(title=title, line=index + 1))
        elif blocks:
            blocks[-1].body.append((index + 1, text))
        index += 1
    return blocks


def _summary(block: _Block) -> tuple[str | None, str | None]:
    """The summary text (paragraphs joined, bullets kept) and its attribution (the last line)."""
    paragraphs: list[list[str]] = [[]]
    for _, text in block.body:
        if not text.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(text)
    paragraphs = [p for p in paragraphs if p]
    attribution = None
    if len(paragraphs) > 1 and len(paragraphs[-1]) == 1:
        attribution = paragraphs.pop()[0].strip()
    rendered = []
    for paragraph in paragraphs:
        if all(_BULLET.match(text) for text in paragraph):
            rendered.append("\n".join(f"* {_BULLET.match(text).group(1)}" for text in paragraph))  # type: ignore[union-attr]
        else:
            rendered.append(" ".join(text.strip() for text in paragraph))
    return ("\n\n".join(rendered) or None), attribution


def _listings(block: _Block, path: Path) -> list[Listing]:
    """The resources a section or audience block lists, in page order."""
    heading = parse_heading(block.title)
    return [
        Listing(heading=heading, resource=parse_entry(text, heading, path, number), position=position)
        for position, (number, text) in enumerate(block.bullets(), start=1)
    ]


def parse_entry(text: str, heading: Heading, path: str | Path = "<entry>", line: int = 1) -> Resource:
    """One resource from the text of its bullet, listed under ``heading``.

    Example:
        >>> entry = "Chromosomes ![From the National Institutes of Health](nih.png) (NHGRI) Also in Spanish"
        >>> r = parse_entry(entry, Heading("Reference Desk"))
        >>> r.title, r.publishers, r.nih, r.spanish
        ('Chromosomes', ('NHGRI',), True, True)

    Raises:
        InputError: the entry has no title.
    """
    spanish = bool(_ALSO_IN_SPANISH.search(text))
    text = _ALSO_IN_SPANISH.sub("", text)
    nih = bool(_NIH_BADGE.search(text))
    text = " ".join(_IMAGE.sub(" ", text).split())

    publishers: tuple[str, ...] = ()
    match = _LAST_PARENS.search(text)
    if match and match.group(1).strip().lower() not in REFINEMENTS:
        publishers = (" ".join(match.group(1).split()),)
        text = text[: match.start()].strip()
    audiences = title_audiences(text)

    kind = ResourceKind.WEB_PAGE
    if heading.name == "Journal Articles":
        if article := _ARTICLE.match(text):
            kind, text = ResourceKind.JOURNAL_ARTICLE, article.group(1).strip()
        elif search := _SEARCH.match(text):
            kind, text = ResourceKind.PUBMED_SEARCH, search.group(1).strip()
    elif heading.name in ("Find an Expert", "Organizations", "Especialistas") and not publishers:
        kind, publishers = ResourceKind.ORGANIZATION, (text,)
    if not text:
        raise InputError(path, line, "resource entry has no title")
    return Resource(title=text, kind=kind, publishers=publishers, nih=nih, spanish=spanish, audiences=audiences)


def _institute(block: _Block) -> str | None:
    """The institute named by "The primary NIH organization for research on … is the <institute>"."""
    text = " ".join(" ".join(t.split()) for _, t in block.body if t.strip())
    match = _INSTITUTE.search(text)
    return match.group(1).strip() if match else None


def _date(pattern: re.Pattern[str], text: str, lines: list[str], path: Path) -> date | None:
    """The date ``pattern`` finds in the page ("24 March 2020"), or None when it is absent."""
    match = pattern.search(text)
    if not match:
        return None
    day, month, year = match.group(1).split()
    line = text.count("\n", 0, match.start()) + 1
    try:
        return date(int(year), _MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        raise InputError(path, line, f"not a date: {match.group(1)!r}") from None
