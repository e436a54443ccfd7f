"""The ``kg`` command line: thin commands over the library; errors become one line and exit 1.

Exit codes: 0 success; 1 a kg error (bad input, bad query, a graph that does not conform,
an output that cannot be written, a failed download); 2 a usage error (unknown option, missing
argument). ``kg diff`` follows ``diff``: 0 equal, 1 different, 2 trouble.

Every command takes ``--quiet`` (print nothing but errors) and ``--json`` (print one JSON summary
on stdout: what the command returned, such as counts and files written, and its seconds).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from kg.build.layout import DEFAULT_INPUT, DEFAULT_OUT, GRAPH_FILE, RELEASES_DIR, load, open_build
from kg.build.pipeline import build
from kg.cli.analyze import analyze_command
from kg.cli.options import base_option, engine_option, graph_option, out_option
from kg.cli.push import push_command
from kg.cli.serve import serve_command
from kg.cli.viz import viz_command
from kg.errors import KgError
from kg.mapping.iris import DEFAULT_BASE
from kg.mapping.prefixes import prefixes
from kg.outputs import names as output_names
from kg.outputs import output
from kg.outputs.export import export, serialize
from kg.query import NamedQuery, library, resolve
from kg.query.bounds import check_query
from kg.query.results import FORMATS as RESULT_FORMATS
from kg.query.results import Table
from kg.query.run import run_written
from kg.query.written import Written
from kg.store.engines import QueryResult

__all__ = ["main"]


class _Group(click.Group):
    """A command group that turns every :class:`KgError` into one clear line and exit code 1, and
    gives every command ``--quiet`` and ``--json`` (see the module docstring)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise click.ClickException(str(error)) from None

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _automate(cmd)
        super().add_command(cmd, name)


def _automate(command: click.Command) -> None:
    """Add ``--quiet`` and ``--json`` to ``command``: its callback may return a summary dict (an
    ``exit_code`` in it sets the exit status); ``--json`` prints it, with the seconds it took."""
    if command.callback is None or any(p.name == "json_summary" for p in command.params):
        return
    command.params += [
        click.Option(["-q", "--quiet"], is_flag=True, help="Print nothing but errors."),
        click.Option(["--json", "json_summary"], is_flag=True, help="Print a JSON summary on stdout instead."),
    ]
    callback = command.callback

    @functools.wraps(callback)
    def run(*args: Any, quiet: bool, json_summary: bool, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        ctx.meta["kg.quiet"] = quiet or json_summary
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) if quiet or json_summary else contextlib.nullcontext():
            summary = dict(callback(*args, **kwargs) or {})
        exit_code = summary.pop("exit_code", 0)
        if json_summary:
            summary = {"command": command.name, **summary, "seconds": round(time.perf_counter() - start, 3)}
            click.echo(json.dumps(summary, ensure_ascii=False, default=str))
        if exit_code:
            ctx.exit(exit_code)
        return summary

    command.callback = run


def _quiet() -> bool:
    """True when the running command was told ``--quiet`` or ``--json`` (no progress bars then)."""
    return bool(click.get_current_context().meta.get("kg.quiet"))


_graph_option = graph_option("The graph to use")
_base_option = base_option("The base IRI under which kg mints topic, resource and publisher IRIs.")


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
@out_option(DEFAULT_OUT, "Output folder.")
@_base_option
@click.option(
    "--release",
    is_flag=False,
    flag_value="auto",
    default=None,
    metavar="[DATE]",
    help="Also write OUT/releases/DATE.ttl, a named graph of its own when loaded (DATE defaults to the "
    "inputs' date-generated).",
)
@click.option("--keep-going", is_flag=True, help="Build from the good inputs, report each bad one, and exit 1.")
@click.option(
    "--workers",
    type=click.IntRange(1, 2),
    default=None,
    help="Processes for the graph: 1, or 2 (default for inputs over 2 MB on a machine with a second core).",
)
@click.option(
    "--store/--no-store", default=True, show_default=True, help="Also write OUT/store/, the on-disk store queries open."
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Then analyse the graph as `kg analyze` does: OUT/report.md, metrics.csv, metrics.json, analysis.ttl.",
)
@click.option(
    "--viz/--no-viz",
    default=True,
    show_default=True,
    help="Then write the explorer as `kg viz` does: OUT/graph.html (after the analysis, sized by PageRank).",
)
def build_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    base: str,
    release: str | None,
    keep_going: bool,
    workers: int | None,
    store: bool,
    analyze: bool,
    viz: bool,
) -> dict[str, Any]:
    """Build the graph from page dumps and XML files and write OUT/graph.ttl.

    INPUTS are files or folders (default: data/). The build is one transaction: all of its files
    replace the previous build's together, and a failed build leaves the previous one as it was.

    \b
    Example:
        kg build data/ -o out/
    """
    progress = False if _quiet() else None
    result = build(
        inputs or (DEFAULT_INPUT,),
        out_dir,
        base,
        progress=progress,
        release=release,
        keep_going=keep_going,
        workers=workers,
        store=store,
        analyze=analyze,
        viz=viz,
    )
    for error in result.skipped:
        click.echo(f"skipped {error}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    analysed = set(result.analysis.files) if result.analysis else set()
    graph = [path for path in result.files if path.name == GRAPH_FILE or path.parent.name == RELEASES_DIR]
    for path in graph:
        click.echo(f"wrote {path}")
    click.echo(", ".join(f"{name}: {value}" for name, value in result.summary.items()))
    if result.analysis is not None:
        from kg.cli.analyze import echo as echo_analysis

        echo_analysis(result.analysis)
    for path in result.files:
        if path not in analysed and path not in graph:
            click.echo(f"wrote {path}")
    skipped = [str(error) for error in result.skipped]
    return {
        "counts": result.summary,
        "files": [str(p) for p in result.files],
        "skipped": skipped,
        "stages": result.seconds,
        "exit_code": int(bool(skipped)),
    }


@main.command("fetch")
@out_option(DEFAULT_INPUT, "Folder to download into.", folders_only=True)
@click.option(
    "--base-url",
    default="https://medlineplus.gov/",
    show_default=True,
    help="Where MedlinePlus (its xml.html page) lives.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
@click.option("--keep-old", is_flag=True, help="Keep older mplus_topics_*.xml files in OUT (default: remove them).")
def fetch_command(out_dir: Path, base_url: str, progress: bool | None, keep_old: bool) -> dict[str, Any]:
    """Download the newest MedlinePlus health-topics XML into OUT (default: data/).

    Finds the file on MedlinePlus's XML page (the zip when it is listed, then unpacked), resumes an
    interrupted download, skips a file that is already there, and removes older health-topics files
    from OUT (so that `kg build OUT` reads only the newest).

    \b
    Example:
        kg fetch && kg build
    """
    from kg.sources.fetch import fetch  # imported here: only this command needs HTTP

    result = fetch(out_dir, base_url, progress=False if _quiet() else progress, keep_old=keep_old)
    if result.downloaded:
        click.echo(f"downloaded {result.url} ({result.transferred:,} bytes)")
        click.echo(f"wrote {result.path}")
    else:
        click.echo(f"{result.path} is up to date ({result.url})")
    for path in result.removed:
        click.echo(f"removed {path} (older)")
    return {
        "url": result.url,
        "downloaded": result.downloaded,
        "bytes": result.transferred,
        "files": [str(result.path)],
        "removed": [str(path) for path in result.removed],
    }


class _DiffTrouble(click.ClickException):
    """kg diff's trouble (a missing or broken input): exit code 2, as diff's."""

    exit_code = 2


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--patch", type=click.Path(path_type=Path), help="Write the triple-level change as an RDF Patch.")
@click.option("--added", type=click.Path(path_type=Path), help="Write the added triples as N-Triples.")
@click.option("--removed", type=click.Path(path_type=Path), help="Write the removed triples as N-Triples.")
def diff_command(
    old: Path, new: Path, fmt: str, patch: Path | None, added: Path | None, removed: Path | None
) -> dict[str, Any]:
    """Compare two builds (folders) or graph files: topics, resources and publishers added,
    removed, changed or renamed, resources moved between sections, summaries edited.

    Exit code 0 when the graphs are equal, 1 when they differ, 2 on trouble, as diff's.

    \b
    Example:
        kg diff yesterday/ out/ --patch changes.rdfp
    """
    from kg.outputs.diff import diff, write_changes

    try:
        result = diff(load([old]), load([new]))
        write_changes(result, patch=patch, added=added, removed=removed)
    except KgError as error:
        raise _DiffTrouble(str(error)) from None
    click.echo(result.to_json() if fmt == "json" else result.to_text(), nl=False)
    return {"equal": result.equal, "counts": result.counts(), "exit_code": 0 if result.equal else 1}


@main.command("export")
@click.option("-f", "--format", "fmt", type=click.Choice(output_names()), default=None, help="[default: turtle]")
@click.option(
    "--canonical", is_flag=True, help="Sorted N-Triples (unless --format turtle: sorted subjects), for diffs."
)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(path_type=Path),
    help="File to write (default: out/graph.<suffix>; '-' for stdout).",
)
@_graph_option
def export_command(fmt: str | None, canonical: bool, target: Path | None, graph: tuple[Path, ...]) -> dict[str, Any]:
    """Export the graph (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads), its VoID description, or the
    typed graph (GraphML, GEXF); gzipped when FILE ends in .gz.

    Every format is written in a fixed order with a fixed prefix table, so two builds of the same
    input give the same bytes; --canonical picks sorted N-Triples, the form that diffs best.

    \b
    Example:
        kg export --canonical -o graph.nt.gz
        kg export --format jsonld -o graph.jsonld
    """
    fmt = fmt or ("nt" if canonical else "turtle")
    if canonical and fmt not in ("nt", "turtle"):
        raise click.UsageError("--canonical writes N-Triples or Turtle")
    store = open_build(graph)
    if target is not None and str(target) == "-":
        # the data is the output asked for, so --quiet does not hide it
        stream = getattr(sys.stdout, "buffer", None) or sys.__stdout__.buffer  # type: ignore[union-attr]
        stream.write(serialize(store, fmt))
        return {"format": fmt, "files": ["-"]}
    target = target or DEFAULT_OUT / f"graph{output(fmt).suffix}"
    written = export(store, fmt, target)
    click.echo(f"wrote {target}")
    return {"format": fmt, "files": [str(target)], "bytes": written}


@main.command("validate")
@_graph_option
def validate_command(graph: tuple[Path, ...]) -> dict[str, Any]:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl; exit 1 if it does not conform.

    The data graph is checked with the analysis graph (out/analysis.ttl, `kg analyze`) when there is one.

    \b
    Example:
        kg validate --graph out/graph.ttl
    """
    from kg.rdf.shacl import validate  # imported here: pySHACL is slow to import

    store = open_build(graph)
    checked = store.data()
    checked += store.data("analysis")  # empty without an analysis
    report = validate(checked)
    if not report.conforms:
        click.echo(report.text, err=True)
        raise click.ClickException(f"the graph does not conform to the SHACL shapes ({report.violations} violations)")
    click.echo("the graph conforms to the SHACL shapes")
    return {"conforms": True, "violations": 0}


@main.command("queries")
def queries_command() -> dict[str, Any]:
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
    return {"queries": sorted(library())}


@main.command("query")
@click.argument("name", required=False)
@click.option("-e", "--expression", help="An ad-hoc SPARQL query instead of a name or file.")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the named query (repeatable)."
)
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True)
@_graph_option
@click.option("--endpoint", metavar="URL", help="Run the query at this SPARQL endpoint instead (see `kg push`).")
@click.option(
    "--named-graph",
    metavar="IRI",
    help="With --endpoint: the graph queried as the default graph (default: the data, analysis and ontology "
    "graphs `kg push` writes; '' for the server's own default graph).",
)
@engine_option()
def query_command(
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str,
    graph: tuple[Path, ...],
    endpoint: str | None,
    named_graph: str | None,
    engine: str,
) -> dict[str, Any]:
    """Run a named query, a .rq file, or an ad-hoc query (-e) and print the rows.

    The last build is read from its on-disk store (out/store/); --endpoint runs the query at a
    SPARQL server instead.

    \b
    Example:
        kg query topic-resources --param topic="Genes and Gene Therapy" --format csv
        kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        kg query publishers --endpoint http://localhost:7878/query
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
    check_query(query.render(values), name or "-e")  # before any engine parses it
    result: Written | QueryResult
    if endpoint:
        from kg.store.remote import build_graphs
        from kg.store.remote import query as remote_query

        default_graph = build_graphs() if named_graph is None else named_graph or None
        result = remote_query(endpoint, query.render(values), default_graph=default_graph)
        base = DEFAULT_BASE
    else:
        store = open_build(graph, engine=engine)
        result = run_written(store, query, values, fmt, source=name)  # CSV, TSV and JSON by Oxigraph's writer
        base = store.base
    if isinstance(result, Written):
        click.echo(result.data, nl=False)
        return {"columns": result.columns, "rows": result.rows}
    if isinstance(result, Table):
        click.echo(result.render(fmt, prefixes(base)), nl=False)
        return {"columns": result.columns, "rows": len(result.cells())}
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return {"answer": result}
    click.echo(result.serialize(format="turtle"), nl=False)
    return {"triples": len(result)}


main.add_command(serve_command)
main.add_command(push_command)
main.add_command(analyze_command, "analyze")
main.add_command(viz_command, "viz")
if __name__ == "__main__":  # pragma: no cover
    main()
