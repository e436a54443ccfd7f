"""Every figure the report prints equals the named query that answers the same question.

The report (``report.md``) is read as a person reads it, table by table, and each figure is
compared with the rows of the query that answers the same question on the same build, formatted
as the report formats it. One quantity has one name: a *listing* is a topic listing a resource
under a section (``kg:Listing``), in the report and in every query.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.analysis.report import percent
from kg.cli import main
from kg.store import Store
from tests.conftest import PAGE

ROOT = Path(__file__).resolve().parent.parent


def tables(markdown: str) -> dict[str, list[dict[str, str]]]:
    """Each ``## heading``'s first Markdown table, as rows keyed by the table's header."""
    found: dict[str, list[dict[str, str]]] = {}
    for section in markdown.split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        body_lines = body.splitlines()
        start = next((i for i, line in enumerate(body_lines) if line.startswith("|")), len(body_lines))
        lines = list(itertools.takewhile(lambda line: line.startswith("|"), body_lines[start:]))
        if len(lines) < 2:
            continue
        split = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])] for line in lines]
        header, *rows = split[0], *split[2:]
        found[heading.strip()] = [dict(zip(header, row, strict=True)) for row in rows]
    return found


def build(inputs: list[Path], out: Path) -> tuple[str, Store]:
    done = CliRunner().invoke(main, ["build", *map(str, inputs), "-o", str(out), "--no-viz", "--quiet"])
    assert done.exit_code == 0, done.output
    return (out / "report.md").read_text(encoding="utf-8"), kg.load([out])


@pytest.fixture(scope="module", params=["bundled", "page"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Store]:
    """The report and the store of the bundled data, and of the page dump alone."""
    inputs = [ROOT / "data"] if request.param == "bundled" else [PAGE]
    return build(inputs, tmp_path_factory.mktemp(request.param) / "out")


def glance(report: str) -> dict[str, str]:
    return {row["figure"]: row["value"] for row in tables(report)["At a glance"]}


def test_counts_equal_the_summary_query(built: tuple[str, Store]) -> None:
    report, store = built
    counts = kg.query(store, "summary").values()[0]
    figures = glance(report)
    assert figures["topics read"] == f"{int(counts['topics']):,}"
    assert figures["resources"] == f"{int(counts['resources']):,}"
    assert figures["publishers"] == f"{int(counts['publishers']):,}"


def test_nih_share_equals_the_nih_share_query(built: tuple[str, Store]) -> None:
    report, store = built
    rows = kg.query(store, "nih-share").values()
    listings = sum(int(row["listings"]) for row in rows)
    nih = sum(int(row["nih_listings"]) for row in rows)
    overall = percent(nih / listings)
    value = glance(report)["NIH share of listings"]
    assert value.split(" ")[0] == overall
    if len(rows) > 1:
        for row in rows:
            assert f"{row['language']} {percent(int(row['nih_listings']) / int(row['listings']))}" in value
    assert f"together they publish {overall} of all listings" in report


def test_publisher_figures_equal_the_publisher_queries(built: tuple[str, Store]) -> None:
    report, store = built
    table = tables(report)["Publishers: who carries MedlinePlus"]
    reach = {row["name"]: row for row in kg.query(store, "publisher-reach").values()}
    central = {row["name"]: row for row in kg.query(store, "central-publishers", limit="1000").values()}
    resources = {row["name"]: row for row in kg.query(store, "publishers").values()}
    assert table
    for row in table:
        name = row["publisher"]
        assert row["topics"] == str(reach[name]["topics"]) == str(central[name]["topics"])
        assert row["share of topics"] == percent(float(central[name]["topic_share"]))
        assert abs(float(row["share of topics"][:-1]) / 100 - float(reach[name]["share"])) < 0.001
        assert row["share of listings"] == percent(float(central[name]["listing_share"]))
        assert row["resources"] == str(resources[name]["resources"])
        assert row["NIH"] == ("yes" if str(central[name]["nih"]).lower() == "true" else "no")


def test_central_topics_equal_the_central_topics_query(built: tuple[str, Store]) -> None:
    report, store = built
    table = tables(report)["Central topics"]
    rows = kg.query(store, "central-topics").values()
    assert [row["topic"] for row in table] == [row["title"] for row in rows]
    for printed, row in zip(table, rows, strict=True):
        assert printed["degree"] == str(row["degree"])
        assert printed["PageRank"] == f"{float(row['pagerank']):.4f}"
        assert printed["betweenness"] == f"{float(row['betweenness']):.4f}"
        assert printed["community"].split(". ", 1)[1] == row["community"]


def test_communities_equal_the_communities_query(built: tuple[str, Store]) -> None:
    report, store = built
    table = tables(report)["Topic communities"]
    rows = kg.query(store, "communities").values()
    by_number = {int(str(row["community"]).rsplit("/", 1)[1]): row for row in rows}
    assert table
    for printed in table:
        row = by_number[int(printed["community"])]
        assert (printed["topics"], printed["most central topics"]) == (str(row["topics"]), row["label"])
    assert f"Louvain finds {len(rows):,} communit" in report


def test_the_report_reads_as_english() -> None:
    """No "1 topics"; one read topic is one central topic (the page dump alone)."""
    report, _ = build([PAGE], Path(__import__("tempfile").mkdtemp()) / "out")
    assert "1 topics" not in report and "1 publishers" not in report
    assert len(tables(report)["Central topics"]) == 1
    assert "1 topic (100.0% of all) lists at least one" in report


def test_monolingual_components_are_said(tmp_path: Path) -> None:
    """A corpus whose English and Spanish topics share nothing: the report says so."""
    corpus = tmp_path / "mplus_topics.xml"
    script = ROOT / "benchmarks" / "generate_corpus.py"
    subprocess.run([sys.executable, str(script), "--topics", "60", "--seed", "7", "-o", str(corpus)], check=True)
    report, store = build([corpus], tmp_path / "out")
    languages = {row["language"] for row in kg.query(store, "topics").values()}
    assert languages == {"en", "es"}
    components = next(row["what it means"] for row in tables(report)["At a glance"] if row["figure"] == "components")
    said = "are exactly the English topics and the Spanish topics" in components or "no component mixes" in components
    assert said == (not _components_mix_languages(store)), components
    assert not _components_mix_languages(store), "the generated corpus keeps the languages apart, as NLM's does"


def _components_mix_languages(store: Store) -> bool:
    """Whether any English topic shares a resource or a related link with a Spanish one (SPARQL)."""
    ask = """
    PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
    PREFIX schema: <https://schema.org/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT (COUNT(*) AS ?n) WHERE {
      ?a schema:inLanguage/dcterms:identifier "en" . ?b schema:inLanguage/dcterms:identifier "es" .
      { ?a kg:hasResource ?r . ?b kg:hasResource ?r } UNION { ?a skos:related ?b } UNION { ?b skos:related ?a }
    } """
    return int(kg.query(store, ask).values()[0]["n"]) > 0
