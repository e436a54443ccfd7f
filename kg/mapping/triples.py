"""Records to triples: every statement the data graph makes, as tuples of N-Triples terms.

A :class:`Mapper` maps merged topics one at a time. Nodes that several topics share
(organizations, sections, audiences, languages, groups, MeSH headings, source files, resources)
are described the first time they appear, so the stream holds no triple twice; each topic's
triples come as one sorted batch, so the same input gives the same triples in the same order.

Each shared description is a *block* under a key (its kind and node): :meth:`Mapper.topic` returns
a topic's own triples and the blocks it describes first, and :meth:`Mapper.flush` makes the batch,
leaving out blocks another mapper has already written (how :mod:`kg.build.parallel` splits a build).

Example:
    >>> from pathlib import Path
    >>> from kg.build.merge import merge
    >>> from kg.sources import read
    >>> topics, groups = merge(read([Path("data")]))
    >>> mapper = Mapper()
    >>> triples = [t for batch in mapper.batches(topics, groups) for t in batch]
    >>> sum(o == f"<{KG.Listing}>" for s, p, o in triples), mapper.counts["resources"]
    (252, 238)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS

from kg.errors import InputError
from kg.mapping.iris import DEFAULT_BASE, Iris, canonical_topic_url, topic_url_from_title
from kg.mapping.organizations import canonical_name, fold, is_nih
from kg.mapping.vocab import KG
from kg.rdf.ntriples import boolean, integer, iri, literal, minted, url, xsd_date, xsd_datetime
from kg.records import Group, Heading, MeshHeading, Resource, ResourceKind, SourceFile, Topic, TopicRef
from kg.sources.categories import AUDIENCE_LABELS

__all__ = ["Mapper", "Mapped", "KeySet", "COUNTS", "Triple", "Key"]

Triple = tuple[str, str, str]
#: What a block describes: its kind (``"resource"``, ``"org"`` …) and node.
Key = tuple[str, str]

#: The counts a mapper keeps, in the order `kg build` reports them.
COUNTS = ("topics", "resources", "publishers", "audiences", "sections", "encyclopedia", "related", "triples")

#: The block kinds each count counts (one per key kept).
_COUNTED = {
    "resource": "resources",
    "publisher": "publishers",
    "audience": "audiences",
    "section": "sections",
    "encyclopedia": "encyclopedia",
    "related": "related",
}


class KeySet:
    """A set of keys held as a set of nodes per kind: the membership of a set of ``(kind, node)``
    tuples without a tuple kept per key (a 20,000-topic build has millions of keys).

    Example:
        >>> keys = KeySet([("org", "<a>")])
        >>> ("org", "<a>") in keys, ("section", "<a>") in keys, len(keys)
        (True, False, 1)
    """

    __slots__ = ("_nodes",)

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self._nodes: defaultdict[str, set[str]] = defaultdict(set)
        self.update(keys)

    def __contains__(self, key: object) -> bool:
        kind: str
        node: str
        kind, node = key  # type: ignore[misc]
        nodes = self._nodes.get(kind)
        return nodes is not None and node in nodes

    def __len__(self) -> int:
        return sum(len(nodes) for nodes in self._nodes.values())

    def nodes(self, kind: str) -> set[str]:
        """The nodes of keys of ``kind`` (the set itself: adding to it adds keys)."""
        return self._nodes[kind]

    def update(self, keys: Iterable[Key]) -> None:
        """Add ``keys``."""
        for kind, node in keys:
            self._nodes[kind].add(node)


@dataclass
class Mapped:
    """One topic (or the groups) mapped: its own triples, and the shared blocks it describes first."""

    own: list[Triple] = field(default_factory=list)
    blocks: dict[Key, list[Triple]] = field(default_factory=dict)


class _Terms:
    """A closed vocabulary's terms in N-Triples form: ``V.Topic`` is ``<…#Topic>``; a typo raises."""

    def __getattr__(self, name: str) -> str:
        term = iri(getattr(KG, name))
        setattr(self, name, term)
        return term


V = _Terms()
A = iri(RDF.type)
PREF_LABEL, ALT_LABEL, HIDDEN_LABEL = iri(SKOS.prefLabel), iri(SKOS.altLabel), iri(SKOS.hiddenLabel)
RELATED, BROADER = iri(SKOS.related), iri(SKOS.broader)
NAME, URL, IN_LANGUAGE, PUBLISHER, AUDIENCE = (
    iri(t) for t in (SDO.name, SDO.url, SDO.inLanguage, SDO.publisher, SDO.audience)
)
LAST_REVIEWED, KEYWORDS, ALTERNATE_NAME = iri(SDO.lastReviewed), iri(SDO.keywords), iri(SDO.alternateName)
DESCRIPTION, MODIFIED, CREATED = iri(DCTERMS.description), iri(DCTERMS.modified), iri(DCTERMS.created)
IDENTIFIER, TITLE = iri(DCTERMS.identifier), iri(DCTERMS.title)
DERIVED_FROM, GENERATED_AT = iri(PROV.wasDerivedFrom), iri(PROV.generatedAtTime)

_RESOURCE_CLASS = {
    ResourceKind.WEB_PAGE: "WebPage",
    ResourceKind.JOURNAL_ARTICLE: "JournalArticle",
    ResourceKind.PUBMED_SEARCH: "PubMedSearch",
    ResourceKind.ORGANIZATION: "OrganizationPage",
}

_LANGUAGES = {"en": ("English", "Inglés"), "es": ("Spanish", "Español")}


class Mapper:
    """Maps topics and groups to triples of N-Triples terms with IRIs minted under ``base``.

    ``counts`` holds, after :meth:`batches` is consumed, the figures ``kg build`` reports.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.iris = Iris(base)
        self.counts: Counter[str] = Counter({name: 0 for name in COUNTS})
        self._described = KeySet()  # keys of the blocks already described
        self._blocks: dict[Key, list[Triple]] = {}  # blocks of the topic being mapped
        self._topics: set[str] = set()  # IRIs of topics the inputs describe
        self._nodes: dict[tuple[str, str], str] = {}  # (kind, key) -> N-Triples IRI, for recurring keys

    def batches(
        self,
        topics: Sequence[Topic],
        groups: Iterable[Group] = (),
        track: Callable[[Sequence[Topic]], Iterable[Topic]] = iter,
    ) -> Iterator[list[Triple]]:
        """The triples of ``groups``, then of each topic (merged, see :func:`kg.build.merge.merge`), a
        sorted batch at a time; ``track`` wraps the topics as they are mapped (a progress bar, say)."""
        self.prepare(topics)
        yield self.flush(self.groups(groups))
        for topic in track(topics):
            yield self.flush(self.topic(topic))

    def prepare(self, topics: Iterable[Topic]) -> None:
        """Learn which topics the inputs describe (every topic of the build, mapped here or not)."""
        self._topics = {self.iris.topic(topic.url) for topic in topics}

    def groups(self, groups: Iterable[Group]) -> Mapped:
        """The groups' blocks."""
        for group in groups:
            self._group(group.url, group.name, group.language, group.id)
            self._source(group.source)
        return self._take([])

    def topic(self, topic: Topic) -> Mapped:
        """One topic's own triples and the blocks it describes first.

        Raises:
            InputError: the topic holds an IRI or language tag that cannot be made valid (the readers
                refuse those first, with their own line; this names the topic's file and line).
        """
        own: list[Triple] = []
        try:
            self._topic(own, topic)
        except ValueError as error:
            self._blocks.clear()
            raise InputError(topic.sources[0].name if topic.sources else "?", topic.line, str(error)) from None
        return self._take(own)

    def learn(self, keys: Iterable[Key]) -> None:
        """Take ``keys`` as described elsewhere: their blocks are not made again."""
        self._described.update(keys)

    def flush(self, mapped: Mapped, known: Collection[Key] | KeySet = ()) -> list[Triple]:
        """The sorted batch of ``mapped``, without the blocks whose key is in ``known``; counts it."""
        triples = mapped.own
        for key, block in mapped.blocks.items():
            if key not in known:
                triples += block
                if key[0] in _COUNTED:
                    self.counts[_COUNTED[key[0]]] += 1
        batch = sorted(set(triples))
        self.counts["triples"] += len(batch)
        return batch

    def _take(self, own: list[Triple]) -> Mapped:
        blocks, self._blocks = self._blocks, {}
        return Mapped(own, blocks)

    def _node(self, kind: str, key: str, mint: Callable[[str], str]) -> str:
        """The N-Triples IRI ``mint`` gives ``key``, remembered (organizations, sections and topics recur)."""
        node = self._nodes.get((kind, key))
        if node is None:
            node = self._nodes[(kind, key)] = minted(mint(key))
        return node

    def _first(self, kind: str, node: str) -> list[Triple] | None:
        """The block to describe ``node`` in, the first time ``(kind, node)`` is seen; else None."""
        seen = self._described.nodes(kind)
        if node in seen:
            return None
        seen.add(node)
        block = self._blocks[(kind, node)] = []
        return block

    # ---------------------------------------------------------------- topics

    def _topic(self, out: list[Triple], topic: Topic) -> None:
        lang = topic.language
        node = self._node("topic", topic.url, self.iris.topic)
        self.counts["topics"] += 1

        def add(predicate: str, obj: str) -> None:
            out.append((node, predicate, obj))

        add(A, V.Topic)
        add(PREF_LABEL, literal(topic.title, lang))
        add(URL, iri(canonical_topic_url(topic.url)))
        add(IN_LANGUAGE, self._language(lang))
        if topic.id:
            add(IDENTIFIER, literal(topic.id))
        if topic.description:
            add(DESCRIPTION, literal(topic.description, lang))
        for keyword in topic.keywords:
            add(KEYWORDS, literal(keyword, lang))
        for name in topic.also_called:
            add(ALT_LABEL, literal(name, lang))
        for name in topic.see_references:
            add(HIDDEN_LABEL, literal(name, lang))
        if topic.summary:
            add(V.summary, literal(topic.summary, lang))
        if topic.summary_attribution:
            add(V.summaryAttribution, literal(topic.summary_attribution, lang))
        if topic.created:
            add(CREATED, xsd_date(topic.created))
        if topic.updated:
            add(MODIFIED, xsd_date(topic.updated))
        if topic.reviewed:
            add(LAST_REVIEWED, xsd_date(topic.reviewed))
        if topic.primary_institute:
            add(V.primaryInstitute, self._organization(topic.primary_institute, topic.primary_institute_url))
        for source in topic.sources:
            add(DERIVED_FROM, self._source(source))
        for group in topic.groups:
            if group.url:
                add(V.inGroup, self._group(group.url, group.name, lang, group.id))
        if topic.translation:
            translated = topic.translation.language or ("es" if lang == "en" else "en")
            add(V.translation, self._topic_ref(topic.translation, translated))
        for heading in topic.mesh:
            for mesh in self._mesh(heading):
                add(V.meshHeading, mesh)
        for other in topic.other_languages:
            if other.url and other.url.startswith(("http://", "https://")):
                add(V.otherLanguage, self._other_language(other.url, other.language, other.vernacular))
        for ref in topic.related:
            related = self._topic_ref(ref, lang)
            add(RELATED, related)
            self._first("related", related)  # counted once however many topics point to it
        for ref in topic.summary_links:
            if ref.url:
                add(V.summaryLink, self._topic_ref(ref, lang))

        has_resource, has_listing, listing_type = V.hasResource, V.hasListing, V.Listing
        topic_of, resource_of, section_of, position_of = V.topic, V.resource, V.section, V.position
        for listing in topic.listings:
            section = self._section(listing.heading, lang)
            resource = self._resource(listing.resource, topic, listing.heading)
            entry = minted(self.iris.listing(node[1:-1], section[1:-1], resource[1:-1]))
            out += (
                (node, has_resource, resource),
                (node, has_listing, entry),
                (entry, A, listing_type),
                (entry, topic_of, node),
                (entry, resource_of, resource),
                (entry, section_of, section),
                (entry, position_of, integer(listing.position)),
            )

        for article in topic.encyclopedia:
            add(V.encyclopediaArticle, self._encyclopedia(article, topic))

    def _topic_ref(self, ref: TopicRef, lang: str) -> str:
        """A topic another topic points to, in language ``lang``. A topic no input describes gets
        what the reference states: a type, a label, its language, and its URL and id where given."""
        node = self._node("topic", ref.url or topic_url_from_title(ref.title, lang), self.iris.topic)
        if node[1:-1] not in self._topics and (block := self._first("topic", node)) is not None:
            block.append((node, A, V.Topic))
            block.append((node, PREF_LABEL, literal(ref.title, lang)))
            if ref.url:
                block.append((node, URL, iri(canonical_topic_url(ref.url))))
            block.append((node, IN_LANGUAGE, self._language(lang)))
            if ref.id:
                block.append((node, IDENTIFIER, literal(ref.id)))
        return node

    # ---------------------------------------------------------------- resources

    def resource_key(self, resource: Resource, topic: Topic) -> tuple[str, ...]:
        """What identifies a resource: its URL where known, else topic, kind, title and publishers."""
        if resource.url:
            return ("url", resource.url)
        publishers = ",".join(sorted(fold(canonical_name(p)) for p in resource.publishers))
        return ("page", canonical_topic_url(topic.url), resource.kind.value, fold(resource.title), publishers)

    def _resource(self, resource: Resource, topic: Topic, heading: Heading) -> str:
        node = minted(self.iris.resource(self.resource_key(resource, topic)))
        audiences = [heading.audience] if heading.audience else []
        for audience in dict.fromkeys([*audiences, *resource.audiences]) if resource.audiences else audiences:
            if (pair := self._first("audience-of", f"{node} {audience}")) is not None:
                pair.append((node, AUDIENCE, self._audience(audience)))
        block = self._first("resource", node)
        if block is None:
            return node
        block.append((node, A, V.Resource))
        block.append((node, A, getattr(V, _RESOURCE_CLASS[resource.kind])))
        block.append((node, V.fromNIH, boolean(resource.nih)))
        block.append((node, V.alsoInSpanish, boolean(resource.spanish)))
        self._describe(node, resource, topic.language)
        publishers = resource.publishers
        if resource.kind is ResourceKind.ORGANIZATION:
            represented = self._organization(publishers[0] if publishers else resource.title)
            block.append((node, V.represents, represented))
            publishers = publishers or (resource.title,)
        for publisher in publishers:
            org = self._organization(publisher)
            block.append((node, PUBLISHER, org))
            self._first("publisher", org)  # counted once
        return node

    def _describe(self, node: str, resource: Resource, lang: str) -> None:
        """What a resource or encyclopedia article says of itself, once per node."""
        block = self._first("describe", node)
        if block is None:
            return
        block.append((node, NAME, literal(resource.title, lang)))
        if resource.url:
            block.append((node, URL, url(resource.url)))
        if resource.spanish_url:
            block.append((node, V.spanishVersion, url(resource.spanish_url)))
        for description in resource.descriptions:
            block.append((node, V.standardDescription, literal(description)))
        if resource.language:
            block.append((node, IN_LANGUAGE, self._language(resource.language)))
        if resource.hidden:
            block.append((node, V.hiddenOnSite, boolean(True)))

    def _encyclopedia(self, article: Resource, topic: Topic) -> str:
        node = minted(self.iris.resource(self.resource_key(article, topic)))
        if (block := self._first("encyclopedia", node)) is not None:
            block.append((node, A, V.EncyclopediaArticle))
        self._describe(node, article, topic.language)
        return node

    # ---------------------------------------------------------------- shared nodes

    def _organization(self, name: str, homepage: str | None = None) -> str:
        node = self._node("org", name, self.iris.organization)
        if (block := self._first("org", node)) is not None:
            block.append((node, A, V.Organization))
            block.append((node, NAME, literal(canonical_name(name))))
            block.append((node, V.partOfNIH, boolean(is_nih(name))))
        if homepage and (block := self._first("org-url", node)) is not None:
            block.append((node, URL, url(homepage)))
        return node

    def _section(self, heading: Heading, lang: str) -> str:
        node = self._node("section", heading.name, self.iris.section)
        if (block := self._first("section", node)) is not None:
            block.append((node, A, V.Section))
            block.append((node, PREF_LABEL, literal(heading.name, lang)))
            if heading.audience:
                block.append((node, V.forAudience, self._audience(heading.audience)))
        if heading.description and (block := self._first("section-description", node)) is not None:
            block.append((node, DESCRIPTION, literal(heading.description, lang)))
        return node

    def _audience(self, key: str) -> str:
        node = self._node("audience", key, self.iris.audience)
        if (block := self._first("audience", node)) is not None:
            english, spanish, broader, _ = AUDIENCE_LABELS.get(key, (key.title(), None, None, False))
            block.append((node, A, V.Audience))
            block.append((node, PREF_LABEL, literal(english, "en")))
            if spanish:
                block.append((node, PREF_LABEL, literal(spanish, "es")))
            if broader:
                block.append((node, BROADER, self._audience(broader)))
        return node

    def _language(self, code: str) -> str:
        node = self._node("language", code, self.iris.language)
        if (block := self._first("language", node)) is not None:
            english, spanish = _LANGUAGES.get(code, (code, None))
            block.append((node, A, V.Language))
            block.append((node, IDENTIFIER, literal(code)))
            block.append((node, PREF_LABEL, literal(english, "en")))
            if spanish:
                block.append((node, PREF_LABEL, literal(spanish, "es")))
        return node

    def _group(self, page: str, name: str, lang: str, group_id: str | None) -> str:
        node = minted(self.iris.group(page))
        if (block := self._first("group", node)) is not None:
            block.append((node, A, V.Group))
            block.append((node, PREF_LABEL, literal(name, lang)))
            block.append((node, URL, url(canonical_topic_url(page))))
            if group_id:
                block.append((node, IDENTIFIER, literal(group_id)))
        return node

    def _mesh(self, heading: MeshHeading) -> list[str]:
        descriptor = minted(self.iris.mesh(heading.descriptor.id))
        if (block := self._first("mesh", descriptor)) is not None:
            block.append((descriptor, A, V.MeshDescriptor))
            block.append((descriptor, PREF_LABEL, literal(heading.descriptor.name, "en")))
            block.append((descriptor, IDENTIFIER, literal(heading.descriptor.id)))
        nodes = [descriptor]
        for qualifier in heading.qualifiers:
            pair = minted(self.iris.mesh(heading.descriptor.id + qualifier.id))
            if (block := self._first("mesh", pair)) is not None:
                block.append((pair, A, V.MeshDescriptor))
                block.append((pair, PREF_LABEL, literal(f"{heading.descriptor.name}/{qualifier.name}", "en")))
                block.append((pair, IDENTIFIER, literal(heading.descriptor.id + qualifier.id)))
                block.append((pair, BROADER, descriptor))
            nodes.append(pair)
        return nodes

    def _other_language(self, page: str, language: str, vernacular: str | None) -> str:
        node = iri(page)
        if (block := self._first("other-language", node)) is not None:
            block.append((node, A, V.OtherLanguagePage))
            block.append((node, IN_LANGUAGE, literal(language)))
            if vernacular:
                block.append((node, ALTERNATE_NAME, literal(vernacular)))
        return node

    def _source(self, source: SourceFile) -> str:
        node = minted(self.iris.source(source.sha256))
        if (block := self._first("source", node)) is not None:
            block.append((node, A, V.SourceFile))
            block.append((node, TITLE, literal(source.name)))
            block.append((node, V.sha256, literal(source.sha256)))
            block.append((node, V.sourceFormat, literal(source.format)))
            if source.generated:
                block.append((node, GENERATED_AT, xsd_datetime(source.generated)))
        return node
