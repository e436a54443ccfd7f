"""The views: which nodes and links each HTML page shows, chosen so that each stays readable at scale.

``graph`` is the whole graph (the most central ``max_nodes`` when it is larger); ``topic`` a
topic's neighbourhood; ``topic-map`` the topics linked by similarity and coloured by community;
``publishers`` the publishers linked by the topics they share; ``group`` a topic group's topics;
``top`` the most central nodes.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> data = GraphData(kg.load([Path("data")]))
    >>> view = select(data, "topic", topic="Genes and Gene Therapy", depth=1)
    >>> view.title, len(view.nodes), len(view.links)
    ('Neighbourhood of Genes and Gene Therapy', 46, 56)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from kg.errors import QueryError
from kg.viz.data import KINDS, RELATIONS, GraphData, Link

__all__ = ["VIEWS", "DEFAULT_MAX_NODES", "View", "select"]

#: The views, in the order ``kg viz --help`` lists them.
VIEWS = ("explore", "graph", "topic", "topic-map", "publishers", "group", "top")
#: The most nodes a view draws unless told otherwise. Headless Chromium draws the whole-graph view
#: of 5,000 nodes in under 3 s on a 2-core machine (``benchmarks/bench_viz.py``); 4,000 leaves room.
DEFAULT_MAX_NODES = 4000
_SEED = 7


@dataclass
class View:
    """What one page shows.

    Parameters:
        name: the view (one of :data:`VIEWS`).
        title: the page's heading.
        nodes: the IRIs drawn, most central first.
        links: the links drawn, sorted.
        notes: lines shown under the title (what the sizes mean, what was left out).
        colour_groups: when the view colours by something other than kind (a community, NIH or
            not): node -> group key; ``group_labels`` names each key, in legend order.
        group_labels: group key -> its label.
        focus: the node the view is about (a topic view's topic, a group view's group), marked on the page.
    """

    name: str
    title: str
    nodes: list[str]
    links: list[Link]
    notes: list[str] = field(default_factory=list)
    colour_groups: dict[str, str] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)
    focus: str = ""


def select(
    data: GraphData,
    view: str = "graph",
    *,
    topic: str | None = None,
    depth: int = 2,
    group: str | None = None,
    top: int = 100,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """The view ``view`` of ``data`` (see the module's docstring).

    Raises:
        QueryError: an unknown view, a missing or unknown ``topic`` or ``group``, or a count below 1.
    """
    if max_nodes < 1 or top < 1 or depth < 0:
        raise QueryError("--max-nodes and --top must be at least 1, and --depth at least 0")
    if view == "graph":
        return graph_view(data, max_nodes)
    if view == "explore":
        raise QueryError("the explorer is no fixed selection: render it with kg.viz.render(store, 'explore')")
    if view == "topic":
        if not topic:
            raise QueryError("the topic view needs a topic: --topic NAME (a title, URL or IRI)")
        return topic_view(data, data.find_topic(topic), depth, max_nodes)
    if view == "topic-map":
        return topic_map_view(data, max_nodes)
    if view == "publishers":
        return publisher_view(data, max_nodes)
    if view == "group":
        if not group:
            raise QueryError("the group view needs a topic group: --group NAME (a title, URL or IRI)")
        return group_view(data, data.find_group(group), max_nodes)
    if view == "top":
        return top_view(data, min(top, max_nodes))
    raise QueryError(f"no view named {view!r} (the views are {', '.join(VIEWS)})")


def _size_note(data: GraphData) -> str:
    if data.analysis.pagerank:
        return "Node size: PageRank (from kg analyze)."
    return "Node size: number of links (run kg analyze for PageRank)."


def _cap(data: GraphData, nodes: Iterable[str], max_nodes: int, notes: list[str], what: str = "nodes") -> list[str]:
    """``nodes`` most central first, cut to ``max_nodes`` (saying so in ``notes``)."""
    ranked = data.ranked(nodes)
    if len(ranked) > max_nodes:
        notes.append(f"Showing the {max_nodes:,} most central of {len(ranked):,} {what} (--max-nodes).")
        return ranked[:max_nodes]
    return ranked


def graph_view(data: GraphData, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """Every topic, resource, publisher, audience, section and group, and every link between them
    (the most central ``max_nodes`` and their links when the graph is larger: the title counts each
    kind drawn of all, and a note says how many links were left out)."""
    notes = [_size_note(data)]
    nodes = _cap(data, data.kinds, max_nodes, notes)
    counts = Counter(data.kinds[n] for n in nodes)
    totals = data.count_kinds()
    summary = (
        ", ".join(
            f"{counts[k]:,} {k}s" if counts[k] == totals[k] else f"{counts[k]:,} of {totals[k]:,} {k}s"
            for k in KINDS
            if totals[k]
        )
        or "empty"
    )
    links = data.links(nodes)
    if len(nodes) < len(data.kinds):
        every = sum(len(data.pairs(relation)) for relation in RELATIONS)
        notes.append(
            f"{every - len(links):,} of {every:,} links are left out with those nodes; the explorer "
            "(kg viz --view explore) holds them all."
        )
    return View("graph", f"Knowledge graph: {summary}", nodes, links, notes)


def topic_view(data: GraphData, topic: str, depth: int = 2, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """``topic`` and what lies within ``depth`` links of it (the nearest layers first; when a layer
    does not fit in ``max_nodes``, its most central nodes)."""
    notes = [_size_note(data)]
    neighbours = data.neighbours
    seen = {topic}
    layer = [topic]
    for distance in range(1, depth + 1):
        candidates = {n for node in layer for n in neighbours.get(node, ()) if n not in seen}
        layer = data.ranked(candidates)
        room = max_nodes - len(seen)
        if len(layer) > room:
            notes.append(f"At {distance} links: the {room:,} most central of {len(layer):,} nodes (--max-nodes).")
            layer = layer[:room]
        seen.update(layer)
        if not layer:
            break
    label = data.entity(topic).label()
    title = f"Neighbourhood of {label}" + (f" ({depth} links)" if depth != 1 else "")
    nodes = data.ranked(seen)
    notes.append(f"{label} is ringed in black.")
    return View("topic", title, nodes, data.links(nodes), notes, focus=topic)


def topic_similarities(data: GraphData, neighbours: int = 5) -> tuple[list[Link], str]:
    """Links between similar topics and a note saying where they come from: ``kg analyze``'s
    similarities (each topic's ``neighbours`` nearest), else the Jaccard index of the resources two
    topics list, computed here (each topic's ``neighbours`` most similar topics)."""
    if data.analysis.similarities:
        stored: dict[tuple[str, str], Link] = {}
        for a, b, by_resources, by_publishers, rank in data.analysis.similarities:
            if a in data.kinds and b in data.kinds and a != b and rank <= neighbours:
                key = (min(a, b), max(a, b))
                note = f"resource Jaccard {by_resources:.2f}, publisher Jaccard {by_publishers:.2f}"
                stored.setdefault(key, Link(*key, "similar", round(max(by_resources, by_publishers), 4), note))
        return sorted(stored.values()), "Similarity: kg analyze (each topic's nearest topics)."
    resources = data.targets("lists")
    listed_by = data.sources("lists")
    best: set[tuple[str, str]] = set()
    weights: dict[tuple[str, str], float] = {}
    for topic, own in resources.items():
        shared = Counter(other for resource in own for other in listed_by[resource] if other != topic)
        scored = sorted(
            ((count / (len(own) + len(resources[other]) - count), other) for other, count in shared.items()),
            key=lambda item: (-item[0], item[1]),
        )
        for jaccard, other in scored[:neighbours]:
            key = (min(topic, other), max(topic, other))
            best.add(key)
            weights[key] = round(jaccard, 4)
    links = [Link(a, b, "similar", weights[a, b], f"resource Jaccard {weights[a, b]:.2f}") for a, b in sorted(best)]
    return links, "Similarity: shared resources (Jaccard), computed here; kg analyze stores richer similarities."


def communities(data: GraphData, topics: list[str], links: list[Link]) -> tuple[dict[str, str], dict[str, str]]:
    """Topic -> community key and key -> label: ``kg analyze``'s communities, else Louvain
    communities of the similarity links (fixed seed), numbered by size."""
    if data.analysis.community:
        found = {t: data.analysis.community[t] for t in topics if t in data.analysis.community}
        sizes = Counter(found.values())
        keys = sorted(sizes, key=lambda key: (-sizes[key], key))
        labels = {key: data.analysis.community_labels.get(key) or f"community {i}" for i, key in enumerate(keys, 1)}
        return found, labels
    import networkx as nx  # imported here: the CLI starts without NetworkX

    graph = nx.Graph()
    graph.add_nodes_from(topics)
    graph.add_weighted_edges_from((link.source, link.target, link.weight) for link in links)
    found_sets = nx.community.louvain_communities(graph, weight="weight", seed=_SEED)
    ordered = sorted((data.ranked(c) for c in found_sets if len(c) > 1), key=lambda c: (-len(c), c[0]))
    found = {topic: f"c{i}" for i, members in enumerate(ordered, 1) for topic in members}
    return found, {f"c{i}": f"around {data.entity(members[0]).label()}" for i, members in enumerate(ordered, 1)}


def topic_map_view(data: GraphData, max_nodes: int = DEFAULT_MAX_NODES, neighbours: int = 5) -> View:
    """The topics read from the inputs, each linked to its most similar topics, coloured by community."""
    links, similarity_note = topic_similarities(data, neighbours)
    notes = [_size_note(data), similarity_note]
    topics = data.read_topics or {iri for iri, kind in data.kinds.items() if kind == "topic"}
    nodes = _cap(data, topics, max_nodes, notes, "topics")
    kept = set(nodes)
    links = [link for link in links if link.source in kept and link.target in kept]
    groups, labels = communities(data, nodes, links)
    if not data.analysis.community:
        notes.append("Colour: Louvain communities of the similarity links, computed here (kg analyze stores them).")
    else:
        notes.append("Colour: communities from kg analyze.")
    return View("topic-map", f"Topic map: {len(nodes):,} topics", nodes, links, notes, groups, labels)


def publisher_view(data: GraphData, max_nodes: int = DEFAULT_MAX_NODES, partners: int = 5) -> View:
    """The publishers, each linked to the ``partners`` publishers it shares the most topics with."""
    topics_of: dict[str, set[str]] = defaultdict(set)
    listed_by = data.sources("lists")
    for resource, publisher in data.pairs("published by"):
        topics_of[publisher].update(listed_by.get(resource, ()))
    publishers_of: dict[str, set[str]] = defaultdict(set)
    for publisher, topics in topics_of.items():
        for topic in topics:
            publishers_of[topic].add(publisher)
    shared: Counter[tuple[str, str]] = Counter()
    for members in publishers_of.values():
        shared.update(combinations(sorted(members), 2))
    notes = [_size_note(data)]
    nodes = _cap(data, topics_of, max_nodes, notes, "publishers")
    kept = set(nodes)
    strongest: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), count in shared.items():
        if a in kept and b in kept:
            strongest[a].append((count, b))
            strongest[b].append((count, a))
    chosen = set()
    for publisher, counted in strongest.items():
        for _, other in sorted(counted, key=lambda item: (-item[0], item[1]))[:partners]:
            chosen.add((min(publisher, other), max(publisher, other)))
    links = [Link(a, b, "shares topics", shared[a, b], f"{shared[a, b]:,} topics in common") for a, b in sorted(chosen)]
    notes.append(f"Links: the {partners} publishers each shares the most topics with.")
    groups = {p: "nih" if data.entity(p).nih else "other" for p in nodes}
    labels = {"nih": "part of NIH", "other": "not part of NIH"}
    return View("publishers", f"Publisher network: {len(nodes):,} publishers", nodes, links, notes, groups, labels)


def group_view(data: GraphData, group: str, max_nodes: int = DEFAULT_MAX_NODES) -> View:
    """A topic group, its topics, the links between them and the other groups those topics are in."""
    topics = data.sources("in group").get(group, [])
    in_group = data.targets("in group")
    others = {g for topic in topics for g in in_group.get(topic, ())} - {group}
    notes = [_size_note(data)]
    nodes = [group, *_cap(data, [*topics, *others], max_nodes - 1, notes)]
    links = data.links(nodes, ("in group", "related", "translation"))
    kept = set(nodes)
    similar, _ = topic_similarities(data) if data.analysis.similarities else ([], "")
    links += [link for link in similar if link.source in kept and link.target in kept]
    drawn = sum(1 for node in nodes if data.kinds[node] == "topic")
    shown_others = sum(1 for node in nodes[1:] if data.kinds[node] == "group")
    title = f"Topic group {data.entity(group).label()}: " + (
        f"{drawn:,} topics" if drawn == len(topics) else f"{drawn:,} of {len(topics):,} topics"
    )
    if shown_others:
        title += f" and {shown_others:,} other groups they are in"
    return View("group", title, nodes, sorted(links), notes, focus=group)


def top_view(data: GraphData, top: int = 100, partners: int = 5) -> View:
    """The most central nodes: the ``top // 2`` most central topics (topics read from the inputs)
    and the most central other nodes to make ``top`` (on a large graph, publishers, sections and
    resources outrank every topic), the links between them, and for each node a link to the
    ``partners`` others it shares the most neighbours with (publisher and section, say, through the
    resources of one listed under the other)."""
    measure = "PageRank" if data.analysis.pagerank else "number of links"
    topics = data.read_topics or {iri for iri, kind in data.kinds.items() if kind == "topic"}
    ranked_topics = data.ranked(topics)[: max(top // 2, 1)]
    others = [iri for iri in data.ranked(data.kinds) if iri not in topics][: top - len(ranked_topics)]
    nodes = data.ranked([*ranked_topics, *others])
    counts = Counter(data.kinds[n] for n in nodes)
    notes = [
        _size_note(data),
        f"The {len(ranked_topics):,} topics with the highest {measure} (of {len(topics):,}) and the "
        f"{len(others):,} other nodes with the highest (of {len(data.kinds) - len(topics):,}): "
        + ", ".join(f"{counts[k]:,} {k}s" for k in KINDS if counts[k])
        + ".",
    ]
    links = data.links(nodes)
    direct = {(min(link.source, link.target), max(link.source, link.target)) for link in links}
    keep = set(nodes)
    shared: Counter[tuple[str, str]] = Counter()
    for node, near in data.neighbours.items():
        if node not in keep:
            shared.update(combinations(sorted(n for n in near if n in keep), 2))
    strongest: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), count in shared.items():
        if (a, b) not in direct:
            strongest[a].append((count, b))
            strongest[b].append((count, a))
    chosen = set()
    for node, counted in strongest.items():
        for _, other in sorted(counted, key=lambda item: (-item[0], item[1]))[:partners]:
            chosen.add((min(node, other), max(node, other)))
    links += [Link(a, b, "through", shared[a, b], f"{shared[a, b]:,} neighbours in common") for a, b in chosen]
    notes.append(f"Grey links: the {partners} nodes each shares the most neighbours with, outside the top {top:,}.")
    title = f"Top {len(nodes):,} by {measure}: {len(ranked_topics):,} topics and {len(others):,} other nodes"
    return View("top", title, nodes, sorted(links), notes)
