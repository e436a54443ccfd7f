"""Work started in a forked process, beside the caller, and waited for later.

The analysis's CPU-bound work holds Python's lock, so a thread would not run beside it; a process
forked from it inherits what it has computed (the graphs, the metrics) without copying or pickling
any of it, and hands back only a small result. :func:`kg.analysis.analyze` writes its files this way
while ``kg build`` draws the HTML.

Example:
    >>> wait = forked(lambda: sum(range(10)))
    >>> wait()
    45
    >>> def fails() -> None:
    ...     raise ValueError("no")
    >>> forked(fails)()
    Traceback (most recent call last):
    ...
    ValueError: no
"""

from __future__ import annotations

import gc
import multiprocessing
import warnings
from collections.abc import Callable
from typing import TypeVar

from kg.errors import OutputError
from kg.system import die_with_parent

__all__ = ["forked"]

T = TypeVar("T")


def forked(work: Callable[[], T]) -> Callable[[], T]:
    """Run ``work`` now in a forked process; the function returned waits for it and returns its
    result (which must pickle), or raises what it raised. The child dies with its parent (Linux),
    so a build killed mid-way leaves no process writing into its folder.

    The child must not use what other threads of the caller hold (an Oxigraph store being loaded):
    only the caller's memory as it was when forked.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        die_with_parent()
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as error:
            outcome = (False, error)
        send.send(outcome)

    gc.freeze()  # the child's collector leaves the inherited objects alone: it copies none of their pages
    try:
        with warnings.catch_warnings():  # the other threads are in Oxigraph, which the child never calls
            warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
            process = context.Process(target=child, daemon=True)
            process.start()
    finally:
        gc.unfreeze()
    send.close()

    def wait() -> T:
        try:
            ok, value = receive.recv()
        except EOFError:
            process.join()
            raise OutputError(f"the analysis's process ended without a result (exit code {process.exitcode})") from None
        finally:
            receive.close()
        process.join()
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    return wait
