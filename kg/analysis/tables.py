"""The metrics per node as tables: ``metrics.csv`` (one row per node, flat) and ``metrics.json`` (with the
run's summary, each topic's nearest neighbours and audience counts).

Rows are topics, then publishers, then resources, each in IRI order.

Example:
    >>> import networkx as nx
    >>> from kg.analysis.metrics import Coverage, Results, Structure
    >>> typed = nx.Graph()
    >>> typed.add_node("https://e.org/t", kind="topic", label="T")
    >>> results = Results(42, 1, {"https://e.org/t": 0}, {"https://e.org/t": 1.0}, {"https://e.org/t": 0.0}, [],
    ...                   0.0, [], {}, 0.0, {}, Coverage({}, {}, {}), Structure([("https://e.org/t",)], [], []))
    >>> print(csv_text(typed, results).splitlines()[1])
    https://e.org/t,topic,T,0,1.0,0.0,,1,false,,,,,,,
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analysis.metrics import Results
from kg.analysis.projection import PUBLISHER, RESOURCE, TOPIC, nodes_of
from kg.build.layout import METRICS_CSV as CSV
from kg.build.layout import METRICS_JSON as JSON
from kg.escape import spreadsheet_cell
from kg.files import write_atomic

__all__ = ["CSV", "JSON", "COLUMNS", "records", "csv_text", "json_text", "write_tables"]

#: The columns of ``metrics.csv``; a cell is empty where the metric does not apply to the node's kind.
COLUMNS = [
    "iri",
    "kind",
    "label",
    "degree",
    "pagerank",
    "betweenness",
    "community",
    "component",
    "articulation_point",
    "nih_share",
    "nih",
    "topics_served",
    "topic_share",
    "listing_share",
    "resources_published",
    "sections_served",
]


def records(typed: nx.Graph, results: Results) -> list[dict[str, Any]]:
    """One dict per node of the typed graph with its metrics (the CSV columns that apply to it)."""
    community = {topic: c.number for c in results.communities for topic in c.topics}
    component = {topic: n for n, c in enumerate(results.structure.components, start=1) for topic in c}
    cut = set(results.structure.articulation_points)
    found = []
    for kind in (TOPIC, PUBLISHER, RESOURCE):
        for node in nodes_of(typed, kind):
            data = typed.nodes[node]
            row: dict[str, Any] = {
                "iri": node,
                "kind": kind,
                "label": data.get("label", node),
                "degree": results.degree.get(node, 0),
                "pagerank": results.pagerank.get(node, 0.0),
                "betweenness": results.betweenness.get(node, 0.0),
            }
            if kind == TOPIC:
                row["community"] = community.get(node)
                row["component"] = component.get(node)
                row["articulation_point"] = node in cut
                row["nih_share"] = results.topic_nih_share.get(node)
            else:
                row["nih"] = bool(data.get("nih"))
            if kind == PUBLISHER and node in results.reach:
                reach = results.reach[node]
                row.update(
                    topics_served=reach.topics,
                    topic_share=reach.share,
                    listing_share=reach.listing_share,
                    resources_published=reach.resources,
                    sections_served=reach.sections,
                )
            found.append(row)
    return found


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_cell(str(value))  # a title such as "=HYPERLINK(…)" is not a formula


def csv_text(typed: nx.Graph, results: Results, rows: list[dict[str, Any]] | None = None) -> str:
    """``metrics.csv``: a header of :data:`COLUMNS`, then one row per node (``rows``: the
    :func:`records` of ``typed`` and ``results``, when the caller has them already)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in records(typed, results) if rows is None else rows:
        writer.writerow([_csv_value(row.get(column)) for column in COLUMNS])
    return buffer.getvalue()


def json_text(
    typed: nx.Graph, results: Results, summary: dict[str, Any], rows: list[dict[str, Any]] | None = None
) -> str:
    """``metrics.json``: ``summary``, ``communities`` and ``nodes`` (a topic's with its ``neighbours``
    and per-audience ``audiences`` counts; ``rows`` as for :func:`csv_text`)."""
    neighbours: dict[str, list[dict[str, Any]]] = {}
    for n in results.neighbours:
        neighbours.setdefault(n.topic, []).append(
            {
                "topic": n.other,
                "rank": n.rank,
                "resource_jaccard": n.resource_jaccard,
                "publisher_jaccard": n.publisher_jaccard,
            }
        )
    audiences = typed.graph.get("audiences", {})
    nodes = []
    for row in records(typed, results) if rows is None else rows:
        row = {key: value for key, value in row.items() if value is not None}
        if row["kind"] == TOPIC:
            row["neighbours"] = neighbours.get(row["iri"], [])
            counts = results.coverage.topics.get(row["iri"])
            if counts is not None:
                row["audiences"] = {audiences.get(a, a): n for a, n in counts.items()}
        nodes.append(row)
    communities = [{"number": c.number, "label": c.label, "size": c.size} for c in results.communities]
    # one object per line: readable, diffable, and written by json's fast C encoder
    lines = [
        "{",
        f' "summary": {json.dumps(summary, ensure_ascii=False)},',
        ' "communities": [',
        ",\n".join(json.dumps(community, ensure_ascii=False) for community in communities),
        " ],",
        ' "nodes": [',
        ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes),
        " ]",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_tables(out_dir: Path, typed: nx.Graph, results: Results, summary: dict[str, Any]) -> list[Path]:
    """Write ``metrics.csv`` and ``metrics.json`` into ``out_dir`` atomically; returns their paths.

    Raises:
        OutputError: a file cannot be written.
    """
    rows = records(typed, results)
    write_atomic(out_dir / CSV, csv_text(typed, results, rows).encode("utf-8"))
    write_atomic(out_dir / JSON, json_text(typed, results, summary, rows).encode("utf-8"))
    return [out_dir / CSV, out_dir / JSON]
