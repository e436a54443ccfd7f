"""The HTTP connection handling of ``kg serve``: uvicorn's h11 protocol with a deadline for each
request to arrive, and a cap on connections that are not being answered.

uvicorn times out idle kept-alive connections only, so a client that sends its request one byte
at a time (slowloris) holds its connection, and a file descriptor, for ever. Here a request's head
and body must arrive within ``request_timeout`` seconds of its first byte (or of the connection),
else the connection is answered 408 and closed; and when more than ``max_waiting`` connections
are waiting for a request (slow, or idle between requests), the one waiting longest is closed, so
new clients always get in. The cap defaults to half the process's open-file limit.

Example:
    >>> protocol = guarded_protocol(request_timeout=5, max_waiting=100)
    >>> protocol.request_timeout, protocol.max_waiting
    (5.0, 100)
"""

from __future__ import annotations

import asyncio
import json
import resource
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["guarded_protocol", "default_max_waiting"]

_WAITING = (h11.IDLE, h11.SEND_BODY)


def default_max_waiting() -> int:
    """Half the soft limit on open files (at most 1,000): the connections that may wait for a request."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(8, min(1000, (soft if soft != resource.RLIM_INFINITY else 2000) // 2))


class _GuardedH11(H11Protocol):
    request_timeout = 10.0
    max_waiting = 500
    _deadline: asyncio.TimerHandle | None = None

    def _waiting_list(self) -> dict[_GuardedH11, None]:
        state: Any = self.server_state
        if not hasattr(state, "kg_waiting"):
            state.kg_waiting = {}
        return state.kg_waiting  # type: ignore[no-any-return]

    def _wait(self) -> None:
        """This connection now waits for a request: time it, and make room among the waiting."""
        waiting = self._waiting_list()
        waiting.pop(self, None)
        waiting[self] = None
        while len(waiting) > self.max_waiting:
            oldest = next(iter(waiting))
            oldest._too_slow()
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _served(self) -> None:
        """The request has arrived: stop timing it."""
        self._waiting_list().pop(self, None)
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._served()
        if self.transport.is_closing():
            return
        if self.conn.our_state is h11.IDLE:
            message = f"the request did not arrive within {self.request_timeout:g} s"
            body = json.dumps({"status": 408, "error": "timeout", "message": message}).encode()
            head = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
                    b"x-content-type-options: nosniff\r\ncontent-length: %d\r\n\r\n" % len(body))  # fmt: skip
            self.transport.write(head + body)
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline = None
        super().connection_made(transport)
        self._wait()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and self._deadline is None:
            self._wait()  # a new request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state not in _WAITING:
            self._served()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._waiting_list().pop(self, None)
            self._waiting_list()[self] = None  # idle until its next request (uvicorn's keep-alive timer ends it)

    def connection_lost(self, exc: Exception | None) -> None:
        self._served()
        super().connection_lost(exc)


def guarded_protocol(*, request_timeout: float = 10.0, max_waiting: int | None = None) -> type[H11Protocol]:
    """uvicorn's h11 protocol class with these limits (pass it as ``uvicorn.Config(http=…)``)."""
    return type(
        "GuardedH11",
        (_GuardedH11,),
        {"request_timeout": float(request_timeout), "max_waiting": max_waiting or default_max_waiting()},
    )
