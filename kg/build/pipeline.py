"""The main job: read the inputs, merge and map them, stream ``graph.ttl`` to disk, then (when
asked) analyse it, write the on-disk store and draw it, all as one transaction (:mod:`kg.build.transaction`).

The build never holds the graph: each topic's triples are mapped and written as Turtle before
the next, so memory is bounded by the records, not the triples. Large inputs are built by two
processes (:mod:`kg.build.parallel`), with the same output. The analysis and the drawing then share one
in-memory store of ``graph.ttl``, while the on-disk store bulk-loads it in a thread beside them
(:class:`kg.store.disk.StoreWriter`). Every output of a build appears in ``out_dir`` together, or none does.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> result = build([Path("data")], Path(tempfile.mkdtemp()))
    >>> result.summary["topics"], result.summary["resources"], result.summary["publishers"]
    (12, 238, 41)
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from kg import sources
from kg.build import parallel
from kg.build.layout import DEFAULT_INPUT, DEFAULT_OUT, HTML_FILE, OWNED, BuildFolder
from kg.build.merge import merge
from kg.build.releases import release_date, write_release
from kg.build.transaction import transaction
from kg.errors import InputError, KgError, OutputError
from kg.files import atomic_output
from kg.mapping.iris import DEFAULT_BASE, Iris
from kg.mapping.prefixes import prefixes
from kg.mapping.triples import COUNTS, Mapper
from kg.query import named_query
from kg.rdf.turtle import TurtleWriter
from kg.records import Group, Topic
from kg.sources import Inputs
from kg.store import Store
from kg.store.disk import StoreWriter

if TYPE_CHECKING:
    from kg.analysis import Analysis

__all__ = ["BuildResult", "build", "summarize"]

_LARGE = 5_000_000  # bytes of input above which a terminal gets progress bars


@dataclass
class BuildResult:
    """What a build made: its summary counts (see :data:`kg.mapping.triples.COUNTS`) and the files written."""

    summary: dict[str, int]
    files: list[Path] = field(default_factory=list)
    #: The inputs left out (``keep_going``), each with its one-line error.
    skipped: list[InputError] = field(default_factory=list)
    #: Seconds each stage took, in order: ``graph`` (``graph.ttl``), ``load`` (the in-memory store the
    #: analysis and the drawing read), ``analysis``, ``html``, ``report`` (the analysis's report and tables,
    #: past what they overlapped) and ``store`` (``out/store/``, past what it overlapped).
    seconds: dict[str, float] = field(default_factory=dict)
    #: Duplicate topics that disagree, each with the place of the one that wins (see :func:`kg.build.merge.merge`).
    warnings: list[str] = field(default_factory=list)
    #: The analysis, when the build ran it (``analyze``).
    analysis: Analysis | None = None


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
    keep_going: bool = False,
    store: bool = False,
    workers: int | None = None,
    analyze: bool = False,
    viz: bool = False,
    show: bool | None = None,
) -> BuildResult:
    """Build the graph of ``inputs`` and write ``out_dir/graph.ttl``; with ``analyze``, also the
    analysis (:func:`kg.analysis.analyze`), with ``store`` the on-disk store (after the analysis,
    which it holds), with ``viz`` the HTML graph ``out_dir/graph.html``.

    The whole build is one transaction (:func:`kg.build.transaction.transaction`): its files appear in
    ``out_dir`` together, replacing the previous build's, or, when anything fails, ``out_dir`` is
    left exactly as it was. ``progress`` shows progress bars on stderr (default: when stdout and
    stderr are terminals and the input is large). ``release`` (a date, ``YYYY-MM-DD``, or ``"auto"``
    for the newest ``date-generated`` of the inputs) also writes ``out_dir/releases/<date>.ttl``: the
    same graph plus a :class:`kg:Release` node, which :meth:`kg.store.Store.load` puts in a named
    graph of its own (earlier releases stay). With ``keep_going``, an input that fails is left out
    and reported in :attr:`BuildResult.skipped` instead of stopping the build. ``workers`` is 1 or 2
    processes (default: 2 for inputs over :data:`kg.build.parallel.MIN_BYTES` where a second core is free
    to fork onto, unless ``keep_going``); the output is the same either way. Each stage's seconds
    are in :attr:`BuildResult.seconds`; ``show`` prints a line per stage on stderr as it ends
    (default: when stdout and stderr are terminals, unless ``progress`` is false).

    Raises:
        InputError: an input is missing or malformed.
        OutputError: the output cannot be written, or another build is writing ``out_dir``.
        ValueError: ``base`` is not a valid base IRI.
    """
    Iris(base)  # a bad base fails before anything is read
    resolved = sources.resolve(inputs)  # missing and unreadable inputs fail before anything is locked
    if progress is None:
        interactive = sys.stdout.isatty() and sys.stderr.isatty()
        progress = interactive and resolved.size > _LARGE
        show = interactive if show is None else show
    if workers is None:
        workers = 2 if not keep_going and parallel.worth_it(resolved) else 1
    if workers not in (1, 2) or (workers == 2 and (keep_going or not parallel.available())):
        raise OutputError(f"cannot build with {workers} processes here (1, or 2 where fork is, without --keep-going)")
    with transaction(out_dir, OWNED) as staging:
        timer = _Stages(progress if show is None else show)
        with timer("graph"):
            result = _build_into(staging, resolved, base, progress, release, keep_going, workers)
        result.seconds = timer.seconds
        folder = BuildFolder(staging)
        # graph.ttl bulk-loads into the on-disk store in a thread meanwhile
        writer = StoreWriter(folder.store, folder.graph, base) if store else None
        try:
            held: Store | None = None
            if analyze or viz:
                with timer("load"):  # one in-memory store feeds the analysis and the drawing
                    held = Store(base)
                    held.add_rdf(folder.graph)
            if analyze:
                from kg.analysis import analyze as run_analysis  # NetworkX loads only when analysing

                with timer("analysis"):
                    assert held is not None
                    # analysis.ttl is written now, the report and tables by a process beside the HTML; the
                    # HTML draws the analysis from memory, so the held store is left without it
                    result.analysis = run_analysis(held, staging, files_beside=True, into_store=False)
            with ThreadPoolExecutor(1, thread_name_prefix="kg-store") as pool:
                # the on-disk store (kg.store.disk) takes the analysis in while the HTML is drawn
                finishing = pool.submit(writer.finish, folder.rdf_files()) if writer is not None else None
                if viz:
                    from kg.viz import GraphData, StoredAnalysis, render  # pyvis and NetworkX load only when drawing

                    with timer("html"):
                        assert held is not None
                        drawn = None if result.analysis is None else StoredAnalysis.of(result.analysis.results, base)
                        result.files.append(render(GraphData(held, drawn)).write(staging / HTML_FILE))
                if result.analysis is not None:
                    with timer("report"):  # what is left to wait for
                        result.files += result.analysis.finish()
                if finishing is not None:
                    with timer("store"):
                        result.files.append(finishing.result())
                    writer = None
        finally:
            if result.analysis is not None:  # after a failure, no process left writing into the folder
                with contextlib.suppress(KgError):
                    result.analysis.finish()
            if writer is not None:
                writer.abort()
    result.files = [out_dir / path.relative_to(staging) for path in result.files]
    if result.analysis is not None:
        result.analysis.files = [out_dir / path.relative_to(staging) for path in result.analysis.files]
    return result


class _Stages:
    """Times the stages of a build into :attr:`seconds`; with ``show``, a line per stage on stderr."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.seconds: dict[str, float] = {}
        self._start = time.perf_counter()

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        """Time ``stage`` (the ``with`` block)."""
        started = time.perf_counter()
        yield
        now = time.perf_counter()
        self.seconds[stage] = round(now - started, 3)
        if self.show:
            print(f"{stage}: {now - started:.1f} s (elapsed {now - self._start:.1f} s)", file=sys.stderr, flush=True)


def _build_into(
    out_dir: Path,
    inputs: Inputs,
    base: str,
    progress: bool,
    release: str | None,
    keep_going: bool,
    workers: int,
) -> BuildResult:
    """Write ``graph.ttl`` (and the release) of ``inputs`` into the fresh folder ``out_dir``."""
    skipped: list[InputError] | None = [] if keep_going else None
    warnings: list[str] = []
    target = BuildFolder(out_dir).graph
    try:
        with _no_cycle_collection():
            if workers == 2:
                with atomic_output(target) as stream:
                    counts, topics, groups = parallel.write_turtle(
                        inputs, stream, base, progress=progress, warnings=warnings
                    )
            else:
                counts, topics, groups = _write_one_process(inputs, target, base, progress, skipped, warnings)
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    files = [target]
    if release is not None:
        files.append(write_release(target, release_date(topics, groups, release), topics, groups, Iris(base)))
    summary = {name: counts[name] for name in COUNTS}
    return BuildResult(summary=summary, files=files, skipped=skipped or [], warnings=warnings)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: a build makes millions of objects that live until it
    ends and almost no reference cycles (22 objects on the 2,000-topic corpus), so the collector's
    passes over them only cost time (7% of a 20,000-topic build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_one_process(
    inputs: Inputs,
    target: Path,
    base: str,
    progress: bool,
    skipped: list[InputError] | None,
    warnings: list[str],
) -> tuple[Counter[str], list[Topic], list[Group]]:
    """Read and merge every input, then map and write ``target`` topic by topic."""
    records = tqdm(sources.read(inputs, skipped), desc="read", unit=" records", disable=not progress, leave=False)
    topics, groups = merge(records, warnings)
    mapper = Mapper(base)
    with atomic_output(target) as stream:
        writer = TurtleWriter(stream, prefixes(base))
        bar = partial(tqdm, desc="write", unit=" topics", disable=not progress, leave=False)
        for batch in mapper.batches(topics, groups, track=bar):
            writer.write(batch)
    return mapper.counts, topics, groups
