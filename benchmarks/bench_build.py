"""Build speed and memory: kg's build, a plain rdflib baseline and the floor, side by side.

For each corpus size (generated with ``generate_corpus.py``, cached in ``--work``), three runs, each
in a fresh Python process so that peak memory is its own:

- **kg**: ``kg.build.build`` — XML → records → graph → ``graph.ttl`` on disk, as ``kg build`` runs
  it (two processes, see ``kg/parallel.py``), and again in one process (``workers=1``);
- **rdflib**: the same triples (kg's, prepared before the clock starts) added one by one to an
  in-memory ``rdflib.Graph``, then serialised to Turtle on disk;
- **floor**: parsing the XML alone (lxml, streaming, as kg does) plus writing the same number of
  N-Triples lines;
- **kg build, every stage**: what ``kg build`` does by default — the graph, then the in-memory store
  the analysis and the drawing read, the analysis, the HTML, the analysis's report and the on-disk
  store — with each stage's seconds (``BuildResult.seconds``; the report's and the store's are what
  they took past the stages they ran beside), and each stage's floor (:func:`run_stage_floors`).

    python benchmarks/bench_build.py                      # 2,000 and 20,000 topics
    python benchmarks/bench_build.py --topics 2000 --rdflib-max 2000
    python benchmarks/bench_build.py --topics 2000 20000 --rdflib-max 0 --repeat 1   # the end-to-end table

Each is run ``--repeat`` times, interleaved, and the table gives the median run (the rdflib
baseline runs once). Prints a Markdown table; seconds are wall-clock, memory is the peak resident set (for kg's
two-process build, the sum of both processes' peaks; for kg build with every stage, its own peak: the
second process has ended before the analysis begins).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """This process's peak resident memory in MB, plus its largest child's (kg's second process)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def run_kg(corpus: Path, out: Path, workers: int | None = None) -> dict[str, float]:
    from kg.build import build

    start = time.perf_counter()
    result = build([corpus], out, progress=False, workers=workers)
    return {"seconds": time.perf_counter() - start, "triples": result.summary["triples"], "peak_mb": peak_mb()}


def run_all(corpus: Path, out: Path) -> dict[str, float]:
    """``kg build`` with every stage (store, analysis, HTML), as the command runs it."""
    from kg.build import build

    start = time.perf_counter()
    result = build([corpus], out, progress=False, show=False, store=True, analyze=True, viz=True)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    second = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # the second graph process lives only while the graph is written, when this one holds ~120 MB of
    # its peak; the analysis's betweenness process is forked from this one and shares its pages (its
    # resident set counts them): the job's peak is this process's own (the largest child's beside it)
    return {
        "seconds": seconds,
        **{f"stage_{k}": v for k, v in result.seconds.items()},
        "peak_mb": own,
        "second_mb": second,
    }


def run_stage_floors(built: Path) -> dict[str, float]:
    """The floor of each stage after the graph: the work of the libraries it cannot do without, on the
    files of the build in ``built`` (``kg build`` with every stage), each timed alone in this process.

    - load: Oxigraph parsing ``graph.ttl`` into an in-memory store;
    - analysis: Oxigraph answering the typed graph's seven queries as TSV (the data read, nothing made
      of it), then NetworkX's PageRank on the typed graph, its Louvain on the topic graph and igraph's
      betweenness from the 1,000 sampled sources (kg's own projections, made before the clock);
    - store: Oxigraph's on-disk bulk load of ``graph.ttl`` and ``analysis.ttl``, each whole into its
      named graph as kg stores them (six indexes a quad, where the default graph has three), then its
      one compaction (``optimize``, which halves the time of reads) and flush;
    - html: the explorer's data, already gathered, written as the page's JSON.
    """
    import random
    import shutil

    import pyoxigraph as ox

    from kg.analysis import PIVOTS, SEED, metrics, projection
    from kg.store import Store
    from kg.viz import GraphData
    from kg.viz.index import build_index

    floors: dict[str, float] = {}
    graph, analysis = built / "graph.ttl", built / "analysis.ttl"
    start = time.perf_counter()
    ox.Store().bulk_load(path=graph, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    floors["load"] = time.perf_counter() - start

    store = Store()
    store.add_rdf(graph)
    typed = projection.typed_graph(store)
    topics = projection.topic_graph(typed)
    nodes = list(typed)
    edges = metrics._edges(typed, nodes)
    sources = metrics._starts(nodes, random.Random(SEED).sample(nodes, PIVOTS), True)
    start = time.perf_counter()
    for query in projection.QUERIES:
        store.tsv(query)
    read = time.perf_counter() - start
    start = time.perf_counter()
    rank = metrics.pagerank(typed)
    metrics.communities(topics, rank, seed=SEED)
    networkx = time.perf_counter() - start
    start = time.perf_counter()
    metrics._dependencies(len(nodes), edges, sources)
    igraph = time.perf_counter() - start
    floors.update({"analysis read": read, "analysis networkx": networkx, "analysis igraph": igraph})
    floors["analysis"] = read + networkx + igraph

    target = built.parent / (built.name + "-floor-store")
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    disk = ox.Store(str(target))
    disk.bulk_load(path=graph, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://e.org/data"))
    disk.bulk_load(path=analysis, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://e.org/analysis"))
    disk.optimize()
    disk.flush()
    floors["store"] = time.perf_counter() - start
    del disk
    shutil.rmtree(target, ignore_errors=True)

    store.add_rdf(analysis, graph="analysis")
    payload = build_index(GraphData(store)).payload("https://w3id.org/kg-medlineplus/id/")
    start = time.perf_counter()
    (built.parent / "floor-page.json").write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
    floors["html"] = time.perf_counter() - start
    return floors


def run_floor(corpus: Path, out: Path, triples: int) -> dict[str, float]:
    from lxml import etree

    start = time.perf_counter()
    topics = 0
    with corpus.open("rb") as stream:
        for _, element in etree.iterparse(stream, tag="health-topic", resolve_entities=False, no_network=True):
            topics += 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    base = "https://w3id.org/kg-medlineplus/id/resource/"
    with (out / "floor.nt").open("w", encoding="utf-8") as sink:
        for i in range(triples):
            sink.write(f'<{base}{i:020x}> <https://schema.org/name> "Resource number {i}"@en .\n')
    return {"seconds": time.perf_counter() - start, "topics": topics, "peak_mb": peak_mb()}


def run_rdflib(corpus: Path, out: Path) -> dict[str, float]:
    from rdflib import Graph
    from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

    from kg.build.merge import merge
    from kg.mapping.triples import Mapper
    from kg.rdf.ntriples import lines
    from kg.sources import read

    class Collect:
        def __init__(self) -> None:
            self.triples: list = []

        def triple(self, s, p, o) -> None:  # type: ignore[no-untyped-def]
            self.triples.append((s, p, o))

    topics, groups = merge(read([corpus]))
    sink = Collect()
    parser = W3CNTriplesParser(sink=sink)  # type: ignore[arg-type]
    for line in lines(t for batch in Mapper().batches(topics, groups) for t in batch):
        parser.parsestring(line)
    triples = sink.triples
    del topics, groups
    before = peak_mb()

    start = time.perf_counter()
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    added = time.perf_counter()
    held = peak_mb() - before
    graph.serialize(destination=str(out / "rdflib.ttl"), format="turtle")
    done = time.perf_counter()
    return {
        "add": added - start,
        "serialise": done - added,
        "seconds": done - start,
        "held_mb": held,
        "peak_mb": peak_mb(),
    }


def child(mode: str, corpus: Path, out: Path, triples: int) -> dict[str, float]:
    """Run one measurement in a fresh process; its result comes back as JSON on stdout."""
    command = [sys.executable, __file__, "--child", mode, str(corpus), str(out), str(triples)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def corpus_for(topics: int, seed: int, work: Path) -> Path:
    path = work / f"corpus-{topics}-{seed}.xml"
    if not path.exists():
        script = ROOT / "benchmarks" / "generate_corpus.py"
        subprocess.run(
            [sys.executable, str(script), "--topics", str(topics), "--seed", str(seed), "-o", str(path)], check=True
        )
    return path


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, corpus, out, triples = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
        runners = {"kg": lambda: run_kg(corpus, out), "floor": lambda: run_floor(corpus, out, triples)}
        runners["kg1"] = lambda: run_kg(corpus, out, workers=1)
        runners["rdflib"] = lambda: run_rdflib(corpus, out)
        runners["all"] = lambda: run_all(corpus, out)
        runners["stage-floors"] = lambda: run_stage_floors(out)
        print(json.dumps(runners[mode]()))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rdflib-max", type=int, default=20000, help="skip the rdflib baseline above this many topics")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of kg, kg in one process and the floor")
    parser.add_argument("--no-all", action="store_true", help="leave out kg build with every stage")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    print(f"Python {sys.version.split()[0]}; seed {args.seed}; corpora in {args.work}")
    print()
    print("| topics | triples | floor s | kg s | kg 1 process s | rdflib add s | rdflib serialise s"
          " | rdflib s | kg vs rdflib | kg / floor | kg peak MB | kg 1 process peak MB"
          " | rdflib graph MB | rdflib peak MB | all stages s | graph · load · analysis · html · report · store s"
          " | all / kg | all peak MB |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    notes: list[str] = []
    floors: list[tuple[int, dict[str, float], dict[str, float], dict[str, float]]] = []
    for topics in args.topics:
        corpus = corpus_for(topics, args.seed, args.work)
        out = args.work / f"out-{topics}"
        out.mkdir(exist_ok=True)
        rounds = []
        for _ in range(args.repeat):  # interleaved, so that a busy spell on the machine hits them all
            kg = child("kg", corpus, out, 0)
            rounds.append((kg, child("kg1", corpus, out, 0), child("floor", corpus, out, int(kg["triples"]))))
            if not args.no_all:
                rounds[-1] += (child("all", corpus, args.work / f"all-{topics}", 0),)
                rounds[-1] += (child("stage-floors", corpus, args.work / f"all-{topics}", 0),)
        kg, one, floor = (median_run([r[i] for r in rounds]) for i in range(3))
        every = median_run([r[3] for r in rounds]) if not args.no_all else None
        if every is not None:
            floors.append((topics, kg, every, median_floors([r[4] for r in rounds])))
        spread = ", ".join(f"{r[0]['seconds']:.2f}/{r[2]['seconds']:.2f}" for r in rounds)
        notes.append(f"{topics:,} topics, each round's kg s / floor s: {spread}")
        cells = [f"{topics:,}", f"{int(kg['triples']):,}", f"{floor['seconds']:.2f}", f"{kg['seconds']:.2f}"]
        cells.append(f"{one['seconds']:.2f}")
        if topics <= args.rdflib_max:
            rdf = child("rdflib", corpus, out, 0)
            cells += [
                f"{rdf['add']:.1f}",
                f"{rdf['serialise']:.1f}",
                f"{rdf['seconds']:.1f}",
                f"{rdf['seconds'] / kg['seconds']:.0f}×",
            ]
            tail = [f"{rdf['held_mb']:.0f}", f"{rdf['peak_mb']:.0f}"]
        else:
            cells += ["–", "–", "–", "–"]
            tail = ["–", "–"]
        cells += [f"{kg['seconds'] / floor['seconds']:.1f}×", f"{kg['peak_mb']:.0f}", f"{one['peak_mb']:.0f}", *tail]
        if every is not None:
            stages = " · ".join(
                f"{every.get('stage_' + s, 0.0):.1f}" for s in ("graph", "load", "analysis", "html", "report", "store")
            )
            ratio = f"{every['seconds'] / kg['seconds']:.1f}×"
            cells += [f"{every['seconds']:.1f}", stages, ratio, f"{every['peak_mb']:.0f}"]
        else:
            cells += ["–", "–", "–", "–"]
        print("| " + " | ".join(cells) + " |", flush=True)
    print()
    print(f"Medians of {args.repeat} rounds. " + "; ".join(notes) + ".")
    if floors:
        print_floors(floors)


STAGES = ("load", "analysis", "store", "html")


def print_floors(floors: list[tuple[int, dict[str, float], dict[str, float], dict[str, float]]]) -> None:
    """Each stage of ``kg build`` beside its floor (:func:`run_stage_floors`), and the floor of the
    whole job on two cores: the graph-only build, then the other stages' floors shared out over both
    cores with none idle (a bound no schedule can beat)."""
    print()
    print("| topics | graph only s | " + " | ".join(f"{stage} s (floor)" for stage in STAGES)
          + " | every stage s | floor of every stage s | floor / graph only | every stage / graph only |")  # fmt: skip
    print("|---:|---:|" + "---:|" * len(STAGES) + "---:|---:|---:|---:|")
    for topics, kg, every, floor in floors:
        bound = kg["seconds"] + sum(floor[stage] for stage in STAGES) / 2
        cells = [f"{topics:,}", f"{kg['seconds']:.2f}"]
        cells += [f"{every.get('stage_' + stage, 0.0):.1f} ({floor[stage]:.1f})" for stage in STAGES]
        cells += [f"{every['seconds']:.1f}", f"{bound:.1f}", f"{bound / kg['seconds']:.1f}×"]
        cells.append(f"{every['seconds'] / kg['seconds']:.1f}×")
        print("| " + " | ".join(cells) + " |")
        parts = ", ".join(
            f"{name} {floor[name]:.2f} s" for name in ("analysis read", "analysis networkx", "analysis igraph")
        )
        print(f"\n{topics:,} topics, the analysis's floor: {parts}.")


def median_floors(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each floor's median over the rounds."""
    return {name: sorted(run[name] for run in runs)[(len(runs) - 1) // 2] for name in runs[0]}


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run whose time is the median (the lower middle one for an even count)."""
    return sorted(runs, key=lambda run: run["seconds"])[(len(runs) - 1) // 2]


if __name__ == "__main__":
    main()
