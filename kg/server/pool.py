"""The server's side of the query processes (see :mod:`kg.server.worker`): start the loader, keep a
few workers warm, give each request a worker of its own, and kill a worker that runs past the timeout.

Up to ``workers`` requests run at once, each in its own process (forked on demand, in milliseconds,
when no warm one is idle). A request still running after ``nice_after`` seconds is lowered to the
least CPU priority (nice 19), so the cheap queries that arrive meanwhile take the CPU first: two
runaway queries no longer make ``ASK {}`` wait. Such a worker is retired when it answers. Each
worker may grow by ``memory_mb`` at most; one that dies (out of memory, say) is replaced.

Example:
    >>> pool = WorkerPool({"graph": ["data"]}, workers=1, timeout=10)
    >>> pool.start()["triples"] > 0
    True
    >>> sparql = b"SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg-medlineplus/vocab#Topic> }"
    >>> header, body = pool.request({"op": "query", "format": "csv", "cap": 10}, sparql)
    >>> body
    b'n\\r\\n32\\r\\n'
    >>> pool.close()
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kg.errors import KgError
from kg.server.config import StoreConfig
from kg.server.worker import receive, send

__all__ = ["WorkerPool", "QueryTimeout", "ServerBusy", "WorkerDied"]

_LOADER = "import sys; from kg.server.worker import main; sys.exit(main(sys.argv[1:]))"


class QueryTimeout(KgError):
    """A request ran longer than the timeout; its worker was killed."""


class ServerBusy(KgError):
    """Every worker stayed busy for as long as the timeout."""


class WorkerDied(KgError):
    """A worker ended in the middle of a request (out of memory, say); another takes its place."""


@dataclass
class _Worker:
    pid: int
    sock: socket.socket
    generation: int


class WorkerPool:
    """``workers`` query processes forked from one loader that holds the store.

    Parameters:
        config: what to load (a :class:`StoreConfig`, or a mapping of its fields).
        workers: how many requests run at once (each in a process of its own).
        timeout: seconds a request may take before its worker is killed.
        warm: how many idle workers are kept forked, ready.
        nice_after: seconds after which a running request yields the CPU to the others.
    """

    def __init__(
        self,
        config: StoreConfig | Mapping[str, Any],
        *,
        workers: int = 2,
        timeout: float = 10.0,
        warm: int = 2,
        nice_after: float = 0.25,
    ) -> None:
        self.config = StoreConfig.of(config)
        self.workers = workers
        self.timeout = timeout
        self.warm = max(1, min(warm, workers))
        self.nice_after = nice_after
        self.info: dict[str, Any] = {}
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: dict[int, _Worker] = {}
        self._control_lock = threading.Lock()
        self._update_lock = threading.Lock()
        self._generation = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None
        self._closed = False

    def start(self) -> dict[str, Any]:
        """Start the loader, wait until the store is loaded, and fork the workers; returns what the
        loader reports (``triples``, ``engine``).

        Raises:
            KgError: the graph cannot be loaded (the loader's own message).
        """
        ours, theirs = socket.socketpair()
        self._control = ours
        command = [sys.executable, "-c", _LOADER, self.config.to_json(), str(theirs.fileno())]
        self._process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        try:
            message = receive(ours)
        except EOFError:
            message = None
        if message is None or not message[0].get("ok"):
            self.close()
            raise KgError(message[0]["message"] if message else "the query process failed to start")
        self.info = message[0]
        for _ in range(self.warm):
            self._idle.put(self._fork())
        return self.info

    def _fork(self) -> _Worker:
        """A fresh worker from the loader."""
        assert self._control is not None
        with self._control_lock:
            send(self._control, {"op": "fork"})
            data, fds, _, _ = socket.recv_fds(self._control, 65536, 1)
            if not fds:
                raise WorkerDied("the query process ended")
            message = receive(self._control, data)
        assert message is not None
        worker = _Worker(int(message[0]["pid"]), socket.socket(fileno=fds[0]), self._generation)
        self._all[worker.pid] = worker
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        """Stop ``worker`` (killed when busy, else told to end by closing its socket)."""
        self._all.pop(worker.pid, None)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
        worker.sock.close()

    def request(
        self, header: dict[str, Any], body: bytes = b"", *, retire: bool = False
    ) -> tuple[dict[str, Any], bytes]:
        """Send one request to a worker of its own and return its reply.

        Raises:
            ServerBusy: ``workers`` requests stayed running for the whole timeout.
            QueryTimeout: the worker did not answer within the timeout (it is killed).
            WorkerDied: the worker ended while answering (out of memory, say).
        """
        started = time.monotonic()
        if not self._slots.acquire(timeout=self.timeout):
            raise ServerBusy(f"every query process stayed busy for {self.timeout:g} s; try again later")
        try:
            return self._run(header, body, started, retire)
        finally:
            self._slots.release()

    def _run(self, header: dict[str, Any], body: bytes, started: float, retire: bool) -> tuple[dict[str, Any], bytes]:
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            worker = self._fork()
        lowered = False
        try:
            worker.sock.settimeout(None)
            send(worker.sock, header, body)
            while not select.select([worker.sock], [], [], self._left(started, lowered))[0]:
                if lowered or self._left(started, True) <= 0:
                    raise TimeoutError
                lowered = True  # a long request: let the others have the CPU first
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
            worker.sock.settimeout(max(self._left(started, True), 1.0))
            reply = receive(worker.sock)
            if reply is None:
                raise EOFError
        except TimeoutError:
            self._retire(worker, kill=True)
            raise QueryTimeout(f"the query ran longer than the {self.timeout:g} s timeout and was stopped") from None
        except (OSError, EOFError):
            self._retire(worker, kill=True)
            raise WorkerDied(
                "the query process ended while answering: the query needed more than the "
                f"{self.config.memory_mb:,} MB a query may use, or the engine failed on it"
            ) from None
        if retire or lowered or worker.generation != self._generation or self._idle.qsize() >= self.warm:
            self._retire(worker, kill=True)
        else:
            self._idle.put(worker)
        return reply

    def _left(self, started: float, lowered: bool) -> float:
        """Seconds to wait: until the CPU priority is lowered, or until the timeout."""
        left = self.timeout - (time.monotonic() - started)
        return max(left if lowered else min(left, self.nice_after), 0.0)

    def update(self, sparql: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply a SPARQL Update: first in a worker (which enforces the timeout and is then retired), then,
        if it succeeded, in the loader, whose fresh workers then replace every older one. ``options``
        go with it (``base``; ``using`` and ``using_named``, the protocol's dataset).

        Raises:
            ServerBusy, QueryTimeout, WorkerDied: as :meth:`request`.
        """
        header = {**(options or {}), "op": "update"}
        with self._update_lock:
            reply, _ = self.request(header, sparql.encode("utf-8"), retire=True)
            if not reply["ok"]:
                return reply
            assert self._control is not None
            with self._control_lock:
                send(self._control, header, sparql.encode("utf-8"))
                message = receive(self._control)
            assert message is not None
            self._generation += 1
            for _ in range(self._idle.qsize()):  # idle workers hold the old data: replace them now
                with contextlib.suppress(queue.Empty):
                    self._retire(self._idle.get_nowait(), kill=True)
                    self._idle.put(self._fork())
            return message[0]

    def close(self) -> None:
        """Stop every worker and the loader."""
        self._closed = True
        for worker in list(self._all.values()):
            self._retire(worker, kill=True)
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._process is not None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
