"""Remote triple stores: push the graph to a SPARQL server and query it there.

``push`` sends the graph with the SPARQL 1.1 Graph Store Protocol: one ``PUT`` replaces the named
graph, which the server applies in one transaction, so its readers see the old graph or the new
one, never half of each. ``query`` sends a query with the SPARQL 1.1 Protocol, naming that graph
as the query's default graph (``default-graph-uri``), and reads the answer back as kg's
:class:`~kg.query.results.Table`. Both work with Oxigraph server, Apache Jena Fuseki and GraphDB
(QLever answers queries; it loads data with its own index builder).

Example:
    >>> data_graph("https://w3id.org/kg-medlineplus/id/")
    'https://w3id.org/kg-medlineplus/id/graph/data'
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError, QueryError
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.options import base_option, graph_option
from kg.query.results import Table

__all__ = ["RemoteError", "PushResult", "data_graph", "push", "query", "push_command"]

_CHUNK = 1 << 20
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


class RemoteError(KgError):
    """A remote SPARQL server that cannot be reached or refuses a request (with its own message)."""


def data_graph(base: str = DEFAULT_BASE) -> str:
    """The named graph ``kg push`` writes and ``kg query --endpoint`` reads by default: kg's data graph."""
    return Iris(base).graph("data")


@dataclass
class PushResult:
    """What a push sent: the graph it replaced, the bytes, the HTTP status and the seconds it took."""

    graph: str
    bytes: int
    status: int
    seconds: float


def _client(timeout: float) -> Any:
    import httpx  # imported here: only the remote commands speak HTTP

    return httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), follow_redirects=False, trust_env=False)


def _refused(response: Any) -> RemoteError:
    text = " ".join(response.text.split())[:500]
    return RemoteError(f"{response.request.method} {response.request.url} answered {response.status_code}: {text}")


def _http_errors() -> type[Exception]:
    import httpx

    return httpx.HTTPError


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _payload(graph: Sequence[Path] | None, out_dir: Path, base: str) -> tuple[Iterator[bytes] | bytes, str, int]:
    """What to send: a Turtle or N-Triples file as it is, streamed; anything else loaded and sent as N-Triples."""
    paths = list(graph or [])
    if not paths:
        paths = [out_dir / "graph.ttl"]
        if not paths[0].is_file():
            raise KgError(f"no build in {out_dir}/ (run `kg build` first, or name a graph with --graph)")
    if len(paths) == 1 and paths[0].is_dir() and (paths[0] / "graph.ttl").is_file():
        paths = [paths[0] / "graph.ttl"]
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() in (".ttl", ".nt"):
        media_type = "text/turtle" if paths[0].suffix.lower() == ".ttl" else "application/n-triples"
        return _file_chunks(paths[0]), media_type, paths[0].stat().st_size
    from kg.store import Store

    data = Store(base).load(paths).dump(ox.RdfFormat.N_TRIPLES)
    return data, "application/n-triples", len(data)


def push(
    endpoint: str,
    graph: Sequence[Path] | None = None,
    *,
    out_dir: Path = Path("out"),
    base: str = DEFAULT_BASE,
    named_graph: str | None = None,
    timeout: float = 600.0,
) -> PushResult:
    """Replace the named graph ``named_graph`` (default: kg's data graph) at the Graph Store Protocol
    ``endpoint`` with the graph: the last build in ``out_dir``, or the paths ``graph`` names.

    Raises:
        RemoteError: the server cannot be reached or refuses the graph.
        KgError: there is no graph to send (or it cannot be read).
    """
    target = named_graph or data_graph(base)
    body, media_type, size = _payload(graph, out_dir, base)
    started = time.perf_counter()
    try:
        with _client(timeout) as client:
            response = client.put(endpoint, params={"graph": target}, content=body,
                                  headers={"Content-Type": media_type})  # fmt: skip
    except _http_errors() as error:
        raise RemoteError(f"cannot push to {endpoint}: {error}") from None
    if response.status_code not in (200, 201, 204):
        raise _refused(response)
    return PushResult(target, size, response.status_code, time.perf_counter() - started)


def query(
    endpoint: str, sparql: str, *, default_graph: str | None = None, timeout: float = 300.0
) -> Table | bool | Graph:
    """Run ``sparql`` at the SPARQL Protocol ``endpoint``, with ``default_graph`` (when given) as the
    query's default graph: a :class:`Table` for SELECT, a bool for ASK, an rdflib Graph otherwise.

    Raises:
        QueryError: the server refuses the query (its message is kept).
        RemoteError: the server cannot be reached or answers in a format kg does not read.
    """
    params = {"default-graph-uri": default_graph} if default_graph else {}
    headers = {"Content-Type": "application/sparql-query", "Accept": _ACCEPT}
    try:
        with _client(timeout) as client:
            response = client.post(endpoint, params=params, content=sparql.encode("utf-8"), headers=headers)
    except _http_errors() as error:
        raise RemoteError(f"cannot query {endpoint}: {error}") from None
    if response.status_code == 400:
        raise QueryError(f"{endpoint} refused the query: {' '.join(response.text.split())[:500]}")
    if response.status_code != 200:
        raise _refused(response)
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if media_type in ("application/sparql-results+json", "application/json"):
        return _table(response.json())
    if media_type in ("application/n-triples", "text/turtle", "text/plain"):
        return Graph(bind_namespaces="none").parse(data=response.content, format="nt" if "triples" in media_type or
                                                   media_type == "text/plain" else "turtle")  # fmt: skip
    raise RemoteError(f"{endpoint} answered in {media_type or 'an unnamed format'}, which kg does not read")


def _table(document: dict[str, object]) -> Table | bool:
    if "boolean" in document:
        return bool(document["boolean"])
    columns = list(document["head"]["vars"])  # type: ignore[index]
    rows = [[_term(binding.get(c)) for c in columns] for binding in document["results"]["bindings"]]  # type: ignore[index]
    return Table(columns, rows)


def _term(value: dict[str, str] | None) -> Node | None:
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    datatype = value.get("datatype")
    if value.get("xml:lang"):
        return Literal(value["value"], lang=value["xml:lang"])
    if datatype is None or datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"])
    return Literal(value["value"], datatype=URIRef(datatype))


@click.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="The server's Graph Store Protocol URL.")
@click.option(
    "--named-graph",
    metavar="IRI",
    help="The named graph to replace. Default: kg's data graph, <BASE>graph/data.",
)
@graph_option("The graph to send", "out/")
@base_option("The base IRI of the data (names the default graph).")
def push_command(endpoint: str, named_graph: str | None, graph: tuple[Path, ...], base: str) -> dict[str, object]:
    """Load the graph into a SPARQL server, replacing one named graph in one request (Graph Store
    Protocol PUT): the server's readers see the old graph or the new one, never a mix.

    \b
    Example:
        kg push --endpoint http://localhost:7878/store          # Oxigraph server
        kg query publishers --endpoint http://localhost:7878/query
    """
    result = push(endpoint, graph or None, base=base, named_graph=named_graph)
    click.echo(f"replaced <{result.graph}> at {endpoint} ({result.bytes:,} bytes, {result.seconds:.1f} s)")
    return {"graph": result.graph, "bytes": result.bytes, "status": result.status}
