"""The RDF graph as NetworkX graphs: the typed graph of topics, resources and publishers, and its projections.

The typed graph is read straight from the store with SPARQL (no serialising and re-parsing). Its
nodes are keyed by IRI and carry ``kind`` (``topic``, ``resource`` or ``publisher``), ``label`` and
``iri``; its edges carry ``kind``: ``lists`` (topic–resource, with the ``sections`` the topic lists it
under), ``publishes`` (publisher–resource) and ``related`` (topic–topic, ``skos:related``). Nodes and
edges are added in sorted order, so every algorithm sees them in the same order on every run.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> typed = typed_graph(kg.load([Path("data")]))
    >>> sorted(Counter(kind for _, kind in typed.nodes(data="kind")).items())
    [('publisher', 41), ('resource', 238), ('topic', 32)]
    >>> typed.nodes["https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy"]["label"]
    'Genes and Gene Therapy'
    >>> topic_graph(typed).number_of_edges()
    17
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from kg.store import Store, cells
from kg.store.cells import Label

__all__ = [
    "QUERIES",
    "TOPIC",
    "RESOURCE",
    "PUBLISHER",
    "typed_graph",
    "nodes_of",
    "kinds",
    "adjacency",
    "topic_graph",
    "topic_publisher_graph",
    "publisher_graph",
]

TOPIC, RESOURCE, PUBLISHER = "topic", "resource", "publisher"

_PREFIXES = """
PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
_TOPICS = """SELECT ?topic ?label ?language ?source WHERE {
  ?topic a kg:Topic .
  OPTIONAL { ?topic skos:prefLabel ?label }
  OPTIONAL { ?topic schema:inLanguage/dcterms:identifier ?language }
  OPTIONAL { ?topic prov:wasDerivedFrom ?source }
}"""
_GROUPS = """SELECT ?topic ?group ?label WHERE {
  ?topic a kg:Topic ; kg:inGroup ?group .
  OPTIONAL { ?group skos:prefLabel ?label }
}"""
_RESOURCES = """SELECT ?resource ?label ?nih WHERE {
  ?resource a kg:Resource .
  OPTIONAL { ?resource schema:name ?label }
  OPTIONAL { ?resource kg:fromNIH ?nih }
}"""
_AUDIENCES = """SELECT ?resource ?audience ?label WHERE {
  ?resource a kg:Resource ; schema:audience ?audience .
  OPTIONAL { ?audience skos:prefLabel ?label }
}"""
_PUBLISHERS = """SELECT ?resource ?publisher ?label ?nih WHERE {
  ?resource a kg:Resource ; schema:publisher ?publisher .
  OPTIONAL { ?publisher schema:name ?label }
  OPTIONAL { ?publisher kg:partOfNIH ?nih }
}"""
_LISTS = """SELECT ?topic ?resource ?section WHERE {
  ?topic a kg:Topic ; kg:hasResource ?resource .
  ?resource a kg:Resource .
  OPTIONAL { ?listing kg:topic ?topic ; kg:resource ?resource ; kg:section ?section }
}"""
_RELATED = """SELECT ?topic ?other WHERE {
  ?topic a kg:Topic ; skos:related ?other .
  ?other a kg:Topic .
  FILTER (?topic != ?other)
}"""


#: The typed graph's queries (its reading of the store), each with the prefixes it needs.
QUERIES = tuple(
    _PREFIXES + query for query in (_TOPICS, _GROUPS, _RESOURCES, _AUDIENCES, _PUBLISHERS, _LISTS, _RELATED)
)


def _tsv(store: Store, query: str) -> tuple[list[str], list[list[str]]]:
    """The solutions of a SELECT as SPARQL TSV cells (:meth:`kg.store.Store.tsv`), converted by
    :func:`_select`: converting 150,000 terms to rdflib terms (``store.select``), or even to
    Oxigraph's term objects, takes longer. (Running the queries two at a time in threads saved 0.5 s
    but kept 60 MB more of freed memory.)"""
    return store.tsv(_PREFIXES + query)


def _select(tsv: tuple[list[str], list[list[str]]]) -> list[list[Any]]:
    """The rows of :func:`_tsv`'s cells: IRIs and literals as ``str``, the ``nih`` column as ``bool``,
    the ``label`` column as :data:`Label`, unbound values as ``None``."""
    columns, rows = tsv
    convert = [cells.label if name == "label" else _FLAG if name == "nih" else cells.text for name in columns]
    return [[f(cell) if cell else None for f, cell in zip(convert, row, strict=True)] for row in rows]


def _FLAG(cell: str) -> bool:
    return cell in ("true", "1") or cell.startswith(('"true"', '"1"'))


def _choose(labels: Iterable[Label], language: str | None, fallback: str) -> str:
    """The label in ``language`` if there is one, else in English, else the first in sorted order, else ``fallback``.

    Example:
        >>> _choose([("Niños", "es"), ("Children", "en")], "fr", "?")
        'Children'
    """
    if len(labels := tuple(labels)) == 1:  # most nodes: nothing to choose between
        return labels[0][0]
    ranked = sorted(labels, key=lambda label: (label[1] != language, label[1] != "en", label))
    return ranked[0][0] if ranked else fallback


def typed_graph(store: Store) -> nx.Graph:
    """The typed graph of ``store``: topics, resources and publishers, and the links between them.

    Node attributes: ``kind``, ``iri``, ``label``; a topic also has ``language`` (or ``None``),
    ``described`` (read from an input, not just named as a related topic) and ``groups`` (the IRIs
    of its topic groups); a resource ``nih`` (the NIH badge) and ``audiences`` (audience IRIs); a
    publisher ``nih`` (part of NIH). ``graph.graph["groups"]`` and ``graph.graph["audiences"]``
    map group and audience IRIs to their (English) labels.

    Raises:
        QueryError: the store cannot answer the queries (a remote endpoint that fails, say).
    """
    topics: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"labels": set(), "language": None, "described": False, "groups": set()}
    )
    for topic, label, language, source in _select(_tsv(store, _TOPICS)):
        entry = topics[topic]
        entry["labels"].update([label] if label else [])
        entry["language"] = entry["language"] or language
        entry["described"] = entry["described"] or source is not None
    group_labels: dict[str, set[Label]] = defaultdict(set)
    for topic, group, label in _select(_tsv(store, _GROUPS)):
        topics[topic]["groups"].add(group)
        group_labels[group].update([label] if label else [])
    resources: dict[str, dict[str, Any]] = defaultdict(lambda: {"labels": set(), "nih": False, "audiences": set()})
    for resource, label, nih in _select(_tsv(store, _RESOURCES)):
        resources[resource]["labels"].update([label] if label else [])
        resources[resource]["nih"] |= bool(nih)
    audience_labels: dict[str, set[Label]] = defaultdict(set)
    for resource, audience, label in _select(_tsv(store, _AUDIENCES)):
        resources[resource]["audiences"].add(audience)
        audience_labels[audience].update([label] if label else [])
    publishers: dict[str, dict[str, Any]] = defaultdict(lambda: {"labels": set(), "nih": False})
    publishes = set()
    for resource, publisher, label, nih in _select(_tsv(store, _PUBLISHERS)):
        publishes.add((publisher, resource))
        publishers[publisher]["labels"].update([label] if label else [])
        publishers[publisher]["nih"] |= bool(nih)
    sections: dict[tuple[str, str], set[str]] = defaultdict(set)
    for topic, resource, section in _select(_tsv(store, _LISTS)):
        sections[topic, resource].update([section] if section is not None else [])
    related = {(a, b) if a < b else (b, a) for a, b in _select(_tsv(store, _RELATED))}

    graph = nx.Graph(
        groups={group: _choose(group_labels[group], "en", group) for group in sorted(group_labels)},
        audiences={
            audience: _choose(audience_labels[audience], "en", audience) for audience in sorted(audience_labels)
        },
    )
    for topic in sorted(topics):
        entry = topics[topic]
        graph.add_node(
            topic,
            kind=TOPIC,
            iri=topic,
            label=_choose(entry["labels"], entry["language"], topic),
            language=entry["language"],
            described=entry["described"],
            groups=tuple(sorted(entry["groups"])),
        )
    for resource in sorted(resources):
        entry = resources[resource]
        graph.add_node(
            resource,
            kind=RESOURCE,
            iri=resource,
            label=_choose(entry["labels"], "en", resource),
            nih=entry["nih"],
            audiences=tuple(sorted(entry["audiences"])),
        )
    for publisher in sorted(publishers):
        entry = publishers[publisher]
        graph.add_node(
            publisher, kind=PUBLISHER, iri=publisher, label=_choose(entry["labels"], "", publisher), nih=entry["nih"]
        )
    edges: list[tuple[str, str, dict[str, Any]]] = [
        (topic, resource, {"kind": "lists", "sections": tuple(sorted(found))})
        for (topic, resource), found in sections.items()
    ]
    edges += [(publisher, resource, {"kind": "publishes"}) for publisher, resource in publishes]
    edges += [(a, b, {"kind": "related"}) for a, b in related]
    graph.add_edges_from(sorted(edges, key=lambda edge: (edge[0], edge[1])))
    return graph


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """The nodes of ``graph`` of one ``kind``, in the graph's (sorted) order.

    Example:
        >>> graph = nx.Graph()
        >>> graph.add_node("b", kind="topic"); graph.add_node("a", kind="resource")
        >>> nodes_of(graph, "topic")
        ['b']
    """
    return [node for node, found in graph.nodes(data="kind") if found == kind]


def kinds(graph: nx.Graph) -> dict[str, str]:
    """Every node's ``kind``, as a plain dict: looked up a million times, faster than ``graph.nodes``.

    Example:
        >>> graph = nx.Graph()
        >>> graph.add_node("t", kind="topic")
        >>> kinds(graph)
        {'t': 'topic'}
    """
    return dict(graph.nodes(data="kind"))


def adjacency(graph: nx.Graph) -> dict[str, dict[str, dict[str, Any]]]:
    """Node -> neighbour -> the attributes of their edge, NetworkX's own dicts (read, never change them).

    Example:
        >>> graph = nx.Graph()
        >>> graph.add_edge("t", "r", kind="lists")
        >>> adjacency(graph)["r"]
        {'t': {'kind': 'lists'}}
    """
    return dict(graph.adjacency())


def topic_graph(typed: nx.Graph, *, via: str = RESOURCE, related: bool = True) -> nx.Graph:
    """Topics joined when they share a resource (``via="resource"``) or a publisher (``via="publisher"``).

    Every topic of ``typed`` is a node (with its attributes). An edge has ``shared`` (how many
    resources or publishers the two topics share), ``related`` (they are ``skos:related``; only
    when ``related`` is true, else always false) and ``weight`` = ``shared`` + 1 if related. By
    publisher the graph is dense (a publisher on most topics joins most pairs): the analysis uses
    it only through Jaccard indices (:func:`kg.analysis.metrics.similarity`).

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_nodes_from(["t1", "t2", "t3"], kind="topic")
        >>> typed.add_nodes_from(["r1", "r2"], kind="resource")
        >>> typed.add_edges_from([("t1", "r1"), ("t2", "r1"), ("t2", "r2"), ("t3", "r2")], kind="lists")
        >>> sorted(topic_graph(typed).edges(data="shared"))
        [('t1', 't2', 1), ('t2', 't3', 1)]

    Raises:
        ValueError: ``via`` is neither ``resource`` nor ``publisher``.
    """
    if via not in (RESOURCE, PUBLISHER):
        raise ValueError(f"via must be {RESOURCE!r} or {PUBLISHER!r}, not {via!r}")
    shared: Counter[tuple[str, str]] = Counter()
    kind, adjacent = kinds(typed), adjacency(typed)
    if via == RESOURCE:
        for resource in nodes_of(typed, RESOURCE):
            shared.update(combinations(sorted(t for t in adjacent[resource] if kind[t] == TOPIC), 2))
    else:
        bipartite = topic_publisher_graph(typed)
        for publisher in nodes_of(bipartite, PUBLISHER):
            shared.update(combinations(sorted(bipartite[publisher]), 2))
    links = set()
    if related:
        links = {
            (a, b) if a < b else (b, a)
            for a, b, edge in typed.edges(data="kind")
            if edge == "related" and kind[a] == TOPIC
        }
    graph = nx.Graph()
    graph.add_nodes_from((node, typed.nodes[node]) for node in nodes_of(typed, TOPIC))
    pairs = ((a, b, shared.get((a, b), 0), (a, b) in links) for a, b in sorted(set(shared) | links))
    graph.add_edges_from((a, b, {"shared": n, "related": linked, "weight": n + linked}) for a, b, n, linked in pairs)
    return graph


def topic_publisher_graph(typed: nx.Graph) -> nx.Graph:
    """The bipartite graph of topics and the publishers of their resources; ``resources`` on an edge
    counts the topic's resources from that publisher. Nodes keep their attributes (``kind`` tells the sides).

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_node("t", kind="topic"); typed.add_node("p", kind="publisher")
        >>> typed.add_nodes_from(["r1", "r2"], kind="resource")
        >>> typed.add_edges_from([("t", "r1"), ("t", "r2"), ("p", "r1"), ("p", "r2")])
        >>> list(topic_publisher_graph(typed).edges(data="resources"))
        [('t', 'p', 2)]
    """
    counts: Counter[tuple[str, str]] = Counter()
    kind, adjacent = kinds(typed), adjacency(typed)
    for topic in nodes_of(typed, TOPIC):
        for resource in adjacent[topic]:
            if kind[resource] == RESOURCE:
                counts.update((topic, p) for p in adjacent[resource] if kind[p] == PUBLISHER)
    graph = nx.Graph()
    graph.add_nodes_from((node, data) for node, data in typed.nodes(data=True) if data["kind"] in (TOPIC, PUBLISHER))
    graph.add_edges_from((topic, publisher, {"resources": n}) for (topic, publisher), n in sorted(counts.items()))
    return graph


def publisher_graph(typed: nx.Graph, bipartite: nx.Graph | None = None) -> nx.Graph:
    """Publishers joined when topics list resources of both; ``topics`` on an edge counts those topics.
    ``bipartite`` is :func:`topic_publisher_graph` of ``typed`` when the caller has it already.

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_node("t", kind="topic"); typed.add_nodes_from(["p", "q"], kind="publisher")
        >>> typed.add_nodes_from(["r1", "r2"], kind="resource")
        >>> typed.add_edges_from([("t", "r1"), ("t", "r2"), ("p", "r1"), ("q", "r2")])
        >>> list(publisher_graph(typed).edges(data="topics"))
        [('p', 'q', 1)]
    """
    bipartite = topic_publisher_graph(typed) if bipartite is None else bipartite
    counts: Counter[tuple[str, str]] = Counter()
    for topic in nodes_of(bipartite, TOPIC):
        counts.update(combinations(sorted(bipartite[topic]), 2))
    graph = nx.Graph()
    graph.add_nodes_from((node, typed.nodes[node]) for node in nodes_of(typed, PUBLISHER))
    graph.add_edges_from((a, b, {"topics": n}) for (a, b), n in sorted(counts.items()))
    return graph
