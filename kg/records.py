"""Typed records that sources yield and the mapping turns into RDF; no RDF in here.

A source yields one :class:`Topic` per health topic, carrying everything the input says
about it (its resources as :class:`Listing` under a heading, encyclopedia articles, related
topics, groups, MeSH headings, where it came from), and one :class:`Group` per entry of a
topic-groups file.

Example:
    >>> r = Resource(title="Chromosomes", publishers=("National Human Genome Research Institute",), nih=True)
    >>> r.kind.value, r.nih, r.spanish
    ('web-page', True, False)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "ResourceKind",
    "Resource",
    "Heading",
    "Listing",
    "TopicRef",
    "GroupRef",
    "Group",
    "MeshTerm",
    "MeshHeading",
    "OtherLanguage",
    "SourceFile",
    "Topic",
    "Record",
]


class ResourceKind(enum.Enum):
    """What a linked resource is."""

    WEB_PAGE = "web-page"
    JOURNAL_ARTICLE = "journal-article"
    PUBMED_SEARCH = "pubmed-search"
    ORGANIZATION = "organization"  # an entry that is an organization itself (Find an Expert)
    ENCYCLOPEDIA = "encyclopedia"  # a Medical Encyclopedia article


@dataclass(frozen=True, slots=True)
class Resource:
    """A linked resource: a web page, article, search or organization entry.

    ``publishers`` holds organization names as the input spells them; ``audiences`` the
    refinements the title carries (``"parents"`` for "(For Parents)", ``"kids"`` for "(For Kids)");
    ``descriptions`` the XML's standard descriptions (NIH, PDF, Video …); ``language`` is set when
    the input flags the resource itself as being in a language (``"es"`` for Spanish/Español);
    ``hidden`` when MedlinePlus does not display it (NON-DISPLAY).
    """

    title: str
    kind: ResourceKind = ResourceKind.WEB_PAGE
    publishers: tuple[str, ...] = ()
    url: str | None = None
    nih: bool = False
    spanish: bool = False
    spanish_url: str | None = None
    audiences: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    language: str | None = None
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading a topic lists resources under: a section, or an audience ("Children").

    ``audience`` names the audience when the heading is one (``"children"``), else ``None``.
    """

    name: str
    description: str | None = None
    audience: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """A resource as one topic lists it: under which heading, at which position (1-based)."""

    heading: Heading
    resource: Resource
    position: int


@dataclass(frozen=True, slots=True)
class TopicRef:
    """A reference to another health topic: its title and, where the input gives them, URL, NLM id
    and language (a BCP 47 code; the XML states it for a ``language-mapped-topic``)."""

    title: str
    url: str | None = None
    id: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class GroupRef:
    """A topic's membership of a group: the group's name, URL and NLM id."""

    name: str
    url: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class MeshTerm:
    """A MeSH descriptor or qualifier: its unique id (``D006442``, ``Q000097``) and name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class MeshHeading:
    """A MeSH heading: a descriptor with zero or more qualifiers."""

    descriptor: MeshTerm
    qualifiers: tuple[MeshTerm, ...] = ()


@dataclass(frozen=True, slots=True)
class OtherLanguage:
    """A translation of the topic in another language: the language, its own name for itself, the URL."""

    language: str
    vernacular: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file a record came from: its name, SHA-256 of its bytes, its format and, for the
    health-topics XML, when NLM generated it."""

    name: str
    sha256: str
    format: str
    generated: datetime | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A topic group from the topic-groups file (or a topic's ``group`` element)."""

    name: str
    url: str
    language: str
    id: str | None
    source: SourceFile


@dataclass(frozen=True, slots=True)
class Topic:
    """A health topic and everything its inputs say about it."""

    title: str
    url: str
    sources: tuple[SourceFile, ...]
    line: int = 1
    language: str = "en"
    id: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    also_called: tuple[str, ...] = ()
    see_references: tuple[str, ...] = ()
    summary: str | None = None
    summary_attribution: str | None = None
    summary_links: tuple[TopicRef, ...] = ()
    created: date | None = None
    updated: date | None = None
    reviewed: date | None = None
    primary_institute: str | None = None
    primary_institute_url: str | None = None
    groups: tuple[GroupRef, ...] = ()
    translation: TopicRef | None = None
    mesh: tuple[MeshHeading, ...] = ()
    other_languages: tuple[OtherLanguage, ...] = ()
    listings: tuple[Listing, ...] = ()
    encyclopedia: tuple[Resource, ...] = ()
    related: tuple[TopicRef, ...] = ()


Record = Topic | Group
