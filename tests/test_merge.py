"""One graph from many inputs: page dump + XML of one topic, groups, English/Spanish pairs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import kg
from kg.build import build
from kg.build.merge import merge
from kg.build.pipeline import summarize
from kg.rdf.shacl import validate
from kg.sources import read
from kg.store import Store
from tests.conftest import CORPUS, PAGE

FIXTURES = Path(__file__).parent / "fixtures" / "xml"
GENES = FIXTURES / "genesandgenetherapy.xml"
OLD = FIXTURES / "mplus_topics_2012-07-21_excerpt.xml"
ID = "https://w3id.org/kg-medlineplus/id/"


def test_page_and_xml_make_one_topic() -> None:
    topics, _ = merge(read([PAGE, GENES]))
    [topic] = topics
    assert sorted(s.format for s in topic.sources) == ["medlineplus-page", "medlineplus-xml"]
    assert topic.id == "4037" and topic.created == date(2005, 7, 19)  # from the XML
    assert topic.updated == date(2020, 3, 24) and topic.reviewed == date(2019, 10, 29)  # from the page
    assert len(topic.listings) == 40
    assert all(listing.resource.url for listing in topic.listings)  # every page resource matched a site


def test_merged_graph_counts() -> None:
    store = kg.load([PAGE, GENES])
    counts = summarize(store)
    assert (counts["topics"], counts["resources"], counts["publishers"]) == (1, 40, 12)
    rows = store.select(
        "SELECT (COUNT(?s) AS ?n) WHERE { <https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy> "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?s }"
    )
    assert int(rows.rows[0][0]) == 2


def test_unmatched_page_resource_is_kept_after_the_xml_ones(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    text = PAGE.read_text(encoding="utf-8").replace(
        "    * Six Things Everyone Should Know About Genetics (American Society of Human Genetics)",
        "    * Six Things Everyone Should Know About Genetics (American Society of Human Genetics)\n"
        "    * A Page Only The Dump Has (Somebody)",
    )
    page.write_text(text, encoding="utf-8")
    [topic], _ = merge(read([page, GENES]))
    start = [(lst.position, lst.resource.title) for lst in topic.listings if lst.heading.name == "Start Here"]
    assert start[-1] == (4, "A Page Only The Dump Has")
    assert len(topic.listings) == 41


def test_newer_xml_wins_over_older(tmp_path: Path) -> None:
    newer = tmp_path / "newer.xml"
    newer.write_bytes(
        OLD.read_bytes()
        .replace(b"07/21/2012 02:32:56", b"07/22/2012 02:32:56")
        .replace(b'title="Abdominal Pain"', b'title="Abdominal Pain (renamed)"')
    )
    topics, _ = merge(read([newer, OLD]))
    assert [t.title for t in topics] == ["Abdominal Pain (renamed)", "Dolor abdominal"]
    topics, _ = merge(read([OLD, newer]))
    assert topics[0].title == "Abdominal Pain (renamed)"


def test_old_and_new_urls_meet(corpus: Store) -> None:
    rows = corpus.select(
        "SELECT ?t WHERE { ?t <https://schema.org/url> <https://medlineplus.gov/abdominalpain.html> }"
    ).rows
    assert [str(r[0]) for r in rows] == [f"{ID}topic/abdominalpain"]


def test_corpus_conforms_to_shapes(corpus: Store) -> None:
    report = validate(corpus.data())
    assert report.conforms, report.text


def test_labels_carry_language_tags(corpus: Store) -> None:
    rows = corpus.select(
        "SELECT ?label WHERE { <https://w3id.org/kg-medlineplus/id/topic/spanish/abdominalpain> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    ).rows
    assert [(str(r[0]), r[0].language) for r in rows] == [("Dolor abdominal", "es")]


def test_spanish_and_english_publisher_names_are_one_node(corpus: Store) -> None:
    rows = corpus.select(
        "PREFIX schema: <https://schema.org/> SELECT DISTINCT ?p WHERE { ?r schema:publisher ?p . "
        '?p schema:name "Nemours Foundation" }'
    ).rows
    assert [str(r[0]) for r in rows] == [f"{ID}org/nemours-foundation"]


def test_provenance_has_date_generated(corpus: Store) -> None:
    rows = corpus.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?when WHERE { ?s prov:generatedAtTime ?when } ORDER BY ?when"
    ).rows
    assert [str(r[0]) for r in rows] == ["2012-07-21T02:32:56", "2024-08-10T02:30:32"]


def test_mesh_headings_link_to_nlm(corpus: Store) -> None:
    rows = corpus.select(
        "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> SELECT ?m WHERE { "
        "<https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy> kg:meshHeading ?m } ORDER BY ?m"
    ).rows
    assert [str(r[0]) for r in rows] == [
        "http://id.nlm.nih.gov/mesh/D005796",
        "http://id.nlm.nih.gov/mesh/D015316",
        "http://id.nlm.nih.gov/mesh/D015316Q000706",
    ]


def test_summary_links_resolve_topic_ids(corpus: Store) -> None:
    rows = corpus.select(
        "PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> SELECT ?t WHERE { "
        "<https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy> kg:summaryLink ?t } ORDER BY ?t"
    ).rows
    assert [str(r[0]) for r in rows] == [f"{ID}topic/geneticdisorders", f"{ID}topic/genetictesting"]


def test_groups_come_from_the_groups_file(corpus: Store) -> None:
    rows = corpus.select("PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#> SELECT ?g WHERE { ?g a kg:Group }").rows
    assert len(rows) == 12  # the file's 12 groups; topics' group elements name some of them


def test_build_streams_each_triple_once(tmp_path: Path) -> None:
    result = build(CORPUS, tmp_path)
    loaded = kg.load([tmp_path / "graph.ttl"])
    assert result.summary["triples"] == len(loaded) == len(kg.load(CORPUS))
    assert result.summary == summarize(loaded)


def test_progress_bars_on_request(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    build([PAGE], tmp_path, progress=True)
    assert "write" in capsys.readouterr().err
    build([PAGE], tmp_path)  # not a terminal: no bars
    assert capsys.readouterr().err == ""
