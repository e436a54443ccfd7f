"""``kg analyze``: the analysis of a build (or any graph) into OUT, as a thin click command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.analysis import EXACT_UP_TO, PIVOTS, SEED, Analysis, analyze
from kg.build.layout import DEFAULT_OUT, open_build
from kg.cli.options import base_option, graph_option, out_option

__all__ = ["analyze_command", "summary_line", "echo"]


def summary_line(summary: dict[str, Any]) -> str:
    """The one-line summary ``kg analyze`` (and ``kg build``) print after the files.

    Example:
        >>> line = summary_line({"topics": 1, "resources": 40, "publishers": 12, "communities": 1, "modularity": 0.0,
        ...                  "components": 1, "bridges": 2, "articulation_points": 1, "nih_share": 0.65,
        ...                  "pivots": 55, "nodes": 55, "seed": 42})
        >>> line.split(", ")[-3:]
        ['articulation points: 1', 'NIH share: 65.0%', 'betweenness: exact']
    """
    betweenness = (
        "exact"
        if summary["pivots"] >= summary["nodes"]
        else f"sampled from {summary['pivots']:,} of {summary['nodes']:,} nodes (seed {summary['seed']})"
    )
    return (
        f"topics: {summary['topics']}, resources: {summary['resources']}, publishers: {summary['publishers']}, "
        f"communities: {summary['communities']} (modularity {summary['modularity']:.2f}), "
        f"components: {summary['components']}, bridges: {summary['bridges']}, "
        f"articulation points: {summary['articulation_points']}, NIH share: {summary['nih_share']:.1%}, "
        f"betweenness: {betweenness}"
    )


def echo(analysis: Analysis, timings: bool = False) -> None:
    """Print the files an analysis wrote and its summary (and, with ``timings``, seconds per stage)."""
    for path in analysis.files:
        click.echo(f"wrote {path}")
    click.echo(summary_line(analysis.summary))
    if timings:
        for stage, seconds in analysis.timings.items():
            click.echo(f"{stage}: {seconds:.2f} s", err=True)


@click.command("analyze")
@out_option(DEFAULT_OUT, "Output folder; also the build analysed when no --graph is given.", folders_only=True)
@graph_option("The graph to analyse", "the build in OUT")
@click.option("--seed", default=SEED, show_default=True, help="Seed of every random choice (sampling, Louvain).")
@click.option(
    "--pivots",
    default=PIVOTS,
    show_default=True,
    type=click.IntRange(min=1),
    help=f"Source nodes sampled for betweenness on graphs of more than {EXACT_UP_TO:,} nodes.",
)
@click.option("--timings", is_flag=True, help="Print the seconds each stage took (on stderr).")
@base_option("The base IRI of the graph; communities and similarities are minted under it.")
def analyze_command(
    out_dir: Path, graph: tuple[Path, ...], seed: int, pivots: int, timings: bool, base: str
) -> dict[str, Any]:
    """Analyse the graph with NetworkX: centralities, communities, similar topics, publisher reach,
    audience coverage and the topic graph's structure.

    Writes OUT/report.md (with charts in OUT/report/), OUT/metrics.csv, OUT/metrics.json and
    OUT/analysis.ttl (the analysis graph, which kg query reads with the build). Betweenness is
    sampled on large graphs; the same graph and seed give the same files.

    \b
    Example:
        kg analyze                                  # the build in out/
        kg analyze --graph data/ -o /tmp/analysis   # inputs built in memory
    """
    store = open_build(graph or None, out_dir, base, in_memory=True)  # in memory: the analysis is written into it
    analysis = analyze(store, out_dir, seed=seed, pivots=pivots)
    echo(analysis, timings)
    return {"summary": analysis.summary, "files": [str(path) for path in analysis.files]}
