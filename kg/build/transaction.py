"""A build as one transaction: every output goes into a fresh folder beside ``OUT``, which is then
swapped with ``OUT`` in one rename, so readers see the previous build or the new one, never a mix.

- ``OUT.parent/.OUT.lock`` is locked (``flock``) for the whole build: a second build of the same
  folder is refused with one line, not interleaved.
- The new build is written into ``OUT.parent/.OUT.build-<pid>.tmp/``; what the build does not own
  (``releases/``, files a user put there) is carried over as hard links (copies across devices).
- On success the two folders are exchanged atomically (Linux ``renameat2(RENAME_EXCHANGE)``; where
  that is missing, ``OUT`` is renamed aside and the new folder renamed in: a moment with no ``OUT``,
  never a mixed one) and the previous build is removed. On any failure the new folder is removed and
  ``OUT`` is untouched. A folder left by a killed build is removed by the next build of ``OUT``.

Example:
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "out"
    >>> with transaction(out) as staging:
    ...     _ = (staging / "graph.ttl").write_text("new")
    >>> (out / "graph.ttl").read_text(), sorted(p.name for p in out.parent.iterdir())
    ('new', ['.out.lock', 'out'])
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Collection, Iterator
from pathlib import Path

from kg.errors import OutputError
from kg.files import exchange

__all__ = ["transaction", "folder_lock"]


def _lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


def _staging_glob(out_dir: Path) -> str:
    return f".{out_dir.name}.build-*"


@contextlib.contextmanager
def transaction(out_dir: Path, owned: Collection[str] = ()) -> Iterator[Path]:
    """Yield a fresh, empty folder to write a whole build into; it becomes ``out_dir`` when the
    ``with`` block ends without error, and is removed otherwise. Entries of the previous ``out_dir``
    not named in ``owned`` (and not hidden temporaries) are carried into the new folder first.

    Raises:
        OutputError: another build holds ``out_dir``, ``out_dir`` is not a folder, or a folder
            cannot be written or switched.
    """
    out_dir = out_dir.resolve() if out_dir.is_symlink() else Path(os.path.abspath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: not a folder")
    with folder_lock(out_dir):
        for stale in out_dir.parent.glob(_staging_glob(out_dir)):  # left by a killed build (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        staging = out_dir.parent / f".{out_dir.name}.build-{os.getpid()}.tmp"
        try:
            staging.mkdir()
            if out_dir.is_dir():
                os.chmod(staging, out_dir.stat().st_mode & 0o7777)
                _carry_over(out_dir, staging, owned)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"{out_dir}: cannot write: {error.strerror or error}") from None
        try:
            yield staging
            _sync(staging)
            exchange(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(staging, ignore_errors=True)  # now the previous build


@contextlib.contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of build folder ``out_dir`` (``OUT.parent/.OUT.lock``) for the ``with`` block.

    Raises:
        OutputError: another process holds it (a build of ``out_dir`` is running), or it cannot be made.
    """
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = open(_lock_path(out_dir), "a")  # noqa: SIM115 (held for the block)
    except OSError as error:
        raise OutputError(f"{out_dir}: cannot write: {error.strerror or error}") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{out_dir}: another kg build is writing this folder; try again when it ends") from None
        yield


def _carry_over(old: Path, new: Path, owned: Collection[str]) -> None:
    """Hard-link (or copy) the entries of ``old`` the build does not make into ``new``."""
    for entry in old.iterdir():
        if entry.name in owned or (entry.name.startswith(".") and entry.name.endswith((".tmp", ".old"))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(new / entry.name))


def _link_or_copy(source: str, target: str) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _sync(folder: Path) -> None:
    """Flush ``folder``'s entries to disk before it is switched in."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
