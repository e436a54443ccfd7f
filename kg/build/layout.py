"""The build folder: the name of every file a build writes there, and opening the build again.

This module is the one place those names are defined; the stages that write a file (the
analysis, the drawing, the on-disk store) and the commands that read one take its name from here.

Example:
    >>> import tempfile
    >>> from kg.build import build
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = build([Path("data")], out, store=True)
    >>> folder = BuildFolder(out)
    >>> folder.graph.name, [graph for _, graph in folder.rdf_files()], folder.store_state()
    ('graph.ttl', ['data'], 'fresh')
    >>> len(open_build(out_dir=out))
    4582
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import OutputError
from kg.mapping.iris import DEFAULT_BASE
from kg.rdf.formats import SUFFIXES as RDF_SUFFIXES
from kg.store import Store, disk
from kg.store.engines import DEFAULT_ENGINE

__all__ = [
    "DEFAULT_INPUT",
    "DEFAULT_OUT",
    "GRAPH_FILE",
    "ANALYSIS_FILE",
    "REPORT_FILE",
    "CHARTS_DIR",
    "METRICS_CSV",
    "METRICS_JSON",
    "ANALYSIS_OUTPUTS",
    "HTML_FILE",
    "STORE_DIR",
    "RELEASES_DIR",
    "OWNED",
    "BuildFolder",
    "open_build",
    "load",
]

#: The inputs ``kg build`` reads and the folder it writes, when not told.
DEFAULT_INPUT = Path("data")
DEFAULT_OUT = Path("out")
#: The graph (the ``data`` named graph).
GRAPH_FILE = "graph.ttl"
#: The analysis graph (the ``analysis`` named graph) and the analysis's other outputs.
ANALYSIS_FILE = "analysis.ttl"
REPORT_FILE = "report.md"
CHARTS_DIR = "report"
METRICS_CSV = "metrics.csv"
METRICS_JSON = "metrics.json"
#: Everything an analysis writes (a new build removes them: they describe the old graph).
ANALYSIS_OUTPUTS = (ANALYSIS_FILE, REPORT_FILE, CHARTS_DIR, METRICS_CSV, METRICS_JSON)
#: The explorer (``kg viz``'s default view).
HTML_FILE = "graph.html"
#: The on-disk store (:mod:`kg.store.disk`).
STORE_DIR = "store"
#: ``--release``'s graphs, ``releases/YYYY-MM-DD.ttl`` (each a named graph of its own when loaded).
RELEASES_DIR = "releases"
#: What a build makes in its folder; anything else there (``releases/``, a user's files) is carried over.
OWNED = (GRAPH_FILE, *ANALYSIS_OUTPUTS, STORE_DIR, HTML_FILE)
_RELEASE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].ttl"


@dataclass(frozen=True)
class BuildFolder:
    """A build's output folder (``out/``) and the paths of what a build writes there."""

    path: Path

    @property
    def graph(self) -> Path:
        """``graph.ttl``."""
        return self.path / GRAPH_FILE

    @property
    def analysis(self) -> Path:
        """``analysis.ttl``."""
        return self.path / ANALYSIS_FILE

    @property
    def store(self) -> Path:
        """The on-disk store's folder."""
        return self.path / STORE_DIR

    def exists(self) -> bool:
        """True when the folder holds a build (its ``graph.ttl``)."""
        return self.graph.is_file()

    def rdf_files(self) -> list[tuple[Path, str]]:
        """The RDF files of the build and the named graph each goes into: ``graph.ttl`` (``data``)
        and ``analysis.ttl`` (``analysis``) when it was made after that ``graph.ttl`` (an analysis
        older than the graph describes another graph, and is left out).

        Example:
            >>> BuildFolder(Path("nowhere")).rdf_files()
            []
        """
        try:
            made = self.graph.stat().st_mtime_ns
        except OSError:
            return []
        files = [(self.graph, "data")]
        with contextlib.suppress(OSError):
            if self.analysis.stat().st_mtime_ns >= made:
                files.append((self.analysis, "analysis"))
        return files

    def store_state(self) -> str:
        """The on-disk store's state: ``"fresh"``, ``"stale"`` or ``"missing"`` (see :func:`kg.store.disk.state`)."""
        return disk.state(self.store, self.rdf_files())

    def write_store(self, base: str = DEFAULT_BASE) -> Path:
        """Make the on-disk store of this build again (see :func:`kg.store.disk.write`).

        Raises:
            OutputError: the folder holds no build, or the store cannot be written.
        """
        if not self.exists():
            raise OutputError(f"no build in {self.path}/ (run `kg build` first)")
        return disk.write(self.store, self.rdf_files(), base)

    def open_store(self, base: str = DEFAULT_BASE, *, state: str | None = None) -> Store:
        """The on-disk store, opened read-only with the base IRI it was made with; a stale store is
        made again first, under the build's lock (not while a build is switching the folder).
        ``state`` is :meth:`store_state` when the caller has just asked it.

        Raises:
            OutputError: there is no store, or it cannot be made again.
        """
        from kg.build.transaction import folder_lock

        current = state or self.store_state()
        if current == "stale":
            with folder_lock(Path(os.path.abspath(self.path))):
                disk.write(self.store, self.rdf_files(), disk.made_with(self.store) or base)
        elif current != "fresh":
            raise OutputError(f"{self.store} is {current} (run `kg build`)")
        return disk.open_read_only(self.store, base)

    def add_to(self, store: Store) -> Store:
        """Load the build's RDF files (:meth:`rdf_files`) into ``store``, each into its named graph."""
        for path, named in self.rdf_files():
            store.add_rdf(path, graph=named)
        return store

    def releases(self) -> list[Path]:
        """``releases/*.ttl``, oldest first."""
        return sorted((self.path / RELEASES_DIR).glob(_RELEASE_GLOB))


def open_build(
    graph: Sequence[Path] | None = None,
    out_dir: Path = DEFAULT_OUT,
    base: str = DEFAULT_BASE,
    *,
    engine: str = DEFAULT_ENGINE,
    in_memory: bool = False,
) -> Store:
    """The store for queries: the paths ``graph`` names (see :func:`load`), or else the last build in
    ``out_dir``: its on-disk store when there (made again first if ``graph.ttl`` changed since),
    unless ``in_memory`` or the ``rdflib`` engine asks for the build's files parsed into memory.

    A single build folder named in ``graph`` is opened exactly as ``out_dir`` is.

    Raises:
        OutputError: no graph is named and ``out_dir`` holds no build.
        InputError: a named path is missing or malformed.
    """
    if graph and len(graph) == 1 and graph[0].is_dir() and BuildFolder(graph[0]).exists():
        out_dir, graph = graph[0], None
    if graph:
        return load(graph, base, engine=engine)
    folder = BuildFolder(out_dir)
    if not folder.exists():
        raise OutputError(f"no build in {out_dir}/ (run `kg build` first, or name a graph with --graph)")
    state = folder.store_state() if engine == DEFAULT_ENGINE and not in_memory else "missing"
    if state != "missing":
        with contextlib.suppress(OutputError):  # a store that cannot be made again: parse the Turtle
            return folder.open_store(base, state=state)
    with _pinned(out_dir) as pinned:  # graph.ttl, and analysis.ttl when there, as in the on-disk store
        return BuildFolder(pinned).add_to(Store(base, engine=engine))


def load(paths: Sequence[Path], base: str = DEFAULT_BASE, *, engine: str = DEFAULT_ENGINE) -> Store:
    """A store of ``paths``: RDF files are parsed; a build folder is its RDF files (see
    :meth:`BuildFolder.rdf_files`); a build's ``releases/`` folder puts each release in the named graph
    ``release/<date>``; MedlinePlus inputs (files or folders) are built in memory
    (:func:`kg.build.memory.build_in_memory`).

    Example:
        >>> store = load([Path("data")])
        >>> len(store), store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }").rows[0][0].value
        (4582, 912)

    Raises:
        InputError: a path is missing, or a file cannot be read or parsed.
    """
    from kg.build.memory import build_in_memory

    store = Store(base, engine=engine)
    inputs: list[Path] = []
    for path in paths:
        releases = sorted(path.glob(_RELEASE_GLOB)) if path.is_dir() else []
        if releases:
            for release in releases:
                store.add_rdf(release, graph=f"release/{release.stem}")
        elif path.is_dir() and BuildFolder(path).exists():
            BuildFolder(path).add_to(store)
        elif path.is_file() and path.suffix.lower() in RDF_SUFFIXES:
            store.add_rdf(path)
        else:
            inputs.append(path)
    if inputs:
        build_in_memory(inputs, store)
    return store


@contextlib.contextmanager
def _pinned(folder: Path) -> Iterator[Path]:
    """``folder`` as a path that keeps naming the same folder while it is open (Linux's
    ``/proc/self/fd``), so that a build switched in meanwhile is not read half from each."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield folder
        return
    try:
        pinned = Path(f"/proc/self/fd/{handle}")
        yield pinned if BuildFolder(pinned).exists() else folder
    finally:
        os.close(handle)
