"""What the HTML graph can show, read from a store: entities, the links between them, facets and analysis.

Everything is read with plain triple patterns (:meth:`kg.store.Store.triples`, fast on the
embedded Oxigraph store) and only when a view asks for it: the kind of every entity at once, the
pairs of a relation the first time a view needs that relation, an entity's labels and URL when it is drawn.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> data = GraphData(kg.load([Path("data")]))
    >>> sorted(data.count_kinds().items())
    [('audience', 5), ('group', 17), ('publisher', 41), ('resource', 259), ('section', 32), ('topic', 32)]
    >>> data.entity(data.find_topic("genes and gene therapy")).url
    'https://medlineplus.gov/genesandgenetherapy.html'
    >>> len(data.pairs("published by"))
    240
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from kg.errors import QueryError
from kg.mapping.vocab import VOCAB
from kg.store import Store
from kg.store.cells import text

if TYPE_CHECKING:
    from kg.analysis.metrics import Results

__all__ = ["KINDS", "FACETS", "RELATIONS", "SYMMETRIC", "Entity", "Link", "StoredAnalysis", "HeldAnalysis", "GraphData"]

#: The kinds of node the HTML graph draws, in legend order.
KINDS = ("topic", "resource", "publisher", "audience", "section", "group")
#: The facets the page filters by (besides the kind).
FACETS = ("publisher", "audience", "section", "language")

_SCHEMA = "https://schema.org/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DCTERMS_ID = "http://purl.org/dc/terms/identifier"
_LABELS = (_SKOS + "prefLabel", _SCHEMA + "name")

#: kg class -> (kind, the finer type a tooltip shows).
_TYPES = {
    "Topic": ("topic", ""),
    "Resource": ("resource", ""),
    "EncyclopediaArticle": ("resource", "encyclopedia article"),
    "Organization": ("publisher", ""),
    "Audience": ("audience", ""),
    "Section": ("section", ""),
    "Group": ("group", ""),
    "WebPage": ("resource", "web page"),
    "JournalArticle": ("resource", "journal article"),
    "PubMedSearch": ("resource", "PubMed search"),
    "OrganizationPage": ("resource", "organization page"),
}

#: relation -> the predicates stating it, the kind of its source and of its target.
RELATIONS = {
    "lists": ((VOCAB + "hasResource",), "topic", "resource"),
    "encyclopedia": ((VOCAB + "encyclopediaArticle",), "topic", "resource"),
    "listed under": ((), "resource", "section"),  # through kg:Listing
    "published by": ((_SCHEMA + "publisher",), "resource", "publisher"),
    "for audience": ((_SCHEMA + "audience", VOCAB + "forAudience"), "", "audience"),
    "related": ((_SKOS + "related",), "topic", "topic"),
    "translation": ((VOCAB + "translation",), "topic", "topic"),
    "in group": ((VOCAB + "inGroup",), "topic", "group"),
    "primary institute": ((VOCAB + "primaryInstitute",), "topic", "publisher"),
    "broader": ((_SKOS + "broader",), "audience", "audience"),
}
#: Relations that hold both ways: stored once, from the smaller IRI, and drawn without an arrow.
SYMMETRIC = frozenset({"related", "translation", "similar", "shares topics", "through"})

_LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_LISTINGS = f"""SELECT ?topic ?resource ?section WHERE {{
  ?listing <{VOCAB}topic> ?topic ; <{VOCAB}resource> ?resource ; <{VOCAB}section> ?section
}}"""


@dataclass
class Entity:
    """One node of the knowledge graph as the page shows it.

    Parameters:
        iri: its IRI.
        kind: one of :data:`KINDS`.
        labels: its labels by language tag (``""`` for an untagged label).
        detail: a finer type (``"journal article"``) or a remark (``"related topic, not read"``).
        url: its web page, when it has one.
        language: ``"en"``, ``"es"`` or ``""`` when it has none.
        nih: for resources and publishers, whether NIH publishes it or is part of NIH.
    """

    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    url: str = ""
    language: str = ""
    nih: bool | None = None

    def label(self, language: str = "en") -> str:
        """The label in ``language``, else in English, else untagged, else any, else the IRI's last part.

        Example:
            >>> Entity("x", "topic", {"es": "Genes", "en": "Genes (en)"}).label("es")
            'Genes'
        """
        for key in (language, "en", ""):
            if key in self.labels:
                return self.labels[key]
        if self.labels:
            return self.labels[min(self.labels)]
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


class Link(NamedTuple):
    """A link the page draws: ``source`` to ``target`` by ``relation``, with an optional weight and note."""

    source: str
    target: str
    relation: str
    weight: float = 1.0
    note: str = ""


class StoredAnalysis:
    """The results of ``kg analyze`` in a store (its ``analysis`` graph), empty when it was not run.

    PageRank and the communities are read at once (every view sizes by PageRank); a node's other
    metrics when it is drawn, and the topic similarities when a view asks for them.

    Attributes:
        pagerank: node -> PageRank.
        community: topic -> its community's IRI; ``community_labels`` and ``community_sizes`` by IRI.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pagerank = {s: n for s, v in _pairs(store, VOCAB + "pageRank") if (n := _number(v)) is not None}
        self.community = dict(_pairs(store, VOCAB + "community"))
        found = set(self.community.values())
        self.community_labels = {s: label for s, label in _pairs(store, _RDFS_LABEL) if s in found}
        self.community_sizes = {
            s: int(n) for s, v in _pairs(store, VOCAB + "communitySize") if s in found and (n := _number(v)) is not None
        }

    @staticmethod
    def of(results: Results, base: str) -> StoredAnalysis:
        """What ``results`` (:func:`kg.analysis.analyze`'s, with nodes minted under ``base``) write into
        a store, taken from them instead (:class:`HeldAnalysis`): ``kg build`` draws the analysis it
        holds in memory.

        Example:
            >>> from pathlib import Path
            >>> import kg
            >>> from kg.analysis import analyze
            >>> store = kg.load([Path("data/genesandgenetherapy.txt")])
            >>> held = StoredAnalysis.of(analyze(store).results, store.base)
            >>> stored = StoredAnalysis(store)
            >>> held.pagerank == stored.pagerank, held.similarities == stored.similarities
            (True, True)
        """
        return HeldAnalysis(results, base)

    def __bool__(self) -> bool:
        return bool(self.pagerank or self.community)

    def metric(self, iri: str, name: str) -> float | None:
        """The node's ``kg:<name>`` (``degree``, ``betweenness`` …), or None when it has none."""
        values = self.store.triples(iri, VOCAB + name)
        return next((n for _, _, value in values if (n := _number(value.value)) is not None), None)

    @cached_property
    def betweenness(self) -> dict[str, float]:
        """Node -> betweenness, read at once (the explorer shows every node's)."""
        return {s: n for s, v in _pairs(self.store, VOCAB + "betweenness") if (n := _number(v)) is not None}

    @cached_property
    def similarities(self) -> list[tuple[str, str, float, float, int]]:
        """(from topic, to topic, resource Jaccard, publisher Jaccard, neighbour rank) of every
        ``kg:Similarity``, sorted."""
        rows = _select(
            self.store,
            f"""PREFIX kg: <{VOCAB}>
            SELECT ?a ?b ?r ?p ?k WHERE {{
              ?s kg:fromTopic ?a ; kg:toTopic ?b .
              OPTIONAL {{ ?s kg:resourceJaccard ?r }} OPTIONAL {{ ?s kg:publisherJaccard ?p }}
              OPTIONAL {{ ?s kg:neighbourRank ?k }}
            }}""",
        )
        found = []
        for a, b, *values in rows:
            r, p, k = (_number(_value(v)) if v is not None else None for v in values)
            found.append((_value(a), _value(b), r or 0.0, p or 0.0, int(k or 0)))
        return sorted(found)


class HeldAnalysis(StoredAnalysis):
    """:class:`StoredAnalysis` of the results of :func:`kg.analysis.analyze` in memory, with the
    values, IRIs and order the write-back would give them (see :meth:`StoredAnalysis.of`)."""

    def __init__(self, results: Results, base: str) -> None:  # no store: nothing is read
        from kg.analysis.writeback import community_iri

        nodes = results.degree  # the nodes the write-back gives metrics: every node of the typed graph
        self.pagerank = {node: results.pagerank.get(node, 0.0) for node in nodes}
        self.betweenness = {node: results.betweenness.get(node, 0.0) for node in nodes}
        self._metrics = {"degree": {node: float(n) for node, n in nodes.items()}, "betweenness": self.betweenness}
        iris = {c.number: community_iri(base, c.number) for c in results.communities}
        self.community = {topic: iris[c.number] for c in results.communities for topic in c.topics}
        self.community_labels = {iris[c.number]: c.label for c in results.communities}
        self.community_sizes = {iris[c.number]: c.size for c in results.communities}
        self.similarities = sorted(
            (n.topic, n.other, n.resource_jaccard, n.publisher_jaccard, n.rank) for n in results.neighbours
        )

    def metric(self, iri: str, name: str) -> float | None:
        """The node's ``degree`` or ``betweenness``, or None when it has none."""
        return self._metrics.get(name, {}).get(iri)


class GraphData:
    """The part of a store the views draw, read on demand.

    Attributes:
        store: the store read.
        kinds: IRI -> kind (one of :data:`KINDS`) of every topic, resource, publisher, audience,
            section and group.
        read_topics: the topics read from an input (the others are related-topic stubs).
        analysis: what ``kg analyze`` stored, empty when it was not run (or not loaded); or the
            analysis given (:meth:`StoredAnalysis.of`).
    """

    def __init__(self, store: Store, analysis: StoredAnalysis | None = None) -> None:
        self.store = store
        self.kinds: dict[str, str] = {}
        for name in ("Topic", "Resource", "EncyclopediaArticle", "Organization", "Audience", "Section", "Group"):
            for subject, _ in _pairs(store, _RDF_TYPE, VOCAB + name):
                self.kinds.setdefault(subject, _TYPES[name][0])
        self.read_topics = {s for s, _ in _pairs(store, _PROV_DERIVED) if self.kinds.get(s) == "topic"}
        self.analysis = StoredAnalysis(store) if analysis is None else analysis
        self._pairs: dict[str, list[tuple[str, str]]] = {}
        self._entities: dict[str, Entity] = {}

    # ------------------------------------------------------------------ structure

    def pairs(self, relation: str) -> list[tuple[str, str]]:
        """The (source, target) pairs of ``relation`` (a key of :data:`RELATIONS`), each once, in no
        particular order (whoever shows them sorts them).

        Raises:
            KeyError: ``relation`` is not one of :data:`RELATIONS`.
        """
        if relation not in self._pairs:
            predicates, source_kind, target_kind = RELATIONS[relation]
            if relation == "listed under":
                read = [[(resource, section) for _, resource, section in self.listings]]
            else:
                read = [_pairs(self.store, predicate) for predicate in predicates]
            kinds, from_kinds = self.kinds, {source_kind} if source_kind else set(KINDS)
            found = {
                (s, t)
                for pairs in read
                for s, t in pairs
                if s != t and kinds.get(t) == target_kind and kinds.get(s) in from_kinds
            }
            if relation in SYMMETRIC:
                found = {(min(s, t), max(s, t)) for s, t in found}
            self._pairs[relation] = list(found)
        return self._pairs[relation]

    @cached_property
    def listings(self) -> list[tuple[str, str, str]]:
        """(topic, resource, section) of every listing: one join, read as TSV (a third of the time of
        reading its three relations' 150,000 triples at 2,000 topics)."""
        _, rows = self.store.tsv(_LISTINGS)
        return [(text(topic), text(resource), text(section)) for topic, resource, section in rows]

    @cached_property
    def topic_sections(self) -> dict[str, set[str]]:
        """Topic -> the sections it lists resources under."""
        result: dict[str, set[str]] = defaultdict(set)
        for topic, _, section in self.listings:
            result[topic].add(section)
        return result

    def targets(self, relation: str) -> dict[str, list[str]]:
        """Source -> its targets by ``relation``."""
        return self._index(relation, reverse=False)

    def sources(self, relation: str) -> dict[str, list[str]]:
        """Target -> its sources by ``relation``."""
        return self._index(relation, reverse=True)

    def _index(self, relation: str, reverse: bool) -> dict[str, list[str]]:
        key = f"{relation}<" if reverse else f"{relation}>"
        cache = self.__dict__.setdefault("_indexes", {})
        if key not in cache:
            index: dict[str, list[str]] = defaultdict(list)
            for source, target in self.pairs(relation):
                if reverse:
                    index[target].append(source)
                else:
                    index[source].append(target)
            cache[key] = index
        return cache[key]

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """IRI -> the IRIs it is linked to by any relation, either way."""
        result: dict[str, set[str]] = defaultdict(set)
        for relation in RELATIONS:
            for source, target in self.pairs(relation):
                result[source].add(target)
                result[target].add(source)
        return result

    def links(self, nodes: Iterable[str], relations: Iterable[str] = tuple(RELATIONS)) -> list[Link]:
        """The links of ``relations`` between two of ``nodes``, sorted."""
        keep = set(nodes)
        return sorted(
            Link(source, target, relation)
            for relation in relations
            for source, target in self.pairs(relation)
            if source in keep and target in keep
        )

    @cached_property
    def degree(self) -> Counter[str]:
        """How many links each entity has (over every relation)."""
        counts: Counter[str] = Counter()
        for relation in RELATIONS:
            for column in zip(*self.pairs(relation), strict=True):  # the sources, then the targets
                counts.update(column)
        return counts

    @cached_property
    def _total_degree(self) -> int:
        return max(sum(self.degree.values()), 1)

    def score(self, iri: str) -> float:
        """How central ``iri`` is: its PageRank when ``kg analyze`` stored one, else its share of the
        links (``degree / 2·links``, what PageRank tends to on an undirected graph). The links are
        counted only when a node without a PageRank asks."""
        value = self.analysis.pagerank.get(iri)
        return value if value is not None else self.degree.get(iri, 0) / self._total_degree

    def ranked(self, iris: Iterable[str]) -> list[str]:
        """``iris`` most central first (ties by IRI, so the order is stable).

        Sorted by IRI, then by score alone (a stable sort keeps the IRI order of equal scores): at
        450,000 nodes a third of the time of one sort on ``(-score, iri)``.
        """
        order = sorted(iris)
        pagerank = self.analysis.pagerank
        scores = pagerank if all(iri in pagerank for iri in order) else {iri: self.score(iri) for iri in order}
        order.sort(key=scores.__getitem__, reverse=True)
        return order

    def count_kinds(self) -> Counter[str]:
        """How many entities of each kind."""
        return Counter(self.kinds.values())

    # ------------------------------------------------------------------ attributes

    def entity(self, iri: str) -> Entity:
        """The entity ``iri`` with its labels, detail, URL, language and NIH flag (read once, then kept).

        Raises:
            KeyError: ``iri`` is not an entity of the graph.
        """
        entity = self._entities.get(iri)
        if entity is None:
            entity = self._entities[iri] = read_entity(self.store, iri, self.kinds[iri])
            if entity.kind == "topic" and iri not in self.read_topics:
                entity.detail = "related topic, not read"
            if entity.kind == "topic":  # a topic's label in the other language is its translation's title
                for other in self.translations.get(iri, ()):
                    for tag, text in read_entity(self.store, other, "topic").labels.items():
                        entity.labels.setdefault(tag, text)
        return entity

    @cached_property
    def translations(self) -> dict[str, list[str]]:
        """Topic -> its translations (``kg:translation``, either way)."""
        result: dict[str, list[str]] = defaultdict(list)
        for a, b in sorted(self.pairs("translation")):
            result[a].append(b)
            result[b].append(a)
        return result

    def all_entities(self) -> dict[str, Entity]:
        """Every entity of :attr:`kinds`, read in bulk (a handful of queries, not one per node) and
        kept: what the explorer's index carries for the whole graph. Topics get their translation's
        labels, as :meth:`entity` gives them.

        Example:
            >>> from pathlib import Path
            >>> import kg
            >>> data = GraphData(kg.load([Path("tests/fixtures/xml/genesandgenetherapy.xml")]))
            >>> found = data.all_entities()
            >>> found[data.find_topic("genes and gene therapy")].labels["es"]
            'Genes y terapia génica'
        """
        kinds = self.kinds
        found = {iri: Entity(iri, kind) for iri, kind in kinds.items() if iri not in self._entities}
        if found:
            for predicate in _LABELS:
                for term, _, value in self.store.triples(None, predicate):
                    entity = found.get(term.value)
                    if entity is not None and isinstance(value, ox.Literal):
                        entity.labels.setdefault(value.language or "", value.value)
            for subject, url in _pairs(self.store, _SCHEMA + "url"):
                entity = found.get(subject)
                if entity is not None and url.startswith(("http://", "https://")):
                    entity.url = min(entity.url or url, url)
            for name, (_, detail) in sorted(_TYPES.items(), key=lambda item: item[0] == "EncyclopediaArticle"):
                if detail:  # an encyclopedia article's type wins over its web page's
                    for subject, _ in _pairs(self.store, _RDF_TYPE, VOCAB + name):
                        if subject in found:
                            found[subject].detail = detail
            codes = dict(_pairs(self.store, _DCTERMS_ID))
            languages: dict[str, str] = {}
            for subject, language in sorted(_pairs(self.store, _SCHEMA + "inLanguage")):
                if subject in found and language.startswith(("http://", "https://")):
                    languages.setdefault(subject, codes.get(language, language.rsplit("/", 1)[-1]))
            for iri, entity in found.items():
                entity.language = languages.get(iri, "")
                if not entity.language and entity.kind == "resource":
                    entity.language = min((tag for tag in entity.labels if tag), default="")
            for predicate in (VOCAB + "fromNIH", VOCAB + "partOfNIH"):
                for subject, flag in _pairs(self.store, predicate):
                    if subject in found:
                        found[subject].nih = flag == "true"
            own = {iri: dict(entity.labels) for iri, entity in found.items() if entity.kind == "topic"}
            for iri in own:
                entity = found[iri]
                if iri not in self.read_topics:
                    entity.detail = "related topic, not read"
                for other in self.translations.get(iri, ()):
                    for tag, text in own.get(other, {}).items():
                        entity.labels.setdefault(tag, text)
            self._entities.update(found)
        return {iri: self._entities[iri] for iri in kinds}

    def facets(self, iri: str) -> dict[str, set[str]]:
        """The facet values the page filters ``iri`` by: a resource has its publishers, audiences,
        sections and language; a topic those of its resources, its sections and its language; a
        publisher, audience or section itself (a section for an audience also that audience). A
        group has none, so no filter hides it."""
        cache = self.__dict__.setdefault("_facets", {})
        if iri not in cache:
            cache[iri] = self._read_facets(iri)
        return cache[iri]

    def _read_facets(self, iri: str) -> dict[str, set[str]]:
        kind = self.kinds[iri]
        values: dict[str, set[str]] = {name: set() for name in FACETS}
        publishers, audiences = self.targets("published by"), self.targets("for audience")
        if kind == "resource":
            values["publisher"].update(publishers.get(iri, ()))
            values["audience"].update(audiences.get(iri, ()))
            values["section"].update(self.targets("listed under").get(iri, ()))
        elif kind == "topic":
            for resource in self.targets("lists").get(iri, ()):
                values["publisher"].update(publishers.get(resource, ()))
                values["audience"].update(audiences.get(resource, ()))
            values["section"].update(self.topic_sections.get(iri, ()))
        elif kind in ("publisher", "audience", "section"):
            values[kind].add(iri)
            values["audience"].update(audiences.get(iri, ()))
        if kind in ("topic", "resource") and (language := self.entity(iri).language):
            values["language"].add(language)
        return values

    def label_of(self, value: str, facet: str) -> str:
        """The label of a facet value: a language's name, or the label of the entity it names."""
        if facet == "language":
            return _LANGUAGE_NAMES.get(value, value)
        return self.entity(value).label() if value in self.kinds else value

    # ------------------------------------------------------------------ lookup

    def find_topic(self, name: str) -> str:
        """The IRI of the topic ``name`` names: a title (any language, any case), a URL, an IRI or a
        page name (``genesandgenetherapy``). Topics read from an input win over related-topic stubs.

        Raises:
            QueryError: no topic has that name (the message suggests close titles).
        """
        return self._find(name, "topic")

    def find_group(self, name: str) -> str:
        """The IRI of the topic group ``name`` names (title, URL, IRI or page name).

        Raises:
            QueryError: no group has that name (the message suggests close titles).
        """
        return self._find(name, "group")

    def _find(self, name: str, kind: str) -> str:
        wanted = name.strip().casefold()
        names: dict[str, set[str]] = {iri: {iri, iri.rsplit("/", 1)[-1]} for iri, k in self.kinds.items() if k == kind}
        titles: set[str] = set()
        for predicate in (_SKOS + "prefLabel", _SCHEMA + "url"):
            for subject, value in _pairs(self.store, predicate):
                if subject in names:
                    names[subject].add(value)
                    if predicate != _SCHEMA + "url":
                        titles.add(value)
        matches = [iri for iri, values in names.items() if wanted in {v.casefold() for v in values}]
        if matches:
            return min(matches, key=lambda iri: (iri not in self.read_topics, iri))
        close = difflib.get_close_matches(name, sorted(titles), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(t) for t in close)}?" if close else ""
        what = "topic" if kind == "topic" else "topic group"
        raise QueryError(f"no {what} named {name!r} in the graph{hint}")


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """The IRI, blank node id or lexical form of ``term`` (``""`` for a quoted triple or nothing)."""
    return "" if term is None or isinstance(term, ox.Triple) else term.value


def _select(store: Store, sparql: str) -> list[list[Any]]:
    """The rows of a SELECT query over every named graph, as Oxigraph's terms (None when unbound)."""
    return store.select(sparql).cells()


def _pairs(store: Store, predicate: str, obj: str | None = None) -> list[tuple[str, str]]:
    """(subject, object) values of every triple with ``predicate`` (and object IRI ``obj``), in any
    named graph."""
    return [(s.value, o.value) for s, _, o in store.triples(None, predicate, obj)]


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def read_entity(store: Store, iri: str, kind: str) -> Entity:
    """The entity ``iri`` (of ``kind``) with its labels, detail, URL, language and NIH flag."""
    entity = Entity(iri, kind)
    languages = []
    for _, predicate_term, value in store.triples(iri):
        predicate, text = predicate_term.value, _value(value)
        if predicate in _LABELS and isinstance(value, ox.Literal):
            entity.labels.setdefault(value.language or "", text)
        elif predicate == _SCHEMA + "url" and text.startswith(("http://", "https://")):
            entity.url = min(entity.url or text, text)
        elif predicate == _RDF_TYPE and text.startswith(VOCAB):
            entity.detail = _TYPES.get(text[len(VOCAB) :], ("", ""))[1] or entity.detail
        elif predicate == _SCHEMA + "inLanguage" and isinstance(value, ox.NamedNode):
            languages.append(value)
        elif predicate in (VOCAB + "fromNIH", VOCAB + "partOfNIH"):
            entity.nih = text == "true"
    if languages:
        language = min(languages, key=lambda term: term.value)
        codes = store.triples(language.value, _DCTERMS_ID)
        entity.language = next((code.value for _, _, code in codes), language.value.rsplit("/", 1)[-1])
    elif kind == "resource":
        entity.language = min((tag for tag in entity.labels if tag), default="")
    return entity
