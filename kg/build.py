"""The main job: read the inputs, map them to RDF, and write ``graph.ttl`` atomically.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> result = build([Path("data")], Path(tempfile.mkdtemp()))
    >>> result.summary["topics"], result.summary["resources"], result.summary["publishers"]
    (1, 40, 12)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import OutputError
from kg.export import serialize
from kg.files import write_atomic
from kg.mapping.iris import DEFAULT_BASE
from kg.query import named_query
from kg.query.results import Table
from kg.store import Store

__all__ = ["DEFAULT_INPUT", "DEFAULT_OUT", "BuildResult", "build", "summarize", "load_build"]

DEFAULT_INPUT = Path("data")
DEFAULT_OUT = Path("out")
GRAPH_FILE = "graph.ttl"


@dataclass
class BuildResult:
    """What a build made: the store, its summary counts and the files written."""

    store: Store
    summary: dict[str, int]
    files: list[Path] = field(default_factory=list)


def summarize(store: Store) -> dict[str, int]:
    """Counts of what the store's data holds (the ``summary`` named query) and its triples."""
    table = Table.from_result(store.query(named_query("summary").render()))
    counts = {column: int(str(value)) for column, value in table.values()[0].items()}
    counts["triples"] = len(store.data())
    return counts


def build(
    inputs: Sequence[Path] = (DEFAULT_INPUT,), out_dir: Path = DEFAULT_OUT, base: str = DEFAULT_BASE
) -> BuildResult:
    """Build the graph of ``inputs`` and write ``out_dir/graph.ttl``.

    Everything is read and mapped before anything is written, and the write is atomic, so a
    failed build leaves the previous output as it was.

    Raises:
        InputError: an input is missing or malformed.
        OutputError: the output cannot be written.
    """
    store = Store(base)
    store.add_inputs(inputs)
    summary = summarize(store)
    target = out_dir / GRAPH_FILE
    write_atomic(target, serialize(store, "turtle"))
    return BuildResult(store=store, summary=summary, files=[target])


def load_build(graph: Sequence[Path] | None = None, out_dir: Path = DEFAULT_OUT, base: str = DEFAULT_BASE) -> Store:
    """The store for queries: the paths ``graph`` names (RDF files, build folders or inputs),
    or else the last build in ``out_dir``.

    Raises:
        OutputError: no graph is named and ``out_dir`` holds no build.
        InputError: a named path is missing or malformed.
    """
    if not graph:
        if not (out_dir / GRAPH_FILE).is_file():
            raise OutputError(f"no build in {out_dir}/ (run `kg build` first, or name a graph with --graph)")
        graph = [out_dir / GRAPH_FILE]
    return Store(base).load(graph)
