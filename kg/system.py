"""What kg asks of the C library directly (Linux, glibc), each a no-op where it is not there.

The C library is the process's own (``dlopen(NULL)``), not looked up with ``ctypes.util.find_library``,
which runs ``ldconfig`` in a forked process (and a fork of a large build counts its memory twice in
``getrusage``).

Example:
    >>> can_fork(cores=1) or "fork" not in multiprocessing.get_all_start_methods()
    True
    >>> libc() is None or hasattr(libc(), "prctl")
    True
    >>> give_back_memory()
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from functools import cache

__all__ = ["can_fork", "libc", "die_with_parent", "give_back_memory"]

_PR_SET_PDEATHSIG = 1


def can_fork(cores: int = 2) -> bool:
    """True where a process can be forked and there are ``cores`` cores to run it beside this one."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= cores


@cache
def libc() -> ctypes.CDLL | None:
    """The C library this process runs with (errno kept for ``ctypes.get_errno``); ``None`` if unavailable."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def die_with_parent() -> None:
    """Ask Linux to kill this process when the thread that made it ends (``prctl(PR_SET_PDEATHSIG)``)."""
    found = libc()
    prctl = getattr(found, "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def give_back_memory() -> None:
    """Hand the memory Python freed back to the system (glibc's ``malloc_trim``): glibc keeps freed
    memory for later, and what comes next would add its own peak on top of it."""
    trim = getattr(libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)
