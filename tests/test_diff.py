"""kg diff on two releases that differ in known ways: it reports exactly those changes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import kg
from kg.outputs.diff import Moved, diff, write_patch

XML = Path(__file__).parent / "fixtures" / "xml"
NEW_TOPIC = (
    '<health-topic title="Blood Sugar" url="https://medlineplus.gov/bloodsugar.html" id="9999" language="English" '
    'date-created="08/11/2024"><full-summary>&lt;p&gt;Blood sugar is glucose.&lt;/p&gt;</full-summary>'
    '<site title="A1C and eAG" url="https://diabetes.org/a1c-eag-conversion-calculator">'
    "<information-category>Learn More</information-category>"
    "<organization>American Diabetes Association</organization></site></health-topic>\n"
)


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Release 1: NLM's 2024 excerpt (repaired). Release 2, edited from it: the Abortion topic
    removed, a Blood Sugar topic added (listing an existing resource), a resource of A1C moved
    from Learn More to Start Here, a publisher renamed, A1C's summary edited, and a new date."""
    folder = tmp_path_factory.mktemp("releases")
    text = (XML / "mplus_topics_2024-08-10_excerpt_truncated.xml").read_text(
        encoding="utf-8"
    ).rstrip() + "\n</health-topics>\n"
    old = folder / "mplus_topics_2024-08-10.xml"
    old.write_text(text, encoding="utf-8")
    start = text.index('<health-topic meta-desc="An abortion')
    edited = text[:start] + NEW_TOPIC + text[text.index("</health-topics>") :]
    edited = edited.replace("08/10/2024 02:30:32", "08/11/2024 02:30:32")
    edited = edited.replace("American Diabetes Association", "American Diabetes Assn")
    edited = edited.replace("A1C is a blood test for", "A1C is a blood exam for")
    race = edited.index('<site title="A1C Test and Race/Ethnicity"')
    edited = edited[:race] + edited[race:].replace("Learn More", "Start Here", 1)
    new = folder / "mplus_topics_2024-08-11.xml"
    new.write_text(edited, encoding="utf-8")
    return old, new


def test_diff_reports_exactly_the_known_changes(releases: tuple[Path, Path]) -> None:
    old, new = releases
    result = diff(kg.load([old]), kg.load([new]))
    assert not result.equal
    assert [(t.name, t.detail) for t in result.topics_added] == [("Blood Sugar", "")]
    assert [(t.name, t.detail) for t in result.topics_removed] == [
        ("Abortion", "with 12 resources and 3 publishers")  # 15 sites, 3 only in the encyclopedia
    ]
    assert [t.name for t in result.summaries_changed] == ["A1C"]
    assert result.topics_changed == []
    assert result.resources_moved == [Moved("A1C", "A1C Test and Race/Ethnicity", ("Learn More",), ("Start Here",))]
    assert [(r.old_name, r.new_name) for r in result.publishers_renamed] == [
        ("American Diabetes Association", "American Diabetes Assn")
    ]
    assert result.publishers_added == result.publishers_removed == []
    assert result.resources_added == result.resources_removed == result.resources_changed == []


def test_equal_graphs(releases: tuple[Path, Path]) -> None:
    old, _ = releases
    result = diff(kg.load([old]), kg.load([old]))
    assert result.equal
    assert result.to_text().startswith("the graphs are equal")
    assert all(count == 0 for count in result.counts().values())


def test_text_and_json_forms(releases: tuple[Path, Path]) -> None:
    old, new = releases
    result = diff(kg.load([old]), kg.load([new]))
    text = result.to_text()
    assert "+ Blood Sugar <https://w3id.org/kg-medlineplus/id/topic/bloodsugar>" in text
    assert "> A1C Test and Race/Ethnicity in A1C: Learn More -> Start Here" in text
    assert "= American Diabetes Association -> American Diabetes Assn" in text
    assert re.search(r"triples: \+\d+ -\d+", text)
    document = __import__("json").loads(result.to_json())
    assert document["equal"] is False
    assert document["counts"]["topics_added"] == 1 and document["counts"]["publishers_renamed"] == 1


def test_patch_applies(releases: tuple[Path, Path]) -> None:
    old, new = releases
    before, after = kg.load([old]), kg.load([new])
    result = diff(before, after)
    out = io.StringIO()
    write_patch(result, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "TX ." and lines[-1] == "TC ."
    removed = {line[2:] for line in lines if line.startswith("D ")}
    added = {line[2:] for line in lines if line.startswith("A ")}
    old_lines = set(before.dump(__import__("pyoxigraph").RdfFormat.N_TRIPLES).decode().splitlines())
    new_lines = set(after.dump(__import__("pyoxigraph").RdfFormat.N_TRIPLES).decode().splitlines())
    assert (old_lines - removed) | added == new_lines


def test_releases_side_by_side(releases: tuple[Path, Path], tmp_path: Path) -> None:
    from kg.build import build
    from kg.query import named_query

    old, new = releases
    first = build([old], tmp_path, release="auto")
    second = build([new], tmp_path, release="auto")
    assert [p.name for p in first.files] == ["graph.ttl", "2024-08-10.ttl"]
    assert [p.name for p in second.files] == ["graph.ttl", "2024-08-11.ttl"]
    store = kg.load([tmp_path / "releases"])
    rows = store.select(named_query("release-changes").render({"old": "2024-08-10", "new": "2024-08-11"}))
    assert [(r["change"], r["title"]) for r in rows.values()] == [("added", "Blood Sugar"), ("removed", "Abortion")]
    from kg.rdf.shacl import validate

    assert validate(kg.load([tmp_path / "releases" / "2024-08-11.ttl"]).data()).conforms


def test_release_needs_a_date(tmp_path: Path) -> None:
    from kg.build import build
    from kg.errors import OutputError
    from tests.conftest import PAGE

    assert build([PAGE], tmp_path, release="auto").files[-1].name == "2020-03-24.ttl"  # the page's last update
    with pytest.raises(OutputError, match="--release takes a date"):
        build([PAGE], tmp_path, release="yesterday")
