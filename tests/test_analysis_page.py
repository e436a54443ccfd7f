"""kg analyze on the bundled page and the test corpus: the figures they must give, the write-back into the
store (SHACL-conformant), the files (same bytes on every run), the named queries, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import load
from kg.analysis import Analysis, analyze
from kg.cli import main
from kg.mapping.vocab import KG
from kg.query import named_query
from kg.rdf.shacl import validate
from kg.store import Store
from tests.conftest import CORPUS, PAGE
from tests.test_analysis import TURTLE

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/kg-medlineplus/id/"
GENES = ID + "topic/genesandgenetherapy"
NHGRI = ID + "org/national-human-genome-research-institute"
FILES = [
    "report.md",
    "report/publisher-share.png",
    "report/degree-distribution.png",
    "report/community-sizes.png",
    "report/audience-coverage.png",
    "metrics.csv",
    "metrics.json",
    "analysis.ttl",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Analysis, Path]:
    out = tmp_path_factory.mktemp("page")
    store = load([PAGE])
    return store, analyze(store, out), out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Analysis, Path]:
    out = tmp_path_factory.mktemp("corpus")
    store = load(CORPUS)
    return store, analyze(store, out), out


def kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- the bundled page's figures


def test_page_summary(page: tuple[Store, Analysis, Path]) -> None:
    assert page[1].summary == {
        "topics": 1,
        "resources": 40,
        "publishers": 12,
        "nodes": 55,  # the topic, its 2 related-topic stubs, 40 resources, 12 publishers
        "edges": 77,  # 40 listings, 35 publisher links, 2 related links
        "topic_links": 2,
        "communities": 1,
        "modularity": 0.0,
        "components": 1,
        "largest_component": 3,
        "bridges": 2,
        "articulation_points": 1,
        "nih_share": 0.65,  # 26 of the 40 resources have an NIH publisher
        "pivots": 55,  # exact
        "seed": 42,
    }


def test_page_centralities(page: tuple[Store, Analysis, Path]) -> None:
    results, typed = page[1].results, page[1].typed
    assert results.degree[GENES] == 42 and results.degree[NHGRI] == 11
    assert max(results.pagerank, key=results.pagerank.get) == GENES  # type: ignore[arg-type]
    publishers = [n for n, kind in typed.nodes(data="kind") if kind == "publisher"]
    assert max(publishers, key=results.pagerank.get) == NHGRI  # type: ignore[arg-type]
    assert results.betweenness == pytest.approx(nx.betweenness_centrality(typed), abs=1e-9)
    assert results.reach[NHGRI].resources == 11 and results.reach[NHGRI].sections == 4
    assert results.reach[NHGRI].listing_share == 0.275  # 11 of the page's 40 listings
    assert [c.label for c in results.communities] == ["Genes and Gene Therapy, Genetic Disorders, Genetic Testing"]
    assert results.structure.articulation_points == [GENES]


def test_page_report_reads_well(page: tuple[Store, Analysis, Path]) -> None:
    out = page[2]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# What the graph says\n")
    assert "**National Human Genome Research Institute** reaches furthest: 1 topic (100.0% of all)" in report
    assert "| NIH share of listings         | 65.0%" in report
    for name in FILES[1:5]:
        assert f"]({name})" in report  # each chart is linked relatively, and is a PNG
        assert (out / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert sorted(p.relative_to(out).as_posix() for p in page[1].files) == sorted(FILES)
    assert not list(out.rglob(".*.tmp"))  # atomic writes left no temporary file


def test_page_tables(page: tuple[Store, Analysis, Path]) -> None:
    out = page[2]
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 55 and [row["kind"] for row in rows[:4]] == ["topic", "topic", "topic", "publisher"]
    genes = next(row for row in rows if row["iri"] == GENES)
    assert (genes["degree"], genes["community"], genes["articulation_point"], genes["nih_share"]) == (
        "42",
        "1",
        "true",
        "0.65",
    )
    document = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert document["summary"] == page[1].summary and len(document["nodes"]) == 55
    node = next(n for n in document["nodes"] if n["iri"] == GENES)
    assert node["audiences"] == {"Children": 3, "Kids": 1, "Parents": 2, "Teenagers": 1}


# ---------------------------------------------------------------- the analysis graph


def test_write_back_is_in_the_store_and_in_analysis_ttl(page: tuple[Store, Analysis, Path]) -> None:
    store, _, out = page
    graph = store.data("analysis")
    assert graph.value(URIRef(GENES), KG.degree) == Literal(42)
    assert graph.value(URIRef(ID + "community/1"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == Literal(
        "Genes and Gene Therapy, Genetic Disorders, Genetic Testing"
    )
    assert isomorphic(Graph().parse(out / "analysis.ttl"), graph)
    # written from the analysis's own lines, byte for byte what the store writes of its analysis graph
    assert (out / "analysis.ttl").read_bytes() == store.dump(ox.RdfFormat.TURTLE, graph="analysis")
    ranked = store.select(
        "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> "
        "SELECT ?node WHERE { ?node kg:pageRank ?rank } ORDER BY DESC(?rank) LIMIT 1"
    )
    assert ranked.values() == [{"node": GENES}]


def test_a_second_run_replaces_the_analysis_graph(page: tuple[Store, Analysis, Path]) -> None:
    store = load([PAGE])
    analyze(store)
    before = len(store.data("analysis"))
    analyze(store)
    assert len(store.data("analysis")) == before and len(store) == 628


def test_analysis_conforms_to_the_shapes(corpus: tuple[Store, Analysis, Path]) -> None:
    store = corpus[0]
    graph = store.data() + store.data("analysis")
    report = validate(graph)
    assert report.conforms, report.text
    similarity = next(graph.subjects(KG.neighbourRank, Literal(1)))
    graph.remove((similarity, KG.toTopic, None))  # a similarity without its neighbour
    graph.set((URIRef(ID + "community/1"), KG.communitySize, Literal(0)))  # an empty community
    assert validate(graph).violations == 2


def test_corpus_similarity_coverage_and_structure(corpus: tuple[Store, Analysis, Path]) -> None:
    results = corpus[1].results
    nearest = {n.topic: n.other for n in results.neighbours if n.rank == 1}
    # the English and Spanish Abdominal Pain share no resource but the most publishers
    assert nearest[ID + "topic/abdominalpain"] == ID + "topic/spanish/abdominalpain"
    assert [len(c) for c in results.structure.components] == [3, 3, 2, 1]
    assert results.structure.articulation_points == [ID + "topic/abdominalpain", GENES]
    assert len(results.coverage.group_sizes) == 5


# ---------------------------------------------------------------- named queries over the metrics


@pytest.mark.parametrize(
    ("name", "params", "first"),
    [
        ("central-publishers", {"limit": "3"}, {"name": "National Human Genome Research Institute"}),
        ("central-topics", {}, {"title": "Genes and Gene Therapy"}),
        ("communities", {}, {"topics": 3}),
        ("cut-topics", {}, {"articulation_point": True}),
    ],
)
def test_named_queries_read_the_metrics(
    page: tuple[Store, Analysis, Path], name: str, params: dict, first: dict
) -> None:
    table = page[0].select(named_query(name).render(params))
    assert table.rows, name
    row = table.values()[0]
    assert {key: row[key] for key in first} == first
    if name == "central-publishers":
        assert len(table.rows) == 3


def test_named_queries_on_the_corpus(corpus: tuple[Store, Analysis, Path]) -> None:
    store = corpus[0]
    similar = store.select(named_query("similar-topics").render({"topic": "Abdominal Pain"})).values()
    assert [row["rank"] for row in similar] == list(range(1, len(similar) + 1)) and similar
    gaps = store.select(named_query("audience-gaps").render({"audience": "Children"})).values()
    assert gaps and [row["share"] for row in gaps] == sorted(row["share"] for row in gaps)


# ---------------------------------------------------------------- reproducibility


def test_two_runs_write_the_same_bytes(corpus: tuple[Store, Analysis, Path], tmp_path: Path) -> None:
    # another process with another hash seed: nothing may depend on set or dict order
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "analyze", "-o", str(tmp_path), *(a for p in CORPUS for a in ("--graph", str(p)))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (corpus[2] / name).read_bytes(), name


# ---------------------------------------------------------------- the command line


def test_analyze_command(tmp_path: Path) -> None:
    result = kg("analyze", "--graph", str(PAGE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:-1] == [f"wrote {tmp_path / 'out' / name}" for name in FILES]
    assert lines[-1] == (
        "topics: 1, resources: 40, publishers: 12, communities: 1 (modularity 0.00), components: 1, bridges: 2, "
        "articulation points: 1, NIH share: 65.0%, betweenness: exact"
    )


def test_analyze_reads_the_build_in_out_and_says_when_there_is_none(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "no build in" in result.output
    assert kg("build", str(PAGE), "-o", str(tmp_path), "--no-analyze").exit_code == 0
    result = kg("analyze", "-o", str(tmp_path), "--timings")
    assert result.exit_code == 0 and "betweenness: " in result.output


def test_build_analyzes_by_default_and_queries_see_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = kg("build", str(PAGE))
    assert result.exit_code == 0
    assert "wrote out/report.md" in result.output and "wrote out/analysis.ttl" in result.output
    assert all((tmp_path / "out" / name).is_file() for name in FILES)
    result = kg("query", "central-publishers", "--param", "limit=1", "--format", "csv")
    assert result.output.splitlines()[1].startswith(NHGRI + ",National Human Genome Research Institute,")


def test_build_no_analyze_writes_no_analysis(tmp_path: Path) -> None:
    result = kg("build", str(PAGE), "-o", str(tmp_path), "--no-analyze")
    assert result.exit_code == 0 and "report.md" not in result.output
    assert (tmp_path / "graph.ttl").is_file()
    assert not any((tmp_path / name).exists() for name in ["report", *FILES])


def test_a_new_build_removes_the_analysis_of_the_graph_it_replaces(tmp_path: Path) -> None:
    """Else queries would read the older graph's metrics beside the new graph."""
    assert kg("build", str(PAGE), "-o", str(tmp_path), "--no-viz").exit_code == 0
    assert all((tmp_path / name).is_file() for name in FILES)
    assert kg("build", str(PAGE), "-o", str(tmp_path), "--no-analyze", "--no-viz").exit_code == 0
    assert not any((tmp_path / name).exists() for name in ["report", *FILES])
    result = kg("query", "central-publishers", "--graph", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines() == [
        "publisher,name,pagerank,betweenness,degree,topics,topic_share,listing_share,nih"
    ]


def test_bridging_resources_query(tmp_path: Path) -> None:
    small = tmp_path / "small.ttl"
    small.write_text(TURTLE, encoding="utf-8")
    store = load([small])
    analyze(store)
    rows = store.select(named_query("bridging-resources").render()).values()
    assert rows == [
        {
            "resource": "https://e.org/r2",
            "title": "R2",
            "betweenness": 0.3571428571,  # 5/14, as NetworkX has it
            "topics": 2,
            "communities": 1,
        }
    ]


def test_an_empty_graph_gives_an_empty_analysis(tmp_path: Path) -> None:
    found = analyze(Store(), tmp_path)
    assert found.summary["nodes"] == 0 and found.summary["communities"] == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found.files) == sorted(FILES)
    assert "_(none)_" in (tmp_path / "report.md").read_text(encoding="utf-8")
