"""Command-line options several commands share: the output folder, which graph to read, the base
IRI, the SPARQL engine.

Example:
    >>> import click
    >>> @click.command()
    ... @graph_option("The graph to read")
    ... def show(graph):
    ...     pass
    >>> [p.name for p in show.params]
    ['graph']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.store.engines import DEFAULT_ENGINE, ENGINES

__all__ = ["out_option", "graph_option", "base_option", "engine_option"]


def out_option(default: Path, purpose: str, *, folders_only: bool = False) -> Callable[[Any], Any]:
    """``-o/--out``: the folder a command writes to (``folders_only``: click refuses a file)."""
    return click.option(
        "-o",
        "--out",
        "out_dir",
        default=default,
        type=click.Path(path_type=Path, file_okay=not folders_only),
        show_default=True,
        help=purpose,
    )


def graph_option(purpose: str, default: str = "the last build in out/") -> Callable[[Any], Any]:
    """``--graph`` (repeatable): an RDF file, a build folder, or MedlinePlus inputs built in memory."""
    return click.option(
        "--graph",
        "graph",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"{purpose}: an RDF file, a build folder, or MedlinePlus inputs to build in memory "
        f"(repeatable). Default: {default}.",
    )


def base_option(purpose: str) -> Callable[[Any], Any]:
    """``--base``: the base IRI of the data, from ``$KG_BASE_IRI`` unless given; one that is not a
    valid base IRI is a one-line error before anything is read."""
    return click.option(
        "--base",
        default=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE),
        show_default=f"$KG_BASE_IRI or {DEFAULT_BASE}",
        help=purpose,
        callback=_check_base,
    )


def _check_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        Iris(value)
    except ValueError as error:
        raise click.ClickException(f"--base (or $KG_BASE_IRI): {error}") from None
    return value


def engine_option() -> Callable[[Any], Any]:
    """``--engine``: Oxigraph (kg's) or rdflib's own SPARQL engine."""
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=DEFAULT_ENGINE,
        show_default=True,
        help="The SPARQL engine: Oxigraph, or rdflib's own (slower; for comparison).",
    )
