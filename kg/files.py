"""Atomic file output: write beside the target, then rename, so a reader never sees half a file.

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "graph.ttl"
    >>> write_atomic(target, b"ok")
    >>> target.read_bytes()
    b'ok'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError

__all__ = ["write_atomic", "atomic_output"]


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``path`` only when the ``with`` block ends without error.

    The data goes to a hidden temporary file in the same directory, is flushed to disk, and
    replaces ``path`` in one rename; on any error the temporary file is removed and ``path``
    keeps its previous content.

    Raises:
        OutputError: the directory cannot be created or written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    try:
        with atomic_output(path) as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
