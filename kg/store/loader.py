"""The on-disk store's bulk load of a Turtle file, in this process or in a process of its own.

``kg build`` loads ``graph.ttl`` into the store it is making while it analyses the graph. In a thread
of the build, Oxigraph's loader calls back into the interpreter and slows the analysis beside it (the
typed graph by a third at 2,000 topics); a process forked from the build would inherit RocksDB's
state from any store the process opened before (a test run, a notebook) and can hang. So
:class:`Loading` starts a fresh interpreter instead (:func:`main`, with this very ``kg`` first on its
path): it loads the file and exits, and dies with the process that started it.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> graph = folder / "graph.ttl"
    >>> _ = graph.write_text("<https://e.org/a> <https://e.org/b> 1 .\\n")
    >>> Loading(folder / "db", graph, "https://e.org/data").wait()
    >>> len(ox.Store(str(folder / "db")))
    1
    >>> _ = graph.write_text("<https://e.org/a> <https://e.org/b> .\\n")
    >>> Loading(folder / "db2", graph, "https://e.org/data").wait()
    Traceback (most recent call last):
    ...
    SyntaxError: ...
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.system import die_with_parent

__all__ = ["PIECE_BYTES", "load_turtle", "turtle_pieces", "Loading"]

#: The size of the pieces a Turtle file is bulk-loaded in (see :func:`load_turtle`).
PIECE_BYTES = 1 << 20
#: The folder that holds this ``kg`` package, first on the loader's path (``-I``: nor the working
#: folder nor ``PYTHONPATH`` decide which ``kg`` it runs).
_KG_PARENT = Path(__file__).resolve().parents[2]
_ENTRY = "import sys; sys.path.insert(0, sys.argv[1]); from kg.store.loader import main; sys.exit(main(sys.argv[2:]))"


def load_turtle(database: ox.Store, path: Path, graph: str) -> None:
    """Load the Turtle file ``path`` into the named graph ``graph`` of ``database``, in pieces
    (:func:`turtle_pieces`): Oxigraph's bulk loader holds what one call loads in memory (640 MB for
    the 2,000-topic ``graph.ttl`` in one call, 190 MB in pieces of 4 MB; pieces of 1 MB keep the whole
    build 35 to 75 MB lower at its peak, beside the analysis). A file that is not kg's Turtle is
    loaded again whole, so that its error names the right line.

    Raises:
        SyntaxError: the file is not Turtle.
        OSError: the file cannot be read or the database written.
    """
    target = ox.NamedNode(graph)
    try:
        for piece in turtle_pieces(path):
            database.bulk_load(piece, format=ox.RdfFormat.TURTLE, to_graph=target)
    except SyntaxError:
        database.clear_graph(target)
        database.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=target)


def turtle_pieces(path: Path, size: int = PIECE_BYTES) -> Iterator[bytes]:
    """The Turtle file ``path`` as documents of about ``size`` bytes each: its prefix table, then
    whole statements. Made for kg's Turtle (:class:`kg.rdf.turtle.TurtleWriter`: the prefix table, then
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
        while (line := stream.readline()).startswith((b"@prefix", b"@base", b"PREFIX", b"BASE")):
            header += line  # the prefix table
        rest = line
        while more := stream.read(size):
            rest += more
            cut = rest.rfind(b"\n\n")
            if cut >= 0:
                yield header + rest[: cut + 1]
                rest = rest[cut + 1 :]
        if rest.strip() or not header:
            yield header + rest


class Loading:
    """``path`` being bulk-loaded into the named graph ``graph`` of a new database at ``database``,
    by :func:`main` in a fresh interpreter (see the module's documentation); :meth:`wait` for it
    before opening the database, or :meth:`stop` it."""

    def __init__(self, database: Path, path: Path, graph: str) -> None:
        arguments = [str(os.getpid()), str(database), str(path), graph]
        command = [sys.executable, "-I", "-c", _ENTRY, str(_KG_PARENT), *arguments]
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    def wait(self) -> None:
        """Wait until the file is in and the database closed.

        Raises:
            SyntaxError: the file is not Turtle (Oxigraph's message).
            OSError: the file could not be read or the database written, or the loader did not run.
        """
        _, message = self._process.communicate()
        if self._process.returncode == 0:
            return
        kind, _, text = (message or "").strip().rpartition("\n")[-1].partition("\t")
        if kind == "syntax":
            raise SyntaxError(text)
        raise OSError(0, text if kind == "os" else f"the store's loader failed (exit code {self._process.returncode})")

    def stop(self) -> None:
        """Stop the loading (if it still runs) and wait for the process to end."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


def main(arguments: list[str]) -> int:
    """The loader's process, with ``arguments`` PARENT DATABASE FILE GRAPH: load FILE into GRAPH of
    DATABASE (:func:`load_turtle`); dies with the process PARENT. A failure is one line on stderr,
    ``syntax`` or ``os``, a tab and the message, and a non-zero exit."""
    parent, database, path, graph = arguments
    die_with_parent()
    if os.getppid() != int(parent):  # the build already ended
        return 1
    try:
        store = ox.Store(database)
        load_turtle(store, Path(path), graph)
        store.flush()
    except SyntaxError as error:
        print(f"syntax\t{' '.join(str(error.msg).split())}", file=sys.stderr)  # one line
        return 2
    except OSError as error:
        print(f"os\t{' '.join(str(error.strerror or error).split())}", file=sys.stderr)
        return 3
    return 0
