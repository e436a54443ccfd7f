"""``kg push``: load the build into a SPARQL server (:mod:`kg.store.remote`)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import base_option, graph_option
from kg.store.remote import push

__all__ = ["push_command"]


@click.command("push")
@click.option(
    "--endpoint", required=True, metavar="URL", help="The server's Graph Store Protocol URL, or its base URL."
)
@click.option(
    "--named-graph",
    metavar="IRI",
    help="The named graph to replace with the data. Default: kg's data graph, <BASE>graph/data.",
)
@click.option(
    "--query-endpoint", metavar="URL", help="The server's SPARQL query URL, to read the counts back (default: found)."
)
@graph_option("The graph to send", "out/")
@base_option("The base IRI of the data (names the graphs).")
def push_command(
    endpoint: str, named_graph: str | None, query_endpoint: str | None, graph: tuple[Path, ...], base: str
) -> dict[str, object]:
    """Load the build into a SPARQL server: its data, analysis and ontology, each replacing its own
    named graph in one request (Graph Store Protocol PUT), so the server's readers see a graph's
    old version or its new one, never a mix; then check that the server holds every triple sent.

    \b
    Example:
        kg push --endpoint http://localhost:7878                # Oxigraph server (its base URL)
        kg push --endpoint http://localhost:8890/sparql-graph-crud   # Virtuoso
        kg query publishers --endpoint http://localhost:7878/query
    """
    result = push(endpoint, graph or None, base=base, named_graph=named_graph, query_endpoint=query_endpoint)
    for pushed in result.graphs:
        click.echo(f"replaced <{pushed.graph}> at {result.store} ({pushed.triples:,} triples, {pushed.bytes:,} "
                   f"bytes; the server holds {pushed.stored:,})")  # fmt: skip
    click.echo(f"pushed {len(result.graphs)} graphs in {result.seconds:.1f} s")
    return {"store": result.store, "graphs": [vars(g) for g in result.graphs]}
