"""The web application: the SPARQL 1.1 Protocol endpoint, the named queries, the query page and
dereferenceable IRIs, over a :class:`kg.server.pool.WorkerPool`.

Routes:
    ``/``                  the query page (HTML, works offline: its script and style are served here)
    ``/sparql``            SPARQL 1.1 Protocol, GET and POST; without a query, the service description
    ``/queries``           the named query library (JSON)
    ``/queries/{name}``    a named query, its parameters as URL parameters
    ``/void``              the VoID/DCAT description of the dataset
    ``/{kind}/{key}``      a topic, resource, publisher (``org``) … IRI: HTML, or RDF by ``Accept``

Every error is one JSON shape: ``{"status": 400, "error": "bad-query", "message": "…"}``.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import KgError, QueryError
from kg.mapping.iris import DEFAULT_BASE
from kg.query import library
from kg.server.pages import DATA_KINDS, describe_page
from kg.server.pool import QueryTimeout, ServerBusy, WorkerDied, WorkerPool
from kg.server.protocol import GRAPH_FORMATS, graph_answer, negotiate, parse_accept
from kg.store import prefixes

__all__ = ["Settings", "create_app", "DATA_KINDS", "CSP"]

#: The Content-Security-Policy of every HTML page: nothing but kg's own scripts, styles and requests.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_STATIC = Path(__file__).with_name("static")
_HTML = ("text/html", "application/xhtml+xml")


@dataclass
class Settings:
    """How the server behaves (the defaults are the safe ones)."""

    base: str = DEFAULT_BASE
    allow_update: bool = False
    max_rows: int = 100_000
    cors_origins: list[str] = field(default_factory=list)
    #: The largest request body accepted, in bytes (a SPARQL query is rarely over a few kilobytes).
    max_body: int = 1_000_000


class ApiError(Exception):
    """An error answered with kg's one JSON error shape."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, headers or {}


def error_response(status: int, error: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """kg's one JSON error shape."""
    return JSONResponse({"status": status, "error": error, "message": message}, status_code=status, headers=headers)


def create_app(pool: WorkerPool, settings: Settings | None = None) -> Starlette:
    """The Starlette application answering from ``pool`` (which the caller starts and closes)."""
    settings = settings or Settings()
    templates = Environment(loader=PackageLoader("kg.server", "templates"), autoescape=select_autoescape(default=True))

    async def ask(header: dict[str, Any], body: bytes = b"") -> tuple[dict[str, Any], bytes]:
        try:
            reply, data = await anyio.to_thread.run_sync(pool.request, header, body)
        except QueryTimeout as error:
            raise ApiError(503, "timeout", str(error)) from None
        except ServerBusy as error:
            raise ApiError(503, "busy", str(error), {"Retry-After": "5"}) from None
        except WorkerDied as error:
            raise ApiError(500, "query-failed", str(error)) from None
        if not reply.get("ok"):
            raise ApiError(reply["status"], reply["error"], reply["message"])
        return reply, data

    async def run_query(request: Request, sparql: str, fmt: str | None = None) -> Response:
        reply, data = await ask(
            {"op": "query", "accept": request.headers.get("accept"), "format": fmt, "cap": settings.max_rows},
            sparql.encode("utf-8"),
        )
        headers = {"Vary": "Accept"}
        if reply.get("truncated"):
            headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
        return Response(data, media_type=reply["media_type"], headers=headers)

    async def run_update(sparql: str) -> Response:
        if not settings.allow_update:
            raise ApiError(403, "update-refused", "this endpoint is read-only (start kg serve with --allow-update)")
        try:
            reply = await anyio.to_thread.run_sync(pool.update, sparql)
        except QueryTimeout as error:
            raise ApiError(503, "timeout", str(error)) from None
        except (ServerBusy, WorkerDied) as error:
            raise ApiError(503, "busy", str(error)) from None
        if not reply.get("ok"):
            raise ApiError(reply["status"], reply["error"], reply["message"])
        return Response(status_code=204)

    async def sparql(request: Request) -> Response:
        params = _params(request.url.query)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST":
            body = await _body(request, settings.max_body)
            if content_type == "application/x-www-form-urlencoded":
                params = {**params, **_params(body.decode("utf-8", "replace"))}
            elif content_type == "application/sparql-query":
                params = {**params, "query": [body.decode("utf-8", "replace")]}
            elif content_type == "application/sparql-update":
                params = {**params, "update": [body.decode("utf-8", "replace")]}
            else:
                raise ApiError(
                    415,
                    "unsupported-media-type",
                    "POST a query as application/x-www-form-urlencoded, application/sparql-query "
                    "or application/sparql-update",
                )
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) > 1:
            raise ApiError(400, "bad-request", "give exactly one query or update")
        if params.get("default-graph-uri") or params.get("named-graph-uri") or params.get("using-graph-uri"):
            raise ApiError(400, "bad-request", "this endpoint queries the union of its graphs; it takes no dataset")
        if updates:
            if not settings.allow_update:
                raise ApiError(403, "update-refused", "this endpoint is read-only (start kg serve with --allow-update)")
            if request.method != "POST":
                raise ApiError(405, "method-not-allowed", "SPARQL Update is accepted by POST only")
            return await run_update(updates[0])
        if queries:
            return await run_query(request, queries[0], _one(params, "format"))
        return await service_description(request)

    async def service_description(request: Request) -> Response:
        accept = request.headers.get("accept")
        if _prefers_html(accept):
            return RedirectResponse("/", status_code=303)
        chosen = negotiate(accept, GRAPH_FORMATS, _one(_params(request.url.query), "format"))
        if chosen is None:
            raise ApiError(406, "not-acceptable", "the service description is available as Turtle, "
                           "N-Triples, JSON-LD or RDF/XML")  # fmt: skip
        endpoint = str(request.url.replace(query=""))
        _, void = await ask({"op": "void", "endpoint": endpoint})
        lines = void + _service_lines(endpoint, settings)
        result = graph_answer(lines, chosen, settings.base)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    async def void(request: Request) -> Response:
        chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, _one(_params(request.url.query), "format"))
        if chosen is None:
            raise ApiError(406, "not-acceptable", "the description is available as Turtle, N-Triples, "
                           "JSON-LD or RDF/XML")  # fmt: skip
        endpoint = str(request.url.replace(path="/sparql", query=""))
        _, lines = await ask({"op": "void", "endpoint": endpoint})
        result = graph_answer(lines, chosen, settings.base)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    async def queries(request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "params": [{"name": p.name, "default": p.default, "description": p.description} for p in q.params],
                    "text": q.text,
                }
                for q in library().values()
            ]
        )

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in library():
            raise ApiError(404, "not-found", f"no named query {name!r} (see /queries)")
        params = _params(request.url.query)
        if request.method == "POST":
            params = {**params, **_params((await _body(request, settings.max_body)).decode("utf-8", "replace"))}
        fmt = _one(params, "format")
        values = {key: value[-1] for key, value in params.items() if key != "format"}
        try:
            sparql_text = library()[name].render(values)
        except QueryError as error:
            raise ApiError(400, "bad-parameter", str(error)) from None
        return await run_query(request, sparql_text, fmt)

    async def query_page(request: Request) -> Response:
        page = templates.get_template("query.html").render(title="kg SPARQL", base=settings.base)
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP})

    async def dereference(request: Request) -> Response:
        kind, key = request.path_params["kind"], request.path_params["key"]
        if kind not in DATA_KINDS:
            raise ApiError(404, "not-found", f"nothing at {request.url.path}")
        iri = f"{settings.base}{kind}/{key}"
        if not _is_iri(iri):
            raise ApiError(404, "not-found", f"nothing at {request.url.path}")
        fmt = _one(_params(request.url.query), "format")
        accept = request.headers.get("accept")
        if not fmt and _prefers_html(accept):
            return await describe_html(iri)
        chosen = negotiate(accept, GRAPH_FORMATS, fmt)
        if chosen is None:
            raise ApiError(
                406, "not-acceptable", "a resource is available as HTML, Turtle, N-Triples, JSON-LD or RDF/XML"
            )
        construct = (
            f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
        )
        reply, data = await ask({"op": "query", "format": "nt", "cap": settings.max_rows}, construct.encode("utf-8"))
        if not data:
            raise ApiError(404, "not-found", f"the graph says nothing about <{iri}>")
        result = graph_answer(data, chosen, settings.base, bool(reply.get("truncated")))
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    async def describe_html(iri: str) -> Response:
        outgoing = await ask({"op": "query", "format": "json", "cap": 5000}, _OUTGOING.format(iri=iri).encode("utf-8"))
        incoming = await ask({"op": "query", "format": "json", "cap": 500}, _INCOMING.format(iri=iri).encode("utf-8"))
        page = describe_page(templates, iri, outgoing[1], incoming[1], settings.base, prefixes(settings.base))
        if page is None:
            raise ApiError(404, "not-found", f"the graph says nothing about <{iri}>")
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(error.status, error.error, error.message, error.headers)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        names = {404: "not-found", 405: "method-not-allowed"}
        return error_response(error.status_code, names.get(error.status_code, "http-error"), str(error.detail))

    async def kg_error(request: Request, error: Exception) -> Response:
        return error_response(500, "server-error", str(error))

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["X-SPARQL-MaxRows"],
            )
        )
    routes = [
        Route("/", query_page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries),
        Route("/queries/{name}", named, methods=["GET", "POST"]),
        Route("/void", void),
        Mount("/static", StaticFiles(directory=_STATIC), name="static"),
        Route("/{kind}/{key:path}", dereference),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={ApiError: api_error, HTTPException: http_error, KgError: kg_error},
    )
    app.router.redirect_slashes = False
    return app


_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>|<https://schema.org/name>"
_OUTGOING = """SELECT ?p ?o (COALESCE(SAMPLE(?en), SAMPLE(?l)) AS ?label) WHERE {{
  <{iri}> ?p ?o .
  OPTIONAL {{ ?o LABEL ?l }}
  OPTIONAL {{ ?o LABEL ?en FILTER (lang(?en) = "en") }}
}} GROUP BY ?p ?o ORDER BY ?p ?o""".replace("LABEL", _LABEL)
_INCOMING = """SELECT ?s ?p (COALESCE(SAMPLE(?en), SAMPLE(?l)) AS ?label) WHERE {{
  ?s ?p <{iri}> .
  OPTIONAL {{ ?s LABEL ?l }}
  OPTIONAL {{ ?s LABEL ?en FILTER (lang(?en) = "en") }}
}} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT 500""".replace("LABEL", _LABEL)


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused with 413 past ``limit`` bytes (announced or sent)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too-large", f"the request body is over {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too-large", f"the request body is over {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _params(query_string: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(query_string, keep_blank_values=True)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def _prefers_html(accept: str | None) -> bool:
    """True when ``Accept`` names HTML explicitly and rates it at least as high as any RDF format."""
    ranges = parse_accept(accept)
    html = max((q for media, q in ranges if media in _HTML), default=0.0)
    rdf = max((q for media, q in ranges for f in GRAPH_FORMATS if f.accepts(media)), default=0.0)
    return html > 0 and html >= rdf


def _is_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return not any(c in iri for c in '<>"{}|^`\\ ')


def _service_lines(endpoint: str, settings: Settings) -> bytes:
    """The SPARQL Service Description of the endpoint, as N-Triples lines."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    node = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(f"{settings.base}dataset")
    triples = [
        (node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(f"{sd}Service")),
        (node, ox.NamedNode(f"{sd}endpoint"), node),
        (node, ox.NamedNode(f"{sd}supportedLanguage"), ox.NamedNode(f"{sd}SPARQL11Query")),
        (node, ox.NamedNode(f"{sd}feature"), ox.NamedNode(f"{sd}UnionDefaultGraph")),
        (node, ox.NamedNode(f"{sd}defaultDataset"), dataset),
    ]
    if settings.allow_update:
        triples.append((node, ox.NamedNode(f"{sd}supportedLanguage"), ox.NamedNode(f"{sd}SPARQL11Update")))
    names = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
             "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip
    triples += [(node, ox.NamedNode(f"{sd}resultFormat"), ox.NamedNode(f"{formats}{name}")) for name in names]
    triples.append(
        (dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(f"{sd}Dataset"))
    )
    return ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.N_TRIPLES) or b""
