"""Typed records that sources yield and the mapping turns into RDF; no RDF in here.

A source yields one :class:`Topic` per health topic, carrying everything the input says
about it: its resources (as :class:`Listing` under a heading), encyclopedia articles, related
topics and where it came from.

Example:
    >>> r = Resource(title="Chromosomes", publishers=("National Human Genome Research Institute",), nih=True)
    >>> r.kind.value, r.nih, r.spanish
    ('web-page', True, False)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "ResourceKind",
    "Resource",
    "Heading",
    "Listing",
    "TopicRef",
    "SourceFile",
    "Topic",
]


class ResourceKind(enum.Enum):
    """What a linked resource is."""

    WEB_PAGE = "web-page"
    JOURNAL_ARTICLE = "journal-article"
    PUBMED_SEARCH = "pubmed-search"
    ORGANIZATION = "organization"  # an entry that is an organization itself (Find an Expert)
    ENCYCLOPEDIA = "encyclopedia"  # a Medical Encyclopedia article


@dataclass(frozen=True)
class Resource:
    """A linked resource: a web page, article, search or organization entry.

    ``publishers`` holds organization names as the input spells them; ``audiences`` the
    refinements the title carries (``"parents"`` for "(For Parents)", ``"kids"`` for "(For Kids)").
    """

    title: str
    kind: ResourceKind = ResourceKind.WEB_PAGE
    publishers: tuple[str, ...] = ()
    url: str | None = None
    nih: bool = False
    spanish: bool = False
    spanish_url: str | None = None
    audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading a topic lists resources under: a section, or an audience ("Children").

    ``audience`` names the audience when the heading is one (``"children"``), else ``None``.
    """

    name: str
    description: str | None = None
    audience: str | None = None


@dataclass(frozen=True)
class Listing:
    """A resource as one topic lists it: under which heading, at which position (1-based)."""

    heading: Heading
    resource: Resource
    position: int


@dataclass(frozen=True)
class TopicRef:
    """A reference to another health topic, by title and, where the input gives it, URL."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class SourceFile:
    """The file a record came from: its name, SHA-256 of its bytes, and its format."""

    name: str
    sha256: str
    format: str


@dataclass(frozen=True)
class Topic:
    """A health topic and everything its input says about it."""

    title: str
    url: str
    source: SourceFile
    line: int = 1
    language: str = "en"
    description: str | None = None
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    summary_attribution: str | None = None
    updated: date | None = None
    reviewed: date | None = None
    primary_institute: str | None = None
    listings: tuple[Listing, ...] = ()
    encyclopedia: tuple[Resource, ...] = ()
    related: tuple[TopicRef, ...] = field(default=())
