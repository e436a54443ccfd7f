"""The main job: read the inputs, merge and map them, and stream ``graph.ttl`` to disk atomically.

The build never holds the graph: each topic's triples are mapped and written as Turtle before
the next, so memory is bounded by the records, not the triples.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> result = build([Path("data")], Path(tempfile.mkdtemp()))
    >>> result.summary["topics"], result.summary["resources"], result.summary["publishers"]
    (1, 40, 12)
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from tqdm import tqdm

from kg import sources
from kg.errors import OutputError
from kg.files import atomic_output, write_atomic
from kg.mapping.iris import DEFAULT_BASE
from kg.mapping.ntriples import minted, xsd_date
from kg.mapping.triples import COUNTS, Mapper
from kg.mapping.vocab import KG
from kg.merge import merge
from kg.query import named_query
from kg.records import Group, Topic
from kg.store import Store, prefixes
from kg.turtle import TurtleWriter

__all__ = [
    "DEFAULT_INPUT",
    "DEFAULT_OUT",
    "GRAPH_FILE",
    "BuildResult",
    "build",
    "release_date",
    "summarize",
    "load_build",
]

DEFAULT_INPUT = Path("data")
DEFAULT_OUT = Path("out")
GRAPH_FILE = "graph.ttl"
_LARGE = 5_000_000  # bytes of input above which a terminal gets progress bars
_A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SOURCE = "<http://purl.org/dc/terms/source>"


@dataclass
class BuildResult:
    """What a build made: its summary counts (see :data:`kg.mapping.triples.COUNTS`) and the files written."""

    summary: dict[str, int]
    files: list[Path] = field(default_factory=list)


def summarize(store: Store) -> dict[str, int]:
    """The counts :func:`build` reports, for a loaded store (the ``summary`` named query and its triples)."""
    table = store.select(named_query("summary").render())
    counts = {column: int(str(value)) for column, value in table.values()[0].items()}
    counts["triples"] = len(store)
    return {name: counts[name] for name in COUNTS}


def build(
    inputs: Sequence[Path] = (DEFAULT_INPUT,),
    out_dir: Path = DEFAULT_OUT,
    base: str = DEFAULT_BASE,
    *,
    progress: bool | None = None,
    release: str | None = None,
) -> BuildResult:
    """Build the graph of ``inputs`` and write ``out_dir/graph.ttl``.

    Every input is read and merged before anything is written, and the write is atomic, so a
    failed build leaves the previous output as it was. ``progress`` shows progress bars on
    stderr (default: when stdout and stderr are terminals and the input is large). ``release``
    (a date, ``YYYY-MM-DD``, or ``"auto"`` for the newest ``date-generated`` of the inputs) also
    writes ``out_dir/releases/<date>.ttl``: the same graph plus a :class:`kg:Release` node, which
    :meth:`kg.store.Store.load` puts in a named graph of its own.

    Raises:
        InputError: an input is missing or malformed.
        OutputError: the output cannot be written.
    """
    if progress is None:
        interactive = sys.stdout.isatty() and sys.stderr.isatty()
        progress = interactive and sum(p.stat().st_size for p in sources.input_files(inputs)) > _LARGE
    records = tqdm(sources.read(inputs), desc="read", unit=" records", disable=not progress, leave=False)
    topics, groups = merge(records)
    mapper = Mapper(base)
    target = out_dir / GRAPH_FILE
    try:
        with atomic_output(target) as stream:
            writer = TurtleWriter(stream, prefixes(base))
            bar = partial(tqdm, desc="write", unit=" topics", disable=not progress, leave=False)
            for batch in mapper.batches(topics, groups, track=bar):
                writer.write(batch)
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    files = [target]
    if release is not None:
        files.append(_write_release(target, release_date(topics, groups, release), topics, groups, mapper))
    return BuildResult(summary={name: mapper.counts[name] for name in COUNTS}, files=files)


def release_date(topics: Sequence[Topic], groups: Sequence[Group], release: str) -> date:
    """The release's date: ``release`` itself, or for ``"auto"`` the newest date NLM generated an
    input file (else the newest page-last-updated date).

    Raises:
        OutputError: ``release`` is not a date, or ``"auto"`` finds none in the inputs.
    """
    if release != "auto":
        try:
            return date.fromisoformat(release)
        except ValueError:
            raise OutputError(f"--release takes a date, YYYY-MM-DD, not {release!r}") from None
    sources_ = [s for t in topics for s in t.sources] + [g.source for g in groups]
    generated = [s.generated.date() for s in sources_ if s.generated]
    found = max(generated, default=None) or max((t.updated for t in topics if t.updated), default=None)
    if found is None:
        raise OutputError("the inputs carry no date to name the release by: give --release YYYY-MM-DD")
    return found


def _write_release(graph: Path, when: date, topics: Sequence[Topic], groups: Sequence[Group], mapper: Mapper) -> Path:
    """``releases/<date>.ttl`` beside ``graph``: its triples plus the release's own description."""
    node = minted(mapper.iris.graph(f"release/{when.isoformat()}"))
    sources_ = {s for t in topics for s in t.sources} | {g.source for g in groups}
    triples = [(node, _A, minted(str(KG.Release))), (node, minted(str(KG.releaseDate)), xsd_date(when))]
    triples += [(node, _SOURCE, minted(mapper.iris.source(s.sha256))) for s in sources_]
    block = io.BytesIO()
    TurtleWriter(block, prefixes(mapper.iris.base), header=False).write(sorted(triples))
    target = graph.parent / "releases" / f"{when.isoformat()}.ttl"
    write_atomic(target, graph.read_bytes() + block.getvalue())
    return target


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
