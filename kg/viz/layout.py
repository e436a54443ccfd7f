"""Node positions computed before the page opens, so the page is drawn at once with physics off.

NetworkX's spring layout costs O(n²) a step (14 s for 2,000 nodes here), so it places only the
``core`` most central nodes of each connected component (with a link between two core nodes that
share a neighbour outside the core), their distances from the centre are evened out over a disc
sized for the whole component, and every other node goes on a small sunflower spiral around its
most central neighbour already placed, in breadth-first order. Components are laid out
on their own and packed in rows, largest first. Fixed seed: the same graph gives the same positions.

Example:
    >>> positions = layout(["a", "b", "c", "d"], [("a", "b"), ("a", "c")])
    >>> sorted(positions)
    ['a', 'b', 'c', 'd']
    >>> positions == layout(["a", "b", "c", "d"], [("a", "b"), ("a", "c")])
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

import networkx as nx

__all__ = ["layout", "separate", "CORE", "SPACING"]

#: The most nodes of one component laid out by NetworkX's spring layout.
CORE = 300
#: About the distance between neighbouring nodes, in the page's pixels.
SPACING = 60.0
#: Components this small keep the spring layout as it is (larger ones get their crowded middle evened out).
_SMALL = 30
_SEED = 7
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Point = tuple[float, float]


def layout(nodes: Sequence[str], links: Iterable[tuple[str, str]], core: int = CORE) -> dict[str, Point]:
    """Positions (pixels, rounded to 0.1) for ``nodes`` given most central first, linked by ``links``
    ((source, target) pairs; links to nodes not in ``nodes`` are ignored)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((s, t) for s, t in links if s in graph and t in graph and s != t)
    rank = {node: i for i, node in enumerate(nodes)}
    components = sorted(
        (sorted(component, key=rank.__getitem__) for component in nx.connected_components(graph)),
        key=lambda members: (-len(members), rank[members[0]]),
    )
    placed = [_component(graph.subgraph(members), members, core) for members in components]
    positions: dict[str, Point] = {}
    for offset, part in zip(_pack(placed), placed, strict=True):
        for node, (x, y) in part.items():
            positions[node] = (round((x + offset[0]) * SPACING, 1), round((y + offset[1]) * SPACING, 1))
    return positions


def _component(graph: nx.Graph, members: list[str], core: int) -> dict[str, Point]:
    """Positions of one connected component, ``members`` most central first, in units of node spacing."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    heart = members[:core]
    kernel = nx.Graph()
    kernel.add_nodes_from(heart)
    kernel.add_edges_from(graph.subgraph(heart).edges)
    if len(members) > core:
        inside = set(heart)
        order = {node: i for i, node in enumerate(members)}
        for node in members[core:]:
            linked = sorted((n for n in graph[node] if n in inside), key=order.__getitem__)[:3]
            kernel.add_edges_from(combinations(linked, 2))
    start = nx.spring_layout(kernel, seed=_SEED, iterations=60)
    if len(members) <= _SMALL:
        spread = 1.3 * math.sqrt(len(members))
        return {node: (float(x) * spread, float(y) * spread) for node, (x, y) in start.items()}
    positions = _even_out(start, radius=(1.0 if len(members) <= core else 0.6) * math.sqrt(len(members)))
    _place_around(graph, members, positions)
    return positions


def _even_out(positions: dict[str, Any], radius: float) -> dict[str, Point]:
    """The same directions from the centre, but distances spread evenly over a disc of ``radius``
    (the k-th nearest of n at ``radius·√((k+½)/n)``): no crowded middle, no node flung far out."""
    cx = sum(float(x) for x, _ in positions.values()) / len(positions)
    cy = sum(float(y) for _, y in positions.values()) / len(positions)
    offsets = {node: (float(x) - cx, float(y) - cy) for node, (x, y) in positions.items()}
    order = sorted(offsets, key=lambda node: (math.hypot(*offsets[node]), node))
    result = {}
    for k, node in enumerate(order):
        dx, dy = offsets[node]
        angle = math.atan2(dy, dx)
        distance = radius * math.sqrt((k + 0.5) / len(order))
        result[node] = (distance * math.cos(angle), distance * math.sin(angle))
    return result


def _place_around(graph: nx.Graph, members: list[str], positions: dict[str, Point]) -> None:
    """Put every unplaced node on a sunflower spiral around its most central placed neighbour."""
    order = {node: i for i, node in enumerate(members)}
    satellites: dict[str, int] = {}
    layer = [node for node in members if node in positions]
    while layer:
        candidates = {n for node in layer for n in graph[node] if n not in positions}
        layer = sorted(candidates, key=order.__getitem__)
        for node in layer:
            anchor = min((n for n in graph[node] if n in positions), key=order.__getitem__)
            count = satellites[anchor] = satellites.get(anchor, 0) + 1
            radius = 0.45 * math.sqrt(count + 1.5)
            angle = count * _GOLDEN_ANGLE + order[anchor]
            ax, ay = positions[anchor]
            positions[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))


def _pack(parts: list[dict[str, Point]]) -> list[Point]:
    """Offsets that set the parts' bounding boxes in rows (a margin of one spacing), biggest first,
    the rows about as wide as the whole is tall."""
    boxes = []
    for part in parts:
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + 1.5, max(ys) - min(ys) + 1.5))
    width = max(math.sqrt(sum(w * h for *_, w, h in boxes)), max((w for *_, w, _ in boxes), default=0))
    offsets, x, y, row = [], 0.0, 0.0, 0.0
    for left, top, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        offsets.append((x - left, y - top))
        x, row = x + w, max(row, h)
    return offsets


def separate(
    positions: dict[str, Point], radii: dict[str, float], gap: float = 4.0, passes: int = 40
) -> dict[str, Point]:
    """``positions`` moved apart until no two nodes are closer than the sum of their ``radii`` and
    ``gap`` (or ``passes`` have run), so that no node hides another or takes its clicks. Close
    pairs are found with SciPy's k-d tree; each pair is pushed apart along the line between them,
    half each (a fixed direction for two nodes on one spot). The same input gives the same output.

    Example:
        >>> moved = separate({"a": (0.0, 0.0), "b": (0.0, 0.0)}, {"a": 10.0, "b": 10.0})
        >>> round(abs(moved["a"][0] - moved["b"][0]) + abs(moved["a"][1] - moved["b"][1]), 1) >= 24
        True
    """
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(positions)
    if len(nodes) < 2:
        return dict(positions)
    at = np.array([positions[node] for node in nodes], dtype=float)
    radius = np.array([radii.get(node, 0.0) + gap / 2 for node in nodes])
    reach = 2 * float(radius.max())
    for _ in range(passes):
        pairs = cKDTree(at).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = at[j] - at[i]
        distance = np.hypot(delta[:, 0], delta[:, 1])
        wanted = radius[i] + radius[j]
        close = distance < wanted
        if not close.any():
            break
        i, j, delta, distance, wanted = i[close], j[close], delta[close], distance[close], wanted[close]
        same = distance < 1e-6
        angle = (i[same] * 7 + j[same] * 13) * 0.618
        delta[same] = np.column_stack([np.cos(angle), np.sin(angle)])
        distance[same] = 1.0
        push = ((wanted - distance) / distance * 0.5 + 1e-3)[:, None] * delta
        np.add.at(at, i, -push)
        np.add.at(at, j, push)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, at, strict=True)}
