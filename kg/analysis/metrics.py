"""Metrics over the NetworkX projections: centralities, communities, similarity, reach, coverage, structure.

Every function is deterministic: graphs are iterated in their (sorted) insertion order, random
choices take a fixed ``seed``, ties are broken by IRI, and real numbers are rounded to 10
significant digits (:func:`rounded`) so that the same graph gives the same bytes on every run.

Example:
    >>> graph = nx.path_graph(["a", "b", "c"])
    >>> degree(graph)
    {'a': 1, 'b': 2, 'c': 1}
    >>> betweenness(graph)[0]
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from kg.analysis import EXACT_UP_TO, NEIGHBOURS, PIVOTS, SEED
from kg.analysis.beside import forked
from kg.analysis.projection import PUBLISHER, RESOURCE, TOPIC, adjacency, kinds, nodes_of, topic_publisher_graph
from kg.system import can_fork

__all__ = [
    "SEED",
    "EXACT_UP_TO",
    "PIVOTS",
    "NEIGHBOURS",
    "rounded",
    "degree",
    "pagerank",
    "betweenness",
    "betweenness_beside",
    "BESIDE_FROM",
    "path_dependencies",
    "Community",
    "communities",
    "modularity",
    "Neighbour",
    "similarity",
    "Reach",
    "publisher_reach",
    "nih_share",
    "Coverage",
    "audience_coverage",
    "Structure",
    "structure",
    "Results",
    "summary",
]


def rounded(value: float) -> float:
    """``value`` to 10 significant digits: the last bits of a float sum may differ between
    platforms, the rounded value does not.

    Example:
        >>> rounded(1 / 3)
        0.3333333333
    """
    return float(f"{value:.10g}")


# ---------------------------------------------------------------- centrality


def degree(graph: nx.Graph) -> dict[str, int]:
    """Each node's number of neighbours (its degree)."""
    return {node: int(count) for node, count in graph.degree()}


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """Each node's PageRank (damping ``alpha``; the values sum to 1); an empty graph gives ``{}``.

    Example:
        >>> pagerank(nx.star_graph(2))
        {0: 0.4864864865, 1: 0.2567567568, 2: 0.2567567568}
    """
    if graph.number_of_nodes() == 0:
        return {}
    ranks = nx.pagerank(graph, alpha=alpha, tol=1e-12, max_iter=1000)
    return {node: rounded(value) for node, value in ranks.items()}


def betweenness(
    graph: nx.Graph, *, seed: int = SEED, exact_up_to: int = EXACT_UP_TO, pivots: int = PIVOTS
) -> tuple[dict[str, float], int]:
    """Normalised betweenness centrality of each node, and the number of source nodes (pivots) it used.

    Exact (every node a source) on graphs of at most ``exact_up_to`` nodes; above that, estimated
    from ``pivots`` source nodes drawn with ``seed``. The values are those of NetworkX's
    ``betweenness_centrality(graph, k=…, seed=…)`` (same sources, same scaling: an unbiased
    estimate whose error shrinks as pivots grow), with the sums of :func:`path_dependencies`
    (igraph's C core). :func:`betweenness_beside` computes the same in another process.

    Example:
        >>> values, used = betweenness(nx.star_graph(3))
        >>> values[0], used
        (1.0, 4)
        >>> betweenness(nx.path_graph(10), exact_up_to=5, pivots=3)[1]
        3
    """
    return betweenness_beside(graph, seed=seed, exact_up_to=exact_up_to, pivots=pivots, beside=False)()


#: :func:`betweenness_beside` computes in another process when sources × edges is at least this
#: (below it, starting the process costs more than it saves).
BESIDE_FROM = 20_000_000


def betweenness_beside(
    graph: nx.Graph,
    *,
    seed: int = SEED,
    exact_up_to: int = EXACT_UP_TO,
    pivots: int = PIVOTS,
    beside: bool | None = None,
) -> Callable[[], tuple[dict[str, float], int]]:
    """:func:`betweenness` of ``graph``, started now in another process (igraph holds Python's lock
    while it computes, so a thread would not run beside the caller) and returned by the function this
    returns, which waits for it. ``beside`` forces the choice; by default only graphs where it pays
    (:data:`BESIDE_FROM`) go to another process, the rest is computed now.

    Example:
        >>> result = betweenness_beside(nx.path_graph(["a", "b", "c"]))
        >>> result()
        ({'a': 0.0, 'b': 1.0, 'c': 0.0}, 3)
    """
    nodes = list(graph)
    n = len(nodes)
    if n <= exact_up_to or pivots >= n:
        sources, sampled = nodes, False
    else:
        sources, sampled = random.Random(seed).sample(nodes, pivots), True  # as NetworkX draws them
    k = len(sources)
    n_edges = graph.number_of_edges()
    edges, starts = _edges(graph, nodes), _starts(nodes, sources, sampled)
    if beside is None:
        beside = k * n_edges >= BESIDE_FROM and can_fork()
    if beside:
        # forked (kg.analysis.beside), not spawned: a spawned process imports the caller's __main__
        # again (a script that analyses without an ``if __name__ == "__main__"`` guard would run twice).
        # The child runs only igraph on the arrays it inherits, so the threads of this process (the
        # store's bulk load in ``kg build``) do not matter to it
        totals_of: Callable[[], np.ndarray] = forked(partial(_dependencies, n, edges, starts))
    else:
        totals = _dependencies(n, edges, starts)
        totals_of = lambda: totals  # noqa: E731

    def result() -> tuple[dict[str, float], int]:
        totals = totals_of()
        if n <= 2:
            return {node: 0.0 for node in nodes}, k
        # NetworkX's scaling (normalised, endpoints excluded): over the (n-1)(n-2) ordered pairs of
        # other nodes when exact; when sampled, a source is one of k-1 sources, any other node one of k
        scale = 1 / ((k if sampled else n - 1) * (n - 2))
        source_scale = 1 / ((k - 1) * (n - 2)) if sampled and k > 1 else scale
        chosen = set(sources) if sampled else set()
        return {
            node: rounded(totals[i] * (source_scale if node in chosen else scale)) for i, node in enumerate(nodes)
        }, k

    return result


def path_dependencies(graph: nx.Graph, sources: list[str]) -> np.ndarray:
    """For each node of ``graph`` (in its order), the sum over ``sources`` s of Brandes' dependency
    of s on it: the number of shortest paths from s to every other node that pass through it,
    each path counted with weight 1/(number of shortest paths between its ends).

    Brandes' algorithm for unweighted graphs in igraph's C core (``Graph.betweenness`` from the
    given sources), which counts each undirected pair once: the sums here count both directions,
    as NetworkX's ``betweenness_centrality_subset`` does before it halves them.

    Example:
        >>> path_dependencies(nx.path_graph(3), [0, 1, 2]).tolist()  # b is on a–c and c–a
        [0.0, 2.0, 0.0]
    """
    nodes = list(graph)
    return _dependencies(len(nodes), _edges(graph, nodes), _starts(nodes, sources, True))


def _edges(graph: nx.Graph, nodes: list[str]) -> np.ndarray:
    """The edges of ``graph`` as pairs of node numbers (positions in ``nodes``), one row each."""
    index = {node: i for i, node in enumerate(nodes)}
    flat = np.fromiter((index[end] for edge in graph.edges() for end in edge), dtype=np.int64)
    return flat.reshape(-1, 2)


def _starts(nodes: list[str], sources: list[str], sampled: bool) -> np.ndarray | None:
    """The numbers of ``sources`` among ``nodes``; ``None`` when every node is a source (and not ``sampled``)."""
    if not sampled and len(sources) == len(nodes):
        return None
    index = {node: i for i, node in enumerate(nodes)}
    return np.fromiter((index[source] for source in sources), dtype=np.int64, count=len(sources))


def _dependencies(n: int, edges: np.ndarray, sources: np.ndarray | None) -> np.ndarray:
    """:func:`path_dependencies` of the graph of ``n`` nodes and ``edges`` (rows of node numbers)
    from ``sources`` (every node when ``None``); a module-level function, so another process can run it."""
    import igraph

    if n == 0 or (sources is not None and sources.size == 0):
        return np.zeros(n)
    graph = igraph.Graph(n=n, edges=edges, directed=False)
    chosen = None if sources is None else sources.tolist()
    return 2 * np.asarray(graph.betweenness(directed=False, sources=chosen), dtype=np.float64)


# ---------------------------------------------------------------- communities


@dataclass(frozen=True)
class Community:
    """A community of topics: its number (1 = largest), label, and topics, most central first."""

    number: int
    label: str
    topics: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.topics)


def communities(
    topics: nx.Graph,
    rank: Mapping[str, float],
    *,
    seed: int = SEED,
    resolution: float = 1.0,
    label_size: int = 3,
) -> list[Community]:
    """Louvain communities of the topic graph (edge attribute ``weight``), numbered from the largest.

    Each community is labelled with the labels (node attribute ``label``) of its ``label_size``
    most central topics by ``rank`` (PageRank, say), joined by commas; ties go by IRI. A topic with
    no edge is a community of its own.

    Example:
        >>> graph = nx.barbell_graph(3, 0)  # two triangles joined by one edge
        >>> nx.set_node_attributes(graph, {n: f"t{n}" for n in graph}, "label")
        >>> [(c.number, c.label) for c in communities(graph, {n: n for n in graph}, label_size=2)]
        [(1, 't2, t1'), (2, 't5, t4')]
    """
    found = nx.community.louvain_communities(topics, weight="weight", resolution=resolution, seed=seed)
    ordered = [sorted(group, key=lambda node: (-rank.get(node, 0.0), str(node))) for group in found]
    ordered.sort(key=lambda group: (-len(group), str(min(group, key=str))))
    return [
        Community(
            number=number,
            label=", ".join(str(topics.nodes[node].get("label", node)) for node in group[:label_size]),
            topics=tuple(group),
        )
        for number, group in enumerate(ordered, start=1)
    ]


def modularity(topics: nx.Graph, found: list[Community]) -> float:
    """The modularity of ``found`` on the weighted topic graph (0 when the graph has no edges).

    Example:
        >>> graph = nx.barbell_graph(3, 0)
        >>> nx.set_node_attributes(graph, "t", "label")
        >>> modularity(graph, communities(graph, {}))
        0.3571428571
    """
    if topics.number_of_edges() == 0:
        return 0.0
    partition = [set(community.topics) for community in found]
    return rounded(nx.community.modularity(topics, partition, weight="weight"))


# ---------------------------------------------------------------- similarity


@dataclass(frozen=True)
class Neighbour:
    """One of a topic's nearest neighbours: rank 1 is the nearest."""

    topic: str
    other: str
    rank: int
    resource_jaccard: float
    publisher_jaccard: float


def _incidence(rows: list[str], members: Mapping[str, set[str]]) -> sparse.csr_matrix:
    """The 0/1 matrix of ``rows`` (topics) by the sorted union of their ``members``."""
    columns = {member: j for j, member in enumerate(sorted({m for row in rows for m in members[row]}))}
    pairs = [(i, columns[m]) for i, row in enumerate(rows) for m in members[row]]
    data = np.ones(len(pairs), dtype=np.float64)
    row_index = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    column_index = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    return sparse.csr_matrix((data, (row_index, column_index)), shape=(len(rows), max(len(columns), 1)))


def _jaccard(intersection: np.ndarray, sizes_row: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    union = sizes_row[:, None] + sizes[None, :] - intersection
    return np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)


def _nearest(resource: np.ndarray, publisher: np.ndarray, k: int) -> np.ndarray:
    """The column indices of the ``k`` largest (resource, publisher) pairs, in order; ties by index.
    Columns where both are 0 are never chosen."""
    chosen = np.flatnonzero(resource > 0)
    if chosen.size < k:
        rest = np.flatnonzero((resource == 0) & (publisher > 0))
        need = k - chosen.size
        if rest.size > need:
            threshold = np.partition(publisher[rest], rest.size - need)[rest.size - need]
            rest = rest[publisher[rest] >= threshold]
        chosen = np.concatenate([chosen, rest])
    order = np.lexsort((chosen, -publisher[chosen], -resource[chosen]))
    return chosen[order[:k]]


def similarity(
    typed: nx.Graph, *, k: int = NEIGHBOURS, block: int = 512, bipartite: nx.Graph | None = None
) -> list[Neighbour]:
    """Each topic's ``k`` nearest neighbours by the Jaccard index of their resource sets, ties broken
    by the Jaccard index of their publisher sets, then by IRI (``bipartite``:
    :func:`~kg.analysis.projection.topic_publisher_graph` of ``typed``, when the caller has it already).

    Only topics that list a resource take part; a pair that shares neither a resource nor a
    publisher is never a neighbour. The indices are computed with sparse matrix products, ``block``
    topics at a time, so memory stays bounded on large graphs.

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_nodes_from(["a", "b", "c"], kind="topic")
        >>> typed.add_nodes_from(["r1", "r2", "r3"], kind="resource")
        >>> typed.add_edges_from([("a", "r1"), ("a", "r2"), ("b", "r2"), ("b", "r3"), ("c", "r3")])
        >>> [(n.topic, n.other, n.rank, n.resource_jaccard) for n in similarity(typed, k=1)]
        [('a', 'b', 1, 0.3333333333), ('b', 'c', 1, 0.5), ('c', 'b', 1, 0.5)]
    """
    kind, adjacent = kinds(typed), adjacency(typed)
    resources = {topic: {r for r in adjacent[topic] if kind[r] == RESOURCE} for topic in nodes_of(typed, TOPIC)}
    topics = [topic for topic, found in resources.items() if found]
    if len(topics) < 2:
        return []
    bipartite = topic_publisher_graph(typed) if bipartite is None else bipartite
    publishers = {topic: set(bipartite[topic]) for topic in topics}
    by_resource, by_publisher = _incidence(topics, resources), _incidence(topics, publishers)
    resource_sizes = np.asarray(by_resource.sum(axis=1)).ravel()
    publisher_sizes = np.asarray(by_publisher.sum(axis=1)).ravel()
    found: list[Neighbour] = []
    for start in range(0, len(topics), block):
        stop = min(start + block, len(topics))
        shared_resources = (by_resource[start:stop] @ by_resource.T).toarray()
        shared_publishers = (by_publisher[start:stop] @ by_publisher.T).toarray()
        resource_jaccard = _jaccard(shared_resources, resource_sizes[start:stop], resource_sizes)
        publisher_jaccard = _jaccard(shared_publishers, publisher_sizes[start:stop], publisher_sizes)
        for offset in range(stop - start):
            i = start + offset
            resource_jaccard[offset, i] = publisher_jaccard[offset, i] = 0.0  # not its own neighbour
            nearest = _nearest(resource_jaccard[offset], publisher_jaccard[offset], k)
            found += [
                Neighbour(
                    topic=topics[i],
                    other=topics[j],
                    rank=rank,
                    resource_jaccard=rounded(float(resource_jaccard[offset, j])),
                    publisher_jaccard=rounded(float(publisher_jaccard[offset, j])),
                )
                for rank, j in enumerate(nearest, start=1)
            ]
    return found


# ---------------------------------------------------------------- publishers


def listings(typed: nx.Graph, topic: str, resource: str) -> int:
    """How many listings (kg:Listing: a topic lists a resource under one section) the ``lists`` edge
    between ``topic`` and ``resource`` stands for: one per section, the same count SPARQL gives.

    Example:
        >>> typed = nx.Graph(); typed.add_edge("t", "r", sections=("s1", "s2"))
        >>> listings(typed, "t", "r")
        2
    """
    return _listings(typed.edges[topic, resource])


def _listings(edge: dict[str, Any]) -> int:
    """:func:`listings` of a ``lists`` edge's attributes."""
    return len(edge.get("sections", ())) or 1


@dataclass(frozen=True)
class Reach:
    """How far a publisher reaches: topics served and their share of all topics read, its resources,
    the sections they are listed under, and its share of all listings (a topic listing a resource
    under a section; the ``nih-share`` query counts the same)."""

    topics: int
    share: float
    resources: int
    sections: int
    listing_share: float


def publisher_reach(typed: nx.Graph) -> dict[str, Reach]:
    """Each publisher's reach. The share is over the topics read from an input (attribute ``described``).

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_nodes_from(["t1", "t2"], kind="topic", described=True)
        >>> typed.add_node("r", kind="resource"); typed.add_node("p", kind="publisher")
        >>> typed.add_edges_from([("t1", "r"), ("t2", "r")], sections=("s",)); typed.add_edge("p", "r")
        >>> publisher_reach(typed)
        {'p': Reach(topics=2, share=1.0, resources=1, sections=1, listing_share=1.0)}
    """
    kind, adjacent = kinds(typed), adjacency(typed)
    topic_nodes = nodes_of(typed, TOPIC)
    described = sum(1 for topic in topic_nodes if typed.nodes[topic].get("described"))
    total = sum(_listings(edge) for topic in topic_nodes for r, edge in adjacent[topic].items() if kind[r] == RESOURCE)
    reach = {}
    for publisher in nodes_of(typed, PUBLISHER):
        topics: set[str] = set()
        sections: set[str] = set()
        count = 0
        resources = [r for r in adjacent[publisher] if kind[r] == RESOURCE]
        for resource in resources:
            for topic, edge in adjacent[resource].items():
                if kind[topic] == TOPIC:
                    topics.add(topic)
                    count += _listings(edge)
                    sections.update(edge.get("sections", ()))
        reach[publisher] = Reach(
            topics=len(topics),
            share=rounded(len(topics) / described) if described else 0.0,
            resources=len(resources),
            sections=len(sections),
            listing_share=rounded(count / total) if total else 0.0,
        )
    return reach


@dataclass(frozen=True)
class NihShare:
    """The share of listings whose resource has an NIH publisher: overall, per topic language
    (as the ``nih-share`` query gives it) and per topic (topics that list nothing left out)."""

    overall: float
    by_language: dict[str, float]
    by_topic: dict[str, float]


def nih_share(typed: nx.Graph) -> NihShare:
    """The share of listings whose resource has an NIH publisher (attribute ``nih``).

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_node("t", kind="topic", language="en"); typed.add_nodes_from(["r1", "r2"], kind="resource")
        >>> typed.add_node("nih", kind="publisher", nih=True); typed.add_node("x", kind="publisher", nih=False)
        >>> typed.add_edges_from([("t", "r1"), ("t", "r2"), ("nih", "r1"), ("x", "r2")])
        >>> nih_share(typed)
        NihShare(overall=0.5, by_language={'en': 0.5}, by_topic={'t': 0.5})
    """
    kind, adjacent = kinds(typed), adjacency(typed)
    nih = {p for p in nodes_of(typed, PUBLISHER) if typed.nodes[p].get("nih")}
    from_nih = {resource: not nih.isdisjoint(adjacent[resource]) for resource in nodes_of(typed, RESOURCE)}
    per_topic: dict[str, float] = {}
    per_language: dict[str, list[int]] = {}
    total, nih_total = 0, 0
    for topic in nodes_of(typed, TOPIC):
        counts = [(_listings(edge), from_nih[r]) for r, edge in adjacent[topic].items() if kind[r] == RESOURCE]
        if counts:
            n, k = sum(c for c, _ in counts), sum(c for c, nih in counts if nih)
            per_topic[topic] = rounded(k / n)
            language = per_language.setdefault(typed.nodes[topic].get("language") or "", [0, 0])
            language[0], language[1] = language[0] + n, language[1] + k
            total, nih_total = total + n, nih_total + k
    return NihShare(
        overall=rounded(nih_total / total) if total else 0.0,
        by_language={lang: rounded(k / n) for lang, (n, k) in sorted(per_language.items())},
        by_topic=per_topic,
    )


# ---------------------------------------------------------------- audiences


@dataclass(frozen=True)
class Coverage:
    """Audience coverage: per topic, resources per audience; per group, topics with at least one
    resource per audience and the group's size."""

    topics: dict[str, dict[str, int]]
    groups: dict[str, dict[str, int]]
    group_sizes: dict[str, int]

    def group_share(self, group: str, audience: str) -> float:
        """The share of ``group``'s topics that list a resource for ``audience``."""
        size = self.group_sizes[group]
        return rounded(self.groups[group][audience] / size) if size else 0.0


def audience_coverage(typed: nx.Graph) -> Coverage:
    """Audience coverage of every topic read from an input (``described``) and of every topic group,
    for every audience in ``typed.graph["audiences"]`` (0 where none).

    Example:
        >>> typed = nx.Graph(audiences={"kids": "Kids", "men": "Men"})
        >>> typed.add_node("t", kind="topic", described=True, groups=("g",))
        >>> typed.add_node("r", kind="resource", audiences=("kids",)); typed.add_edge("t", "r")
        >>> coverage = audience_coverage(typed)
        >>> coverage.topics, coverage.groups
        ({'t': {'kids': 1, 'men': 0}}, {'g': {'kids': 1, 'men': 0}})
    """
    audiences = sorted(typed.graph.get("audiences", {}))
    topics: dict[str, dict[str, int]] = {}
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    kind, adjacent = kinds(typed), adjacency(typed)
    for topic in nodes_of(typed, TOPIC):
        data = typed.nodes[topic]
        if not data.get("described"):
            continue
        counts = Counter(
            audience
            for resource in adjacent[topic]
            if kind[resource] == RESOURCE
            for audience in typed.nodes[resource].get("audiences", ())
        )
        topics[topic] = {audience: counts[audience] for audience in audiences}
        for group in data.get("groups", ()):
            sizes[group] += 1
            groups[group].update(audience for audience in audiences if counts[audience])
    return Coverage(
        topics=topics,
        groups={group: {a: groups[group][a] for a in audiences} for group in sorted(sizes)},
        group_sizes=dict(sorted(sizes.items())),
    )


# ---------------------------------------------------------------- structure


@dataclass(frozen=True)
class Structure:
    """The topic graph's connected components (largest first, topics sorted), its bridges (each
    pair sorted) and its articulation points."""

    components: list[tuple[str, ...]]
    bridges: list[tuple[str, str]]
    articulation_points: list[str]


def structure(topics: nx.Graph) -> Structure:
    """Connected components, bridges and articulation points of the topic graph.

    Example:
        >>> found = structure(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
        >>> found.components, found.bridges, found.articulation_points
        ([('a', 'b', 'c', 'd')], [('c', 'd')], ['c'])
    """
    components = sorted((tuple(sorted(c)) for c in nx.connected_components(topics)), key=lambda c: (-len(c), c))
    bridges = sorted(tuple(sorted(edge)) for edge in nx.bridges(topics))
    return Structure(
        components=components,
        bridges=bridges,  # type: ignore[arg-type]
        articulation_points=sorted(nx.articulation_points(topics)),
    )


# ---------------------------------------------------------------- everything


@dataclass
class Results:
    """Every metric of one analysis (see :func:`kg.analysis.analyze`), keyed by node IRI."""

    seed: int
    pivots: int
    degree: dict[str, int]
    pagerank: dict[str, float]
    betweenness: dict[str, float]
    communities: list[Community]
    modularity: float
    neighbours: list[Neighbour]
    reach: dict[str, Reach]
    nih_share: float
    topic_nih_share: dict[str, float]
    coverage: Coverage
    structure: Structure
    nearest: int = NEIGHBOURS  #: how many nearest neighbours each topic was given
    #: The NIH share of listings per topic language (BCP 47 code), as the ``nih-share`` query gives it.
    nih_share_by_language: dict[str, float] = field(default_factory=dict)


def summary(typed: nx.Graph, topics: nx.Graph, results: Results) -> dict[str, int | float]:
    """The analysis in figures: what the graphs hold and what the metrics found (what ``kg analyze`` prints).

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_node("t", kind="topic", described=True)
        >>> found = Structure([("t",)], [], [])
        >>> results = Results(42, 1, {}, {}, {}, [], 0.0, [], {}, 0.0, {}, Coverage({}, {}, {}), found)
        >>> summary(typed, typed, results)["components"]
        1
    """
    kinds = Counter(kind for _, kind in typed.nodes(data="kind"))
    largest = len(results.structure.components[0]) if results.structure.components else 0
    return {
        "topics": sum(1 for t in nodes_of(typed, TOPIC) if typed.nodes[t].get("described")),
        "resources": kinds[RESOURCE],
        "publishers": kinds[PUBLISHER],
        "nodes": typed.number_of_nodes(),
        "edges": typed.number_of_edges(),
        "topic_links": topics.number_of_edges(),
        "communities": len(results.communities),
        "modularity": results.modularity,
        "components": len(results.structure.components),
        "largest_component": largest,
        "bridges": len(results.structure.bridges),
        "articulation_points": len(results.structure.articulation_points),
        "nih_share": results.nih_share,
        "pivots": results.pivots,
        "seed": results.seed,
    }
