"""The mapping: deterministic IRIs, a configurable base, provenance and the qualified listing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, SKOS

import kg
from kg.mapping.iris import Iris, canonical_topic_url, topic_url_from_title
from kg.mapping.organizations import canonical_name, is_nih, organization_key
from kg.mapping.vocab import KG
from kg.records import Topic
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "url",
    [
        "https://medlineplus.gov/genesandgenetherapy.html",
        "http://medlineplus.gov/genesandgenetherapy.html",
        "http://www.nlm.nih.gov/medlineplus/genesandgenetherapy.html",
        "https://www.medlineplus.gov/genesandgenetherapy.html?x=1#top",
    ],
)
def test_topic_urls_meet_in_one_iri(url: str) -> None:
    assert Iris().topic(url) == "https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy"


def test_spanish_topic_iri() -> None:
    assert (
        canonical_topic_url("http://www.nlm.nih.gov/medlineplus/spanish/a1c.html")
        == "https://medlineplus.gov/spanish/a1c.html"
    )
    assert Iris().topic("https://medlineplus.gov/spanish/a1c.html").endswith("/topic/spanish/a1c")


def test_related_topic_url_from_title() -> None:
    assert topic_url_from_title("Genetic Testing") == "https://medlineplus.gov/genetictesting.html"
    assert topic_url_from_title("Alzheimer's Disease") == "https://medlineplus.gov/alzheimersdisease.html"
    assert topic_url_from_title("Niños", "es") == "https://medlineplus.gov/spanish/ninos.html"


def test_organizations_are_normalised() -> None:
    assert organization_key("NHGRI") == organization_key("national human genome research institute")
    assert organization_key("American Society of Gene & Cell Therapy") == organization_key(
        "American Society of Gene and Cell Therapy"
    )
    assert canonical_name("NLM") == "National Library of Medicine"
    assert is_nih("National Heart, Lung and Blood Institute")
    assert not is_nih("Mayo Foundation for Medical Education and Research")


def test_base_must_end_with_separator() -> None:
    with pytest.raises(ValueError, match="must end with"):
        Iris("https://example.org/kg")


def test_configurable_base(page_path: Path) -> None:
    graph = kg.load([page_path], "https://example.org/mp/").data()
    subjects = {str(s) for s in graph.subjects()}
    assert subjects and all(s.startswith("https://example.org/mp/") for s in subjects)
    assert (URIRef("https://example.org/mp/topic/genesandgenetherapy"), RDF.type, KG.Topic) in graph


def test_provenance_names_the_source_file(store: Store) -> None:
    graph = store.data()
    topic = URIRef("https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy")
    source = graph.value(topic, PROV.wasDerivedFrom)
    assert source is not None
    assert (source, RDF.type, KG.SourceFile) in graph
    assert str(graph.value(source, URIRef("http://purl.org/dc/terms/title"))) == "genesandgenetherapy.txt"


def test_section_of_each_listing_is_queryable(store: Store) -> None:
    rows = store.select(
        """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
        PREFIX schema: <https://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?section ?position WHERE {
          ?l kg:resource ?r ; kg:section/skos:prefLabel ?section ; kg:position ?position .
          ?r schema:name "Chromosomes"@en }"""
    )
    assert [(str(s), int(p)) for s, p in rows.rows] == [("Reference Desk", 2)]


def test_topic_links_resources_directly_and_through_listings(store: Store) -> None:
    graph = store.data()
    topic = URIRef("https://w3id.org/kg-medlineplus/id/topic/genesandgenetherapy")
    direct = set(graph.objects(topic, KG.hasResource))
    through = {graph.value(listing, KG.resource) for listing in graph.objects(topic, KG.hasListing)}
    assert direct == through and len(direct) == 40


def test_audiences_and_refinements(store: Store) -> None:
    graph = store.data()
    [resource] = graph.subjects(SDO.name, Literal("What Is a Gene? (For Kids)", lang="en"))
    names = {
        str(label)
        for audience in graph.objects(resource, SDO.audience)
        for label in graph.objects(audience, SKOS.prefLabel)
        if label.language == "en"
    }
    assert names == {"Children", "Kids"}


def test_same_resource_under_two_headings_is_one_node_with_two_listings(tmp_path: Path, topic: Topic) -> None:
    page = tmp_path / "twice.txt"
    page.write_text(
        "Link: https://medlineplus.gov/x.html\n\n#  X\n\n## Start Here\n\n    * Page (Org)\n\n"
        "## Specifics\n\n    * Page (Org)\n",
        encoding="utf-8",
    )
    graph = kg.load([page]).data()
    assert len(set(graph.subjects(RDF.type, KG.Resource))) == 1
    assert len(set(graph.subjects(RDF.type, KG.Listing))) == 2


def _build_in_subprocess(out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "kg", "build", "data", "-o", str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return (out / "graph.ttl").read_bytes()


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first = _build_in_subprocess(tmp_path / "a", "1")
    second = _build_in_subprocess(tmp_path / "b", "2")
    assert first == second
    assert len(first) > 10_000


NLM_2025 = ROOT / "data" / "mplus_topics_2025-03-04_excerpt.xml"


def test_topics_known_only_by_reference_keep_their_url_language_and_id() -> None:
    """``<related-topic url id>`` and ``<language-mapped-topic url id language>`` in NLM's own file."""
    graph = kg.load([NLM_2025]).data()
    lang = URIRef("https://w3id.org/kg-medlineplus/id/language/")
    pain = URIRef("https://w3id.org/kg-medlineplus/id/topic/pain")  # only a related topic of Abdominal Pain
    assert (pain, RDF.type, KG.Topic) in graph
    assert (pain, SDO.url, URIRef("https://medlineplus.gov/pain.html")) in graph
    assert (pain, SDO.inLanguage, lang + "en") in graph
    assert (pain, URIRef("http://purl.org/dc/terms/identifier"), Literal("351")) in graph
    stubs = [t for t in graph.subjects(RDF.type, KG.Topic) if (t, SDO.url, None) not in graph]
    assert stubs == [], "every topic the XML names has the URL the XML gives"
    untyped = [t for t in graph.subjects(RDF.type, KG.Topic) if (t, SDO.inLanguage, None) not in graph]
    assert untyped == []
    spanish = {str(t) for t, _, _ in graph.triples((None, SDO.inLanguage, lang + "es"))}
    assert "https://w3id.org/kg-medlineplus/id/topic/spanish/a1c" in spanish
