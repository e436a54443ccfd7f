"""The analysts' interactive HTML graph: one self-contained, offline page per view.

    >>> import kg.viz
    >>> from kg.store import Store
    >>> from pathlib import Path
    >>> import kg
    >>> page = kg.viz.render(kg.load([Path("data")]), "topic", topic="Genes and Gene Therapy", depth=1)
    >>> page.title, page.nodes, page.edges
    ('Neighbourhood of Genes and Gene Therapy', 46, 56)

In Jupyter, a :class:`~kg.viz.html.Page` displays itself inline (a sandboxed iframe);
``page.write(path)`` writes the file. pyvis and NetworkX are imported on first use, so importing
:mod:`kg.viz` (and starting the ``kg`` command) stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.store import Store
from kg.viz.data import GraphData, StoredAnalysis
from kg.viz.views import DEFAULT_MAX_NODES, VIEWS, View, select

if TYPE_CHECKING:
    from kg.viz.html import Page

__all__ = ["VIEWS", "DEFAULT_MAX_NODES", "Page", "View", "GraphData", "StoredAnalysis", "render", "select"]


def render(
    store: Store | GraphData,
    view: str = "explore",
    *,
    topic: str | None = None,
    depth: int = 2,
    group: str | None = None,
    top: int = 100,
    max_nodes: int = DEFAULT_MAX_NODES,
    language: str = "en",
) -> Page:
    """The page of ``view`` (one of :data:`VIEWS`) for ``store`` (or its :class:`GraphData`, read once
    and reused across views): ``graph``, ``topic`` (needs ``topic``; ``depth`` links around it),
    ``topic-map``, ``publishers``, ``group`` (needs ``group``) or ``top`` (the ``top`` most central
    nodes). No view draws more than ``max_nodes`` nodes; labels start in ``language``.

    Raises:
        QueryError: an unknown view, topic or group, a missing ``topic``/``group``, or a bad count.
    """
    from kg.viz.html import render_view

    data = store if isinstance(store, GraphData) else GraphData(store)
    if view == "explore":
        from kg.viz.explore import render_explorer

        return render_explorer(data, topic=topic, language=language)
    chosen = select(data, view, topic=topic, depth=depth, group=group, top=top, max_nodes=max_nodes)
    return render_view(chosen, data, language=language)


def __getattr__(name: str) -> Any:
    """``Page`` is imported on first use (with pyvis)."""
    if name == "Page":
        from kg.viz.html import Page

        return Page
    raise AttributeError(f"module 'kg.viz' has no attribute {name!r}")
