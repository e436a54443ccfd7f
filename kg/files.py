"""Atomic file output: write beside the target, then rename (a folder: exchange), so a reader never
sees half a file.

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "graph.ttl"
    >>> write_atomic(target, b"ok")
    >>> target.read_bytes()
    b'ok'
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError
from kg.system import libc

__all__ = ["write_atomic", "atomic_output", "exchange", "umask", "running"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``path`` only when the ``with`` block ends without error.

    The data goes to a hidden temporary file in the same directory (``.<name>.<pid>.<random>.tmp``),
    is flushed to disk, and replaces ``path`` in one rename; on any error the temporary file is
    removed and ``path`` keeps its previous content. The file gets the mode ``path`` had, or for a
    new file the mode the umask gives (``0644`` under ``022``), as ``open`` would. A temporary file
    left by a process that was killed (its pid is gone) is removed the next time ``path`` is written.

    Raises:
        OutputError: the directory cannot be created or written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~umask()
        os.fchmod(handle, mode)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _remove_orphans(path: Path) -> None:
    """Remove temporary files of ``path`` whose writing process no longer runs."""
    for orphan in path.parent.glob(f".{path.name}.*.tmp"):
        pid = orphan.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                orphan.unlink()


def umask() -> int:
    """The process's umask, read without changing it where Linux tells (``/proc/self/status``).

    Example:
        >>> 0 <= umask() <= 0o777
        True
    """
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text().splitlines()
        return int(next(line for line in status if line.startswith("Umask:")).split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def running(pid: int) -> bool:
    """True when process ``pid`` runs (or exists under another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    try:
        with atomic_output(path) as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None


def exchange(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``; the previous ``target`` (if any) ends up at ``new``.

    Raises:
        OutputError: the folders cannot be switched.
    """
    try:
        if not target.exists():
            os.rename(new, target)
            return
        if _renameat2(new, target):
            return
        aside = new.with_name(new.name + ".old")
        os.rename(target, aside)
        os.rename(new, target)
        os.rename(aside, new)
    except OSError as error:
        raise OutputError(f"{target}: cannot switch in the new build: {error.strerror or error}") from None


def _renameat2(new: Path, target: Path) -> bool:
    """Exchange two paths atomically with Linux's ``renameat2``; False where it is not available."""
    function = getattr(libc(), "renameat2", None)
    if function is None:
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = function(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code))
