"""One self-contained HTML page per view: pyvis's network model and its vis-network build, inlined.

pyvis holds the nodes, edges and options and ships vis-network; its own templates link CDNs
(Bootstrap, and vis-network itself unless ``in_line``) and put tooltips into ``innerHTML``, so kg
renders the network with its own template (``assets/page.html``): vis-network's script and style,
kg's script and style, and the view's data as JSON, all inline. The page sets a Content Security
Policy that allows no request at all. Every string from the data reaches the page as JSON text and
is shown with ``textContent`` (vis-network's tooltips use ``innerText``), so markup in a title is
shown, never run.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> from kg.viz.data import GraphData
    >>> from kg.viz.views import select
    >>> import kg
    >>> data = GraphData(kg.load([Path("data")]))
    >>> page = render_view(select(data, "graph"), data)
    >>> page.nodes, page.edges, "cdn" in page.html.lower(), "<script src" in page.html
    (386, 870, False, False)
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from kg.files import write_atomic
from kg.viz.data import FACETS, SYMMETRIC, Entity, GraphData
from kg.viz.layout import layout, separate
from kg.viz.style import DIM_COLOUR, KIND_STYLES, OTHER_COLOUR, RELATION_STYLES, group_colour
from kg.viz.views import View

__all__ = ["ASSETS", "Page", "render_view", "script_json", "template_env", "vis_assets"]

#: The page templates, scripts and styles.
ASSETS = Path(__file__).parent / "assets"
#: Which facets apply to which kinds (a filter never hides a node whose kind it does not apply to).
_FACET_KINDS = {
    "publisher": {"topic", "resource", "publisher"},
    "audience": {"topic", "resource", "audience", "section"},
    "section": {"topic", "resource", "section"},
    "language": {"topic", "resource"},
}
_LABEL_LENGTH = 40
_MIN_SIZE, _MAX_SIZE = 7.0, 38.0
#: Above this many links, no arrows (they cost a fifth of the drawing), and vis-network hides the
#: links while the view is dragged or zoomed.
_MANY_EDGES = 3000
#: Views of more nodes than this read every entity in bulk first.
_BULK = 400


@dataclass(frozen=True)
class Page:
    """A rendered view: the HTML, and what it draws. Displays inline in Jupyter.

    Parameters:
        html: the page, one self-contained file.
        view: the view's name.
        title: the page's heading.
        nodes: how many nodes it draws.
        edges: how many links it draws.
    """

    html: str = field(repr=False)  # a few MB: the repr (the notebooks' text output) says what it draws
    view: str
    title: str
    nodes: int
    edges: int

    def write(self, path: Path) -> Path:
        """Write the page to ``path`` atomically; returns ``path``.

        Raises:
            OutputError: the file cannot be written.
        """
        write_atomic(path, self.html.encode("utf-8"))
        return path

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe (scripts and popups allowed, nothing else), for Jupyter."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="{html.escape(self.title)}" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'style="width:100%;height:720px;border:1px solid #ddd"></iframe>'
        )


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as pyvis ships them (the newest build it has). The
    stylesheet's rules that carry images (navigation and editing buttons, which kg does not show)
    are left out: they are 200 kB of data URIs."""
    lib = resources.files("pyvis") / "templates" / "lib"
    builds = sorted(
        (entry for entry in lib.iterdir() if entry.name.startswith("vis-")),
        key=lambda entry: [int(part) for part in re.findall(r"\d+", entry.name)],
    )
    build = builds[-1]
    script = (build / "vis-network.min.js").read_text(encoding="utf-8")
    style = re.sub(r"[^{}]*\{[^{}]*url\([^{}]*\}", "", (build / "vis-network.css").read_text(encoding="utf-8"))
    return script, style


@cache
def template_env() -> Environment:
    """The Jinja environment of the page templates (HTML autoescaped)."""
    return Environment(loader=FileSystemLoader(ASSETS), autoescape=select_autoescape(["html"]))


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element (``<``, ``>`` and ``&`` escaped).

    Example:
        >>> script_json({"t": "</script><img src=x>"})
        '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_LENGTH else label[: _LABEL_LENGTH - 1].rstrip() + "…"


def _sizes(view: View, data: GraphData) -> dict[str, float]:
    """Node size from its score (PageRank or share of links), on a square-root scale within the view."""
    values = {node: data.score(node) for node in view.nodes}
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    spread = (high - low) or 1.0
    return {
        node: round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt((value - low) / spread), 1)
        for node, value in values.items()
    }


def _widths(view: View) -> dict[tuple[str, str, str], float]:
    """Link width from its weight, 1 to 5, for the relations that have weights."""
    weighted = [link for link in view.links if link.relation in ("similar", "shares topics", "through")]
    if not weighted:
        return {}
    low = min(link.weight for link in weighted)
    spread = (max(link.weight for link in weighted) - low) or 1.0
    return {link[:3]: round(1 + 4 * math.sqrt((link.weight - low) / spread), 2) for link in weighted}


def _metrics(iri: str, data: GraphData) -> list[list[str]]:
    analysis = data.analysis
    rows = []
    if iri in analysis.pagerank:
        rows.append(["PageRank", f"{analysis.pagerank[iri]:.6g}"])
    if analysis and (betweenness := analysis.metric(iri, "betweenness")) is not None:
        rows.append(["Betweenness", f"{betweenness:.6g}"])
    degree = analysis.metric(iri, "degree") if analysis else None
    if degree is None:
        degree = data.degree.get(iri)
    if degree is not None:
        rows.append(["Links", f"{degree:,.0f}"])
    if iri in analysis.community:
        community = analysis.community[iri]
        rows.append(["Community", analysis.community_labels.get(community, community.rsplit("/", 1)[-1])])
    return rows


_LANGUAGES = {"en": "English", "es": "Español"}


def _tooltip(label: str, entity: Entity, facets: dict[str, list[str]], metrics: list[list[str]], published: int) -> str:
    """The hover text: plain text, one fact a line (vis-network shows it with ``innerText``): the
    kind and language, publishers, sections and audiences, what a publisher publishes, the metrics
    and the web page."""
    kind = entity.kind
    first = KIND_STYLES[kind].label + (f" · {entity.detail}" if entity.detail else "")
    if entity.language:
        first += f" · {_LANGUAGES.get(entity.language, entity.language)}"
    lines = [label, first]
    for facet, name in (("publisher", "Publisher"), ("section", "Section"), ("audience", "Audience")):
        values = facets.get(facet, [])
        if values and kind != facet:
            shown = "; ".join(values[:3]) + (f"; … ({len(values)} in all)" if len(values) > 3 else "")
            lines.append(f"{name}: {shown}")
    if kind == "publisher":
        nih = "" if entity.nih is None else (" · part of NIH" if entity.nih else " · not part of NIH")
        lines.append(f"Publishes {published:,} resources{nih}")
    if metrics:
        lines.append(" · ".join(f"{name}: {value}" for name, value in metrics))
    if entity.url:
        lines.append(entity.url)
    return "\n".join(lines)


def render_view(view: View, data: GraphData, *, language: str = "en") -> Page:
    """The page drawing ``view`` (whose attributes come from ``data``), labels in ``language``."""
    if len(view.nodes) > _BULK:
        data.all_entities()  # a few queries for every entity beat one per node drawn
    facets = _facet_values(view, data)
    nodes = _nodes(view, data, facets, language)
    edges = _edges(view)
    network = Network(height="100%", width="100%", directed=True, heading=view.title, cdn_resources="in_line")
    # pyvis's lists are set directly: add_node and add_edge test membership in lists, O(n²) in all.
    network.nodes, network.edges = nodes, edges
    network.node_ids = [node["id"] for node in nodes]
    network.node_map = {node["id"]: node for node in nodes}
    network.options = _options(len(edges))
    nodes, edges, heading, _, _, options = network.get_network_data()
    payload = {
        "title": heading,
        "view": view.name,
        "notes": view.notes,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        **_legend(view, nodes, edges),
        "facets": {
            facet: [[data.label_of(value, facet), i] for value, i in values.items()] for facet, values in facets.items()
        },
        "languages": sorted({tag for node in nodes for tag in node["kg"]["labels"]} & {"en", "es"}) or ["en"],
        "focus": view.nodes.index(view.focus) if view.focus in view.nodes else -1,
        "language": language,
        "dim": DIM_COLOUR,
        "other": OTHER_COLOUR,
    }
    vis_script, vis_style = vis_assets()
    page = (
        template_env()
        .get_template("page.html")
        .render(
            title=heading,
            vis_style=vis_style,
            vis_script=vis_script,
            kg_style=(ASSETS / "viz.css").read_text(encoding="utf-8"),
            labels_script=(ASSETS / "labels.js").read_text(encoding="utf-8"),
            kg_script=(ASSETS / "viz.js").read_text(encoding="utf-8"),
            data=script_json(payload),
        )
    )
    return Page(page, view.name, heading, len(nodes), len(edges))


def _facet_values(view: View, data: GraphData) -> dict[str, dict[str, int]]:
    """Facet -> each value some node of the view has -> its number, in the order of the values' labels."""
    found: dict[str, set[str]] = {facet: set() for facet in FACETS}
    for iri in view.nodes:
        for facet, values in data.facets(iri).items():
            found[facet] |= values
    return {
        facet: {v: i for i, v in enumerate(sorted(values, key=lambda v: (data.label_of(v, facet).casefold(), v)))}
        for facet, values in found.items()
    }


def _nodes(view: View, data: GraphData, facets: dict[str, dict[str, int]], language: str) -> list[dict[str, Any]]:
    """vis-network's node objects, with kg's own data for the page under ``kg``."""
    sizes = _sizes(view, data)
    radii = {iri: size + (6.0 if iri == view.focus else 2.0) for iri, size in sizes.items()}
    positions = separate(layout(view.nodes, [(link.source, link.target) for link in view.links]), radii)
    published = data.sources("published by")
    colours = {key: group_colour(i) for i, key in enumerate(view.group_labels)}
    nodes = []
    for number, iri in enumerate(view.nodes):
        entity = data.entity(iri)
        style = KIND_STYLES[entity.kind]
        group = view.colour_groups.get(iri, "")
        values = data.facets(iri)
        names = {f: sorted(data.label_of(v, f) for v in values[f]) for f in ("publisher", "section", "audience")}
        x, y = positions[iri]
        metrics = _metrics(iri, data)
        colour = colours.get(group, OTHER_COLOUR) if view.group_labels else style.colour
        focused = iri == view.focus
        nodes.append(
            {
                "id": number,
                "label": _short(entity.label(language)),
                "title": _tooltip(entity.label(language), entity, names, metrics, len(published.get(iri, ()))),
                "shape": style.shape,
                "color": {"background": colour, "border": "#111111"} if focused else colour,
                "borderWidth": 4 if focused else 1,
                "size": sizes[iri],
                "font": {"size": round(9 + sizes[iri] * 0.5)},
                "x": x,
                "y": y,
                "kg": {
                    "language": entity.language,
                    "degree": len(data.neighbours.get(iri, ())),
                    "iri": iri,
                    "kind": entity.kind,
                    "detail": entity.detail,
                    "url": entity.url if entity.url.startswith(("https://", "http://")) else "",
                    "labels": entity.labels or {"": entity.label()},
                    "group": group,
                    "f": {f: sorted(facets[f][v] for v in values[f]) for f in FACETS if entity.kind in _FACET_KINDS[f]},
                    "metrics": metrics,
                },
            }
        )
    return nodes


def _edges(view: View) -> list[dict[str, Any]]:
    """vis-network's edge objects: colour, dashes and arrow by relation, width by weight."""
    ids = {iri: i for i, iri in enumerate(view.nodes)}
    widths = _widths(view)
    arrows = len(view.links) <= _MANY_EDGES
    edges = []
    for number, link in enumerate(view.links):
        style = RELATION_STYLES[link.relation]
        edge: dict[str, Any] = {
            "id": number,
            "from": ids[link.source],
            "to": ids[link.target],
            "color": style.colour,
            "title": style.label.split(" (")[0] + (f": {link.note}" if link.note else ""),
            "rel": link.relation,
        }
        if style.dashes:
            edge["dashes"] = True
        if arrows and style.arrow and link.relation not in SYMMETRIC:
            edge["arrows"] = "to"
        if link[:3] in widths:
            edge["width"] = widths[link[:3]]
        edges.append(edge)
    return edges


def _legend(view: View, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The legend's entries: the kinds of node drawn, the colour groups, the relations, with counts."""
    kinds = Counter(node["kg"]["kind"] for node in nodes)
    groups = Counter(node["kg"]["group"] for node in nodes)
    relations = Counter(edge["rel"] for edge in edges)
    return {
        "kinds": [
            {"key": k, "label": s.label, "colour": s.colour, "shape": s.shape, "count": kinds[k]}
            for k, s in KIND_STYLES.items()
            if kinds[k]
        ],
        "groups": [
            {"key": key, "label": label, "colour": group_colour(i), "count": groups[key]}
            for i, (key, label) in enumerate(view.group_labels.items())
        ],
        "relations": [
            {"key": r, "label": s.label, "colour": s.colour, "dashes": s.dashes, "count": relations[r]}
            for r, s in RELATION_STYLES.items()
            if relations[r]
        ],
    }


#: vis-network's options for links, the same in every page: straight, thin, arrows small.
EDGE_OPTIONS: dict[str, Any] = {
    "smooth": False,
    "width": 1,
    "selectionWidth": 2,
    "color": {"inherit": False},
    "arrows": {"to": {"scaleFactor": 0.4}},
}


def _options(edges: int) -> dict[str, Any]:
    """vis-network's options: positions as given and physics off (a toggle turns it on), straight
    links, labels drawn only when large enough to read."""
    many = edges > _MANY_EDGES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 90, "avoidOverlap": 0.2},
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": False,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": many,
            "hideEdgesOnZoom": many,
            "keyboard": False,
            "navigationButtons": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": EDGE_OPTIONS,
    }
