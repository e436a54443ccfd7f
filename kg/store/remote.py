"""Remote triple stores: push the build's graphs to a SPARQL server and query them there.

``push`` sends each graph of a build (the data, the analysis when there, and the ontology the
queries read labels from), each into its own named graph, with the SPARQL 1.1 Graph Store
Protocol: one ``PUT`` per graph with its length announced (Virtuoso 7 answers a chunked upload
with 201 and stores nothing), which the server applies in one transaction, so its readers see a
graph's old version or its new one. It then counts each graph's triples on the server and fails
when a count differs from what was sent. ``endpoint`` is the server's Graph Store URL, or its base
URL, where :func:`locate` finds the Graph Store and query services of Oxigraph, Virtuoso, Fuseki
and GraphDB. ``query`` sends a query with the SPARQL 1.1 Protocol, by GET (or by URL-encoded POST
when long: every server answers those), naming the build's graphs as the query's default graph
(``default-graph-uri``), and reads the answer back as kg's :class:`~kg.query.results.Table`.

Example:
    >>> data_graph("https://w3id.org/kg-medlineplus/id/")
    'https://w3id.org/kg-medlineplus/id/graph/data'
    >>> [g.rsplit("/", 1)[1] for g in build_graphs()]
    ['data', 'analysis', 'ontology']
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError, QueryError
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.query.results import Table

__all__ = [
    "RemoteError",
    "PushedGraph",
    "PushResult",
    "Service",
    "data_graph",
    "build_graphs",
    "locate",
    "push",
    "query",
]

_CHUNK = 1 << 20
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: The longest URL a query is sent in by GET; a longer query is POSTed as a form.
_GET_LIMIT = 2000
#: Where each server keeps its Graph Store and query services, relative to its base URL.
LAYOUTS = (
    ("store", "query"),  # Oxigraph server
    ("sparql-graph-crud", "sparql"),  # Virtuoso
    ("data", "sparql"),  # Apache Jena Fuseki, a dataset's URL
    ("rdf-graphs/service", ""),  # GraphDB, a repository's URL
)


class RemoteError(KgError):
    """A remote SPARQL server that cannot be reached or refuses a request (with its own message)."""


def data_graph(base: str = DEFAULT_BASE) -> str:
    """The named graph ``kg push`` writes the data into (and ``kg query --endpoint`` reads)."""
    return Iris(base).graph("data")


def build_graphs(base: str = DEFAULT_BASE) -> list[str]:
    """The named graphs ``kg push`` writes a build into, which ``kg query --endpoint`` reads as one."""
    iris = Iris(base)
    return [iris.graph("data"), iris.graph("analysis"), iris.graph("ontology")]


@dataclass
class PushedGraph:
    """One graph a push sent: its IRI, bytes, triples, the HTTP status, and the triples read back."""

    graph: str
    bytes: int
    triples: int
    status: int
    stored: int


@dataclass
class PushResult:
    """What a push sent, where, and how long it took."""

    store: str
    query: str
    graphs: list[PushedGraph] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def graph(self) -> str:
        """The first graph sent (the data)."""
        return self.graphs[0].graph

    @property
    def bytes(self) -> int:
        return sum(g.bytes for g in self.graphs)

    @property
    def status(self) -> int:
        return self.graphs[0].status


@dataclass(frozen=True)
class Service:
    """A server's Graph Store Protocol URL and its SPARQL query URL."""

    store: str
    query: str


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


@dataclass
class _Payload:
    graph: str
    media_type: str
    size: int
    triples: int
    path: Path | None = None
    data: bytes = b""

    def body(self) -> Iterator[bytes] | bytes:
        return _file_chunks(self.path) if self.path is not None else self.data


def _counted(path: Path, rdf_format: ox.RdfFormat) -> int:
    """The distinct triples in an RDF file (what a store holds once it is loaded)."""
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=rdf_format)
    except (OSError, SyntaxError) as error:
        raise KgError(f"{path}: cannot read the graph to send: {error}") from None
    return len(store)


def _file(path: Path, graph: str) -> _Payload:
    rdf_format = ox.RdfFormat.TURTLE if path.suffix.lower() == ".ttl" else ox.RdfFormat.N_TRIPLES
    return _Payload(graph, rdf_format.media_type, path.stat().st_size, _counted(path, rdf_format), path)


def _payloads(graph: Sequence[Path] | None, out_dir: Path, base: str, named_graph: str | None) -> list[_Payload]:
    """What to send: a build folder's graphs (each streamed from its file; an analysis graph the
    build lacks is deleted), one Turtle or N-Triples file as it is, or anything else loaded and sent
    as N-Triples."""
    from kg.build.layout import BuildFolder, load  # a build folder is pushed file by file
    from kg.store import Store

    paths = list(graph or [out_dir])
    iris = Iris(base)
    if len(paths) == 1 and paths[0].is_dir() and BuildFolder(paths[0]).exists():
        folder = BuildFolder(paths[0])
        payloads = [_file(folder.graph, named_graph or iris.graph("data"))]
        if folder.analysis.is_file():
            payloads.append(_file(folder.analysis, iris.graph("analysis")))
        else:  # no analysis in this build: an older one on the server must go
            payloads.append(_Payload(iris.graph("analysis"), "", 0, 0))
        ontology = Store(base).with_ontology()
        data = ontology.dump(ox.RdfFormat.N_TRIPLES, graph="ontology")
        payloads.append(
            _Payload(iris.graph("ontology"), "application/n-triples", len(data), data.count(b"\n"), None, data)
        )
        return payloads
    if not graph:
        raise KgError(f"no build in {out_dir}/ (run `kg build` first, or name a graph with --graph)")
    target = named_graph or iris.graph("data")
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() in (".ttl", ".nt"):
        return [_file(paths[0], target)]
    store = load(paths, base)
    data = store.dump(ox.RdfFormat.N_TRIPLES)
    return [_Payload(target, "application/n-triples", len(data), len(store), None, data)]


def locate(endpoint: str, query_endpoint: str | None = None, *, timeout: float = 10.0) -> Service:
    """The Graph Store and query URLs of the server at ``endpoint``: a Graph Store URL kg knows the
    layout of (Oxigraph's ``/store``, Virtuoso's ``/sparql-graph-crud``, Fuseki's ``/data``,
    GraphDB's ``/rdf-graphs/service``), or a base URL under which one of them answers a query.

    Example:
        >>> locate("http://localhost:7878/store")
        Service(store='http://localhost:7878/store', query='http://localhost:7878/query')

    Raises:
        RemoteError: no known layout answers at a base URL (give the Graph Store URL and ``--query-endpoint``).
    """
    url = endpoint.rstrip("/")
    for store_path, query_path in LAYOUTS:
        if url.endswith("/" + store_path):
            root = url[: -len(store_path) - 1]
            return Service(url, query_endpoint or (f"{root}/{query_path}" if query_path else root))
    tried = []
    with _client(timeout) as client:
        for store_path, query_path in LAYOUTS:
            candidate = f"{url}/{query_path}" if query_path else url
            tried.append(candidate)
            try:
                response = client.get(candidate, params={"query": "ASK {}"},
                                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
                if response.status_code == 200 and "boolean" in response.json():
                    return Service(f"{url}/{store_path}", query_endpoint or candidate)
            except (_http_errors(), ValueError):
                continue
    if query_endpoint:
        return Service(url, query_endpoint)
    raise RemoteError(f"no SPARQL server kg knows answers under {endpoint} (tried {', '.join(tried)}): give its "
                      "Graph Store URL, and --query-endpoint")  # fmt: skip


def _stored(query_url: str, graph: str, timeout: float) -> int:
    count = query(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", timeout=timeout)
    if not isinstance(count, Table) or not count.rows or count.rows[0][0] is None:
        raise RemoteError(f"{query_url} did not answer how many triples <{graph}> holds")
    return int(float(str(count.rows[0][0])))


def push(
    endpoint: str,
    graph: Sequence[Path] | None = None,
    *,
    out_dir: Path = Path("out"),
    base: str = DEFAULT_BASE,
    named_graph: str | None = None,
    query_endpoint: str | None = None,
    timeout: float = 600.0,
) -> PushResult:
    """Replace, at the server ``endpoint`` (see :func:`locate`), each graph of the build in ``out_dir``
    (or of the paths ``graph`` names): the data in ``named_graph`` (default: kg's data graph), the
    analysis and the ontology in theirs; then read each graph's triple count back.

    Raises:
        RemoteError: the server cannot be reached, refuses a graph, or holds another number of
            triples than was sent.
        KgError: there is no graph to send (or it cannot be read).
    """
    payloads = _payloads(graph, out_dir, base, named_graph)
    service = locate(endpoint, query_endpoint)
    result = PushResult(service.store, service.query)
    started = time.perf_counter()
    try:
        with _client(timeout) as client:
            for payload in payloads:
                if not payload.media_type:  # a graph the build does not have: removed
                    response = client.delete(service.store, params={"graph": payload.graph})
                    if response.status_code not in (200, 204, 404):
                        raise _refused(response)
                    continue
                headers = {"Content-Type": payload.media_type, "Content-Length": str(payload.size)}
                response = client.put(service.store, params={"graph": payload.graph}, content=payload.body(),
                                      headers=headers)  # fmt: skip
                if response.status_code not in (200, 201, 204):
                    raise _refused(response)
                stored = _stored(service.query, payload.graph, timeout)
                if stored != payload.triples:
                    raise RemoteError(f"{service.store} answered {response.status_code} to the PUT of "
                                      f"<{payload.graph}>, but holds {stored:,} of its {payload.triples:,} "
                                      "triples")  # fmt: skip
                result.graphs.append(PushedGraph(payload.graph, payload.size, payload.triples,
                                                 response.status_code, stored))  # fmt: skip
    except _http_errors() as error:
        raise RemoteError(f"cannot push to {service.store}: {error}") from None
    result.seconds = time.perf_counter() - started
    return result


def query(
    endpoint: str, sparql: str, *, default_graph: str | Sequence[str] | None = None, timeout: float = 300.0
) -> Table | bool | Graph:
    """Run ``sparql`` at the SPARQL Protocol ``endpoint``, with ``default_graph`` (one IRI or several,
    merged) as the query's default graph when given: a :class:`Table` for SELECT, a bool for ASK,
    an rdflib Graph otherwise. Sent by GET, or as a URL-encoded POST when the URL would be long.

    Raises:
        QueryError: the server refuses the query (its message is kept).
        RemoteError: the server cannot be reached or answers in a format kg does not read.
    """
    graphs = [default_graph] if isinstance(default_graph, str) else list(default_graph or [])
    encoded = urllib.parse.urlencode([("query", sparql), *(("default-graph-uri", g) for g in graphs)])
    headers = {"Accept": _ACCEPT}
    try:
        with _client(timeout) as client:
            if len(endpoint) + len(encoded) < _GET_LIMIT:
                response = client.get(f"{endpoint}?{encoded}", headers=headers)
            else:
                form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
                response = client.post(endpoint, content=encoded.encode("ascii"), headers=form)
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
    if datatype == "http://www.w3.org/2001/XMLSchema#boolean" and value["value"] in ("0", "1"):
        return Literal(value["value"] == "1")  # Virtuoso writes true as 1: the same value, canonically
    return Literal(value["value"], datatype=URIRef(datatype))
