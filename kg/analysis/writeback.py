"""The metrics as RDF: N-Triples in the terms of ``ontology/analysis.ttl``, loaded into the ``analysis`` graph.

Nodes the analysis makes are minted here, under the store's base IRI: ``community/<n>`` and
``component/<n>`` (numbered from the largest), ``similarity/<digest of the two topics>``,
``coverage/<digest of the topic or group and the audience>``, ``sectioncount/<digest of the topic
and heading label>`` (a precomputed count: :func:`aggregate_triples`) and ``analysis`` (the run itself).

Example:
    >>> from kg.analysis.metrics import Community
    >>> for line in community_triples([Community(1, "Genes", ("https://e.org/t",))], "https://e.org/"):
    ...     print(line.replace(str(KG), "kg:").replace(str(RDFS), "rdfs:"), end="")
    <https://e.org/community/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <kg:Community> .
    <https://e.org/community/1> <rdfs:label> "Genes" .
    <https://e.org/community/1> <kg:communitySize> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
    <https://e.org/t> <kg:community> <https://e.org/community/1> .
"""

from __future__ import annotations

import io
from collections.abc import Generator, Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, XSD

from kg.analysis.metrics import Community, Coverage, Neighbour, Reach, Results, Structure
from kg.mapping.iris import digest
from kg.mapping.prefixes import prefixes
from kg.mapping.vocab import KG
from kg.query import named_query
from kg.rdf.ntriples import boolean, integer, literal, minted, split_line
from kg.rdf.turtle import TurtleWriter
from kg.sources.categories import AUDIENCE_LABELS
from kg.store import Store

__all__ = [
    "GRAPH",
    "double",
    "triples",
    "centrality_triples",
    "betweenness_triples",
    "community_triples",
    "community_iri",
    "structure_triples",
    "similarity_triples",
    "reach_triples",
    "coverage_triples",
    "aggregate_triples",
    "AUDIENCE_COUNTS",
    "write_back",
    "turtle",
]

#: The named graph the analysis is written into.
GRAPH = "analysis"

_TYPE = minted(str(RDF.type))
_LABEL = minted(str(RDFS.label))
_DOUBLE = str(XSD.double)


def _p(term: str) -> str:
    return minted(str(term))


def double(value: float) -> str:
    """An ``xsd:double`` literal in the form Oxigraph writes it (the shortest digits that read back as
    ``value``, without an exponent: Oxigraph keeps a double as a number and writes it so), so that
    the lines loaded into the store and those of ``analysis.ttl`` are the same terms.

    Example:
        >>> double(0.25), double(1e-05), double(1.0)
        ('"0.25"^^<http://www.w3.org/2001/XMLSchema#double>', '"0.00001"^^<http://www.w3.org/2001/XMLSchema#double>', '"1"^^<http://www.w3.org/2001/XMLSchema#double>')
        >>> double(float("inf")), double(-0.0)
        ('"INF"^^<http://www.w3.org/2001/XMLSchema#double>', '"-0"^^<http://www.w3.org/2001/XMLSchema#double>')
    """
    shortest = repr(float(value))
    special = _SPECIAL_DOUBLES.get(shortest)
    if special is None:
        special = format(Decimal(shortest), "f").removesuffix(".0")
    return literal(special, datatype=_DOUBLE)


_SPECIAL_DOUBLES = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}


def _line(subject: str, predicate: str, obj: str) -> str:
    return f"{subject} {predicate} {obj} .\n"


def centrality_triples(
    degree: dict[str, int], pagerank: dict[str, float], betweenness: dict[str, float] | None
) -> Iterator[str]:
    """``kg:degree``, ``kg:pageRank`` and (unless ``betweenness`` is ``None``) ``kg:betweenness`` of every node."""
    for node, value in degree.items():
        subject = minted(node)
        yield _line(subject, _p(KG.degree), integer(value))
        yield _line(subject, _p(KG.pageRank), double(pagerank.get(node, 0.0)))
        if betweenness is not None:
            yield _line(subject, _p(KG.betweenness), double(betweenness.get(node, 0.0)))


def betweenness_triples(results: Results, base: str) -> Iterator[str]:
    """``kg:betweenness`` of every node and the run's ``kg:betweennessPivots``: the lines
    :func:`triples` leaves out without ``betweenness``."""
    predicate = _p(KG.betweenness)
    for node in results.degree:
        yield _line(minted(node), predicate, double(results.betweenness.get(node, 0.0)))
    yield _line(minted(f"{base}analysis"), _p(KG.betweennessPivots), integer(results.pivots))


def community_triples(found: Iterable[Community], base: str) -> Iterator[str]:
    """Each community (type, label, size) and each topic's ``kg:community``."""
    for community in found:
        node = minted(community_iri(base, community.number))
        yield _line(node, _TYPE, _p(KG.Community))
        yield _line(node, _LABEL, literal(community.label))
        yield _line(node, _p(KG.communitySize), integer(community.size))
        for topic in community.topics:
            yield _line(minted(topic), _p(KG.community), node)


def community_iri(base: str, number: int) -> str:
    """The IRI of community ``number``, under ``base``.

    Example:
        >>> community_iri("https://e.org/", 3)
        'https://e.org/community/3'
    """
    return f"{base}community/{number}"


def structure_triples(found: Structure, base: str) -> Iterator[str]:
    """Each component (type, size), each topic's ``kg:component``, the bridges and the articulation points."""
    for number, component in enumerate(found.components, start=1):
        node = minted(f"{base}component/{number}")
        yield _line(node, _TYPE, _p(KG.Component))
        yield _line(node, _p(KG.componentSize), integer(len(component)))
        for topic in component:
            yield _line(minted(topic), _p(KG.component), node)
    for a, b in found.bridges:
        yield _line(minted(a), _p(KG.bridge), minted(b))
    for topic in found.articulation_points:
        yield _line(minted(topic), _p(KG.articulationPoint), boolean(True))


def similarity_triples(found: Iterable[Neighbour], base: str) -> Iterator[str]:
    """A ``kg:Similarity`` node for each nearest neighbour."""
    for neighbour in found:
        node = minted(f"{base}similarity/{digest(neighbour.topic, neighbour.other)}")
        yield _line(node, _TYPE, _p(KG.Similarity))
        yield _line(node, _p(KG.fromTopic), minted(neighbour.topic))
        yield _line(node, _p(KG.toTopic), minted(neighbour.other))
        yield _line(node, _p(KG.resourceJaccard), double(neighbour.resource_jaccard))
        yield _line(node, _p(KG.publisherJaccard), double(neighbour.publisher_jaccard))
        yield _line(node, _p(KG.neighbourRank), integer(neighbour.rank))


def reach_triples(reach: dict[str, Reach], topic_nih_share: dict[str, float]) -> Iterator[str]:
    """Each publisher's reach and each topic's NIH share."""
    for publisher, found in reach.items():
        subject = minted(publisher)
        yield _line(subject, _p(KG.topicsServed), integer(found.topics))
        yield _line(subject, _p(KG.topicShare), double(found.share))
        yield _line(subject, _p(KG.listingShare), double(found.listing_share))
        yield _line(subject, _p(KG.resourcesPublished), integer(found.resources))
        yield _line(subject, _p(KG.sectionsServed), integer(found.sections))
    for topic, share in topic_nih_share.items():
        yield _line(minted(topic), _p(KG.nihShare), double(share))


def coverage_triples(coverage: Coverage, base: str) -> Iterator[str]:
    """A ``kg:AudienceCoverage`` node per topic and audience, and per group and audience."""
    for topic, counts in coverage.topics.items():
        for audience, count in counts.items():
            node = yield from _coverage_node(base, topic, audience)
            yield _line(node, _p(KG.resourceCount), integer(count))
    for group, counts in coverage.groups.items():
        for audience, count in counts.items():
            node = yield from _coverage_node(base, group, audience)
            yield _line(node, _p(KG.topicCount), integer(count))
            yield _line(node, _p(KG.coverageShare), double(coverage.group_share(group, audience)))


def _coverage_node(base: str, of: str, audience: str) -> Generator[str, None, str]:
    """Yield what every ``kg:AudienceCoverage`` node says (its type, what and whom it covers); return the node."""
    node = minted(f"{base}coverage/{digest(of, audience)}")
    yield _line(node, _TYPE, _p(KG.AudienceCoverage))
    yield _line(node, _p(KG.coverageOf), minted(of))
    yield _line(node, _p(KG.coveredAudience), minted(audience))
    return node


def _run_triples(results: Results, base: str, betweenness: bool) -> Iterator[str]:
    node = minted(f"{base}analysis")
    yield _line(node, _TYPE, _p(KG.Analysis))
    yield _line(node, _LABEL, literal("kg analyze"))
    yield _line(node, _p(KG.randomSeed), integer(results.seed))
    if betweenness:
        yield _line(node, _p(KG.betweennessPivots), integer(results.pivots))
    yield _line(node, _p(KG.modularity), double(results.modularity))
    yield _line(node, _p(KG.nihShare), double(results.nih_share))


_SECTION_COUNTS = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?topic ?section (COUNT(DISTINCT ?resource) AS ?resources) WHERE {
  ?listing a kg:Listing ; kg:topic ?topic ; kg:section ?heading ; kg:resource ?resource .
  ?heading skos:prefLabel ?section .
} GROUP BY ?topic ?section ORDER BY ?topic ?section"""
_LISTING_TOPICS = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
SELECT ?resource (COUNT(DISTINCT ?topic) AS ?topics) WHERE { ?topic kg:hasResource ?resource } GROUP BY ?resource"""


_PUBLISHED = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?publisher (COUNT(DISTINCT ?resource) AS ?resources) (COUNT(DISTINCT ?topic) AS ?topics) WHERE {
  ?resource a kg:Resource ; schema:publisher ?publisher .
  OPTIONAL { ?topic kg:hasResource ?resource }
} GROUP BY ?publisher"""
_REACHED = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?publisher (COUNT(DISTINCT ?topic) AS ?topics) (COUNT(DISTINCT ?resource) AS ?resources) WHERE {
  ?topic kg:hasResource ?resource . ?resource schema:publisher ?publisher .
} GROUP BY ?publisher"""
_LISTINGS = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?topic (COUNT(?listing) AS ?n) (SUM(?fromNih) AS ?k) WHERE {
  ?listing kg:topic ?topic ; kg:resource ?resource .
  OPTIONAL { SELECT DISTINCT ?resource (1 AS ?nih) WHERE { ?resource schema:publisher/kg:partOfNIH true } }
  BIND (COALESCE(?nih, 0) AS ?fromNih)
} GROUP BY ?topic"""
_LISTED = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
SELECT ?topic (COUNT(DISTINCT ?resource) AS ?n) WHERE { ?topic a kg:Topic OPTIONAL { ?topic kg:hasResource ?resource } }
GROUP BY ?topic"""
_PUBLISHER_NAMES = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?resource (GROUP_CONCAT(DISTINCT ?name; separator="; ") AS ?names) WHERE {
  { SELECT ?resource ?name WHERE {
      ?resource a kg:Resource .
      OPTIONAL { ?resource schema:publisher/schema:name ?publisherName }
      BIND (COALESCE(?publisherName, "") AS ?name)
    } ORDER BY ?name }
} GROUP BY ?resource"""
#: The audiences MedlinePlus heads sections with (Children, Teenagers, Men, Women, Seniors), by key:
#: each one's English label, and the property counting a topic's resources for it (``kg:childrenResources`` …).
AUDIENCE_COUNTS = tuple((key, english, KG[f"{key}Resources"])
                        for key, (english, _, _, heading) in AUDIENCE_LABELS.items() if heading)  # fmt: skip
_AUDIENCES = f"""PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?topic {" ".join(f'(SUM(COALESCE(IF(?audience = "{english}", 1, 0), 0)) AS ?{key})'
                        for key, english, _ in AUDIENCE_COUNTS)} WHERE {{
  ?topic a kg:Topic .
  OPTIONAL {{
    SELECT DISTINCT ?topic ?resource ?audience WHERE {{
      {{ SELECT DISTINCT ?resource ?audience WHERE {{
          ?resource schema:audience ?group . ?group skos:prefLabel ?label .
          FILTER (lang(?label) = "en") BIND (str(?label) AS ?audience)
      }} }}
      ?topic kg:hasResource ?resource .
    }}
  }}
}} GROUP BY ?topic"""  # fmt: skip
#: Each count query, the variable naming the node, and each counted variable with its property.
_COUNTS = (
    (_LISTING_TOPICS, "resource", (("topics", KG.listingTopics),)),
    (_PUBLISHED, "publisher", (("resources", KG.publishedResources), ("topics", KG.publishedTopics))),
    (_REACHED, "publisher", (("topics", KG.reachedTopics), ("resources", KG.reachedResources))),
    (_LISTINGS, "topic", (("n", KG.listingCount), ("k", KG.nihListingCount))),
    (_LISTED, "topic", (("n", KG.listedResources),)),
    (_PUBLISHER_NAMES, "resource", (("names", KG.publisherNames),)),
    (_AUDIENCES, "topic", tuple((key, term) for key, _, term in AUDIENCE_COUNTS)),
)
_TOPIC_ORDER = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?node WHERE {
  ?node a kg:Topic ; skos:prefLabel ?title ; schema:inLanguage/dcterms:identifier ?language .
  FILTER (lang(?title) = ?language)
} ORDER BY str(?title) lang(?title) ?node"""
_TITLE_ORDER = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?node WHERE { ?node a kg:Resource ; schema:name ?title } ORDER BY str(?title) lang(?title) ?node"""
_LISTING_ORDER = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
SELECT ?node WHERE {
  { SELECT ?node (COUNT(DISTINCT ?topic) AS ?topics) WHERE { ?topic kg:hasResource ?node } GROUP BY ?node }
  ?node schema:name ?title .
} ORDER BY DESC(?topics) str(?title) lang(?title) ?node"""
#: Each order: the query listing the nodes in it, and the property that writes each one's place.
_ORDERS = ((_TOPIC_ORDER, KG.topicPosition), (_TITLE_ORDER, KG.titlePosition), (_LISTING_ORDER, KG.listingRank))
#: The totals the named query summary prints, each column's property (on the analysis node).
_TOTALS = (("topics", KG.totalTopics), ("resources", KG.totalResources), ("publishers", KG.totalPublishers),
           ("audiences", KG.totalAudiences), ("sections", KG.totalSections),
           ("encyclopedia", KG.totalEncyclopedia), ("related", KG.totalRelated))  # fmt: skip


def aggregate_triples(store: Store, base: str) -> Iterator[str]:
    """Counts the named queries would otherwise compute on every call, counted here by the same
    SPARQL over the data of ``store``: each resource's ``kg:listingTopics`` (top-resources,
    bridging-resources), each publisher's ``kg:publishedResources`` and ``kg:publishedTopics``
    (publishers) and ``kg:reachedTopics`` and ``kg:reachedResources`` (publisher-reach), each
    topic's ``kg:listingCount`` and ``kg:nihListingCount`` (nih-share), and a
    ``kg:SectionCount`` per topic and heading label, with its place in that query's order
    (resources-by-section: sorting on disk decodes every IRI it compares, an integer it does not);
    each topic's ``kg:listedResources`` (topics) and its distinct resources for each audience of
    :data:`AUDIENCE_COUNTS` (``kg:childrenResources`` …: audience-coverage), each resource's ``kg:publisherNames``
    (spanish-available, topic-resources); each topic's ``kg:topicPosition`` and each resource's
    ``kg:titlePosition``, their places in the order of their titles (topics,
    spanish-available), and each listed resource's ``kg:listingRank``, its place in the order of
    top-resources; and on the analysis node the totals of the named query
    summary (``kg:totalTopics`` …); see :mod:`kg.query.fast`.

    Example:
        >>> from pathlib import Path
        >>> import kg
        >>> store = kg.load([Path("data/genesandgenetherapy.txt")])
        >>> found = list(aggregate_triples(store, "https://e.org/"))
        >>> [sum(1 for line in found if f"#{term}>" in line) for term in ("listingTopics", "countedSection")]
        [40, 10]
        >>> [key for key, _, _ in AUDIENCE_COUNTS]
        ['children', 'teenagers', 'men', 'women', 'seniors']
    """
    for sparql, node, counted in _COUNTS:
        header, rows = store.tsv(sparql)
        at = header.index(node)
        columns = [(header.index(variable), _p(term)) for variable, term in counted]
        for row in rows:
            for column, predicate in columns:
                yield _line(row[at], predicate, _number(row[column]))
    for sparql, term in _ORDERS:
        header, rows = store.tsv(sparql)
        at = header.index("node")
        placed: set[str] = set()
        for row in rows:
            subject = row[at]
            if subject not in placed:  # a node in the order twice (two titles) keeps its first place
                placed.add(subject)
                yield _line(subject, _p(term), integer(len(placed)))
    header, rows = store.tsv(named_query("summary").text)
    analysis = minted(f"{base}analysis")
    for row in rows:
        for variable, term in _TOTALS:
            yield _line(analysis, _p(term), _number(row[header.index(variable)]))
    header, rows = store.tsv(_SECTION_COUNTS)
    topic_at, section_at, count_at = header.index("topic"), header.index("section"), header.index("resources")
    sections: dict[str, ox.Literal] = {}
    for position, row in enumerate(rows, start=1):
        topic, section = row[topic_at], row[section_at]
        if section not in sections:  # a few dozen headings: parse each label once
            sections[section] = next(iter(ox.parse(f"<x:s> <x:p> {section} .", format=ox.RdfFormat.N_TRIPLES))).object
        label = sections[section]
        node = minted(f"{base}sectioncount/{digest(topic[1:-1], label.value, label.language or '')}")
        yield _line(node, _TYPE, _p(KG.SectionCount))
        yield _line(node, _p(KG.countedTopic), topic)
        yield _line(node, _p(KG.countedSection), section)
        yield _line(node, _p(KG.countedResources), _number(row[count_at]))
        yield _line(node, _p(KG.countPosition), integer(position))


def _number(cell: str) -> str:
    """A count from a TSV cell (bare digits) as an N-Triples ``xsd:integer``, as the query's solution writes it."""
    return integer(int(cell)) if cell.isdigit() else cell


def triples(results: Results, base: str, *, betweenness: bool = True) -> list[str]:
    """Every metric of ``results`` as sorted N-Triples lines, nodes the analysis makes minted under
    ``base``; without the betweenness of each node and the number of pivots unless ``betweenness``
    (:func:`betweenness_triples` makes those)."""
    found = [
        *centrality_triples(results.degree, results.pagerank, results.betweenness if betweenness else None),
        *community_triples(results.communities, base),
        *structure_triples(results.structure, base),
        *similarity_triples(results.neighbours, base),
        *reach_triples(results.reach, results.topic_nih_share),
        *coverage_triples(results.coverage, base),
        *_run_triples(results, base, betweenness),
    ]
    return sorted(set(found))


def turtle(lines: Iterable[str], base: str, batch: int = 50_000) -> bytes:
    """Sorted N-Triples ``lines`` as Turtle (``analysis.ttl``), ``batch`` lines at a time, without
    dumping the store and sorting all its lines again (which holds the graph's N-Triples twice more,
    170 MB at 2,000 topics). The lines are the terms as the store writes them (:func:`double`), so
    the file reads back as exactly the analysis graph.

    Example:
        >>> line = '<https://e.org/a> <https://e.org/p> "0.00001"^^<http://www.w3.org/2001/XMLSchema#double> .\\n'
        >>> turtle([line], "https://e.org/").decode().splitlines()[-1]
        '<https://e.org/a> <https://e.org/p> "0.00001"^^xsd:double .'
    """
    out = io.BytesIO()
    writer = TurtleWriter(out, prefixes(base))
    pending: list[tuple[str, str, str]] = []
    for line in lines:
        triple = split_line(line)
        if len(pending) >= batch and triple[0] != pending[-1][0]:  # a subject's triples in one batch
            writer.write(pending)
            pending = []
        pending.append(triple)
    writer.write(pending)
    return out.getvalue()


def write_back(store: Store, lines: Iterable[str], *, replace: bool = True) -> None:
    """Replace the ``analysis`` graph of ``store`` with ``lines`` (add them to it unless ``replace``).

    The lines go to Oxigraph's bulk loader as one text, which releases Python's lock while it
    parses and indexes: another thread may run beside it (not on this store).

    Raises:
        MappingError: a line is not valid N-Triples (a bug: please report it).
    """
    if replace:
        store.clear_graph(GRAPH)
    store.add_lines(lines, GRAPH, bulk=True)
