"""The analysis as a report people read: ``report.md`` with top-N tables and a sentence per figure,
and its charts (PNG, matplotlib's Agg backend, no display) in ``report/`` beside it.

Example:
    >>> cell("a | b\\nc")
    'a \\\\| b c'
    >>> percent(0.2839)
    '28.4%'
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from tabulate import tabulate

from kg.analysis.metrics import Results
from kg.analysis.projection import PUBLISHER, RESOURCE, TOPIC, kinds, nodes_of
from kg.build.layout import CHARTS_DIR as CHARTS
from kg.build.layout import REPORT_FILE as REPORT
from kg.escape import markdown_text
from kg.files import write_atomic

__all__ = ["REPORT", "CHARTS", "charts", "write_report", "report_text", "cell", "percent", "plural"]

TOP = 10

_NIH_COLOUR, _OTHER_COLOUR = "#20558a", "#e08a2c"
_KIND_COLOURS = {TOPIC: "#20558a", RESOURCE: "#e08a2c", PUBLISHER: "#3a8a3a"}


def cell(text: Any) -> str:
    """``text`` made safe for one Markdown table cell: on one line, its markup escaped (pipes too)."""
    return markdown_text(str(text))


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless the count is one.

    Example:
        >>> plural(1, "topic"), plural(1200, "community")
        ('1 topic', '1,200 communities')
    """
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} " + (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")


def percent(share: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{share:.1%}"


def _number(value: float) -> str:
    return f"{value:.3g}" if isinstance(value, float) and value < 0.001 else f"{value:.4f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    if not rows:
        return "_(none)_\n"
    aligns = ["right" if all(isinstance(row[i], int | float) for row in rows) else "left" for i in range(len(headers))]
    cells = [[value if isinstance(value, int | float) else cell(value) for value in row] for row in rows]
    return tabulate(cells, headers=list(headers), tablefmt="github", colalign=aligns, disable_numparse=True) + "\n"


def _label(typed: nx.Graph, node: str) -> str:
    return str(typed.nodes[node].get("label", node))


def _top(values: dict[str, float], nodes: Sequence[str], n: int = TOP) -> list[str]:
    return sorted(nodes, key=lambda node: (-values.get(node, 0.0), node))[:n]


# ---------------------------------------------------------------- charts


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # imported here: matplotlib is slow to import
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _short(text: str, size: int = 48) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _by_reach(results: Results) -> list[str]:
    """Publishers by topics served, then by listing share, then by IRI."""
    reach = results.reach
    return sorted(reach, key=lambda p: (-reach[p].topics, -reach[p].listing_share, p))


def publisher_share_chart(typed: nx.Graph, results: Results, n: int = 20) -> bytes:
    """For the ``n`` widest-reaching publishers, bars of their share of all listings and of the topics
    they serve, NIH in blue."""
    from matplotlib.patches import Patch

    top = _by_reach(results)[:n][::-1]
    figure = _figure(10, 0.32 * max(len(top), 3) + 1.4)
    listings, topics = figure.subplots(1, 2, sharey=True, width_ratios=[1, 1])
    names = [_short(_label(typed, p), 44) for p in top]
    colours = [_NIH_COLOUR if typed.nodes[p].get("nih") else _OTHER_COLOUR for p in top]
    listings.barh(names, [results.reach[p].listing_share for p in top], color=colours)
    listings.set_xlabel("share of all listings")
    topics.barh(names, [results.reach[p].share for p in top], color=colours)
    topics.set_xlabel("share of topics served")
    topics.set_xlim(0, 1)
    for axes in (listings, topics):
        axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    figure.legend(  # below both plots, where it covers no bar
        handles=[Patch(color=_NIH_COLOUR, label="NIH"), Patch(color=_OTHER_COLOUR, label="other")],
        loc="outside lower center",
        ncols=2,
    )
    figure.suptitle(f"Publisher share (the {len(top)} publishers that serve the most topics)")
    return _png(figure)


def degree_distribution_chart(typed: nx.Graph, results: Results) -> bytes:
    """How many nodes of each kind have each degree, on log-log axes."""
    figure = _figure(8, 5)
    axes = figure.add_subplot()
    for kind in (TOPIC, RESOURCE, PUBLISHER):
        counts = Counter(results.degree[node] for node in nodes_of(typed, kind) if results.degree.get(node))
        if counts:
            degrees = sorted(counts)
            axes.scatter(degrees, [counts[d] for d in degrees], s=14, label=f"{kind}s", color=_KIND_COLOURS[kind])
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("degree (neighbours in the typed graph)")
    axes.set_ylabel("number of nodes")
    if axes.collections:
        axes.legend()
    axes.set_title("Degree distribution")
    return _png(figure)


def community_sizes_chart(results: Results, n: int = 20) -> bytes:
    """Bars of the ``n`` largest communities' sizes, labelled by their central topics."""
    top = results.communities[:n][::-1]
    figure = _figure(9, 0.32 * max(len(top), 3) + 1.2)
    axes = figure.add_subplot()
    axes.barh([f"{c.number}. {_short(c.label, 56)}" for c in top], [c.size for c in top], color=_NIH_COLOUR)
    axes.set_xlabel("topics")
    axes.set_title(f"Largest topic communities (top {len(top)} of {len(results.communities)})")
    return _png(figure)


def audience_coverage_chart(typed: nx.Graph, results: Results) -> bytes:
    """Bars of the share of topics that list at least one resource for each audience."""
    shares = _audience_shares(typed, results)
    figure = _figure(8, 0.4 * max(len(shares), 3) + 1.2)
    axes = figure.add_subplot()
    names = [name for name, _, _ in shares][::-1]
    axes.barh(names, [share for _, _, share in shares][::-1], color=_OTHER_COLOUR)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel("share of topics that list at least one resource for the audience")
    axes.set_title("Audience coverage")
    return _png(figure)


def _audience_shares(typed: nx.Graph, results: Results) -> list[tuple[str, int, float]]:
    """(audience label, topics with a resource for it, share of topics), widest coverage first."""
    topics = results.coverage.topics
    rows = []
    for audience, name in typed.graph.get("audiences", {}).items():
        covered = sum(1 for counts in topics.values() if counts.get(audience))
        rows.append((name, covered, covered / len(topics) if topics else 0.0))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


# ---------------------------------------------------------------- text

_LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def component_languages(typed: nx.Graph, components: Sequence[Sequence[str]]) -> str:
    """What the topic graph's components say about language, when each holds topics of one language only.

    Example:
        >>> typed = nx.Graph()
        >>> typed.add_nodes_from(["a", "b"], language="en", described=True)
        >>> typed.add_node("c", language="es", described=True)
        >>> component_languages(typed, [("a", "b"), ("c",)])
        'the 2 components are exactly the English topics and the Spanish topics'
    """
    languages = [
        {typed.nodes[t].get("language") for t in component if typed.nodes[t].get("described")} - {None}
        for component in components
    ]
    languages = [found for found in languages if found]
    if not languages or any(len(found) > 1 for found in languages):
        return ""
    names = sorted({_LANGUAGE_NAMES.get(lang, lang) for found in languages for lang in found})
    if len(languages) == len(names) > 1:
        return f"the {len(languages)} components are exactly the " + " and the ".join(f"{n} topics" for n in names)
    if len(names) > 1:
        return f"no component mixes languages: {' and '.join(names)} topics share no resource and no related link"
    return ""


def report_text(
    typed: nx.Graph, topics: nx.Graph, publishers: nx.Graph, results: Results, summary: dict[str, Any]
) -> str:
    """The report's Markdown (charts referenced under ``report/``)."""
    summary = {
        **summary,
        "nih_share_by_language": results.nih_share_by_language,
        "component_languages": component_languages(typed, results.structure.components),
    }
    parts = [
        _overview(summary),
        _publishers(typed, publishers, results, summary),
        _central(typed, results),
        _degrees(typed, results),
        _communities(typed, results, summary),
        _similar(typed, results),
        _audiences(typed, results),
        _structure(typed, results, summary),
        _method(summary, results.nearest),
    ]
    return "\n".join(parts)


def _nih_share(summary: dict[str, Any]) -> str:
    """The NIH share of listings, with each topic language's in brackets: ``19.4% (en 29.2%, es 10.6%)``."""
    by_language = summary.get("nih_share_by_language") or {}
    languages = ", ".join(f"{lang or 'no language'} {percent(share)}" for lang, share in by_language.items())
    return percent(summary["nih_share"]) + (f" ({languages})" if len(by_language) > 1 else "")


def _overview(summary: dict[str, Any]) -> str:
    sampled = summary["pivots"] < summary["nodes"]
    rows = [
        ("topics read", f"{summary['topics']:,}", "health topics read from the inputs (related-topic stubs aside)"),
        ("resources", f"{summary['resources']:,}", "distinct resources the topics list"),
        ("publishers", f"{summary['publishers']:,}", "organisations that publish at least one listed resource"),
        (
            "typed graph",
            f"{summary['nodes']:,} nodes, {summary['edges']:,} links",
            "topics, resources and publishers, linked by lists, publishes and related",
        ),
        (
            "NIH share of listings",
            _nih_share(summary),
            "share of listings (a topic listing a resource under a section) whose resource an NIH organisation "
            "publishes, overall and per topic language (the `nih-share` query)",
        ),
        (
            "communities",
            f"{summary['communities']:,} (modularity {summary['modularity']:.2f})",
            "groups of topics that share resources; modularity above 0.3 means clearly separated groups",
        ),
        (
            "components",
            f"{summary['components']:,} (largest {plural(summary['largest_component'], 'topic')})",
            "islands of the topic graph: topics with no path of shared resources or related links between them"
            + (f"; {summary['component_languages']}" if summary.get("component_languages") else ""),
        ),
        (
            "bridges / articulation points",
            f"{summary['bridges']:,} / {summary['articulation_points']:,}",
            "single links and single topics whose removal would cut the topic graph",
        ),
        (
            "betweenness",
            f"sampled, {summary['pivots']:,} sources" if sampled else "exact",
            f"seed {summary['seed']}; see How this was computed",
        ),
    ]
    return (
        "# What the graph says\n\n"
        "The MedlinePlus graph analysed with NetworkX by `kg analyze`. Every figure here is also in the "
        "`analysis` named graph (`analysis.ttl`, for SPARQL) and per node in `metrics.csv` and `metrics.json`.\n\n"
        "## At a glance\n\n" + _table(["figure", "value", "what it means"], rows)
    )


def _publishers(typed: nx.Graph, publishers: nx.Graph, results: Results, summary: dict[str, Any]) -> str:
    reach = results.reach
    ranked = _by_reach(results)
    text = "## Publishers: who carries MedlinePlus\n\n![Publisher share](report/publisher-share.png)\n\n"
    if ranked:
        first = ranked[0]
        nih = [p for p in ranked if typed.nodes[p].get("nih")]
        text += (
            f"**{markdown_text(_label(typed, first))}** reaches furthest: {plural(reach[first].topics, 'topic')} "
            f"({percent(reach[first].share)} of all) {'lists' if reach[first].topics == 1 else 'list'} at least "
            f"one of its resources, and it has {percent(reach[first].listing_share)} of all listings (a listing is a "
            f"topic listing a resource under a section). {len(nih)} of the {plural(len(ranked), 'publisher')} "
            f"{'is' if len(nih) == 1 else 'are'} part of NIH; together they publish "
            f"{percent(summary['nih_share'])} of all listings. Sections counts the different headings (Start Here, "
            "Clinical Trials …) a publisher's resources are listed under; PageRank is its centrality in the typed "
            "graph.\n\n"
        )
    rows = [
        (
            _label(typed, p),
            reach[p].topics,
            percent(reach[p].share),
            percent(reach[p].listing_share),
            reach[p].resources,
            reach[p].sections,
            "yes" if typed.nodes[p].get("nih") else "no",
            _number(results.pagerank.get(p, 0.0)),
        )
        for p in ranked[:TOP]
    ]
    text += _table(
        ["publisher", "topics", "share of topics", "share of listings", "resources", "sections", "NIH", "PageRank"],
        rows,
    )
    pairs = sorted(publishers.edges(data="topics"), key=lambda edge: (-edge[2], edge[0], edge[1]))[:TOP]
    text += (
        "\nPublishers listed side by side on the most topics (the publisher–publisher projection): "
        "pairs that usually appear together.\n\n"
    )
    text += _table(["publisher", "with", "topics"], [(_label(typed, a), _label(typed, b), int(n)) for a, b, n in pairs])
    return text


def _central(typed: nx.Graph, results: Results) -> str:
    community = {topic: c for c in results.communities for topic in c.topics}
    read = [t for t in nodes_of(typed, TOPIC) if typed.nodes[t].get("described")]
    topics = _top(results.pagerank, read)
    text = (
        "## Central topics\n\n"
        "PageRank measures how much of the graph leads to a topic through its resources, their publishers and "
        "related topics; betweenness, how many shortest paths between other nodes pass through it. "
        + (
            f"The {len(topics):,} of the {len(read):,} topics read from the inputs with the highest PageRank"
            if len(read) > len(topics)
            else f"The {plural(len(read), 'topic')} read from the inputs, by PageRank"
        )
        + " (topics known only as a related topic are left out)."
        + _close_ranks(typed, results.pagerank, topics)
        + "\n\n"
    )
    text += _table(
        ["topic", "degree", "PageRank", "betweenness", "community"],
        [
            (
                _label(typed, t),
                results.degree.get(t, 0),
                _number(results.pagerank.get(t, 0.0)),
                _number(results.betweenness.get(t, 0.0)),
                f"{community[t].number}. {community[t].label}" if t in community else "",
            )
            for t in topics
        ],
    )
    kind = kinds(typed)
    shared = [r for r in nodes_of(typed, RESOURCE) if sum(kind[t] == TOPIC for t in typed[r]) > 1]
    resources = _top(results.betweenness, shared)
    text += (
        "\n## Resources that bridge fields\n\n"
        f"{plural(len(shared), 'resource')} are listed by more than one topic. Those with the highest betweenness "
        "are the links between topics that otherwise share little: communities counts the topic communities "
        "their topics belong to.\n\n"
    )
    rows = []
    for r in resources:
        listed = sorted(t for t in typed[r] if typed.nodes[t]["kind"] == TOPIC)
        published = sorted(_label(typed, p) for p in typed[r] if typed.nodes[p]["kind"] == PUBLISHER)
        rows.append(
            (
                _label(typed, r),
                "; ".join(published),
                len(listed),
                len({community[t].number for t in listed if t in community}),
                _short(", ".join(_label(typed, t) for t in listed), 60),
                _number(results.betweenness.get(r, 0.0)),
            )
        )
    text += _table(["resource", "publisher", "topics", "communities", "listed by", "betweenness"], rows)
    return text


def _close_ranks(typed: nx.Graph, pagerank: dict[str, float], ranked: Sequence[str], within: float = 0.05) -> str:
    """A caveat naming the neighbours in ``ranked`` whose PageRanks lie within ``within`` (5%) of each other."""
    close = [
        (a, b)
        for a, b in itertools.pairwise(ranked)
        if pagerank.get(a, 0.0) and pagerank.get(a, 0.0) - pagerank.get(b, 0.0) <= within * pagerank.get(a, 0.0)
    ]
    if not close:
        return ""
    pairs = "; ".join(f"{markdown_text(_label(typed, a))} and {markdown_text(_label(typed, b))}" for a, b in close[:5])
    more = f" and {plural(len(close) - 5, 'other pair')}" if len(close) > 5 else ""
    return (
        f" Their order is not significant where PageRanks lie within {within:.0%} of each other ({pairs}{more}): "
        "a small change in the inputs can swap them."
    )


def _degrees(typed: nx.Graph, results: Results) -> str:
    text = "## Degree distribution\n\n![Degree distribution](report/degree-distribution.png)\n\n"
    parts = []
    for kind in (TOPIC, RESOURCE, PUBLISHER):
        degrees = sorted(results.degree.get(node, 0) for node in nodes_of(typed, kind))
        if degrees:
            parts.append(f"{kind}s have a median degree of {degrees[len(degrees) // 2]:,} (at most {degrees[-1]:,})")
    text += (
        "The degree of a node is its number of neighbours in the typed graph: "
        + "; ".join(parts)
        + ". A few publishers with very high degree and many resources of degree 1 or 2 make a hub-and-spoke "
        "graph: the hubs dominate PageRank and betweenness.\n"
    )
    return text


def _communities(typed: nx.Graph, results: Results, summary: dict[str, Any]) -> str:
    found = results.communities
    total = sum(c.size for c in found) or 1
    singles = sum(1 for c in found if c.size == 1)
    text = "## Topic communities\n\n![Largest topic communities](report/community-sizes.png)\n\n"
    text += (
        f"Louvain finds {plural(len(found), 'community')} in the topic graph (modularity "
        f"{summary['modularity']:.2f}; {singles:,} of them are single topics that share nothing). Each is named "
        "after its three most central topics by PageRank.\n\n"
    )
    text += _table(
        ["community", "topics", "share of topics", "most central topics"],
        [(c.number, c.size, percent(c.size / total), c.label) for c in found[:TOP]],
    )
    return text


def _similar(typed: nx.Graph, results: Results) -> str:
    nearest = [n for n in results.neighbours if n.rank == 1]
    pairs: dict[tuple[str, str], Any] = {}
    for n in nearest:
        pairs.setdefault(tuple(sorted((n.topic, n.other))), n)  # type: ignore[arg-type]
    top = sorted(pairs.values(), key=lambda n: (-n.resource_jaccard, -n.publisher_jaccard, n.topic, n.other))[:TOP]
    text = (
        "## Similar topics\n\n"
        "Two topics are similar when their resource lists overlap (the Jaccard index: shared over combined "
        "resources), with their publishers' overlap breaking ties. The most similar pairs:\n\n"
    )
    text += _table(
        ["topic", "nearest neighbour", "resource Jaccard", "publisher Jaccard"],
        [
            (_label(typed, n.topic), _label(typed, n.other), f"{n.resource_jaccard:.3f}", f"{n.publisher_jaccard:.3f}")
            for n in top
        ],
    )
    return text


def _audiences(typed: nx.Graph, results: Results) -> str:
    coverage = results.coverage
    groups = typed.graph.get("groups", {})
    large = [g for g, size in coverage.group_sizes.items() if size >= 5] or list(coverage.group_sizes)
    text = "## Audiences\n\n![Audience coverage](report/audience-coverage.png)\n\n"
    text += (
        "The share of topics that list at least one resource written for each audience; an audience served by "
        "few topics is poorly served. The last column names the topic groups (of five topics or more) where "
        "it is served least.\n\n"
    )
    rows = []
    for audience, name in sorted(typed.graph.get("audiences", {}).items(), key=lambda item: item[1]):
        covered = sum(1 for counts in coverage.topics.values() if counts.get(audience))
        least = sorted(large, key=lambda g: (coverage.group_share(g, audience), groups.get(g, g)))[:3]
        rows.append(
            (
                name,
                covered,
                percent(covered / len(coverage.topics)) if coverage.topics else percent(0),
                ", ".join(f"{groups.get(g, g)} ({percent(coverage.group_share(g, audience))})" for g in least),
            )
        )
    rows.sort(key=lambda row: (-row[1], row[0]))
    text += _table(["audience", "topics", "share of topics", "least served in"], rows)
    return text


def _structure(typed: nx.Graph, results: Results, summary: dict[str, Any]) -> str:
    found = results.structure
    sizes = ", ".join(f"{len(c):,}" for c in found.components[:10])
    more = " …" if len(found.components) > 10 else ""
    text = (
        "## Structure of the topic graph\n\n"
        f"The topic graph joins two topics when they share a resource or are related; it has "
        f"{plural(summary['topic_links'], 'link')} and {plural(len(found.components), 'connected component')} "
        f"(sizes {sizes}{more}). Bridges: {plural(len(found.bridges), 'link')}; articulation points: "
        f"{plural(len(found.articulation_points), 'topic')}. Removing either would split its component: the "
        "topics on either side are held together by it alone.\n\n"
    )
    cut = _top(results.pagerank, found.articulation_points)
    text += _table(
        ["articulation point", "degree in the typed graph", "PageRank"],
        [(_label(typed, t), results.degree.get(t, 0), _number(results.pagerank.get(t, 0.0))) for t in cut],
    )
    return text


def _method(summary: dict[str, Any], nearest: int) -> str:
    sampled = summary["pivots"] < summary["nodes"]
    how = (
        f"estimated from {summary['pivots']:,} of the {summary['nodes']:,} nodes as sources, drawn with seed "
        f"{summary['seed']}: the ranking of the high values (the large publishers) is stable, but topics and "
        "resources, whose values lie close together, may swap places (`kg analyze --pivots` for more sources)"
        if sampled
        else "exact (every node a source)"
    )
    rows = [
        ("degree, PageRank", "typed graph", "unweighted; PageRank with damping 0.85"),
        ("betweenness", "typed graph", f"normalised, unweighted; {how}"),
        ("communities", "topic graph", f"Louvain, weight = shared resources + 1 if related, seed {summary['seed']}"),
        ("components, bridges, articulation points", "topic graph", "unweighted"),
        ("similarity", "topic–resource and topic–publisher incidence", f"Jaccard indices, {nearest} nearest per topic"),
        ("publisher reach, NIH share", "typed graph", "topics reached through the publisher's resources"),
        ("audience coverage", "typed graph", "resources' audiences, topics' groups"),
    ]
    return (
        "## How this was computed\n\n"
        "The typed graph has a node per topic, resource and publisher, and a link for each topic listing a "
        "resource, each publisher publishing one and each pair of related topics. The topic graph has a node "
        "per topic and a link between topics that share a resource or are related. Results are the same on every "
        "run: nodes are visited in IRI order, random choices take the seed, and values are rounded to 10 "
        "significant digits.\n\n" + _table(["metric", "computed on", "how"], rows)
    )


# ---------------------------------------------------------------- files


def charts(typed: nx.Graph, results: Results) -> dict[str, bytes]:
    """The report's charts as PNG, by file name. They draw no betweenness: :func:`kg.analysis.analyze`
    draws them while betweenness is still being computed."""
    return {
        "publisher-share.png": publisher_share_chart(typed, results),
        "degree-distribution.png": degree_distribution_chart(typed, results),
        "community-sizes.png": community_sizes_chart(results),
        "audience-coverage.png": audience_coverage_chart(typed, results),
    }


def write_report(
    out_dir: Path,
    typed: nx.Graph,
    topics: nx.Graph,
    publishers: nx.Graph,
    results: Results,
    summary: dict[str, Any],
    drawn: dict[str, bytes] | None = None,
) -> list[Path]:
    """Write ``report.md`` and its charts (``drawn`` when given, else :func:`charts`) into ``out_dir``
    (atomically); returns the files written.

    Raises:
        OutputError: a file cannot be written.
    """
    pictures = charts(typed, results) if drawn is None else drawn
    written = []
    for name, data in pictures.items():
        write_atomic(out_dir / CHARTS / name, data)
        written.append(out_dir / CHARTS / name)
    write_atomic(out_dir / REPORT, report_text(typed, topics, publishers, results, summary).encode("utf-8"))
    return [out_dir / REPORT, *written]
