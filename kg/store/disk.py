"""An on-disk store made from RDF files: an Oxigraph database that opens in a blink.

``kg build`` writes one into its folder (:class:`kg.build.layout.BuildFolder` names the files);
``kg query`` opens it instead of parsing the Turtle again. It holds a named graph per file it was
made from (``data``, ``analysis``) and ``ontology`` (every vocabulary file, as the in-memory store
has it), and a stamp (``kg-store.json``) of those files (size, time, inode): when one of them
changes, the store is stale. It is written in a temporary folder beside it and switched into
place, so a reader never sees half a store.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> graph = folder / "graph.ttl"
    >>> _ = graph.write_text("<https://example.org/a> <https://example.org/b> 1 .\\n")
    >>> write(folder / "store", [(graph, "data")]).name, state(folder / "store", [(graph, "data")])
    ('store', 'fresh')
    >>> len(open_read_only(folder / "store"))
    1
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OutputError
from kg.files import exchange, running, umask
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.ontology import vocabulary_files
from kg.store import Store
from kg.store.loader import Loading, load_turtle

__all__ = [
    "STAMP_FILE",
    "Files",
    "write",
    "StoreWriter",
    "open_read_only",
    "state",
    "made_with",
    "remove",
]

#: The RDF files a store is made from, each with the named graph it goes into (the data's first).
Files = Sequence[tuple[Path, str]]
STAMP_FILE = "kg-store.json"
_VERSION = 2


def _stamp(files: Files, base: str) -> dict[str, object]:
    """What a store must have been made from: each source file's size, time and inode (a file
    replaced by a rename has a new one), the ontology's digest and the base IRI."""
    stats: dict[str, list[int]] = {}
    for path, _graph in files:
        with contextlib.suppress(FileNotFoundError):
            stat = path.stat()
            stats[path.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
    ontology = hashlib.sha256()
    for path in vocabulary_files():
        ontology.update(path.name.encode() + b"\0" + path.read_bytes())
    return {"version": _VERSION, "base": base, "files": stats, "ontology": ontology.hexdigest()}


def _read_stamp(store_dir: Path) -> dict[str, object] | None:
    try:
        stamp = json.loads((store_dir / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def state(store_dir: Path, files: Files) -> str:
    """The store in ``store_dir``: ``"fresh"`` (made from ``files`` as they are now), ``"stale"``
    (made from other files, or by another version of kg) or ``"missing"``."""
    stamp = _read_stamp(store_dir)
    if stamp is None:
        return "missing" if not store_dir.exists() else "stale"
    return "fresh" if stamp == _stamp(files, str(stamp.get("base"))) else "stale"


def made_with(store_dir: Path) -> str | None:
    """The base IRI the store in ``store_dir`` was made with (None without a stamp)."""
    base = (_read_stamp(store_dir) or {}).get("base")
    return str(base) if base else None


def write(store_dir: Path, files: Files, base: str = DEFAULT_BASE) -> Path:
    """Make the store ``store_dir`` from ``files`` (the data's first) and the ontology, replacing any
    store there; returns its path.

    Raises:
        OutputError: a file is missing or does not parse, or the store cannot be written.
    """
    if not files:
        raise OutputError(f"{store_dir}: no RDF file to make the store from")
    return StoreWriter(store_dir, files[0][0], base, background=False).finish(files)


class StoreWriter:
    """The store ``store_dir`` being made: the ``data`` file is bulk-loaded at once (with ``background``,
    by a process of its own beside the caller: :class:`kg.store.loader.Loading`), and :meth:`finish`
    adds the other files and the ontology, optimises, stamps and switches the store into place. Call
    :meth:`abort` instead to throw it away.

    Raises:
        OutputError: the ``data`` file is missing, or the temporary store cannot be made.
    """

    def __init__(self, store_dir: Path, data: Path, base: str = DEFAULT_BASE, *, background: bool = True) -> None:
        if not data.is_file():
            raise OutputError(f"{data}: no such file to make the store from")
        self.data, self.base, self.iris = data, base, Iris(base)
        self.target = store_dir
        _remove_orphans(store_dir)
        try:
            self.temporary = Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.{os.getpid()}.",
                                                   suffix=".tmp"))  # fmt: skip
            os.chmod(self.temporary, 0o777 & ~umask())  # mkdtemp makes it 0700: give it the mode mkdir would
        except OSError as error:
            raise OutputError(f"{self.target}: cannot write: {error.strerror}") from None
        self._database: ox.Store | None = None
        self._error: BaseException | None = None
        self._loading: Loading | None = None
        try:
            if background:
                self._loading = Loading(self.temporary / "db", data, self.iris.graph("data"))
            else:
                self._database = ox.Store(str(self.temporary / "db"))
                load_turtle(self._database, data, self.iris.graph("data"))
        except BaseException as error:  # raised again by finish
            self._error = error

    def _wait(self) -> None:
        """Wait for the data's loading, then open the database here."""
        if self._loading is not None:
            loading, self._loading = self._loading, None
            try:
                loading.wait()
                self._database = ox.Store(str(self.temporary / "db"))
            except BaseException as error:  # raised again by finish
                self._error = error

    def _bulk_load(self, path: Path, graph: str) -> None:
        assert self._database is not None
        load_turtle(self._database, path, self.iris.graph(graph))

    def finish(self, files: Files) -> Path:
        """Add ``files`` other than the data (each into its named graph) and the ontology, optimise,
        stamp with ``files`` and switch the store in; returns its path.

        Raises:
            OutputError: the store cannot be made (a file does not parse) or written.
        """
        self._wait()
        try:
            if self._error is not None:
                raise self._error
            stamp = _stamp(files, self.base)
            for path, graph in files:
                if path != self.data:
                    self._bulk_load(path, graph)
            assert self._database is not None
            ontology = ox.NamedNode(self.iris.graph("ontology"))
            for path in vocabulary_files():  # hand-written Turtle, small: each file whole
                self._database.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ontology)
            self._database.optimize()  # one compaction: reads twice as fast as over the loads' many files
            self._database.flush()
            self._database = None
            (self.temporary / STAMP_FILE).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
            _replace_folder(self.temporary, self.target)
        except SyntaxError as error:
            self.abort()
            raise OutputError(f"{self.target}: cannot make the store: {error.msg}") from None
        except OSError as error:
            self.abort()
            raise OutputError(f"{self.target}: cannot write: {error.strerror or error}") from None
        except BaseException:
            self.abort()
            raise
        return self.target

    def abort(self) -> None:
        """Stop the data's loading and remove the temporary store."""
        if self._loading is not None:
            self._loading.stop()
            self._loading = None
        self._database = None
        shutil.rmtree(self.temporary, ignore_errors=True)


def _replace_folder(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target`` in one exchange (see :func:`kg.files.exchange`), then
    remove the old store, which the exchange left at ``new``."""
    exchange(new, target)
    shutil.rmtree(new, ignore_errors=True)


def _remove_orphans(store_dir: Path) -> None:
    """Remove temporary stores beside ``store_dir`` whose writing process no longer runs (it was killed)."""
    for orphan in store_dir.parent.glob(f".{store_dir.name}.*.tmp"):
        pid = orphan.name[len(store_dir.name) + 2 :].split(".")[0]
        if not pid.isdigit() or not running(int(pid)):
            shutil.rmtree(orphan, ignore_errors=True)


def open_read_only(store_dir: Path, base: str = DEFAULT_BASE) -> Store:
    """The store ``store_dir``, opened read-only with the base IRI it was made with (else ``base``);
    whether it is fresh (:func:`state`) is the caller's to ask, once.

    Raises:
        OutputError: there is no store kg can open in ``store_dir``.
    """
    return Store.open(store_dir / "db", made_with(store_dir) or base)


def remove(store_dir: Path) -> None:
    """Remove the store ``store_dir`` if it is there (a build without a store leaves none to go stale)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(store_dir)
