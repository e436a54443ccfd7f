"""``kg serve``: the graph over HTTP, as a SPARQL 1.1 Protocol endpoint with a query page and a page
per topic, resource and publisher.

The web framework is Starlette (served by uvicorn, with a deadline for each request to arrive and
a cap on waiting connections: :mod:`kg.server.http`); the queries run in worker processes forked
from one process that holds the store (:mod:`kg.server.pool`), so a query past the timeout is
killed without stopping the server.

Example:
    >>> import httpx
    >>> from kg.server import WorkerPool, create_app, running
    >>> with WorkerPool({"graph": ["data"]}, workers=1, timeout=10) as pool:
    ...     _ = pool.start()
    ...     with running(create_app(pool)) as url:
    ...         httpx.get(f"{url}/queries/summary", headers={"Accept": "text/csv"}).text.splitlines()[1]
    '12,238,41,5,32,40,15'
"""

from __future__ import annotations

import contextlib
import importlib
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn
    from starlette.applications import Starlette

    from kg.server.app import LOOPBACK_HOSTS, Settings, create_app
    from kg.server.config import StoreConfig
    from kg.server.pool import WorkerPool

__all__ = ["LOOPBACK_HOSTS", "Settings", "StoreConfig", "WorkerPool", "create_app", "running", "server_config"]

#: Imported on first use, so that `kg query` (which imports kg.cli.serve) loads no web framework.
_LAZY = {"LOOPBACK_HOSTS": "kg.server.app", "Settings": "kg.server.app", "create_app": "kg.server.app",
         "WorkerPool": "kg.server.pool", "StoreConfig": "kg.server.config"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.server' has no attribute {name!r}")


def server_config(
    app: Starlette, host: str = "127.0.0.1", port: int = 0, *, request_timeout: float = 10.0
) -> uvicorn.Config:
    """uvicorn's configuration for ``kg serve``: kept-alive connections closed after 5 s idle, and a
    request's head and body due within ``request_timeout`` seconds (see :mod:`kg.server.http`)."""
    import uvicorn

    from kg.server.http import guarded_protocol

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        http=guarded_protocol(request_timeout=request_timeout),
        timeout_keep_alive=5,
    )


@contextlib.contextmanager
def running(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn (configured as :func:`server_config`) in a background thread (on a
    free port when ``port`` is 0) and yield its base URL; the server stops when the block ends.

    Raises:
        RuntimeError: the server did not start within 30 s.
    """
    import uvicorn

    server = uvicorn.Server(server_config(app, host, port))
    thread = threading.Thread(target=server.run, name="kg-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
