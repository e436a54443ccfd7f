"""What changed between two builds: topics, resources and publishers, and the triples themselves.

The comparison reads both graphs' canonical N-Triples (kg mints no blank nodes, so equal triples
are equal lines) and names the changes a person cares about: topics added and removed (with the
resources and publishers that came or went with them), topics whose summary or other fields
changed, resources added, removed, changed or moved between sections, publishers added, removed
or renamed (a publisher whose resources all moved to a new name). Source-file provenance (file
digest, date generated) is not a content change.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> same = diff(kg.load([Path("data")]), kg.load([Path("data")]))
    >>> same.equal, same.counts()["topics_added"]
    (True, 0)
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, SDO, SKOS

from kg.files import write_atomic
from kg.mapping.vocab import KG
from kg.rdf.ntriples import iri, split_line
from kg.store import Store

__all__ = ["Named", "Moved", "Renamed", "Diff", "diff", "write_patch", "write_changes"]

_IGNORED_FOR_TOPICS = {iri(PROV.wasDerivedFrom), iri(KG.hasListing), iri(KG.hasResource), iri(KG.summary)}
_PUBLISHER = iri(SDO.publisher)


@dataclass(frozen=True)
class Named:
    """A node by IRI and name, with what came or went with it, or which fields changed."""

    iri: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Moved:
    """A resource a topic now lists under other sections."""

    topic: str
    resource: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Renamed:
    """A publisher whose resources are all published under a new name."""

    old_iri: str
    old_name: str
    new_iri: str
    new_name: str


@dataclass
class Diff:
    """The changes from one graph to another (see the module docstring)."""

    topics_added: list[Named] = field(default_factory=list)
    topics_removed: list[Named] = field(default_factory=list)
    summaries_changed: list[Named] = field(default_factory=list)
    topics_changed: list[Named] = field(default_factory=list)
    resources_added: list[Named] = field(default_factory=list)
    resources_removed: list[Named] = field(default_factory=list)
    resources_changed: list[Named] = field(default_factory=list)
    resources_moved: list[Moved] = field(default_factory=list)
    publishers_added: list[Named] = field(default_factory=list)
    publishers_removed: list[Named] = field(default_factory=list)
    publishers_renamed: list[Renamed] = field(default_factory=list)
    triples_added: list[str] = field(default_factory=list)
    triples_removed: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        """True when the two graphs hold the same triples."""
        return not self.triples_added and not self.triples_removed

    def counts(self) -> dict[str, int]:
        """How many changes of each kind."""
        return {name: len(value) for name, value in vars(self).items()}

    def to_json(self) -> str:
        """The whole report as JSON (the triple lists as N-Triples lines)."""
        document = {"equal": self.equal, "counts": self.counts(), **asdict(self)}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        """A report people read: one line per change, grouped by kind."""
        lines: list[str] = []

        def section(title: str, entries: list[str]) -> None:
            if entries:
                lines.append(f"{title} ({len(entries)}):")
                lines.extend(f"  {entry}" for entry in entries)

        def named(items: list[Named], mark: str) -> list[str]:
            return [f"{mark} {n.name} <{n.iri}>" + (f" ({n.detail})" if n.detail else "") for n in items]

        section("topics added", named(self.topics_added, "+"))
        section("topics removed", named(self.topics_removed, "-"))
        section("topics whose summary changed", named(self.summaries_changed, "~"))
        section("topics changed", named(self.topics_changed, "~"))
        section("resources added", named(self.resources_added, "+"))
        section("resources removed", named(self.resources_removed, "-"))
        section("resources changed", named(self.resources_changed, "~"))
        moves = [
            f"> {m.resource} in {m.topic}: {', '.join(m.before)} -> {', '.join(m.after)}" for m in self.resources_moved
        ]
        section("resources moved between sections", moves)
        section("publishers added", named(self.publishers_added, "+"))
        section("publishers removed", named(self.publishers_removed, "-"))
        section("publishers renamed", [f"= {r.old_name} -> {r.new_name}" for r in self.publishers_renamed])
        lines.append(f"triples: +{len(self.triples_added)} -{len(self.triples_removed)}")
        if self.equal:
            lines.insert(0, "the graphs are equal")
        return "\n".join(lines) + "\n"


@dataclass
class _Graph:
    """What the comparison needs of one graph, read once."""

    lines: set[str]
    by_subject: dict[str, set[tuple[str, str]]]
    names: dict[str, str]
    topics: set[str]
    resources: set[str]
    publishers: set[str]
    topic_resources: dict[str, set[str]]
    publisher_resources: dict[str, set[str]]
    sections: dict[tuple[str, str], set[str]]

    @classmethod
    def read(cls, store: Store) -> _Graph:
        lines = set(store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines())
        by_subject: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for line in lines:
            subject, predicate, obj = split_line(line)
            by_subject[subject].add((predicate, obj))

        def objects(subject: str, predicate: str) -> list[str]:
            return sorted(o for p, o in by_subject.get(subject, ()) if p == predicate)

        def label(subject: str) -> str:
            values = objects(subject, iri(SKOS.prefLabel)) or objects(subject, iri(SDO.name))
            return values[0].rsplit('"', 1)[0].lstrip('"') if values else subject

        def typed(cls_iri: str) -> set[str]:
            return {s for s, pairs in by_subject.items() if (iri(RDF.type), cls_iri) in pairs}

        topics = {t for t in typed(iri(KG.Topic)) if objects(t, iri(PROV.wasDerivedFrom))}
        resources = typed(iri(KG.Resource))
        publisher_resources: dict[str, set[str]] = defaultdict(set)
        for resource in resources:
            for org in objects(resource, _PUBLISHER):
                publisher_resources[org].add(resource)
        sections: dict[tuple[str, str], set[str]] = defaultdict(set)
        for listing in typed(iri(KG.Listing)):
            listed_in, listed = objects(listing, iri(KG.topic)), objects(listing, iri(KG.resource))
            for section in objects(listing, iri(KG.section)):
                sections[(listed_in[0], listed[0])].add(label(section))
        nodes = topics | resources | set(publisher_resources)
        return cls(
            lines=lines,
            by_subject=by_subject,
            names={node: label(node) for node in nodes},
            topics=topics,
            resources=resources,
            publishers=set(publisher_resources),
            topic_resources={t: set(objects(t, iri(KG.hasResource))) for t in topics},
            publisher_resources=dict(publisher_resources),
            sections=dict(sections),
        )


def diff(old: Store, new: Store) -> Diff:
    """Compare the data graphs of ``old`` and ``new``."""
    a, b = _Graph.read(old), _Graph.read(new)
    result = Diff(triples_added=sorted(b.lines - a.lines), triples_removed=sorted(a.lines - b.lines))
    if result.equal:
        return result

    def name(node: str) -> str:
        return b.names.get(node) or a.names.get(node) or node

    removed_topics, added_topics = a.topics - b.topics, b.topics - a.topics
    went = _went_with(removed_topics, a, b)
    came = _went_with(added_topics, b, a)
    result.topics_removed = [_with(topic, name, a, b) for topic in _ordered(removed_topics, name)]
    result.topics_added = [_with(topic, name, b, a) for topic in _ordered(added_topics, name)]

    renames = _renames(a, b, went["publishers"], came["publishers"])
    result.publishers_renamed = [Renamed(o[1:-1], name(o), n[1:-1], name(n)) for o, n in sorted(renames.items())]
    renamed_new = set(renames.values())
    result.publishers_removed = _named(a.publishers - b.publishers - went["publishers"] - set(renames), name)
    result.publishers_added = _named(b.publishers - a.publishers - came["publishers"] - renamed_new, name)

    result.resources_removed = _named(a.resources - b.resources - went["resources"], name)
    result.resources_added = _named(b.resources - a.resources - came["resources"], name)
    for resource in sorted(a.resources & b.resources):
        before = {(p, renames.get(o, o) if p == _PUBLISHER else o) for p, o in a.by_subject[resource]}
        changed = _fields(before ^ b.by_subject[resource])
        if changed:
            result.resources_changed.append(Named(resource[1:-1], name(resource), changed))

    summary = iri(KG.summary)
    for topic in sorted(a.topics & b.topics):
        difference = a.by_subject[topic] ^ b.by_subject[topic]
        if any(p == summary for p, _ in difference):
            result.summaries_changed.append(Named(topic[1:-1], name(topic)))
        changed = _fields({pair for pair in difference if pair[0] not in _IGNORED_FOR_TOPICS})
        if changed:
            result.topics_changed.append(Named(topic[1:-1], name(topic), changed))
        for resource in sorted(a.topic_resources[topic] & b.topic_resources[topic]):
            was, now = a.sections.get((topic, resource), set()), b.sections.get((topic, resource), set())
            if was != now:
                moved = Moved(name(topic), name(resource), tuple(sorted(was)), tuple(sorted(now)))
                result.resources_moved.append(moved)
    return result


def _went_with(topics: set[str], here: _Graph, there: _Graph) -> dict[str, set[str]]:
    """The resources only ``topics`` list in ``here`` and that ``there`` lacks, and the publishers
    only those resources have: they come or go with the topics, not as changes of their own."""
    listed_elsewhere = {r for t, rs in here.topic_resources.items() if t not in topics for r in rs}
    resources = {r for t in topics for r in here.topic_resources.get(t, ())} - listed_elsewhere - there.resources
    publishers = {p for p, rs in here.publisher_resources.items() if rs <= resources} - there.publishers
    return {"resources": resources, "publishers": publishers}


def _ordered(nodes: Iterable[str], name: Callable[[str], str]) -> list[str]:
    return sorted(nodes, key=lambda node: (name(node), node))


def _named(nodes: Iterable[str], name: Callable[[str], str]) -> list[Named]:
    return [Named(node[1:-1], name(node)) for node in _ordered(nodes, name)]


def _with(topic: str, name: Callable[[str], str], here: _Graph, there: _Graph) -> Named:
    """A topic added or removed, with the resources and publishers that came or went with it alone."""
    own = _went_with({topic}, here, there)
    detail = (
        f"with {len(own['resources'])} resources and {len(own['publishers'])} publishers" if any(own.values()) else ""
    )
    return Named(topic[1:-1], name(topic), detail)


def _renames(a: _Graph, b: _Graph, went: set[str], came: set[str]) -> dict[str, str]:
    """Old publisher -> new publisher, where the old one's resources are exactly the new one's."""
    gone = [p for p in a.publishers - b.publishers - went]
    new = {frozenset(b.publisher_resources[p]): p for p in b.publishers - a.publishers - came}
    return {p: new[frozenset(a.publisher_resources[p])] for p in gone if frozenset(a.publisher_resources[p]) in new}


def _fields(pairs: set[tuple[str, str]]) -> str:
    """The predicates that differ, shortened to their local names."""
    names = sorted({p[1:-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for p, _ in pairs})
    return ", ".join(names)


def write_patch(result: Diff, stream: TextIO) -> None:
    """Write the triple-level change as an RDF Patch (a transaction: deletions, then additions)."""
    stream.write("TX .\n")
    for line in result.triples_removed:
        stream.write(f"D {line}\n")
    for line in result.triples_added:
        stream.write(f"A {line}\n")
    stream.write("TC .\n")


def write_changes(
    result: Diff, *, patch: Path | None = None, added: Path | None = None, removed: Path | None = None
) -> None:
    """Write the change to the files named: ``patch`` as an RDF Patch (:func:`write_patch`), ``added``
    and ``removed`` as the N-Triples lines added and removed.

    Raises:
        OutputError: a file cannot be written.
    """
    if patch:
        text = io.StringIO()
        write_patch(result, text)
        write_atomic(patch, text.getvalue().encode("utf-8"))
    for path, lines in ((added, result.triples_added), (removed, result.triples_removed)):
        if path:
            write_atomic(path, "".join(f"{line}\n" for line in lines).encode("utf-8"))
