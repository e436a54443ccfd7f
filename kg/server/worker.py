"""The query processes behind ``kg serve``: one loads the store, then forks the workers that answer.

The loader (:func:`main`, run in a process of its own) loads the graph once and waits on its control
socket. Asked to, it forks a worker, which shares the loaded store with it (copy on write) and
answers requests on a socket of its own; the loader hands that socket to the server. A worker
that runs past the timeout is killed and a fresh one forked in milliseconds, so a runaway query
is cut off without reloading anything. Messages are framed: two lengths, a JSON header, a body.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import socket
import struct
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, QueryError
from kg.server.config import StoreConfig

__all__ = ["send", "receive", "main"]

_FRAME = struct.Struct("!II")


def send(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    """Send one message: ``header`` (JSON) and ``body`` (bytes)."""
    data = json.dumps(header).encode("utf-8")
    sock.sendall(_FRAME.pack(len(data), len(body)) + data + body)


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket, first: bytes = b"") -> tuple[dict[str, Any], bytes] | None:
    """Receive one message (``None`` when the other end closed); ``first`` holds bytes already read.

    Raises:
        EOFError: the other end closed in the middle of a message.
    """
    head = first[: _FRAME.size]
    if len(head) < _FRAME.size:
        more = _exactly(sock, _FRAME.size - len(head))
        if more is None:
            if head:
                raise EOFError("the connection closed in the middle of a message")
            return None
        head += more
    header_size, body_size = _FRAME.unpack(head)
    rest = first[_FRAME.size :]
    missing = header_size + body_size - len(rest)
    tail = _exactly(sock, missing) if missing > 0 else b""
    if tail is None:
        raise EOFError("the connection closed in the middle of a message")
    data = rest + tail
    return json.loads(data[:header_size]), data[header_size:]


def _load(config: StoreConfig) -> Any:
    """The store the config names, loaded in memory, with the ontology; rdflib's copy made now (once,
    before forking) when that engine is asked for."""
    from kg.build.layout import open_build

    graph = [Path(p) for p in config.graph] or None
    store = open_build(graph, Path(config.out_dir), config.base, engine=config.engine, in_memory=True)
    store.with_ontology()
    if store.engine == "rdflib":
        store.query("ASK {}")
    return store


def _dataset(header: dict[str, Any]) -> Any:
    from kg.store.engines import QueryDataset

    if header.get("default") is None and header.get("named") is None:
        return None
    return QueryDataset(tuple(header.get("default") or ()), tuple(header.get("named") or ()))


def _update(store: Any, header: dict[str, Any], text: str) -> None:
    """Apply an update: vetted (no LOAD, no SERVICE but the allow-listed), with the protocol's dataset."""
    from kg.query.sparql import add_using, inspect, refuse_outside

    base = header.get("base")
    refuse_outside(inspect(text, base=base), tuple(header.get("allow_service") or ()))
    text = add_using(text, tuple(header.get("using") or ()), tuple(header.get("using_named") or ()))
    store.update(text, base=base)


def _handle(store: Any, void: list[ox.Triple], header: dict[str, Any], body: bytes) -> tuple[dict[str, Any], bytes]:
    """Answer one request in a worker."""
    from kg.query.sparql import QueryRefused, QueryTooLarge
    from kg.server.protocol import NotAcceptable, answer

    op = header.get("op")
    try:
        if op == "query":
            result = answer(store, body.decode("utf-8"), accept=header.get("accept"), fmt=header.get("format"),
                            cap=int(header["cap"]), base=header.get("base"), dataset=_dataset(header),
                            allow_service=tuple(header.get("allow_service") or ()))  # fmt: skip
            return {"ok": True, "media_type": result.media_type, "rows": result.rows,
                    "truncated": result.truncated}, result.body  # fmt: skip
        if op == "update":
            _update(store, header, body.decode("utf-8"))
            return {"ok": True}, b""
        if op == "void":
            triples = list(void)
            if header.get("endpoint"):
                triples.append(ox.Triple(
                    ox.NamedNode(f"{store.base}dataset"), ox.NamedNode("http://rdfs.org/ns/void#sparqlEndpoint"),
                    ox.NamedNode(header["endpoint"])))  # fmt: skip
            return {"ok": True}, ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
        if op == "ping":
            return {"ok": True, "pid": os.getpid()}, b""
        return {"ok": False, "status": 400, "error": "bad-request", "message": f"unknown operation {op!r}"}, b""
    except NotAcceptable as error:
        return {"ok": False, "status": 406, "error": "not-acceptable", "message": str(error)}, b""
    except QueryRefused as error:
        return {"ok": False, "status": 403, "error": "refused", "message": str(error)}, b""
    except QueryTooLarge as error:
        return {"ok": False, "status": 413, "error": "too-large", "message": str(error)}, b""
    except SyntaxError as error:
        message = f"bad SPARQL update: {' '.join(str(error.msg or error).split())}"
        return {"ok": False, "status": 400, "error": "bad-query", "message": message}, b""
    except QueryError as error:
        kind = "bad-query" if str(error).startswith("bad SPARQL") else "query-failed"
        return {"ok": False, "status": 400, "error": kind, "message": str(error)}, b""
    except (OSError, RuntimeError, ValueError, MemoryError, RecursionError) as error:
        message = f"the query failed: {' '.join(str(error).split()) or type(error).__name__}"
        return {"ok": False, "status": 400, "error": "query-failed", "message": message}, b""


def _limit_memory(megabytes: int) -> None:
    """Let this process grow by at most ``megabytes`` beyond what it maps now (a runaway query then
    fails instead of exhausting the machine)."""
    with contextlib.suppress(OSError, ValueError):
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _serve_worker(store: Any, void: list[ox.Triple], sock: socket.socket, memory_mb: int) -> None:
    """A worker's life: answer requests on ``sock`` until the server closes it."""
    _limit_memory(memory_mb)
    while (message := receive(sock)) is not None:
        reply, body = _handle(store, void, *message)
        send(sock, reply, body)


def main(argv: list[str] | None = None) -> int:
    """The loader: load the store named by the JSON config ``argv[0]``, report on the control socket
    (file descriptor ``argv[1]``), then fork a worker, or apply an update, each time it is asked."""
    from kg.outputs.void import describe

    args = sys.argv[1:] if argv is None else argv
    config, control = StoreConfig.of(json.loads(args[0])), socket.socket(fileno=int(args[1]))
    try:
        store = _load(config)
        void = describe(store)
    except KgError as error:
        send(control, {"ok": False, "message": str(error)})
        return 1
    send(control, {"ok": True, "triples": len(store), "engine": store.engine})
    children: set[int] = set()
    try:
        while (message := receive(control)) is not None:
            _reap(children)
            header, body = message
            if header["op"] == "fork":
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:  # the worker
                    control.close()
                    ours.close()
                    try:
                        _serve_worker(store, void, theirs, config.memory_mb)
                    finally:
                        os._exit(0)
                theirs.close()
                children.add(pid)
                socket.send_fds(control, [_framed({"ok": True, "pid": pid})], [ours.fileno()])
                ours.close()
            elif header["op"] == "update":
                reply, _ = _handle(store, void, header, body)
                if reply["ok"]:
                    void = describe(store)
                send(control, reply)
    finally:  # the server is gone: end the workers still running (each is our own, unreaped child)
        _reap(children)
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return 0


def _reap(children: set[int]) -> None:
    """Collect the exit status of the workers that have ended (those the server killed or closed)."""
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        children.discard(pid)


def _framed(header: dict[str, Any]) -> bytes:
    data = json.dumps(header).encode("utf-8")
    return _FRAME.pack(len(data), 0) + data
