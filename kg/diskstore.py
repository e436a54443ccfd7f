"""The on-disk store of a build: ``out/store/``, an Oxigraph database that opens in a blink.

``kg build`` writes it beside ``graph.ttl``; ``kg query`` opens it instead of parsing the Turtle
again. It holds the named graphs ``data`` (``graph.ttl``), ``analysis`` (``analysis.ttl``, when
there and made after that graph: :func:`kg.store.build_files`) and ``ontology`` (every vocabulary
file, as the in-memory store has it), and a stamp (``kg-store.json``) of the files it was made
from (size, time, inode): when one of them changes, the store is stale and is made again. It is
written in a temporary folder and switched into place, so a reader never sees half a store.

Example:
    >>> import tempfile
    >>> from kg.build import build
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = build([Path("data")], out)
    >>> write_store(out).name
    'store'
    >>> len(open_store(out))
    4582
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OutputError
from kg.files import running, umask
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.ontology import vocabulary_files
from kg.store import Store, build_files
from kg.transaction import exchange, folder_lock

__all__ = [
    "STORE_DIR",
    "STAMP_FILE",
    "write_store",
    "StoreWriter",
    "turtle_pieces",
    "open_store",
    "store_state",
    "remove_store",
]

STORE_DIR = "store"
STAMP_FILE = "kg-store.json"
_VERSION = 2
_PIECE_BYTES = 4 << 20


def _stamp(out_dir: Path, base: str) -> dict[str, object]:
    """What the store of ``out_dir`` must have been made from: each source file's size, time and
    inode (a file replaced by a rename has a new one), the ontology's digest and the base IRI."""
    files: dict[str, list[int]] = {}
    for path, _graph in build_files(out_dir):
        with contextlib.suppress(FileNotFoundError):
            stat = path.stat()
            files[path.name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
    ontology = hashlib.sha256()
    for path in vocabulary_files():
        ontology.update(path.name.encode() + b"\0" + path.read_bytes())
    return {"version": _VERSION, "base": base, "files": files, "ontology": ontology.hexdigest()}


def _read_stamp(out_dir: Path) -> dict[str, object] | None:
    try:
        stamp = json.loads((out_dir / STORE_DIR / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def store_state(out_dir: Path) -> str:
    """``"fresh"``, ``"stale"`` (made from other files, or by another version of kg) or ``"missing"``."""
    stamp = _read_stamp(out_dir)
    if stamp is None:
        return "missing" if not (out_dir / STORE_DIR).exists() else "stale"
    return "fresh" if stamp == _stamp(out_dir, str(stamp.get("base"))) else "stale"


def write_store(out_dir: Path, base: str = DEFAULT_BASE) -> Path:
    """Make ``out_dir/store/`` from the build in ``out_dir`` (``graph.ttl``, ``analysis.ttl``) and
    the ontology, replacing any store there; returns its path.

    Raises:
        OutputError: ``out_dir`` holds no ``graph.ttl``, or the store cannot be written.
    """
    return StoreWriter(out_dir, base, background=False).finish()


class StoreWriter:
    """The store of ``out_dir`` being made: ``graph.ttl`` is bulk-loaded at once (in a thread of its
    own with ``background``: Oxigraph's loader releases the GIL, so it runs beside the analysis), and
    :meth:`finish` adds ``analysis.ttl`` (when fresh) and the ontology, optimises, stamps and
    switches the store into place. Call :meth:`abort` instead to throw it away.

    Raises:
        OutputError: ``out_dir`` holds no ``graph.ttl``, or the temporary store cannot be made.
    """

    def __init__(self, out_dir: Path, base: str = DEFAULT_BASE, *, background: bool = True) -> None:
        if not (out_dir / "graph.ttl").is_file():
            raise OutputError(f"no build in {out_dir}/ (run `kg build` first)")
        self.out_dir, self.base, self.iris = out_dir, base, Iris(base)
        self.target = out_dir / STORE_DIR
        _remove_orphans(out_dir)
        try:
            self.temporary = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{STORE_DIR}.{os.getpid()}.", suffix=".tmp"))
            os.chmod(self.temporary, 0o777 & ~umask())  # mkdtemp makes it 0700: give it the mode mkdir would
        except OSError as error:
            raise OutputError(f"{self.target}: cannot write: {error.strerror}") from None
        self._database: ox.Store | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load_graph, name="kg-store", daemon=True)
        if background:
            self._thread.start()
        else:
            self._load_graph()

    def _load_graph(self) -> None:
        try:
            self._database = ox.Store(str(self.temporary / "db"))
            self._bulk_load(self.out_dir / "graph.ttl", "data")
        except BaseException as error:  # raised again by finish
            self._error = error

    def _bulk_load(self, path: Path, graph: str) -> None:
        """Load ``path`` in pieces (:func:`turtle_pieces`): Oxigraph's bulk loader holds what one call
        loads in memory (640 MB for the 2,000-topic ``graph.ttl`` in one call, 190 MB in pieces of 4 MB).
        A file that is not kg's Turtle is loaded again whole, so that its error names the right line."""
        assert self._database is not None
        target = ox.NamedNode(self.iris.graph(graph))
        try:
            for piece in turtle_pieces(path):
                self._database.bulk_load(piece, format=ox.RdfFormat.TURTLE, to_graph=target)
        except SyntaxError:
            self._database.clear_graph(target)
            self._database.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=target)

    def _wait(self) -> None:
        if self._thread.is_alive() or self._thread.ident is not None:
            self._thread.join()

    def finish(self) -> Path:
        """Add the analysis and the ontology, optimise and switch the store in; returns its path.

        Raises:
            OutputError: the store cannot be made (a file does not parse) or written.
        """
        self._wait()
        try:
            if self._error is not None:
                raise self._error
            stamp = _stamp(self.out_dir, self.base)
            for path, graph in build_files(self.out_dir):
                if graph != "data":
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
            raise OutputError(f"{self.out_dir}: cannot make the store: {error.msg}") from None
        except OSError as error:
            self.abort()
            raise OutputError(f"{self.target}: cannot write: {error.strerror or error}") from None
        except BaseException:
            self.abort()
            raise
        return self.target

    def abort(self) -> None:
        """Wait for the loading thread and remove the temporary store."""
        self._wait()
        self._database = None
        shutil.rmtree(self.temporary, ignore_errors=True)


def turtle_pieces(path: Path, size: int = _PIECE_BYTES) -> Iterator[bytes]:
    """The Turtle file ``path`` as documents of about ``size`` bytes each: its prefix table, then
    whole statements. Made for kg's Turtle (:class:`kg.turtle.TurtleWriter`: the prefix table, then
    each subject's statement after a blank line; its literals hold no raw newline), and cut only at
    blank lines; another file may come out as pieces that do not parse.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "g.ttl"
        >>> _ = path.write_bytes(b"@prefix ex: <https://example.org/> .\\n\\nex:a ex:b 1 .\\n\\nex:c ex:d 2 .\\n")
        >>> [piece.decode().count("ex:b") + piece.decode().count("ex:d") for piece in turtle_pieces(path, 4)]
        [1, 1]
    """
    with path.open("rb") as stream:
        header = b""
        while (line := stream.readline()) not in (b"\n", b""):  # the prefix table, up to the blank line
            header += line
        rest = line
        while more := stream.read(size):
            rest += more
            cut = rest.rfind(b"\n\n")
            if cut >= 0:
                yield header + rest[: cut + 1]
                rest = rest[cut + 1 :]
        if rest.strip() or not header:
            yield header + rest


def _replace_folder(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target`` in one exchange (see :func:`kg.transaction.exchange`), then
    remove the old store, which the exchange left at ``new``."""
    exchange(new, target)
    shutil.rmtree(new, ignore_errors=True)


def _remove_orphans(out_dir: Path) -> None:
    """Remove temporary stores of ``out_dir`` whose writing process no longer runs (it was killed)."""
    for orphan in out_dir.glob(f".{STORE_DIR}.*.tmp"):
        pid = orphan.name.split(".")[2]
        if not pid.isdigit() or not running(int(pid)):
            shutil.rmtree(orphan, ignore_errors=True)


def open_store(out_dir: Path, base: str = DEFAULT_BASE, *, refresh: bool = True) -> Store:
    """The store of the build in ``out_dir``, opened read-only, with the base IRI it was made with;
    a stale store is made again first (with that base, else ``base``) when ``refresh`` is true.

    Raises:
        OutputError: there is no store (or it is stale and ``refresh`` is false), or it cannot be made.
    """
    state = store_state(out_dir)
    stamp = _read_stamp(out_dir) or {}
    made_with = str(stamp.get("base") or base)
    if state == "stale" and refresh:
        with folder_lock(Path(os.path.abspath(out_dir))):  # not while a build is switching the folder
            write_store(out_dir, made_with)
    elif state != "fresh":
        raise OutputError(f"{out_dir / STORE_DIR} is {state} (run `kg build`)")
    return Store.open(out_dir / STORE_DIR / "db", made_with)


def remove_store(out_dir: Path) -> None:
    """Remove ``out_dir/store/`` if it is there (a build without a store leaves none to go stale)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(out_dir / STORE_DIR)
