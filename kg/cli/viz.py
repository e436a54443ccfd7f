"""``kg viz``: write one view of the graph as a self-contained, offline HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.build.layout import DEFAULT_OUT, HTML_FILE, open_build
from kg.cli.options import graph_option
from kg.viz.views import DEFAULT_MAX_NODES, VIEWS

__all__ = ["viz_command", "default_output"]


def default_output(view: str) -> Path:
    """Where a view goes unless ``-o`` says: ``out/graph.html`` for the explorer (what ``kg build``
    writes), ``out/whole-graph.html`` for the graph view, else ``out/<view>.html``.

    Example:
        >>> str(default_output("topic-map")), str(default_output("explore"))
        ('out/topic-map.html', 'out/graph.html')
    """
    return DEFAULT_OUT / {"explore": HTML_FILE, "graph": "whole-graph.html"}.get(view, f"{view}.html")


@click.command("viz")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    help="What to draw: the explorer (the whole graph in the page, opening on --topic or the most central "
    "topics), the whole graph (its most central --max-nodes), a topic's neighbourhood, the topic map, the "
    "publisher network, a topic group, or the top nodes by centrality. Default: group with --group, top "
    "with --top, else explore.",
)
@click.option(
    "--topic",
    metavar="NAME",
    help="The topic the explorer opens on, or of the topic view: a title, URL, IRI or page name.",
)
@click.option("--depth", type=click.IntRange(0), default=2, show_default=True, help="Links around the topic.")
@click.option("--group", metavar="NAME", help="The topic group of the group view: a title, URL or IRI.")
@click.option("--top", type=click.IntRange(1), help="How many nodes the top view draws.  [default: 100]")
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="The most nodes any view draws (the most central are kept).",
)
@click.option("--language", type=click.Choice(["en", "es"]), default="en", show_default=True, help="Labels at first.")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: out/graph.html or out/VIEW.html)."
)
@graph_option("The graph to draw (a build folder brings its analysis.ttl)")
def viz_command(
    view: str | None,
    topic: str | None,
    depth: int,
    group: str | None,
    top: int | None,
    max_nodes: int,
    language: str,
    output: Path | None,
    graph: tuple[Path, ...],
) -> dict[str, Any]:
    """Write an interactive HTML view of the graph: one file, works offline.

    The explorer (the default) carries the whole graph: search any name in English or Spanish,
    expand a node's neighbours, lay out, filter by kind, publisher, audience, section, group,
    community, PageRank and links, find paths, export PNG, CSV and GraphML. The fixed views draw
    one selection. Node colour and shape show the kind, size the PageRank from `kg analyze`.

    \b
    Example:
        kg viz                                        # the explorer: out/graph.html
        kg viz --topic "Genes and Gene Therapy"       # the explorer, opening on a topic
        kg viz --view topic --topic "Genes and Gene Therapy" --depth 2
        kg viz --view topic-map -o topic-map.html
    """
    from kg.viz import render  # imported here: pyvis and NetworkX are only needed by this command

    chosen = view or ("group" if group else "top" if top else "explore")
    if chosen == "topic" and not topic:
        raise click.UsageError("the topic view needs --topic NAME")
    if chosen == "group" and not group:
        raise click.UsageError("the group view needs --group NAME")
    page = render(
        open_build(graph),
        chosen,
        topic=topic,
        depth=depth,
        group=group,
        top=top or 100,
        max_nodes=max_nodes,
        language=language,
    )
    target = page.write(output or default_output(chosen))
    size = target.stat().st_size
    click.echo(f"wrote {target} ({page.title}: {page.nodes:,} nodes, {page.edges:,} links, {size / 1e6:.1f} MB)")
    return {"file": str(target), "view": chosen, "title": page.title, "nodes": page.nodes, "links": page.edges}
