"""Records to triples: every statement the data graph makes, as tuples of N-Triples terms.

A :class:`Mapper` maps merged topics one at a time. Nodes that several topics share
(organizations, sections, audiences, languages, groups, MeSH headings, source files, resources)
are described the first time they appear, so the stream holds no triple twice; each topic's
triples come as one sorted batch, so the same input gives the same triples in the same order.

Example:
    >>> from pathlib import Path
    >>> from kg.merge import merge
    >>> from kg.sources import read
    >>> topics, groups = merge(read([Path("data")]))
    >>> mapper = Mapper()
    >>> triples = [t for batch in mapper.batches(topics, groups) for t in batch]
    >>> sum(o == f"<{KG.Listing}>" for s, p, o in triples), mapper.counts["resources"]
    (40, 40)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS

from kg.mapping.iris import DEFAULT_BASE, Iris, canonical_topic_url, topic_url_from_title
from kg.mapping.ntriples import boolean, integer, iri, literal, minted, url, xsd_date, xsd_datetime
from kg.mapping.organizations import canonical_name, fold, is_nih
from kg.mapping.vocab import KG
from kg.records import Group, Heading, MeshHeading, Resource, ResourceKind, SourceFile, Topic, TopicRef

__all__ = ["Mapper", "COUNTS", "Triple"]

Triple = tuple[str, str, str]

#: The counts a mapper keeps, in the order `kg build` reports them.
COUNTS = ("topics", "resources", "publishers", "audiences", "sections", "encyclopedia", "related", "triples")


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

#: Audience labels in English and Spanish, and the audience each refines.
_AUDIENCES: dict[str, tuple[str, str, str | None]] = {
    "children": ("Children", "Niños", None),
    "teenagers": ("Teenagers", "Adolescentes", None),
    "men": ("Men", "Hombres", None),
    "women": ("Women", "Mujeres", None),
    "seniors": ("Seniors", "Personas mayores", None),
    "parents": ("Parents", "Padres", None),
    "kids": ("Kids", "Niños pequeños", "children"),
}

_LANGUAGES = {"en": ("English", "Inglés"), "es": ("Spanish", "Español")}


class Mapper:
    """Maps topics and groups to N-Triples lines with IRIs minted under ``base``.

    ``counts`` holds, after :meth:`lines` is consumed, the figures ``kg build`` reports.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.iris = Iris(base)
        self.counts: Counter[str] = Counter({name: 0 for name in COUNTS})
        self._described: set[str] = set()  # IRIs of shared nodes already described
        self._publishers: set[str] = set()
        self._related: set[str] = set()
        self._topics: set[str] = set()  # IRIs of topics the inputs describe
        self._nodes: dict[tuple[str, str], str] = {}  # (kind, key) -> N-Triples IRI, for recurring keys

    def batches(
        self,
        topics: Sequence[Topic],
        groups: Iterable[Group] = (),
        track: Callable[[Sequence[Topic]], Iterable[Topic]] = iter,
    ) -> Iterator[list[Triple]]:
        """The triples of ``groups``, then of each topic (merged, see :func:`kg.merge.merge`), a
        sorted batch at a time; ``track`` wraps the topics as they are mapped (a progress bar, say)."""
        self._topics = {self.iris.topic(topic.url) for topic in topics}
        batch: list[Triple] = []
        for group in groups:
            self._group(batch, group.url, group.name, group.language, group.id)
            self._source(batch, group.source)
        yield self._flush(batch)
        for topic in track(topics):
            self._topic(batch, topic)
            yield self._flush(batch)

    def _flush(self, batch: list[Triple]) -> list[Triple]:
        triples = sorted(set(batch))
        batch.clear()
        self.counts["triples"] += len(triples)
        return triples

    def _node(self, kind: str, key: str, mint: Callable[[str], str]) -> str:
        """The N-Triples IRI ``mint`` gives ``key``, remembered (organizations, sections and topics recur)."""
        node = self._nodes.get((kind, key))
        if node is None:
            node = self._nodes[(kind, key)] = minted(mint(key))
        return node

    def _first(self, node: str) -> bool:
        """True the first time a shared node is seen (describe it then)."""
        if node in self._described:
            return False
        self._described.add(node)
        return True

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
        add(IN_LANGUAGE, self._language(out, lang))
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
            add(V.primaryInstitute, self._organization(out, topic.primary_institute, topic.primary_institute_url))
        for source in topic.sources:
            add(DERIVED_FROM, self._source(out, source))
        for group in topic.groups:
            if group.url:
                add(V.inGroup, self._group(out, group.url, group.name, lang, group.id))
        if topic.translation:
            add(V.translation, self._topic_ref(out, topic.translation, "es" if lang == "en" else "en"))
        for heading in topic.mesh:
            for mesh in self._mesh(out, heading):
                add(V.meshHeading, mesh)
        for other in topic.other_languages:
            if other.url and other.url.startswith(("http://", "https://")):
                add(V.otherLanguage, self._other_language(out, other.url, other.language, other.vernacular))
        for ref in topic.related:
            related = self._topic_ref(out, ref, lang)
            add(RELATED, related)
            self._related.add(related)
        for ref in topic.summary_links:
            if ref.url:
                add(V.summaryLink, self._topic_ref(out, ref, lang))
        self.counts["related"] = len(self._related)

        for listing in topic.listings:
            section = self._section(out, listing.heading, lang)
            resource = self._resource(out, listing.resource, topic, listing.heading)
            entry = minted(self.iris.listing(node[1:-1], section[1:-1], resource[1:-1]))
            add(V.hasResource, resource)
            add(V.hasListing, entry)
            out.append((entry, A, V.Listing))
            out.append((entry, V.topic, node))
            out.append((entry, V.resource, resource))
            out.append((entry, V.section, section))
            out.append((entry, V.position, integer(listing.position)))

        for article in topic.encyclopedia:
            add(V.encyclopediaArticle, self._encyclopedia(out, article, topic))

    def _topic_ref(self, out: list[Triple], ref: TopicRef, lang: str) -> str:
        """A topic another topic points to; a topic no input describes gets a type and a label."""
        node = self._node("topic", ref.url or topic_url_from_title(ref.title, lang), self.iris.topic)
        if node[1:-1] not in self._topics and self._first(node):
            out.append((node, A, V.Topic))
            out.append((node, PREF_LABEL, literal(ref.title, lang)))
            if ref.id:
                out.append((node, IDENTIFIER, literal(ref.id)))
        return node

    # ---------------------------------------------------------------- resources

    def resource_key(self, resource: Resource, topic: Topic) -> tuple[str, ...]:
        """What identifies a resource: its URL where known, else topic, kind, title and publishers."""
        if resource.url:
            return ("url", resource.url)
        publishers = ",".join(sorted(fold(canonical_name(p)) for p in resource.publishers))
        return ("page", canonical_topic_url(topic.url), resource.kind.value, fold(resource.title), publishers)

    def _resource(self, out: list[Triple], resource: Resource, topic: Topic, heading: Heading) -> str:
        node = minted(self.iris.resource(self.resource_key(resource, topic)))
        audiences = [heading.audience] if heading.audience else []
        for audience in dict.fromkeys([*audiences, *resource.audiences]):
            pair = f"{node} {audience}"
            if self._first(pair):
                out.append((node, AUDIENCE, self._audience(out, audience)))
        if not self._first(f"{node} resource"):
            return node
        self.counts["resources"] += 1
        out.append((node, A, V.Resource))
        out.append((node, A, getattr(V, _RESOURCE_CLASS[resource.kind])))
        out.append((node, V.fromNIH, boolean(resource.nih)))
        out.append((node, V.alsoInSpanish, boolean(resource.spanish)))
        self._describe(out, node, resource, topic.language)
        publishers = resource.publishers
        if resource.kind is ResourceKind.ORGANIZATION:
            represented = self._organization(out, publishers[0] if publishers else resource.title)
            out.append((node, V.represents, represented))
            publishers = publishers or (resource.title,)
        for publisher in publishers:
            org = self._organization(out, publisher)
            out.append((node, PUBLISHER, org))
            if org not in self._publishers:
                self._publishers.add(org)
                self.counts["publishers"] += 1
        return node

    def _describe(self, out: list[Triple], node: str, resource: Resource, lang: str) -> None:
        """What a resource or encyclopedia article says of itself, once per node."""
        if not self._first(node):
            return
        out.append((node, NAME, literal(resource.title, lang)))
        if resource.url:
            out.append((node, URL, url(resource.url)))
        if resource.spanish_url:
            out.append((node, V.spanishVersion, url(resource.spanish_url)))
        for description in resource.descriptions:
            out.append((node, V.standardDescription, literal(description)))
        if resource.language:
            out.append((node, IN_LANGUAGE, self._language(out, resource.language)))
        if resource.hidden:
            out.append((node, V.hiddenOnSite, boolean(True)))

    def _encyclopedia(self, out: list[Triple], article: Resource, topic: Topic) -> str:
        node = minted(self.iris.resource(self.resource_key(article, topic)))
        if self._first(f"{node} encyclopedia"):
            self.counts["encyclopedia"] += 1
            out.append((node, A, V.EncyclopediaArticle))
        self._describe(out, node, article, topic.language)
        return node

    # ---------------------------------------------------------------- shared nodes

    def _organization(self, out: list[Triple], name: str, homepage: str | None = None) -> str:
        node = self._node("org", name, self.iris.organization)
        if self._first(node):
            out.append((node, A, V.Organization))
            out.append((node, NAME, literal(canonical_name(name))))
            out.append((node, V.partOfNIH, boolean(is_nih(name))))
        if homepage and self._first(f"{node} url"):
            out.append((node, URL, url(homepage)))
        return node

    def _section(self, out: list[Triple], heading: Heading, lang: str) -> str:
        node = self._node("section", heading.name, self.iris.section)
        if self._first(node):
            self.counts["sections"] += 1
            out.append((node, A, V.Section))
            out.append((node, PREF_LABEL, literal(heading.name, lang)))
            if heading.audience:
                out.append((node, V.forAudience, self._audience(out, heading.audience)))
        if heading.description and self._first(f"{node} description"):
            out.append((node, DESCRIPTION, literal(heading.description, lang)))
        return node

    def _audience(self, out: list[Triple], key: str) -> str:
        node = self._node("audience", key, self.iris.audience)
        if self._first(node):
            self.counts["audiences"] += 1
            english, spanish, broader = _AUDIENCES.get(key, (key.title(), None, None))
            out.append((node, A, V.Audience))
            out.append((node, PREF_LABEL, literal(english, "en")))
            if spanish:
                out.append((node, PREF_LABEL, literal(spanish, "es")))
            if broader:
                out.append((node, BROADER, self._audience(out, broader)))
        return node

    def _language(self, out: list[Triple], code: str) -> str:
        node = self._node("language", code, self.iris.language)
        if self._first(node):
            english, spanish = _LANGUAGES.get(code, (code, None))
            out.append((node, A, V.Language))
            out.append((node, IDENTIFIER, literal(code)))
            out.append((node, PREF_LABEL, literal(english, "en")))
            if spanish:
                out.append((node, PREF_LABEL, literal(spanish, "es")))
        return node

    def _group(self, out: list[Triple], page: str, name: str, lang: str, group_id: str | None) -> str:
        node = minted(self.iris.group(page))
        if self._first(node):
            out.append((node, A, V.Group))
            out.append((node, PREF_LABEL, literal(name, lang)))
            out.append((node, URL, url(canonical_topic_url(page))))
            if group_id:
                out.append((node, IDENTIFIER, literal(group_id)))
        return node

    def _mesh(self, out: list[Triple], heading: MeshHeading) -> list[str]:
        descriptor = minted(self.iris.mesh(heading.descriptor.id))
        if self._first(descriptor):
            out.append((descriptor, A, V.MeshDescriptor))
            out.append((descriptor, PREF_LABEL, literal(heading.descriptor.name, "en")))
            out.append((descriptor, IDENTIFIER, literal(heading.descriptor.id)))
        nodes = [descriptor]
        for qualifier in heading.qualifiers:
            pair = minted(self.iris.mesh(heading.descriptor.id + qualifier.id))
            if self._first(pair):
                out.append((pair, A, V.MeshDescriptor))
                out.append((pair, PREF_LABEL, literal(f"{heading.descriptor.name}/{qualifier.name}", "en")))
                out.append((pair, IDENTIFIER, literal(heading.descriptor.id + qualifier.id)))
                out.append((pair, BROADER, descriptor))
            nodes.append(pair)
        return nodes

    def _other_language(self, out: list[Triple], page: str, language: str, vernacular: str | None) -> str:
        node = iri(page)
        if self._first(node):
            out.append((node, A, V.OtherLanguagePage))
            out.append((node, IN_LANGUAGE, literal(language)))
            if vernacular:
                out.append((node, ALTERNATE_NAME, literal(vernacular)))
        return node

    def _source(self, out: list[Triple], source: SourceFile) -> str:
        node = minted(self.iris.source(source.sha256))
        if self._first(node):
            out.append((node, A, V.SourceFile))
            out.append((node, TITLE, literal(source.name)))
            out.append((node, V.sha256, literal(source.sha256)))
            out.append((node, V.sourceFormat, literal(source.format)))
            if source.generated:
                out.append((node, GENERATED_AT, xsd_datetime(source.generated)))
        return node
