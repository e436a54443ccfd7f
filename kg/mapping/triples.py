"""Records to triples: every statement the data graph makes about a topic and what it lists.

Example:
    >>> from pathlib import Path
    >>> from kg.sources.pagedump import read
    >>> topic = next(read(Path("data/genesandgenetherapy.txt")))
    >>> triples = set(Mapper().topic_triples(topic))
    >>> len({s for s, p, o in triples if o == KG.Listing})
    40
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS, XSD

from kg.mapping.iris import DEFAULT_BASE, Iris, canonical_topic_url, topic_url_from_title
from kg.mapping.organizations import canonical_name, fold, is_nih
from kg.mapping.vocab import KG
from kg.records import Heading, Resource, ResourceKind, Topic

__all__ = ["Mapper", "Triple"]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_RESOURCE_CLASS = {
    ResourceKind.WEB_PAGE: KG.WebPage,
    ResourceKind.JOURNAL_ARTICLE: KG.JournalArticle,
    ResourceKind.PUBMED_SEARCH: KG.PubMedSearch,
    ResourceKind.ORGANIZATION: KG.OrganizationPage,
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
    """Turns records into triples with the IRIs :class:`~kg.mapping.iris.Iris` mints under ``base``."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.iris = Iris(base)

    def topic_triples(self, topic: Topic) -> Iterator[Triple]:
        """Every triple about ``topic``: the topic, its listings, resources, publishers,
        sections, audiences, encyclopedia articles, related topics and source file."""
        lang = topic.language
        node = self.iris.topic(topic.url)
        yield node, RDF.type, KG.Topic
        yield node, SKOS.prefLabel, Literal(topic.title, lang=lang)
        yield node, SDO.url, URIRef(canonical_topic_url(topic.url))
        yield from self._language(node, lang)
        if topic.description:
            yield node, DCTERMS.description, Literal(topic.description, lang=lang)
        for keyword in topic.keywords:
            yield node, SDO.keywords, Literal(keyword, lang=lang)
        if topic.summary:
            yield node, KG.summary, Literal(topic.summary, lang=lang)
        if topic.summary_attribution:
            yield node, KG.summaryAttribution, Literal(topic.summary_attribution, lang=lang)
        if topic.updated:
            yield node, DCTERMS.modified, Literal(topic.updated, datatype=XSD.date)
        if topic.reviewed:
            yield node, SDO.lastReviewed, Literal(topic.reviewed, datatype=XSD.date)
        if topic.primary_institute:
            yield node, KG.primaryInstitute, self.iris.organization(topic.primary_institute)
            yield from self._organization(topic.primary_institute)

        source = self.iris.source(topic.source.sha256)
        yield node, PROV.wasDerivedFrom, source
        yield source, RDF.type, KG.SourceFile
        yield source, DCTERMS.title, Literal(topic.source.name)
        yield source, KG.sha256, Literal(topic.source.sha256)
        yield source, KG.sourceFormat, Literal(topic.source.format)

        for listing in topic.listings:
            section = yield from self._section(listing.heading, lang)
            resource = yield from self._resource(listing.resource, topic, listing.heading)
            entry = self.iris.listing(node, section, resource)
            yield node, KG.hasResource, resource
            yield node, KG.hasListing, entry
            yield entry, RDF.type, KG.Listing
            yield entry, KG.topic, node
            yield entry, KG.resource, resource
            yield entry, KG.section, section
            yield entry, KG.position, Literal(listing.position)

        for article in topic.encyclopedia:
            iri = self.iris.resource(self.resource_key(article, topic))
            yield node, KG.encyclopediaArticle, iri
            yield iri, RDF.type, KG.EncyclopediaArticle
            yield iri, SDO.name, Literal(article.title, lang=lang)
            if article.url:
                yield iri, SDO.url, URIRef(article.url)

        for related in topic.related:
            iri = self.iris.topic(related.url or topic_url_from_title(related.title, lang))
            yield node, SKOS.related, iri
            yield iri, RDF.type, KG.Topic
            yield iri, SKOS.prefLabel, Literal(related.title, lang=lang)

    def resource_key(self, resource: Resource, topic: Topic) -> tuple[str, ...]:
        """What identifies a resource: its URL where known, else topic, kind, title and publishers."""
        if resource.url:
            return ("url", resource.url)
        publishers = ",".join(sorted(fold(canonical_name(p)) for p in resource.publishers))
        return ("page", canonical_topic_url(topic.url), resource.kind.value, fold(resource.title), publishers)

    def _resource(self, resource: Resource, topic: Topic, heading: Heading) -> Iterator[Triple]:
        iri = self.iris.resource(self.resource_key(resource, topic))
        yield iri, RDF.type, KG.Resource
        yield iri, RDF.type, _RESOURCE_CLASS[resource.kind]
        yield iri, SDO.name, Literal(resource.title, lang=topic.language)
        yield iri, KG.fromNIH, Literal(resource.nih)
        yield iri, KG.alsoInSpanish, Literal(resource.spanish)
        if resource.url:
            yield iri, SDO.url, URIRef(resource.url)
        for publisher in resource.publishers:
            org = self.iris.organization(publisher)
            yield iri, SDO.publisher, org
            if resource.kind is ResourceKind.ORGANIZATION:
                yield iri, KG.represents, org
            yield from self._organization(publisher)
        audiences = [heading.audience] if heading.audience else []
        for audience in dict.fromkeys([*audiences, *resource.audiences]):
            yield iri, SDO.audience, self.iris.audience(audience)
            yield from self._audience(audience)
        return iri

    def _section(self, heading: Heading, lang: str) -> Iterator[Triple]:
        iri = self.iris.section(heading.name)
        yield iri, RDF.type, KG.Section
        yield iri, SKOS.prefLabel, Literal(heading.name, lang=lang)
        if heading.description:
            yield iri, DCTERMS.description, Literal(heading.description, lang=lang)
        if heading.audience:
            yield iri, KG.forAudience, self.iris.audience(heading.audience)
            yield from self._audience(heading.audience)
        return iri

    def _organization(self, name: str) -> Iterator[Triple]:
        iri = self.iris.organization(name)
        yield iri, RDF.type, KG.Organization
        yield iri, SDO.name, Literal(canonical_name(name))
        yield iri, KG.partOfNIH, Literal(is_nih(name))

    def _audience(self, key: str) -> Iterator[Triple]:
        iri = self.iris.audience(key)
        english, spanish, broader = _AUDIENCES.get(key, (key.title(), None, None))
        yield iri, RDF.type, KG.Audience
        yield iri, SKOS.prefLabel, Literal(english, lang="en")
        if spanish:
            yield iri, SKOS.prefLabel, Literal(spanish, lang="es")
        if broader:
            yield iri, SKOS.broader, self.iris.audience(broader)
            yield from self._audience(broader)

    def _language(self, node: URIRef, code: str) -> Iterator[Triple]:
        iri = self.iris.language(code)
        yield node, SDO.inLanguage, iri
        yield iri, RDF.type, KG.Language
        yield iri, DCTERMS.identifier, Literal(code)
        english, spanish = _LANGUAGES.get(code, (code, None))
        yield iri, SKOS.prefLabel, Literal(english, lang="en")
        if spanish:
            yield iri, SKOS.prefLabel, Literal(spanish, lang="es")
