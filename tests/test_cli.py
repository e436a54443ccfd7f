"""The kg command line: each command, its output and its exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import GOLDEN, PAGE
from tests.graphs import assert_isomorphic

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A build of the bundled page in a temporary out/ folder."""
    out = tmp_path / "out"
    result = kg("build", str(PAGE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_graph_and_reports_counts(built: Path) -> None:
    result = kg("build", str(PAGE), "-o", str(built))
    assert f"wrote {built / 'graph.ttl'}" in result.output
    assert "topics: 1, resources: 40, publishers: 12, audiences: 4, sections: 10, encyclopedia: 2, related: 2" in (
        result.output
    )
    assert_isomorphic(Graph().parse(GOLDEN), Graph().parse(built / "graph.ttl"))
    assert [p.name for p in built.iterdir() if p.name.startswith(".")] == []  # no temporary files left


def test_build_defaults_to_data_and_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "page.txt").write_bytes(PAGE.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert kg("build").exit_code == 0
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_build_with_base(tmp_path: Path) -> None:
    result = kg("build", str(PAGE), "-o", str(tmp_path), "--base", "https://example.org/mp/")
    assert result.exit_code == 0
    assert "<https://example.org/mp/topic/>" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")


def test_failed_build_keeps_the_last_good_output(built: Path, tmp_path: Path) -> None:
    before = (built / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text("Link: https://medlineplus.gov/bad.html\n\n## Summary\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(PAGE), str(bad), "-o", str(built)])
    assert result.exit_code == 1
    assert f"Error: {bad}:3: page dump has no title" in result.output
    assert (built / "graph.ttl").read_bytes() == before
    assert [p.name for p in built.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "no/such/file.txt"], "no/such/file.txt: no such file or directory"),
        (["build", str(ROOT / "pyproject.toml")], "pyproject.toml:1: not a recognised input"),
        (["query", "nope", "--graph", str(PAGE)], "no named query 'nope'"),
        (["query", "topic-resources", "--graph", str(PAGE)], "needs a value for its parameter 'topic'"),
        (["query", "-e", "SELEC ?x", "--graph", str(PAGE)], "bad SPARQL query"),
    ],
)
def test_errors_are_one_line_and_exit_1(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["build", "--no-such-option"]).exit_code == 2
    assert CliRunner().invoke(main, ["query"]).exit_code == 2
    assert CliRunner().invoke(main, ["query", "topics", "--param", "novalue"]).exit_code == 2


def test_query_reads_the_last_build(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(built.parent)
    result = kg("query", "publishers", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert len(table) == 12
    assert table[0] == {
        "publisher": "https://w3id.org/kg-medlineplus/id/org/national-human-genome-research-institute",
        "name": "National Human Genome Research Institute",
        "resources": "11",
        "topics": "1",
        "nih": "true",
    }


def test_query_without_a_build_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["query", "topics"])
    assert result.exit_code == 1
    assert "no build in out/" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(built: Path, fmt: str) -> None:
    result = kg(
        "query", "topic-resources", "--param", "topic=Genes and Gene Therapy", "--format", fmt, "--graph", str(built)
    )
    assert result.exit_code == 0
    if fmt == "json":
        assert len(json.loads(result.output)["results"]["bindings"]) == 40
    elif fmt == "table":
        assert "resource:" in result.output and "Reference Desk" in result.output
    else:
        assert len(result.output.splitlines()) == 41


def test_ad_hoc_query_ask_and_construct(built: Path) -> None:
    count = kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg-medlineplus/vocab#Listing> }",
               "--graph", str(built), "--format", "csv")  # fmt: skip
    assert count.output.splitlines() == ["n", "40"]
    assert kg("query", "-e", "ASK { ?s ?p ?o }", "--graph", str(built)).output == "true\n"
    construct = kg("query", "-e", "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 1", "--graph", str(built))
    assert len(Graph().parse(data=construct.output, format="turtle")) == 1


def test_query_file(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "SELECT (COUNT(DISTINCT ?t) AS ?topics) WHERE { ?t a <https://w3id.org/kg-medlineplus/vocab#Topic> }"
    )
    assert kg("query", str(path), "--graph", str(built), "--format", "csv").output.splitlines() == ["topics", "3"]


def test_queries_lists_every_named_query() -> None:
    output = kg("queries").output
    for name in ("topics", "resources-by-section", "publishers", "audiences", "spanish-available", "related-topics"):
        assert name in output
    assert "topic-resources  --param topic=…" in output


def test_validate(built: Path, tmp_path: Path) -> None:
    assert kg("validate", "--graph", str(built)).output == "the graph conforms to the SHACL shapes\n"
    broken = tmp_path / "broken.ttl"
    text = (built / "graph.ttl").read_text(encoding="utf-8").replace("kg:fromNIH true", "kg:fromNIH 1", 1)
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--graph", str(broken)])
    assert result.exit_code == 1
    assert "does not conform to the SHACL shapes (1 violations)" in result.output


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "xml", "trig"])
def test_export_round_trips(built: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-o", str(target), "--graph", str(built))
    assert result.output == f"wrote {target}\n"
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}[fmt]
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(target, format="trig")
        graph = Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph = Graph().parse(target, format=rdflib_format)
    assert_isomorphic(Graph().parse(GOLDEN), graph)
    again = tmp_path / f"again.{fmt}"
    kg("export", "--format", fmt, "-o", str(again), "--graph", str(built))
    assert again.read_bytes() == target.read_bytes()


def test_export_to_stdout(built: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "nt", "-o", "-", "--graph", str(built)])
    assert len(result.output.splitlines()) == 628


def test_bad_rdf_graph_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "topics", "--graph", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:3: not valid Turtle: . is not a valid RDF object" in result.output


def test_python_m_kg_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("not a page\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(bad), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: {bad}:1: not a MedlinePlus page dump: expected 'Link: <page url>'"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("sparql", "said"),
    [
        ("SELECT * WHERE { ?s foo:bar ?o }", 'line 1, column 21: the prefix "foo:" is not declared'),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT x", 'line 1, column 35 (at "x", after "LIMIT"): expected'),
        ("SELECT ?s\nWHERE { ?s ?p ?o . FILTER( }", 'line 2, column 28 (at "}", after "FILTER(")'),
        ("PREFIX : <x> SELECT * WHERE { ?s :p ?o }", 'line 1, column 10 (at "<x>", after ":"): this IRI is not valid'),
    ],
)
def test_a_query_that_does_not_parse_is_explained_in_words(sparql: str, said: str) -> None:
    """No character-class lists (``'\\u{00C0}'..='\\u{00D6}'``): the line, the column, the word, what was expected."""
    result = CliRunner().invoke(main, ["query", "--graph", str(PAGE), "-e", sparql])
    assert result.exit_code == 1
    line = result.output.strip()
    assert said in line and len(line.splitlines()) == 1
    assert "..=" not in line and "\\u{" not in line
