"""The explorer: one self-contained, offline page that carries the whole graph and shows it a few
nodes at a time (search, focus, expand, layouts, filters, paths, export; see ``assets/explore.js``).

The page holds the compact index of every node and link (:mod:`kg.viz.index`), vis-network as
pyvis ships it, and kg's scripts, all inline, under a Content Security Policy that allows no
request. It opens on the most central topics, or on ``topic`` and its nearest neighbours.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> from kg.viz.data import GraphData
    >>> import kg
    >>> page = render_explorer(GraphData(kg.load([Path("data/genesandgenetherapy.txt")])))
    >>> page.view, page.nodes, page.edges, "<script src" in page.html
    ('explore', 71, 130, False)
"""

from __future__ import annotations

from typing import Any

from kg.viz.data import GraphData
from kg.viz.html import ASSETS, EDGE_OPTIONS, Page, script_json, template_env, vis_assets
from kg.viz.index import LINK_RELATIONS, build_index
from kg.viz.style import DIM_COLOUR, KIND_STYLES, RELATION_STYLES

__all__ = ["render_explorer", "START_TOPICS", "LAYOUTS"]

#: How many of the most central topics the explorer opens on (without a topic).
START_TOPICS = 30
#: The layouts the page offers.
LAYOUTS = ("force", "radial", "hierarchical")
_HINT = (
    "Click a node for its details, metrics and neighbours; double-click to expand it; search any name in "
    "English or Spanish. Back and Forward step through what you did."
)


def render_explorer(
    data: GraphData, *, topic: str | None = None, language: str = "en", start: int = START_TOPICS
) -> Page:
    """The explorer of everything in ``data``, opening on ``topic`` (a title, URL, IRI or page name:
    focused, with its most central neighbours) or else on the ``start`` most central topics in
    ``language``; labels in ``language``.

    Raises:
        QueryError: no topic has the name ``topic``.
    """
    focus_iri = data.find_topic(topic) if topic else None
    index = build_index(data)
    number = {iri: i for i, iri in enumerate(index.iris)}
    topics = [i for i, kind in enumerate(index.kinds) if kind == "topic"]
    topics = [i for i in topics if index.iris[i] in data.read_topics] or topics  # not related-topic stubs
    in_language = [i for i in topics if index.languages[i] == language] or topics
    first = [number[focus_iri]] if focus_iri else in_language[:start]
    measure = (
        "PageRank (from kg analyze)" if data.analysis.pagerank else "number of links (run kg analyze for PageRank)"
    )
    title = (
        f"Explorer: {index.label(number[focus_iri], language)}"
        if focus_iri
        else f"Explorer: {len(index.iris):,} nodes, {len(index.links):,} links"
    )
    counts = {kind: index.kinds.count(kind) for kind in KIND_STYLES}
    notes = [
        "The whole graph is in this file ("
        + ", ".join(f"{counts[k]:,} {KIND_STYLES[k].label.lower()}s" for k in KIND_STYLES if counts[k])
        + "); the page shows a part of it at a time.",
        "Opened on "
        + ("this topic and its most central neighbours." if focus_iri else f"the {len(first):,} most central topics."),
        f"Node size: {measure}.",
    ]
    payload: dict[str, Any] = {
        **index.payload(data.store.base),
        "start": first,
        "focus": number[focus_iri] if focus_iri else -1,
        "language": language,
        "layout": "radial" if focus_iri else "force",
        "notes": notes,
        "hint": _HINT,
        "styles": {
            "kinds": {k: {"label": s.label, "colour": s.colour, "shape": s.shape} for k, s in KIND_STYLES.items()},
            "relations": {
                r: {"label": s.label, "colour": s.colour, "dashes": s.dashes, "arrow": s.arrow and r not in _UNDIRECTED}
                for r, s in RELATION_STYLES.items()
                if r in LINK_RELATIONS
            },
            "dim": DIM_COLOUR,
        },
        "options": _options(),
    }
    vis_script, vis_style = vis_assets()
    html = (
        template_env()
        .get_template("explore.html")
        .render(
            title=title,
            vis_style=vis_style,
            vis_script=vis_script,
            kg_style=(ASSETS / "viz.css").read_text(encoding="utf-8")
            + (ASSETS / "explore.css").read_text(encoding="utf-8"),
            labels_script=(ASSETS / "labels.js").read_text(encoding="utf-8"),
            kg_script=(ASSETS / "explore.js").read_text(encoding="utf-8"),
            data=_DATA_SLOT,
        )
    )
    # the data (90 MB of JSON at 20,000 topics) goes in after Jinja, which would copy it twice more;
    # at the last slot: a title could hold the slot's text, the page's own scripts after it cannot
    head, _, tail = html.rpartition(_DATA_SLOT)
    html = "".join((head, script_json(payload), tail))
    return Page(html, "explore", title, len(index.iris), len(index.links))


_UNDIRECTED = frozenset({"related", "translation", "similar"})
#: Where the page's data goes in the rendered template: a text no template or asset holds.
_DATA_SLOT = "\x00kg-data\x00"


def _options() -> dict[str, Any]:
    """vis-network's options: physics off but for the force-directed layout (forceAtlas2 with
    overlap avoidance, run to stability on demand), straight links, tooltips as text."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "springLength": 110,
                "centralGravity": 0.012,
                "avoidOverlap": 0.8,
            },
            "stabilization": {"enabled": False},
            "minVelocity": 1.5,
        },
        "interaction": {
            "hover": False,
            "tooltipDelay": 150,
            "keyboard": False,
            "navigationButtons": False,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "size": 12},
            "scaling": {"label": {"drawThreshold": 3}},
        },
        "edges": EDGE_OPTIONS,
    }
