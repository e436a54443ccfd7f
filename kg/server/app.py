"""The web application: the SPARQL 1.1 Protocol endpoint, the named queries, the query page and
dereferenceable IRIs, over a :class:`kg.server.pool.WorkerPool`.

Routes:
    ``/``                  the query page (HTML, works offline: its script and style are served here)
    ``/sparql``            SPARQL 1.1 Protocol, GET and POST; without a query, the service description
    ``/queries``           the named query library (JSON)
    ``/queries/{name}``    a named query, its parameters as URL parameters
    ``/void``              the VoID/DCAT description of the dataset
    ``/{kind}/{key}``      a topic, resource, publisher (``org``) … IRI: HTML, or RDF by ``Accept``

Every error is one JSON shape: ``{"status": 400, "error": "bad-query", "message": "…"}``; no
input gives a 5xx (a query past the timeout or the memory cap answers 422: the query, not the
server, is at fault), only an overloaded server does (503, with ``Retry-After``).

The protocol's dataset rules: ``default-graph-uri`` and ``named-graph-uri`` name the query's
dataset (over the query's own ``FROM``); without them the default graph is the union of every
graph; ``using-graph-uri`` and ``using-named-graph-uri`` give each ``DELETE``/``INSERT … WHERE``
of an update its dataset (refused with 400 when the update names its own). Relative IRIs resolve
against the endpoint's URL. Requests must name an allowed ``Host`` (DNS rebinding), and an update
with a cross-site ``Origin`` or ``Sec-Fetch-Site`` (a forged form) is refused.
"""

from __future__ import annotations

import json
import secrets
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
from kg.query.fast import AGREE, FAST, choose
from kg.query.sparql import MAX_SIZE
from kg.server import workbench
from kg.server.about import about, triples_page
from kg.server.pages import DATA_KINDS, SINGLE_IRIS
from kg.server.pool import QueryTimeout, ServerBusy, WorkerDied, WorkerPool
from kg.server.protocol import GRAPH_FORMATS, graph_answer, negotiate, parse_accept

__all__ = ["Settings", "create_app", "DATA_KINDS", "CSP", "LOOPBACK_HOSTS"]

#: The Content-Security-Policy of every HTML page: nothing but kg's own scripts, styles and requests.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_STATIC = Path(__file__).with_name("static")
_HTML = ("text/html", "application/xhtml+xml")
#: The host names a server listening on loopback answers to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_FORM = "application/x-www-form-urlencoded"


@dataclass
class Settings:
    """How the server behaves (the defaults are the safe ones)."""

    base: str = DEFAULT_BASE
    allow_update: bool = False
    max_rows: int = 100_000
    cors_origins: list[str] = field(default_factory=list)
    #: The largest request body accepted, in bytes (a SPARQL query is rarely over a few kilobytes).
    max_body: int = 1_000_000
    #: IRI prefixes of the endpoints a query may call with ``SERVICE`` (none: federated queries off).
    allow_service: tuple[str, ...] = ()
    #: The ``Host`` names answered (``None``: any); a browser misled by DNS rebinding sends another.
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS


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

    aggregates: list[bool] = []  # [whether the store's precomputed counts fit its data], once asked

    async def ask(header: dict[str, Any], body: bytes = b"") -> tuple[dict[str, Any], bytes]:
        try:
            reply, data = await anyio.to_thread.run_sync(pool.request, header, body)
        except (QueryTimeout, ServerBusy, WorkerDied) as error:
            raise _pool_error(error) from None
        if not reply.get("ok"):
            raise ApiError(reply["status"], reply["error"], reply["message"])
        return reply, data

    async def run_query(
        request: Request, sparql: str, fmt: str | None = None, dataset: dict[str, list[str]] | None = None
    ) -> Response:
        header = {"op": "query", "accept": request.headers.get("accept"), "format": fmt, "cap": settings.max_rows,
                  "base": _endpoint(request), "allow_service": list(settings.allow_service)}  # fmt: skip
        header.update(dataset or {})
        reply, data = await ask(header, sparql.encode("utf-8"))
        headers = {"Vary": "Accept"}
        if reply.get("truncated"):
            headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
        return Response(data, media_type=reply["media_type"], headers=headers)

    async def run_update(request: Request, sparql: str, using: dict[str, list[str]]) -> Response:
        options = {"base": _endpoint(request), "allow_service": list(settings.allow_service), **using}
        try:
            reply = await anyio.to_thread.run_sync(pool.update, sparql, options)
        except (QueryTimeout, ServerBusy, WorkerDied) as error:
            raise _pool_error(error) from None
        if not reply.get("ok"):
            raise ApiError(reply["status"], reply["error"], reply["message"])
        aggregates.clear()  # the data changed: whether the precomputed counts still fit is asked again
        return Response(status_code=204)

    async def sparql(request: Request) -> Response:
        params = _params(request.url.query)
        if request.method == "POST":
            media_type, charset = _content_type(request.headers.get("content-type", ""))
            if charset not in (None, "utf-8", "utf8"):
                raise ApiError(415, "unsupported-media-type", f"the body must be UTF-8, not {charset}")
            text = _utf8(await _body(request, settings.max_body))
            if media_type == _FORM:
                params = _merge(params, _params(text))
            elif media_type == "application/sparql-query":
                params = _merge(params, {"query": [text]})
            elif media_type == "application/sparql-update":
                params = _merge(params, {"update": [text]})
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
        for sparql_text in queries + updates:
            if len(sparql_text) > MAX_SIZE:
                raise ApiError(413, "too-large", f"the query is over {MAX_SIZE:,} bytes")
        graphs = {key: params.get(key, []) for key in _DATASET_PARAMS}
        for iri in (iri for values in graphs.values() for iri in values):
            if not _is_iri(iri):
                raise ApiError(400, "bad-request", f"not an absolute IRI: {iri!r}")
        if updates:
            if not settings.allow_update:
                raise ApiError(403, "update-refused", "this endpoint is read-only (start kg serve with --allow-update)")
            if request.method != "POST":
                raise ApiError(405, "method-not-allowed", "SPARQL Update is accepted by POST only", {"Allow": "POST"})
            if graphs["default-graph-uri"] or graphs["named-graph-uri"]:
                raise ApiError(400, "bad-request", "an update takes using-graph-uri and using-named-graph-uri")
            if _cross_site(request, settings):
                raise ApiError(403, "cross-site", "an update from another site's page is refused (its Origin "
                               "is not this server's; allow it with --cors)")  # fmt: skip
            using = {"using": graphs["using-graph-uri"], "using_named": graphs["using-named-graph-uri"]}
            return await run_update(request, updates[0], using)
        if graphs["using-graph-uri"] or graphs["using-named-graph-uri"]:
            raise ApiError(400, "bad-request", "a query takes default-graph-uri and named-graph-uri")
        if queries:
            dataset = None
            if graphs["default-graph-uri"] or graphs["named-graph-uri"]:
                dataset = {"default": graphs["default-graph-uri"], "named": graphs["named-graph-uri"]}
            return await run_query(request, queries[0], _one(params, "format"), dataset)
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
        if not _one(_params(request.url.query), "format") and _prefers_html(request.headers.get("accept")):
            endpoint = str(request.url.replace(path="/sparql", query=""))
            _, lines = await ask({"op": "void", "endpoint": endpoint})
            page = triples_page(templates, "The dataset", lines, settings.base, "/void")
            return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})
        chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, _one(_params(request.url.query), "format"))
        if chosen is None:
            raise ApiError(406, "not-acceptable", "the description is available as Turtle, N-Triples, "
                           "JSON-LD or RDF/XML")  # fmt: skip
        endpoint = str(request.url.replace(path="/sparql", query=""))
        _, lines = await ask({"op": "void", "endpoint": endpoint})
        result = graph_answer(lines, chosen, settings.base)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    async def service_page(request: Request) -> Response:  # the service description, for a browser too
        fmt = _one(_params(request.url.query), "format")
        endpoint = str(request.url.replace(path="/sparql", query=""))
        _, void_lines = await ask({"op": "void", "endpoint": endpoint})
        lines = _service_lines(endpoint, settings) + void_lines
        if not fmt and _prefers_html(request.headers.get("accept")):
            page = triples_page(templates, "The SPARQL service", lines, settings.base, "/service")
            return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})
        chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, fmt)
        if chosen is None:
            raise ApiError(406, "not-acceptable", "the service description is available as HTML, Turtle, "
                           "N-Triples, JSON-LD or RDF/XML")  # fmt: skip
        result = graph_answer(lines, chosen, settings.base)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    async def queries(request: Request) -> Response:
        return JSONResponse(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "params": [
                        {"name": p.name, "default": p.default, "description": p.description, "kind": p.kind}
                        for p in q.params
                    ],
                    "text": q.text,
                }
                for q in library().values()
            ]
        )

    async def named_request(request: Request) -> tuple[str, dict[str, list[str]]]:
        """The named query a ``/queries/{name}`` request asks for, and its parameters (URL and form body)."""
        name = request.path_params["name"]
        if name not in library():
            raise ApiError(404, "not-found", f"no named query {name!r} (see /queries)")
        params = _params(request.url.query)
        if request.method == "POST":
            params = {**params, **_params((await _body(request, settings.max_body)).decode("utf-8", "replace"))}
        return name, params

    async def named(request: Request) -> Response:
        name, params = await named_request(request)
        fmt = _one(params, "format")
        values = {key: value[-1] for key, value in params.items() if key != "format"}
        query = library()[name]
        if name in FAST:  # its faster text, when the store's precomputed counts fit its data (asked once)
            if not aggregates:
                _, answer = await ask({"op": "query", "format": "json", "cap": 1}, AGREE.encode("utf-8"))
                aggregates.append(json.loads(answer).get("boolean") is True)
            query = choose(query, aggregates[0], in_memory=True)  # the workers hold the store in memory
        try:
            sparql_text = query.render(values)
        except QueryError as error:
            raise ApiError(400, "bad-parameter", str(error)) from None
        return await run_query(request, sparql_text, fmt)

    async def edited(request: Request) -> Response:  # a named query's edited text, its parameters bound
        name, params = await named_request(request)
        text = _one(params, "query")
        if text is None:
            raise ApiError(400, "bad-request", "give the edited text as query=")
        if len(text) > MAX_SIZE:
            raise ApiError(413, "too-large", f"the query is over {MAX_SIZE:,} characters")
        unused = set(workbench.unused(name, text))
        values = {k: v[-1] for k, v in params.items() if k not in ("format", "query") and k not in unused}
        try:
            sparql_text = workbench.edited(name, text).render(values)
        except QueryError as error:
            raise ApiError(400, "bad-parameter", str(error)) from None
        return await run_query(request, sparql_text, _one(params, "format"))

    async def terms(request: Request) -> Response:
        return JSONResponse(workbench.completions(settings.base))

    async def query_page(request: Request) -> Response:
        nonce = secrets.token_urlsafe(18)  # the editor's style elements carry it (CodeMirror's cspNonce)
        page = templates.get_template("query.html").render(title="kg SPARQL", base=settings.base, nonce=nonce)
        policy = CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})

    async def dereference(request: Request) -> Response:
        kind, key = request.path_params["kind"], request.path_params["key"]
        if kind not in DATA_KINDS and request.url.path.lstrip("/") not in SINGLE_IRIS:
            raise ApiError(404, "not-found", f"nothing at {request.url.path}")
        iri = f"{settings.base}{kind}/{key}" if kind else f"{settings.base}{request.url.path.lstrip('/')}"
        if not _is_iri(iri):
            raise ApiError(404, "not-found", f"nothing at {request.url.path}")
        fmt = _one(_params(request.url.query), "format")
        accept = request.headers.get("accept")
        if not fmt and _prefers_html(accept):
            return await describe_html(iri, request)
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

    async def describe_html(iri: str, request: Request) -> Response:
        async def bindings(sparql_text: str) -> list[dict[str, Any]]:
            _, data = await ask({"op": "query", "format": "json", "cap": 5000}, sparql_text.encode("utf-8"))
            return list(json.loads(data)["results"]["bindings"])

        params = {key: values[-1] for key, values in _params(request.url.query).items()}
        page = await about(bindings, templates, iri, settings.base, params)
        if page is None:
            raise ApiError(404, "not-found", f"the graph says nothing about <{iri}>")
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})

    async def single(request: Request) -> Response:  # {base}analysis: the analysis run
        request.path_params.update(kind="", key="")
        return await dereference(request)

    def html_error(request: Request, status: int, message: str) -> Response | None:
        """A browser asking for a page that is not there gets an HTML page; programs get JSON."""
        if status != 404 or request.method != "GET" or not _prefers_html(request.headers.get("accept")):
            return None
        page = templates.get_template("error.html").render(title="Not found", message=message, path=request.url.path)
        return HTMLResponse(page, status_code=404, headers={"Content-Security-Policy": CSP, "Vary": "Accept"})

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        page = html_error(request, error.status, error.message)
        return page or error_response(error.status, error.error, error.message, error.headers)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        names = {404: "not-found", 405: "method-not-allowed"}
        status, headers = error.status_code, dict(error.headers or {})
        page = html_error(request, status, f"nothing at {request.url.path}")
        return page or error_response(status, names.get(status, "http-error"), str(error.detail), headers)

    async def kg_error(request: Request, error: Exception) -> Response:
        return error_response(500, "server-error", str(error))

    async def unexpected(request: Request, error: Exception) -> Response:
        return error_response(500, "server-error", "the server failed on this request (a bug: please report it)")

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
        Route("/queries/{name}/edited", edited, methods=["GET", "POST"]),
        Route("/terms", terms),
        Route("/void", void),
        Route("/dataset", void),
        Route("/service", service_page),
        Route("/analysis", single),
        Mount("/static", StaticFiles(directory=_STATIC), name="static"),
        Route("/{kind}/{key:path}", dereference),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_Guard, allowed_hosts=settings.allowed_hosts), *middleware],
        exception_handlers={ApiError: api_error, HTTPException: http_error, KgError: kg_error, Exception: unexpected},
    )
    app.router.redirect_slashes = False
    return app


_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class _Guard:
    """ASGI middleware: refuse a ``Host`` not in ``allowed_hosts`` (JSON 400), and send
    ``X-Content-Type-Options: nosniff`` with every answer."""

    def __init__(self, app: Any, allowed_hosts: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower().strip("[]") for h in allowed_hosts}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if self.allowed is not None and _host_name(host) not in self.allowed:
            response = error_response(400, "bad-host", f"this server does not answer to the host {host!r} "
                                      "(start kg serve with --allow-host NAME to add one)")  # fmt: skip
            response.headers["X-Content-Type-Options"] = "nosniff"
            await response(scope, receive, send)
            return

        async def send_nosniff(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, receive, send_nosniff)


def _host_name(host: str) -> str:
    """The name in a ``Host`` header, without its port (``[::1]:8000`` → ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _pool_error(error: Exception) -> ApiError:
    """The JSON error for a request the worker pool could not answer."""
    if isinstance(error, QueryTimeout):
        return ApiError(422, "timeout", str(error))
    if isinstance(error, WorkerDied):
        return ApiError(422, "query-failed", str(error))
    return ApiError(503, "busy", str(error), {"Retry-After": "5"})


def _endpoint(request: Request) -> str:
    """The endpoint's URL: the base relative IRIs in a query resolve against."""
    return str(request.url.replace(path="/sparql", query="", fragment=""))


def _content_type(header: str) -> tuple[str, str | None]:
    """A ``Content-Type``'s media type and charset (lower case; ``None`` when not given)."""
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad-request", "the body is not UTF-8") from None


def _merge(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    """Parameters from the URL and the body, every value of each kept (two queries are refused)."""
    return {key: first.get(key, []) + second.get(key, []) for key in {*first, *second}}


def _cross_site(request: Request, settings: Settings) -> bool:
    """True when a browser says the request comes from another site's page (a form POST, say): its
    ``Origin`` is not this server's nor a ``--cors`` origin, or ``Sec-Fetch-Site`` says cross-site."""
    origin = request.headers.get("origin")
    allowed = {f"{request.url.scheme}://{request.headers.get('host', '')}".lower(), *settings.cors_origins}
    if origin is not None and origin.lower() not in allowed and "*" not in settings.cors_origins:
        return True
    fetch_site = request.headers.get("sec-fetch-site", "").lower()
    return fetch_site in ("cross-site", "same-site") and origin not in settings.cors_origins


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
    try:
        return urllib.parse.parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "bad-request", "a parameter is not UTF-8 once percent-decoded") from None


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
    if settings.allow_service:
        triples.append((node, ox.NamedNode(f"{sd}feature"), ox.NamedNode(f"{sd}BasicFederatedQuery")))
    names = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
             "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip
    triples += [(node, ox.NamedNode(f"{sd}resultFormat"), ox.NamedNode(f"{formats}{name}")) for name in names]
    triples.append(
        (dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(f"{sd}Dataset"))
    )
    return ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.N_TRIPLES) or b""
