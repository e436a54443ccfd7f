"""How the page draws each kind of node and each relation: colours (Okabe–Ito, safe for colour-blind
readers), shapes, legend labels, and the palette for communities.

Example:
    >>> KIND_STYLES["publisher"].shape
    'diamond'
    >>> RELATION_STYLES["related"].dashes
    True
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "KindStyle",
    "RelationStyle",
    "KIND_STYLES",
    "RELATION_STYLES",
    "PALETTE",
    "OTHER_COLOUR",
    "DIM_COLOUR",
    "group_colour",
]


class KindStyle(NamedTuple):
    """How a kind of node is drawn and named in the legend."""

    label: str
    colour: str
    shape: str


class RelationStyle(NamedTuple):
    """How a relation is drawn and named in the legend."""

    label: str
    colour: str
    dashes: bool = False
    arrow: bool = True


KIND_STYLES = {
    "topic": KindStyle("Health topic", "#0072B2", "dot"),
    "resource": KindStyle("Resource", "#E69F00", "square"),
    "publisher": KindStyle("Publisher", "#009E73", "diamond"),
    "audience": KindStyle("Audience", "#CC79A7", "triangle"),
    "section": KindStyle("Section", "#56B4E9", "triangleDown"),
    "group": KindStyle("Topic group", "#D55E00", "hexagon"),
}

RELATION_STYLES = {
    "lists": RelationStyle("lists (topic → resource)", "#9DB4C8"),
    "encyclopedia": RelationStyle("encyclopedia article", "#C7A0D8"),
    "listed under": RelationStyle("listed under (section)", "#A6D5F0"),
    "published by": RelationStyle("published by", "#7FCDB2"),
    "for audience": RelationStyle("for audience", "#E6AFCF"),
    "related": RelationStyle("related topic", "#0072B2", dashes=True, arrow=False),
    "translation": RelationStyle("translation", "#F0B64A", dashes=True, arrow=False),
    "in group": RelationStyle("in topic group", "#EDA37A"),
    "primary institute": RelationStyle("primary NIH institute", "#2F8F6F"),
    "broader": RelationStyle("broader audience", "#A05A8A"),
    "similar": RelationStyle("similar topics", "#8A9BAE", arrow=False),
    "shares topics": RelationStyle("share topics", "#8A9BAE", arrow=False),
    "through": RelationStyle("neighbours in common", "#B3BCC6", arrow=False),
}

#: Colours for communities and other groupings, in order (then :func:`group_colour` makes more).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#8C6D31",
    "#7B4173",
    "#3182BD",
    "#B5CF6B",
    "#E7969C",
    "#636363",
)
OTHER_COLOUR = "#BBBBBB"


def group_colour(index: int) -> str:
    """The colour of the ``index``-th group: the palette's, then hues a golden angle apart.

    Example:
        >>> group_colour(0), group_colour(12)
        ('#0072B2', 'hsl(0,55%,40%)')
    """
    if index < len(PALETTE):
        return PALETTE[index]
    return f"hsl({round((index - len(PALETTE)) * 137.508) % 360},55%,{48 if index % 2 else 40}%)"


#: Nodes and links outside a clicked node's neighbourhood.
DIM_COLOUR = "rgba(190,190,190,0.35)"
