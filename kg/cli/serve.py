"""``kg serve``: the command that starts the SPARQL endpoint and query page (registered by :mod:`kg.cli`)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from kg.cli.options import base_option, engine_option, graph_option

__all__ = ["serve_command"]


@click.command("serve")
@graph_option("The graph to serve", "out/")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port.")
@engine_option()
@click.option(
    "--workers", default=8, show_default=True, type=click.IntRange(1, 64), help="Queries run at once (a process each)."
)
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Seconds a query may run.")
@click.option(
    "--memory", default=1024, show_default=True, type=click.IntRange(64), metavar="MB", help="Memory a query may use."
)
@click.option(
    "--max-rows", default=100_000, show_default=True, type=click.IntRange(1), help="Rows (or triples) an answer holds."
)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (refused with 403 otherwise).")
@click.option(
    "--cors", "cors", multiple=True, metavar="ORIGIN", help="Allow cross-origin requests from ORIGIN ('*': any)."
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="PREFIX",
    help="Let queries call SERVICE endpoints whose IRI starts with PREFIX (repeatable; default: none).",
)
@click.option(
    "--allow-host",
    "allow_host",
    multiple=True,
    metavar="NAME",
    help="Answer requests for this Host name too (repeatable; default: the loopback names).",
)
@base_option("The base IRI of the data: IRIs under it are served as pages.")
def serve_command(
    graph: tuple[Path, ...],
    host: str,
    port: int,
    engine: str,
    workers: int,
    timeout: float,
    memory: int,
    max_rows: int,
    allow_update: bool,
    cors: tuple[str, ...],
    allow_service: tuple[str, ...],
    allow_host: tuple[str, ...],
    base: str,
) -> None:
    """Serve the graph: a SPARQL 1.1 endpoint at /sparql, a query page at /, and a page for every
    topic, resource and publisher IRI (HTML, or Turtle/JSON-LD by Accept).

    Safe by default: listens on 127.0.0.1 only and answers only the loopback host names (no DNS
    rebinding), refuses SPARQL Update, calls no SERVICE endpoint, stops a query after the timeout
    or past its memory, cuts answers at --max-rows (the X-SPARQL-MaxRows header says so), times
    out slow clients, no CORS.

    \b
    Example:
        kg serve --port 8000             # then open http://127.0.0.1:8000/
        curl -H 'Accept: text/csv' http://127.0.0.1:8000/queries/publishers
        kg serve --allow-service https://query.wikidata.org/sparql   # federated queries to Wikidata only
    """
    import uvicorn  # imported here: only this command serves HTTP

    from kg.server import LOOPBACK_HOSTS, Settings, StoreConfig, WorkerPool, create_app, server_config

    if not _loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    hosts = (*LOOPBACK_HOSTS, *allow_host) if _loopback(host) else ((host, *allow_host) if allow_host else None)
    config = StoreConfig.of({"graph": graph, "base": base, "engine": engine, "memory_mb": memory})
    with WorkerPool(config, workers=workers, timeout=timeout) as pool:
        info = pool.start()
        settings = Settings(base=base, allow_update=allow_update, max_rows=max_rows, cors_origins=list(cors),
                            allow_service=allow_service, allowed_hosts=hosts)  # fmt: skip
        click.echo(
            f"serving {info['triples']:,} triples ({engine}) at http://{host}:{port}/  (SPARQL: /sparql; Ctrl-C stops)"
        )
        uvicorn.Server(server_config(create_app(pool, settings), host, port)).run()


def _loopback(host: str) -> bool:
    """True when ``host`` is a loopback address (or ``localhost``)."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
