"""The analysts' analysis: RDF → NetworkX projections → metrics → written back as RDF, with a report.

:func:`analyze` runs it all on a store: :mod:`~kg.analysis.projection` builds the typed graph and
its projections with SPARQL, :mod:`~kg.analysis.metrics` computes the metrics,
:mod:`~kg.analysis.writeback` puts them in the store's ``analysis`` graph, and
:mod:`~kg.analysis.report` and :mod:`~kg.analysis.tables` write ``report.md`` (with charts),
``metrics.csv`` and ``metrics.json``; ``analysis.ttl`` is the analysis graph.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> store = kg.load([Path("data")])
    >>> result = analyze(store, Path(tempfile.mkdtemp()))
    >>> sorted(path.name for path in result.files)[:4]
    ['analysis.ttl', 'audience-coverage.png', 'community-sizes.png', 'degree-distribution.png']
    >>> result.summary["topics"], result.summary["publishers"], result.summary["communities"]
    (12, 41, 17)
    >>> store.select("PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> "
    ...              "SELECT (COUNT(*) AS ?n) WHERE { ?node kg:pageRank ?rank }").values()
    [{'n': 311}]
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.system import can_fork, give_back_memory

if TYPE_CHECKING:  # NetworkX, SciPy and matplotlib are imported when an analysis runs, not with kg's CLI
    import networkx as nx

    from kg.analysis.metrics import Results
    from kg.store import Store

__all__ = ["Analysis", "analyze", "SEED", "PIVOTS", "EXACT_UP_TO", "NEIGHBOURS"]

#: The seed of every random choice (betweenness sources, Louvain's node order).
SEED = 42
#: Betweenness is exact on typed graphs of at most this many nodes, and sampled above.
EXACT_UP_TO = 5_000
#: How many source nodes (pivots) sampled betweenness uses.
PIVOTS = 1_000
#: How many nearest neighbours each topic keeps.
NEIGHBOURS = 5


@dataclass
class Analysis:
    """What :func:`analyze` made: the graphs, the metrics, their summary, the files written and the
    seconds each stage took."""

    typed: nx.Graph
    topics: nx.Graph
    publishers: nx.Graph
    results: Results
    summary: dict[str, Any]
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: Waits for the files (see :meth:`finish`), when some are being written.
    _writing: Callable[[], tuple[list[Path], dict[str, float]]] | None = field(default=None, repr=False)

    def finish(self) -> list[Path]:
        """Wait for the files :func:`analyze` writes (at once unless it was asked to write them beside
        the caller), add them to :attr:`files` and their seconds to :attr:`timings`; returns the files.

        Raises:
            OutputError: a file could not be written.
        """
        if self._writing is not None:
            writing, self._writing = self._writing, None
            files, timings = writing()
            self.files[:0] = files  # before analysis.ttl, written first: the order kg analyze lists them in
            self.timings.update(timings)
        return self.files


def analyze(
    store: Store,
    out_dir: Path | None = None,
    *,
    seed: int = SEED,
    pivots: int = PIVOTS,
    exact_up_to: int = EXACT_UP_TO,
    neighbours: int = NEIGHBOURS,
    files_beside: bool = False,
    into_store: bool = True,
) -> Analysis:
    """Analyse the graph in ``store``: write every metric into its ``analysis`` named graph (replacing
    what was there) and, when ``out_dir`` is given, ``report.md`` (+ ``report/*.png``), ``metrics.csv``,
    ``metrics.json`` and ``analysis.ttl`` into it, each atomically.

    ``seed`` fixes every random choice; betweenness is exact on typed graphs of at most
    ``exact_up_to`` nodes and estimated from ``pivots`` sampled sources above; each topic keeps
    its ``neighbours`` nearest neighbours. The same graph and settings give the same bytes.

    With ``files_beside`` (where a process can be forked), the report and the tables are written by
    a process forked once ``analysis.ttl`` is, and ``analyze`` returns without waiting for them: the
    caller goes on (``kg build`` draws the HTML) and must call :meth:`Analysis.finish` before using
    them. Without ``into_store``, the store is left as it was (``kg build`` draws the analysis from
    memory: :meth:`kg.viz.data.StoredAnalysis.of`).

    Raises:
        QueryError: the store cannot answer the projection's queries.
        OutputError: an output file cannot be written (from :meth:`Analysis.finish` with
            ``files_beside``).
    """
    from kg.analysis import metrics, projection
    from kg.analysis.beside import forked
    from kg.analysis.metrics import Results
    from kg.analysis.writeback import aggregate_triples, betweenness_triples, triples, turtle, write_back
    from kg.build.layout import ANALYSIS_FILE
    from kg.files import write_atomic

    timings: dict[str, float] = {}

    @contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start

    with timed("typed graph (SPARQL)"):
        typed = projection.typed_graph(store)
    with ThreadPoolExecutor(1, thread_name_prefix="kg-analysis") as beside:
        # Beside the NetworkX work of this thread: betweenness in another process (on large graphs),
        # and in a thread the SPARQL of the counts, then the write-back (Oxigraph releases Python's
        # lock while it evaluates a query into text and while it bulk-loads).
        with timed("betweenness (started)"):
            pending = metrics.betweenness_beside(typed, seed=seed, exact_up_to=exact_up_to, pivots=pivots)
        counting = beside.submit(lambda: list(aggregate_triples(store, store.base)))
        with timed("topic graph"):
            topics = projection.topic_graph(typed)
        with timed("publisher graph"):
            bipartite = projection.topic_publisher_graph(typed)  # for the similarity too
            publishers = projection.publisher_graph(typed, bipartite)
        with timed("degree"):
            degree = metrics.degree(typed)
        with timed("PageRank"):
            pagerank = metrics.pagerank(typed)
        with timed("communities (Louvain)"):
            communities = metrics.communities(topics, pagerank, seed=seed)
            modularity = metrics.modularity(topics, communities)
        with timed("similarity (Jaccard)"):
            similar = metrics.similarity(typed, k=neighbours, bipartite=bipartite)
        with timed("publisher reach, NIH share"):
            reach = metrics.publisher_reach(typed)
            nih = metrics.nih_share(typed)
        with timed("audience coverage"):
            coverage = metrics.audience_coverage(typed)
        with timed("components, bridges, articulation points"):
            structure = metrics.structure(topics)
        results = Results(
            seed=seed,
            pivots=0,  # and no betweenness yet: both come in below, once the other process has them
            degree=degree,
            pagerank=pagerank,
            betweenness={},
            communities=communities,
            modularity=modularity,
            neighbours=similar,
            reach=reach,
            nih_share=nih.overall,
            topic_nih_share=nih.by_topic,
            nih_share_by_language=nih.by_language,
            coverage=coverage,
            structure=structure,
            nearest=neighbours,
        )
        with timed("write-back (analysis graph)"):
            metric_lines = triples(results, store.base, betweenness=False)  # sorted, each once
            known = set(metric_lines)
            counts = sorted({line for line in counting.result() if line not in known})
            lines = list(heapq.merge(metric_lines, counts))
            del metric_lines, known, counts
            loading = beside.submit(write_back, store, lines) if into_store else None
            del counting
        with timed("betweenness (waited for)"):
            results.betweenness, results.pivots = pending()
        with timed("write-back (analysis graph)"):
            later = sorted(betweenness_triples(results, store.base))
            if loading is not None:
                loading.result()
                loading = beside.submit(write_back, store, later, replace=False)  # beside analysis.ttl
        summary = metrics.summary(typed, topics, results)
        analysis = Analysis(typed, topics, publishers, results, summary, timings=timings)
        if out_dir is not None:
            # the report and the tables: in a process forked now (it inherits the metrics), while this
            # one writes analysis.ttl, finishes the write-back and, in kg build, draws the HTML; or
            # here, after analysis.ttl
            write = partial(_write_report_and_tables, out_dir, analysis)
            beside_this = files_beside and can_fork()
            if beside_this:
                analysis._writing = forked(write)
            try:
                with timed(ANALYSIS_FILE):
                    write_atomic(out_dir / ANALYSIS_FILE, turtle(heapq.merge(lines, later), store.base))
            except BaseException:
                with suppress(Exception):  # no process left writing into the folder; this error is the one to tell
                    analysis.finish()
                raise
            analysis.files.append(out_dir / ANALYSIS_FILE)
            if not beside_this:
                done = write()
                analysis._writing = lambda: done
        del lines
        if loading is not None:
            with timed("write-back (analysis graph)"):
                loading.result()
    give_back_memory()  # about 120 MB at 2,000 topics, before kg build draws the HTML
    if not files_beside:
        analysis.finish()
    return analysis


def _write_report_and_tables(out_dir: Path, analysis: Analysis) -> tuple[list[Path], dict[str, float]]:
    """Write the report with its charts, ``metrics.csv`` and ``metrics.json`` into ``out_dir``;
    returns them and the seconds each took."""
    from kg.analysis.report import charts, write_report
    from kg.analysis.tables import write_tables

    timings: dict[str, float] = {}
    typed, results = analysis.typed, analysis.results
    start = time.perf_counter()
    drawn = charts(typed, results)
    timings["charts"] = time.perf_counter() - start
    start = time.perf_counter()
    files = write_report(out_dir, typed, analysis.topics, analysis.publishers, results, analysis.summary, drawn)
    timings["report"] = time.perf_counter() - start
    start = time.perf_counter()
    files += write_tables(out_dir, typed, results, analysis.summary)
    timings["metrics.csv, metrics.json"] = time.perf_counter() - start
    return files, timings
