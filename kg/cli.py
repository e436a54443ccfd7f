"""The ``kg`` command line: thin commands over the library; errors become one line and exit 1.

Exit codes: 0 success; 1 a kg error (bad input, bad query, a graph that does not conform,
an output that cannot be written); 2 a usage error (unknown option, missing argument).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kg.build import DEFAULT_INPUT, DEFAULT_OUT, build, load_build
from kg.errors import KgError
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import serialize
from kg.files import write_atomic
from kg.mapping.iris import DEFAULT_BASE
from kg.query import NamedQuery, library, resolve
from kg.query.results import FORMATS as RESULT_FORMATS
from kg.query.results import Table
from kg.store import prefixes

__all__ = ["main"]


class _Group(click.Group):
    """A command group that turns every :class:`KgError` into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise click.ClickException(str(error)) from None


_graph_option = click.option(
    "--graph",
    "graph",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The graph to use: an RDF file, a build folder, or MedlinePlus inputs to build in memory "
    "(repeatable). Default: the last build in out/.",
)
_base_option = click.option(
    "--base",
    default=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE),
    show_default=f"$KG_BASE_IRI or {DEFAULT_BASE}",
    help="The base IRI under which kg mints topic, resource and publisher IRIs.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-medlineplus")
def main() -> None:
    """kg: MedlinePlus health topics as an RDF knowledge graph.

    \b
    Example:
        kg build                         # data/ -> out/graph.ttl
        kg query publishers --format csv
    """


@main.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default=DEFAULT_OUT,
    type=click.Path(path_type=Path),
    show_default=True,
    help="Output folder.",
)
@_base_option
def build_command(inputs: tuple[Path, ...], out_dir: Path, base: str) -> None:
    """Build the graph from page dumps and XML files and write OUT/graph.ttl.

    INPUTS are files or folders (default: data/). The output is replaced atomically: a failed
    build leaves the previous one in place.

    \b
    Example:
        kg build data/ -o out/
    """
    result = build(inputs or (DEFAULT_INPUT,), out_dir, base)
    for path in result.files:
        click.echo(f"wrote {path}")
    click.echo(", ".join(f"{name}: {value}" for name, value in result.summary.items()))


@main.command("fetch")
@click.option(
    "-o",
    "--out",
    "out_dir",
    default=DEFAULT_INPUT,
    type=click.Path(path_type=Path, file_okay=False),
    show_default=True,
    help="Folder to download into.",
)
@click.option(
    "--base-url",
    default="https://medlineplus.gov/",
    show_default=True,
    help="Where MedlinePlus (its xml.html page) lives.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
def fetch_command(out_dir: Path, base_url: str, progress: bool | None) -> None:
    """Download the newest MedlinePlus health-topics XML into OUT (default: data/).

    Finds the file on MedlinePlus's XML page (the zip when it is listed, then unpacked), resumes an
    interrupted download, and skips a file that is already there.

    \b
    Example:
        kg fetch && kg build
    """
    from kg.fetch import fetch  # imported here: only this command needs HTTP

    result = fetch(out_dir, base_url, progress=progress)
    if result.downloaded:
        click.echo(f"downloaded {result.url} ({result.transferred:,} bytes)")
        click.echo(f"wrote {result.path}")
    else:
        click.echo(f"{result.path} is up to date ({result.url})")


@main.command("export")
@click.option("-f", "--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: out/graph.<suffix>; '-' for stdout).",
)
@_graph_option
def export_command(fmt: str, output: Path | None, graph: tuple[Path, ...]) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, RDF/XML or TriG.

    \b
    Example:
        kg export --format nt -o graph.nt
    """
    data = serialize(load_build(graph), fmt)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    target = output or DEFAULT_OUT / f"graph{EXPORT_FORMATS[fmt].suffix}"
    write_atomic(target, data)
    click.echo(f"wrote {target}")


@main.command("validate")
@_graph_option
def validate_command(graph: tuple[Path, ...]) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl; exit 1 if it does not conform.

    \b
    Example:
        kg validate --graph out/graph.ttl
    """
    from kg.shacl import validate  # imported here: pySHACL is slow to import

    report = validate(load_build(graph).data())
    if not report.conforms:
        click.echo(report.text, err=True)
        raise click.ClickException(f"the graph does not conform to the SHACL shapes ({report.violations} violations)")
    click.echo("the graph conforms to the SHACL shapes")


@main.command("queries")
def queries_command() -> None:
    """List the named queries, their parameters and what they return.

    \b
    Example:
        kg queries
    """
    for query in library().values():
        params = " ".join(
            f"[--param {p.name}={p.default}]" if not p.required else f"--param {p.name}=…" for p in query.params
        )
        click.echo(f"{query.name}  {params}".rstrip())
        click.echo(f"    {query.title}: {query.description}")
        for param in query.params:
            click.echo(f"    {param.name}: {param.description}")


@main.command("query")
@click.argument("name", required=False)
@click.option("-e", "--expression", help="An ad-hoc SPARQL query instead of a name or file.")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the named query (repeatable)."
)
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@_graph_option
def query_command(
    name: str | None, expression: str | None, params: tuple[str, ...], fmt: str, graph: tuple[Path, ...]
) -> None:
    """Run a named query, a .rq file, or an ad-hoc query (-e) and print the rows.

    \b
    Example:
        kg query topic-resources --param topic="Genes and Gene Therapy" --format csv
        kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    if (name is None) == (expression is None):
        raise click.UsageError("give a query NAME or FILE, or -e 'SPARQL' (one of them)")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param takes KEY=VALUE, not {item!r}")
        values[key.strip()] = value
    query = resolve(name) if name else NamedQuery.from_text("ad-hoc", expression or "")
    store = load_build(graph).with_ontology()
    result = store.query(query.render(values))
    if isinstance(result, Table):
        click.echo(result.render(fmt, prefixes(store.base)), nl=False)
    elif isinstance(result, bool):
        click.echo("true" if result else "false")
    else:
        click.echo(result.serialize(format="turtle"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
