"""``kg viz``: write one view of the graph as a self-contained, offline HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.build import DEFAULT_OUT, load_build
from kg.options import graph_option
from kg.viz.views import DEFAULT_MAX_NODES, VIEWS

__all__ = ["viz_command", "default_output"]


def default_output(view: str) -> Path:
    """Where a view goes unless ``-o`` says: ``out/graph.html`` for the whole graph, else ``out/<view>.html``.

    Example:
        >>> str(default_output("topic-map"))
        'out/topic-map.html'
    """
    return DEFAULT_OUT / ("graph.html" if view == "graph" else f"{view}.html")


@click.command("viz")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    help="What to draw: the whole graph, a topic's neighbourhood, the topic map, the publisher network, "
    "a topic group, or the top nodes by centrality. Default: topic with --topic, group with --group, "
    "top with --top, else graph.",
)
@click.option("--topic", metavar="NAME", help="The topic of the topic view: a title, URL, IRI or page name.")
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

    Node colour and shape show the kind, size the PageRank from `kg analyze` (else the number of
    links); click a node for its details and neighbours; search, filter by kind, publisher,
    audience, section and language, switch labels between English and Spanish.

    \b
    Example:
        kg viz                                        # out/graph.html
        kg viz --topic "Genes and Gene Therapy" --depth 2
        kg viz --view topic-map -o topic-map.html
    """
    from kg.viz import render  # imported here: pyvis and NetworkX are only needed by this command

    chosen = view or ("topic" if topic else "group" if group else "top" if top else "graph")
    if chosen == "topic" and not topic:
        raise click.UsageError("the topic view needs --topic NAME")
    if chosen == "group" and not group:
        raise click.UsageError("the group view needs --group NAME")
    page = render(
        load_build(graph),
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
