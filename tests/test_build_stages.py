"""The build's stages: timed and shown one line each, the store made beside the analysis, and the
analysis's results on a generated corpus exactly as they were before the stages were rearranged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

import kg
from kg.analysis import analyze, metrics
from kg.build import build
from kg.build.layout import BuildFolder
from kg.cli import main
from tests.conftest import ROOT

STAGES = ["graph", "load", "analysis", "html", "report", "store"]
GOLDEN = ROOT / "tests" / "golden" / "analysis-400-seed3.json"


def test_every_stage_is_timed_and_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = build([ROOT / "data"], tmp_path / "out", store=True, analyze=True, viz=True, show=True)
    assert list(result.seconds) == STAGES
    assert all(seconds >= 0 for seconds in result.seconds.values())
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == STAGES
    assert all(" s (elapsed " in line for line in lines)
    assert BuildFolder(tmp_path / "out").store_state() == "fresh"
    assert len(BuildFolder(tmp_path / "out").open_store()) == 4582


def test_the_json_summary_has_each_stage(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(ROOT / "data"), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(summary["stages"]) == STAGES


def test_a_graph_only_build_has_one_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = build([ROOT / "data"], tmp_path / "out", show=False)
    assert list(result.seconds) == ["graph"]
    assert capsys.readouterr().err == ""
    assert not (tmp_path / "out" / "store").exists()


def test_a_store_without_the_analysis_holds_the_graph(tmp_path: Path) -> None:
    build([ROOT / "data"], tmp_path / "out", store=True, show=False)
    assert BuildFolder(tmp_path / "out").store_state() == "fresh"
    assert len(BuildFolder(tmp_path / "out").open_store()) == 4582


def test_path_dependencies_are_networkx_sums() -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(300, 700, seed=7), str)
    sources = list(graph)[::3]
    np.testing.assert_allclose(metrics.path_dependencies(graph, sources), _brandes(graph, sources), rtol=1e-12)
    every = metrics.path_dependencies(graph, list(graph))  # every node a source: igraph's full betweenness
    np.testing.assert_allclose(every, _brandes(graph, list(graph)), rtol=1e-12)


@pytest.mark.parametrize("exact_up_to", [10**6, 100])  # exact, sampled
def test_betweenness_in_another_process_is_the_same(exact_up_to: int) -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(400, 900, seed=5), str)
    settings = {"seed": 3, "exact_up_to": exact_up_to, "pivots": 50}
    here = metrics.betweenness_beside(graph, beside=False, **settings)()
    beside = metrics.betweenness_beside(graph, beside=True, **settings)()
    assert beside == here
    assert here[1] == (400 if exact_up_to > 400 else 50)
    assert here == metrics.betweenness(graph, **settings)
    assert max(here[0].values()) > 0


def _brandes(graph: nx.Graph, sources: list[str]) -> np.ndarray:
    """The same sums from NetworkX (unnormalised betweenness from ``sources``, both directions)."""
    values = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=False)
    return np.array([2 * values[node] for node in graph])


def test_the_analysis_of_a_generated_corpus_is_unchanged(tmp_path: Path) -> None:
    """Communities and the top 20 by betweenness (sampled: 1,000 pivots) and PageRank, as recorded
    on this corpus before the build's stages were rearranged and betweenness's products made sparse."""
    golden = json.loads(GOLDEN.read_text())
    corpus = tmp_path / "corpus.xml"
    generator = ROOT / "benchmarks" / "generate_corpus.py"
    command = [sys.executable, str(generator), "--topics", str(golden["topics"]), "--seed", str(golden["seed"])]
    subprocess.run([*command, "-o", str(corpus)], check=True)
    results = analyze(kg.load([corpus])).results

    def top(values: dict[str, float]) -> list[list[object]]:
        return [[k, v] for k, v in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:20]]

    assert results.pivots == golden["pivots"] == 1000
    assert top(results.betweenness) == golden["betweenness"]
    assert top(results.pagerank) == golden["pagerank"]
    assert [list(c.topics) for c in results.communities] == golden["communities"]


def test_the_explorer_drawn_from_memory_is_the_one_drawn_from_the_store(tmp_path: Path) -> None:
    """kg build draws the analysis it holds (the store it drew from never gets it); kg viz of the
    build reads it back from the on-disk store: the same page, byte for byte."""
    corpus = tmp_path / "corpus.xml"
    generator = ROOT / "benchmarks" / "generate_corpus.py"
    subprocess.run([sys.executable, str(generator), "--topics", "150", "--seed", "5", "-o", str(corpus)], check=True)
    out = tmp_path / "out"
    build([corpus], out, store=True, analyze=True, viz=True, show=False)
    drawn = CliRunner().invoke(main, ["viz", "--graph", str(out), "-o", str(tmp_path / "again.html")])
    assert drawn.exit_code == 0, drawn.output
    page = (out / "graph.html").read_bytes()
    assert b"PageRank (from kg analyze)" in page
    assert (tmp_path / "again.html").read_bytes() == page


def test_files_written_beside_are_those_written_at_once(tmp_path: Path) -> None:
    at_once, beside = tmp_path / "at-once", tmp_path / "beside"
    at_once.mkdir()
    beside.mkdir()
    written = analyze(kg.load([ROOT / "data"]), at_once)
    pending = analyze(kg.load([ROOT / "data"]), beside, files_beside=True)
    assert [path.name for path in pending.files] == ["analysis.ttl"]  # the rest is still being written
    files = pending.finish()
    assert sorted(path.relative_to(beside) for path in files) == sorted(
        path.relative_to(at_once) for path in written.files
    )
    for path in written.files:
        assert (beside / path.relative_to(at_once)).read_bytes() == path.read_bytes(), path.name
    assert {"charts", "report", "metrics.csv, metrics.json"} <= set(pending.timings)
    assert pending.finish() == files  # once: a second call waits for nothing


def test_an_analysis_graph_that_cannot_be_written_leaves_no_process_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import kg.files

    written = kg.files.write_atomic

    def full_disk(path: Path, data: bytes) -> None:
        if path.name == "analysis.ttl":
            raise kg.OutputError(f"{path}: cannot write: No space left on device")
        written(path, data)

    monkeypatch.setattr(kg.files, "write_atomic", full_disk)
    with pytest.raises(kg.OutputError, match=r"analysis\.ttl: cannot write"):
        analyze(kg.load([ROOT / "data"]), tmp_path, files_beside=True)
    assert multiprocessing.active_children() == []  # the report's process was waited for
    assert (tmp_path / "report.md").is_file() and not (tmp_path / "analysis.ttl").exists()


def test_a_report_that_cannot_be_written_fails_the_build_and_keeps_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([ROOT / "data"], out, store=True, analyze=True, viz=True, show=False)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}

    def full_disk(out_dir: Path, *args: object) -> list[Path]:
        raise kg.OutputError(f"{out_dir / 'metrics.csv'}: cannot write: No space left on device")

    monkeypatch.setattr("kg.analysis.tables.write_tables", full_disk)  # the forked writer inherits it
    with pytest.raises(kg.OutputError, match="No space left on device"):
        build([ROOT / "data"], out, store=True, analyze=True, viz=True, show=False)
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    assert {path.name for path in tmp_path.iterdir()} == {"out", ".out.lock"}  # no staging folder left behind
