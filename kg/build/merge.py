"""One topic from many inputs: records that describe the same topic are merged before mapping.

Topics meet by their canonical MedlinePlus URL. When several inputs describe one topic:

- the newest health-topics XML (by ``date-generated``; on a tie, the one read last) is the base
  for every field it has, and its sites are the topic's resources;
- a page dump fills what the XML lacks (page-last-updated and last-reviewed dates, keywords) and
  its resources are matched to the XML's sites by normalised title and publisher; a resource the
  XML does not have is kept, listed after the XML's under the same heading;
- with page dumps only, the dump updated last is the base;
- the topic keeps every source file in its provenance.

Two health-topics records of one topic that disagree and neither of which is newer (the same file,
or files of the same ``date-generated``), or two topics with one NLM id, are reported as warnings
naming both places and the one that wins.

References by NLM id (``<TOPIC ID=…>`` links, related and translated topics) are resolved to URLs
through the ids the inputs give.

Example:
    >>> from pathlib import Path
    >>> from kg.sources import read
    >>> topics, groups = merge(read([Path("data"), Path("tests/fixtures/xml/genesandgenetherapy.xml")]))
    >>> len(topics), len(topics[0].sources), len(topics[0].listings)
    (12, 2, 40)
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time

from kg.mapping.iris import canonical_topic_url
from kg.mapping.organizations import fold, organization_key
from kg.records import Group, Listing, Record, Resource, Topic, TopicRef

__all__ = ["merge", "topic_key"]

_XML_FORMAT = "medlineplus-xml"
_MERGED_APART = {"sources", "listings", "encyclopedia", "related"}  # combined from every part, not filled


def topic_key(url: str) -> str:
    """The key topics meet by: the canonical URL."""
    return canonical_topic_url(url)


def merge(records: Iterable[Record], warnings: list[str] | None = None) -> tuple[list[Topic], list[Group]]:
    """Merge the topics that describe the same topic; resolve id references. Returns topics (in
    the order first read) and groups; appends to ``warnings`` a line for each duplicate that
    disagrees with another as fresh as itself (which wins is said)."""
    parts: dict[str, list[tuple[int, Topic]]] = defaultdict(list)
    groups: list[Group] = []
    for order, record in enumerate(records):
        if isinstance(record, Group):
            groups.append(record)
        else:
            parts[topic_key(record.url)].append((order, record))
    if warnings is not None:
        warnings += [line for found in parts.values() if len(found) > 1 for line in _duplicates(found)]
    topics = [_merge_parts(found) for found in parts.values()]
    if warnings is not None:
        warnings += _shared_ids(topics)
    urls = _urls_by_id(topics)
    return [_resolve(topic, urls) for topic in topics], groups


def _place(topic: Topic) -> str:
    return f"{topic.sources[0].name if topic.sources else '?'}:{topic.line}"


def _content(topic: Topic) -> Topic:
    return dataclasses.replace(topic, line=0, sources=())


def _duplicates(found: list[tuple[int, Topic]]) -> list[str]:
    """A warning for each health-topics record of a topic that another as fresh contradicts."""
    xml = sorted((item for item in found if _is_xml(item[1])), key=_freshness, reverse=True)
    if len(xml) < 2:
        return []
    winner = xml[0][1]
    lines = []
    for _, other in xml[1:]:
        if _freshness((0, other))[1] == _freshness((0, winner))[1] and _content(other) != _content(winner):
            lines.append(
                f"{_place(other)}: topic {winner.url} is described again, differently, at {_place(winner)}; "
                f"the one at {_place(winner)} wins (read last)"
            )
    return lines


def _shared_ids(topics: list[Topic]) -> list[str]:
    """A warning for each NLM id that two different topics carry (references by that id go to the last)."""
    seen: dict[str, Topic] = {}
    lines = []
    for topic in topics:
        if topic.id:
            first = seen.get(topic.id)
            if first is not None:
                lines.append(
                    f"{_place(topic)}: topic id {topic.id} is also {first.url} ({_place(first)}); "
                    f"references by id {topic.id} go to {topic.url}"
                )
            seen[topic.id] = topic
    return lines


def _is_xml(topic: Topic) -> bool:
    return any(source.format == _XML_FORMAT for source in topic.sources)


def _freshness(item: tuple[int, Topic]) -> tuple[bool, datetime, int]:
    """Sort key: XML before page dumps, then newer before older, then read later before earlier."""
    order, topic = item
    if _is_xml(topic):
        stamp = max((s.generated for s in topic.sources if s.generated), default=datetime.min)
    else:
        stamp = datetime.combine(topic.updated, time.min) if topic.updated else datetime.min
    return _is_xml(topic), stamp, order


def _merge_parts(found: list[tuple[int, Topic]]) -> Topic:
    if len(found) == 1:
        return found[0][1]
    ranked = [topic for _, topic in sorted(found, key=_freshness, reverse=True)]
    base = ranked[0]
    fills: dict[str, object] = {}
    for field in dataclasses.fields(Topic):
        if field.name not in _MERGED_APART and getattr(base, field.name) in (None, ()):
            for other in ranked[1:]:
                value = getattr(other, field.name)
                if value not in (None, ()):
                    fills[field.name] = value
                    break
    dumps = [topic for topic in ranked[1:] if not _is_xml(topic)]
    listings = list(base.listings)
    encyclopedia = list(base.encyclopedia)
    related = list(base.related)
    for dump in dumps:
        listings = _add_listings(listings, dump.listings)
        encyclopedia += [e for e in dump.encyclopedia if fold(e.title) not in {fold(x.title) for x in encyclopedia}]
        related += [r for r in dump.related if fold(r.title) not in {fold(x.title) for x in related}]
    sources = tuple(sorted({s for topic in ranked for s in topic.sources}, key=lambda s: (s.name, s.sha256)))
    return dataclasses.replace(
        base,
        **fills,  # type: ignore[arg-type]
        sources=sources,
        listings=tuple(listings),
        encyclopedia=tuple(encyclopedia),
        related=tuple(related),
    )


def _match_key(resource: Resource) -> tuple[str, tuple[str, ...]]:
    return fold(resource.title), tuple(sorted(organization_key(p) for p in resource.publishers))


def _add_listings(base: list[Listing], extra: Iterable[Listing]) -> list[Listing]:
    """``base`` plus the listings of ``extra`` whose resource ``base`` does not have (by title and publisher)."""
    known = {_match_key(listing.resource) for listing in base}
    positions: dict[str, int] = defaultdict(int)
    for listing in base:
        positions[listing.heading.name] = max(positions[listing.heading.name], listing.position)
    merged = list(base)
    for listing in extra:
        if _match_key(listing.resource) in known:
            continue
        positions[listing.heading.name] += 1
        merged.append(dataclasses.replace(listing, position=positions[listing.heading.name]))
    return merged


def _urls_by_id(topics: list[Topic]) -> dict[str, str]:
    urls: dict[str, str] = {}
    for topic in topics:
        refs = [*topic.related, *topic.summary_links]
        if topic.translation:
            refs.append(topic.translation)
        for ref in refs:
            if ref.id and ref.url:
                urls.setdefault(ref.id, ref.url)
    for topic in topics:  # a topic's own id is the surest
        if topic.id:
            urls[topic.id] = topic.url
    return urls


def _resolve(topic: Topic, urls: dict[str, str]) -> Topic:
    def fix(ref: TopicRef) -> TopicRef:
        if ref.url is None and ref.id in urls:
            return dataclasses.replace(ref, url=urls[ref.id])  # type: ignore[index]
        return ref

    if not any(ref.url is None and ref.id for ref in topic.summary_links):
        return topic
    return dataclasses.replace(topic, summary_links=tuple(fix(ref) for ref in topic.summary_links))
