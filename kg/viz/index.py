"""The compact index of the whole graph that the explorer carries: every node, its kind, labels in
both languages, metrics, and every link, as columns of plain JSON values.

Nodes are numbered most central first (by PageRank, else by share of links), so "most central
first" in the page is "lowest number first". A link is three numbers (source, target, relation);
the page builds its adjacency from them.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> from kg.viz.data import GraphData
    >>> import kg
    >>> index = build_index(GraphData(kg.load([Path("data/genesandgenetherapy.txt")])))
    >>> len(index.iris), len(index.links), index.kinds[0], index.labels["en"][0]
    (71, 130, 'topic', 'Genes and Gene Therapy')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.viz.data import KINDS, RELATIONS, GraphData
from kg.viz.views import topic_similarities

__all__ = ["GraphIndex", "build_index", "LINK_RELATIONS"]

#: The relations the index holds, in this order: the graph's own, then the analysis's similar topics.
LINK_RELATIONS = (*RELATIONS, "similar")


@dataclass
class GraphIndex:
    """The whole graph as columns, one row per node (numbered most central first).

    Parameters:
        iris: each node's IRI.
        kinds: each node's kind (one of :data:`~kg.viz.data.KINDS`).
        labels: ``"en"`` and ``"es"`` -> each node's label in that language (``""`` when it has
            none: the page falls back to the other); a topic's includes its translation's title.
        languages: each node's language (``"en"``, ``"es"``, or ``""``).
        details: each node's finer type or remark (``"journal article"``).
        urls: each node's web page (``""`` when none).
        nih: each node's NIH flag (None when it has none).
        pagerank, betweenness: each node's metric from ``kg analyze`` (None when not analysed).
        degree: each node's number of links in the graph (similar-topic links not counted).
        community: each node's community number (an index into ``communities``), or None.
        communities: the communities' labels.
        links: (source, target, relation number in :data:`LINK_RELATIONS`), sorted.
    """

    iris: list[str]
    kinds: list[str]
    labels: dict[str, list[str]]
    languages: list[str]
    details: list[str]
    urls: list[str]
    nih: list[bool | None]
    pagerank: list[float | None]
    betweenness: list[float | None]
    degree: list[int]
    community: list[int | None]
    communities: list[str] = field(default_factory=list)
    links: list[tuple[int, int, int]] = field(default_factory=list)

    def label(self, node: int, language: str = "en") -> str:
        """Node ``node``'s label in ``language``, else in the other language, else its IRI's last part.

        Example:
            >>> index = GraphIndex(["https://e.org/t/a"], ["topic"], {"en": ["A"], "es": [""]}, [""], [""], [""],
            ...                    [None], [None], [None], [0], [None])
            >>> index.label(0, "es")
            'A'
        """
        other = "es" if language == "en" else "en"
        return self.labels[language][node] or self.labels[other][node] or self.iris[node].rstrip("/").rsplit("/", 1)[-1]

    def payload(self, base: str) -> dict[str, Any]:
        """The index as the page reads it: short keys, numbers rounded, IRIs and URLs split into a
        shared prefix (a number) and the rest, every column a JSON array of plain values (every
        string from the data stays a JSON string).

        Example:
            >>> index = GraphIndex(["https://e.org/t/a"], ["topic"], {"en": ["A"], "es": [""]}, [""], [""],
            ...                    ["https://x.org/a.html"], [None], [0.5], [None], [1], [None])
            >>> found = index.payload("https://e.org/")
            >>> found["prefixes"][found["iriP"][0]] + found["iri"][0], found["pr"], found["bt"]
            ('https://e.org/t/a', [0.5], [-1])
        """
        kinds = {kind: i for i, kind in enumerate(KINDS)}
        prefixes: dict[str, int] = {}

        def split(text: str, at: int) -> tuple[int, str]:
            """(the number of ``text``'s prefix: up to its last "/" for IRIs, its host for URLs, the rest)."""
            cut = text.rfind("/") + 1 if at < 0 else _nth(text, "/", at) + 1
            return prefixes.setdefault(text[:cut], len(prefixes)), text[cut:]

        iris = [split(iri, -1) for iri in self.iris]
        urls = [split(url, 3) if url else (-1, "") for url in self.urls]
        details = sorted(set(self.details))
        detail_number = {detail: i for i, detail in enumerate(details)}
        return {
            "base": base,
            "kinds": list(KINDS),
            "relations": list(LINK_RELATIONS),
            "details": details,
            "communities": self.communities,
            "iriP": [prefix for prefix, _ in iris],
            "iri": [rest for _, rest in iris],
            "k": [kinds[kind] for kind in self.kinds],
            "en": self.labels["en"],
            "es": [es if es != en else "" for en, es in zip(self.labels["en"], self.labels["es"], strict=True)],
            "lang": self.languages,
            "det": [detail_number[detail] for detail in self.details],
            "urlP": [prefix for prefix, _ in urls],
            "url": [rest for _, rest in urls],
            "nih": [-1 if flag is None else int(flag) for flag in self.nih],
            "pr": [-1 if value is None else float(f"{value:.4g}") for value in self.pagerank],
            "bt": [-1 if value is None else float(f"{value:.3g}") for value in self.betweenness],
            "deg": self.degree,
            "cm": [-1 if value is None else value for value in self.community],
            "links": [number for link in self.links for number in link],
            "prefixes": list(prefixes),
        }


def _nth(text: str, char: str, n: int) -> int:
    """The position of the ``n``-th ``char`` in ``text`` (its length when there are fewer)."""
    position = -1
    for _ in range(n):
        position = text.find(char, position + 1)
        if position < 0:
            return len(text) - 1
    return position


def build_index(data: GraphData) -> GraphIndex:
    """The index of everything ``data`` holds, with the analysis when ``kg analyze`` stored one.

    Raises nothing: a graph without analysis gets no metrics but its numbers of links.
    """
    order = data.ranked(data.kinds)
    number = {iri: i for i, iri in enumerate(order)}
    entities = data.all_entities()
    # a link (source, target, relation) as one integer, in the same order: sets and sorts of integers
    # take a fraction of the time of tuples' (1.5 million links at 20,000 topics)
    nodes, relations = len(order), len(LINK_RELATIONS)

    def encoded(pairs: Iterable[tuple[str, str]], relation: int) -> Iterator[int]:
        return ((number[s] * nodes + number[t]) * relations + relation for s, t in pairs)

    codes: set[int] = set()
    for r, relation in enumerate(RELATIONS):
        codes.update(encoded(data.pairs(relation), r))
    degree = data.degree  # each relation's pairs are distinct: the number of its links
    if data.analysis.similarities:
        similar, _ = topic_similarities(data)
        codes.update(encoded(((link.source, link.target) for link in similar), len(RELATIONS)))
    links = [(code // relations // nodes, code // relations % nodes, code % relations) for code in sorted(codes)]
    analysis = data.analysis
    community_sizes = Counter(analysis.community[iri] for iri in order if iri in analysis.community)
    community_order = sorted(community_sizes, key=lambda key: (-community_sizes[key], key))
    community_number = {key: i for i, key in enumerate(community_order)}
    betweenness = analysis.betweenness if analysis else {}
    return GraphIndex(
        iris=order,
        kinds=[data.kinds[iri] for iri in order],
        labels={
            "en": [entities[iri].labels.get("en") or entities[iri].labels.get("", "") for iri in order],
            "es": [entities[iri].labels.get("es", "") for iri in order],
        },
        languages=[entities[iri].language for iri in order],
        details=[entities[iri].detail for iri in order],
        urls=[entities[iri].url for iri in order],
        nih=[entities[iri].nih for iri in order],
        pagerank=[analysis.pagerank.get(iri) for iri in order],
        betweenness=[betweenness.get(iri) for iri in order],
        degree=[degree[iri] for iri in order],
        community=[community_number.get(analysis.community.get(iri, "")) for iri in order],
        communities=[analysis.community_labels.get(key) or key.rsplit("/", 1)[-1] for key in community_order],
        links=links,
    )
