"""HTML views at scale: time to write each view, its size, and time until headless Chromium has drawn it,
beside pyvis with its defaults on the same graph; then the largest graph view drawn in under 3 s.

    python benchmarks/bench_viz.py --graph /tmp/out2000          # a build folder (with analysis.ttl)
    python benchmarks/bench_viz.py --topics 2000                  # generate, build and analyse one first
    python benchmarks/bench_viz.py --graph out/ --no-baseline --screenshots docs/img
    python benchmarks/bench_viz.py --explore --graph /tmp/out2000 /tmp/out20000   # the explorer only

``--explore`` measures the explorer (``kg viz --view explore``, what ``kg build`` writes) on each
build given: the file's size, the time to write it, the time to first draw (median of ``--repeat``
loads from a file URL, navigation start to the page's ready mark: parsed, laid out, labels placed,
drawn), the time to expand a node by 100 neighbours (a publisher's resources, drawn), the time to
search (the first search, which folds every label, and the next), and the page's JavaScript heap
(Chromium's ``JSHeapUsedSize`` after those steps). Targets: first draw under 1.5 s, expand and
search under 200 ms, the file under 15 MB at 2,000 topics.

For each view: **write** is the median of 3 runs of reading the loaded store, choosing the view,
laying it out and writing the HTML (the store's load is timed once, apart); **drawn** is the median
of 3 page loads from a file URL in headless Chromium (Debian's ``/usr/bin/chromium``, every
non-file request blocked and counted), from navigation start to vis-network's first drawing,
when kg's page is also interactive. **pyvis defaults** builds the same graph with
``Network().from_nx`` and ``write_html`` (vis-network inline, since the page must work offline) and
leaves physics and its stabilisation in the page as pyvis does; its drawing is waited for up to
``--baseline-timeout`` seconds. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.viz import GraphData, render, select  # noqa: E402
from kg.viz.html import Page  # noqa: E402
from tests.browser import Chromium, launch  # noqa: E402

TARGET_WRITE, TARGET_DRAW = 5.0, 3.0
_MARK_PYVIS = (
    "<script>network.once('afterDrawing', function () { window.__drawn = performance.now(); });</script>\n</body>"
)


def median_seconds(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def prepare(topics: int, work: Path) -> Path:
    """A build (with its analysis) of a generated corpus of ``topics`` topics, made once in ``work``."""
    out = work / f"out{topics}"
    if (out / "analysis.ttl").is_file():
        return out
    corpus = work / f"c{topics}.xml"
    if not corpus.is_file():
        generator = ROOT / "benchmarks" / "generate_corpus.py"
        subprocess.run([sys.executable, generator, "--topics", str(topics), "-o", corpus], check=True)
    subprocess.run([sys.executable, "-m", "kg", "build", corpus, "-o", out, "--no-store", "-q"], check=True)
    return out


def draw_seconds(chromium: Chromium, path: Path, ready: str, drawn: str, timeout: float) -> float | None:
    """Seconds from navigation start to the page's first drawing (``drawn``, a JS expression), or None
    when it has not drawn within ``timeout`` seconds. Any request other than the file fails the run."""
    page = chromium.context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: None if request.url.startswith("file:") else requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=timeout * 1000)
        page.wait_for_function(ready, timeout=timeout * 1000)
        result = page.evaluate(drawn) / 1000
    except Exception as error:  # a timeout: the baseline may take minutes
        if "Timeout" not in type(error).__name__:
            raise
        return None
    finally:
        page.close()
    if requests and ready.startswith("document.body"):  # kg's page must ask for nothing
        raise AssertionError(f"{path.name} made requests: {requests[:3]}")
    return result


def draw_kg(chromium: Chromium, path: Path, repeat: int) -> float:
    runs = [
        draw_seconds(chromium, path, "document.body.dataset.ready === 'true'", "kgViz.drawnAt", 60)
        for _ in range(repeat)
    ]
    assert all(run is not None for run in runs), f"{path.name} was not drawn in 60 s"
    return statistics.median(run for run in runs if run is not None)


def pyvis_defaults(view_nodes: list[str], links: list[Any], data: GraphData, path: Path) -> float:
    """Write the view as pyvis does by default (``from_nx``, physics on); returns the seconds it took."""
    import networkx as nx
    from pyvis.network import Network

    graph = nx.Graph()
    for node in view_nodes:
        graph.add_node(node, label=data.entity(node).label(), title=data.entity(node).label())
    graph.add_edges_from((link.source, link.target) for link in links)
    start = time.perf_counter()
    network = Network(cdn_resources="in_line")
    network.from_nx(graph)
    network.write_html(str(path))
    seconds = time.perf_counter() - start
    path.write_text(path.read_text(encoding="utf-8").replace("</body>", _MARK_PYVIS, 1), encoding="utf-8")
    return seconds


def fmt(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f}" if seconds is None else f"{seconds:.2f}"


EXPLORE_TARGETS = {"mb": 15.0, "drawn_s": 1.5, "expand_ms": 200.0, "search_ms": 200.0}


def bench_explorer(chromium: Chromium, graph: Path, work: Path, repeat: int) -> dict[str, Any]:
    """The explorer's figures on the build ``graph`` (see the module's docstring)."""
    from kg.build.layout import open_build
    from kg.viz.explore import render_explorer

    data = GraphData(open_build((graph,)))
    target = work / f"explore-{graph.name}.html"
    start = time.perf_counter()
    page = render_explorer(data)
    page.write(target)
    write_s = time.perf_counter() - start
    drawn = []
    figures: dict[str, Any] = {"nodes": page.nodes, "links": page.edges, "mb": target.stat().st_size / 1e6}
    for _ in range(repeat):
        tab = chromium.context.new_page()
        requests: list[str] = []
        tab.on("request", lambda r, seen=requests: None if r.url.startswith(("file:", "blob:")) else seen.append(r.url))
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        tab.goto(target.as_uri(), wait_until="load", timeout=120_000)
        tab.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        drawn.append(tab.evaluate("kgExplorer.drawnAt") / 1000)
        if len(drawn) == repeat:
            timed = tab.evaluate(
                """() => {
                  const t0 = performance.now(); const first = kgExplorer.search('diabetes');
                  const t1 = performance.now(); kgExplorer.search('enfermedad'); const t2 = performance.now();
                  return {first: t1 - t0, next: t2 - t1, found: first.length};
                }"""
            )
            hub = next(
                i
                for i, iri in enumerate(page_index(data))
                if data.kinds[iri] == "publisher" and len(data.sources("published by").get(iri, ())) >= 100
            )
            expand = tab.evaluate(
                """hub => { const t0 = performance.now(); const added = kgExplorer.expand(hub, 'resource', 100);
                           kgExplorer.network.redraw(); return {ms: performance.now() - t0, added: added.length}; }""",
                hub,
            )
            cdp = chromium.context.new_cdp_session(tab)
            cdp.send("Performance.enable")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            figures.update(
                search_first_ms=timed["first"],
                search_ms=timed["next"],
                expand_ms=expand["ms"],
                expanded=expand["added"],
                heap_mb=metrics["JSHeapUsedSize"] / 1e6,
            )
        assert requests == [], requests
        tab.close()
    figures.update(write_s=write_s, drawn_s=statistics.median(drawn))
    return figures


def page_index(data: GraphData) -> list[str]:
    """The explorer's node order (most central first): a node's number in the page."""
    return data.ranked(data.kinds)


def explore_main(graphs: list[Path], work: Path, repeat: int) -> None:
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    with launch() as chromium:
        for graph in graphs:
            rows.append((graph, bench_explorer(chromium, graph, work, repeat)))
    print("| build | nodes | links | HTML MB | write s | first draw s | expand 100 ms | search ms (first) | heap MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for graph, f in rows:
        print(
            f"| {graph.name} | {f['nodes']:,} | {f['links']:,} | {f['mb']:.1f} | {f['write_s']:.1f} | "
            f"{f['drawn_s']:.2f} | {f['expand_ms']:.0f} ({f['expanded']}) | {f['search_ms']:.0f} "
            f"({f['search_first_ms']:.0f}) | {f['heap_mb']:.0f} |"
        )
    t = EXPLORE_TARGETS
    print(
        f"| targets (2,000 topics) | | | < {t['mb']:.0f} | | < {t['drawn_s']} | < {t['expand_ms']:.0f} | "
        f"< {t['search_ms']:.0f} | |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a build folder (graph.ttl, analysis.ttl)")
    parser.add_argument("--topics", type=int, default=2000, help="without --graph: generate this many topics")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-viz")
    parser.add_argument("--topic", help="the topic view's topic (default: the most central English topic)")
    parser.add_argument("--group", help="the group view's group (default: the largest English group)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true", help="skip pyvis's defaults")
    parser.add_argument("--baseline-timeout", type=float, default=180.0)
    parser.add_argument("--sizes", default="1000,2000,3000,4000,5000,6000,8000,10000", help="graph view sizes")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot of each view here")
    parser.add_argument("--select", action="store_true", help="in the screenshots, click the most central node")
    parser.add_argument("--explore", nargs="+", type=Path, metavar="BUILD", help="only the explorer, on these builds")
    args = parser.parse_args()
    if args.explore:
        explore_main(args.explore, args.work, args.repeat)
        return

    args.work.mkdir(parents=True, exist_ok=True)
    graph = args.graph or prepare(args.topics, args.work)
    start = time.perf_counter()
    store = kg.load([graph])
    load = time.perf_counter() - start
    data = GraphData(store)
    english = [t for t in data.read_topics if data.entity(t).language == "en"] or list(data.read_topics)
    topic = args.topic or data.ranked(english)[0]
    groups = [(len(topics), g) for g, topics in data.sources("in group").items() if "en" in data.entity(g).labels]
    group = args.group or max(groups or [(0, "")])[1]
    print(f"graph: {graph} ({len(store):,} triples, {len(data.kinds):,} entities; loaded in {load:.1f} s)")
    print(f"analysis: {'yes' if data.analysis else 'no'}; topic view: {data.entity(topic).label()}; ", end="")
    print(f"group view: {data.entity(group).label() if group else 'none (no topic groups)'}\n")

    views: dict[str, dict[str, Any]] = {
        "graph": {},
        "topic": {"topic": topic, "depth": 2},
        "topic-map": {},
        "publishers": {},
        "group": {"group": group},
        "top": {"top": 100},
    }
    if not group:
        del views["group"]
    pages = args.work / "pages"
    pages.mkdir(exist_ok=True)
    rows = []
    with launch() as chromium:
        for name, options in views.items():
            target = pages / f"{name}.html"

            def write(name: str = name, options: dict[str, Any] = options, target: Path = target) -> Page:
                page = render(GraphData(store), name, **options)
                page.write(target)
                return page

            write_s, page = median_seconds(write, args.repeat)
            drawn = draw_kg(chromium, target, args.repeat)
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                shot = chromium.context.new_page()
                shot.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
                )
                shot.goto(target.as_uri())
                shot.wait_for_selector("body[data-ready=true]", state="attached")
                if args.select:
                    shot.evaluate("kgViz.select(0); kgViz.network.fit({animation: false})")
                shot.screenshot(path=args.screenshots / f"{name}.png")
                shot.close()
            row = {"view": name, "nodes": page.nodes, "edges": page.edges, "mb": target.stat().st_size / 1e6}
            row |= {"write": write_s, "drawn": drawn, "base_write": None, "base_drawn": None}
            if not args.no_baseline:
                chosen = select(GraphData(store), name, **options)
                base = pages / f"{name}-pyvis.html"
                row["base_write"] = pyvis_defaults(chosen.nodes, chosen.links, data, base)
                row["base_drawn"] = draw_seconds(
                    chromium, base, "window.__drawn !== undefined", "window.__drawn", args.baseline_timeout
                )
            rows.append(row)
            print(f"  {name}: {row}", file=sys.stderr, flush=True)

        print("| view | nodes | links | HTML MB | write s | drawn s | pyvis defaults: write s | drawn s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            base_write = "–" if row["base_write"] is None and args.no_baseline else fmt(row["base_write"], 0)
            base_drawn = "–" if args.no_baseline else fmt(row["base_drawn"], args.baseline_timeout)
            print(
                f"| {row['view']} | {row['nodes']:,} | {row['edges']:,} | {row['mb']:.1f} | {row['write']:.2f} "
                f"| {row['drawn']:.2f} | {base_write} | {base_drawn} |"
            )
        slow = [r["view"] for r in rows if r["write"] > TARGET_WRITE or r["drawn"] > TARGET_DRAW]
        print(f"\ntargets (write < {TARGET_WRITE:.0f} s, drawn < {TARGET_DRAW:.0f} s): ", end="")
        print("all met" if not slow else f"missed by {', '.join(slow)}")

        print("\n| graph view, --max-nodes | nodes | links | HTML MB | write s | drawn s |")
        print("|---:|---:|---:|---:|---:|---:|")
        largest = 0
        for size in (int(s) for s in args.sizes.split(",")):
            target = pages / f"graph-{size}.html"

            def write_sized(size: int = size, target: Path = target) -> Page:
                page = render(GraphData(store), "graph", max_nodes=size)
                page.write(target)
                return page

            write_s, page = median_seconds(write_sized, 1)
            drawn = draw_kg(chromium, target, args.repeat)
            if drawn < TARGET_DRAW:
                largest = max(largest, page.nodes)
            print(
                f"| {size:,} | {page.nodes:,} | {page.edges:,} | {target.stat().st_size / 1e6:.1f} "
                f"| {write_s:.2f} | {drawn:.2f} |",
                flush=True,
            )
        print(f"\nlargest graph view drawn in under {TARGET_DRAW:.0f} s: {largest:,} nodes")


if __name__ == "__main__":
    main()
