"""Every named query, run against the page's graph, gives its expected rows."""

from __future__ import annotations

import pytest

import kg
from kg.errors import QueryError
from kg.mapping.prefixes import prefixes
from kg.query import NamedQuery, library, named_query, resolve
from kg.query.results import Table
from kg.store import Store
from tests.conftest import PAGE as PAGE_PATH
from tests.conftest import PAGE_HEADINGS

ID = "https://w3id.org/kg-medlineplus/id/"
TOPIC = f"{ID}topic/genesandgenetherapy"


def run(store: Store, name: str, **params: str) -> Table:
    return store.select(named_query(name).render(params))


def rows(table: Table) -> list[tuple[object, ...]]:
    return [tuple(row.values()) for row in table.values()]


def test_library_has_the_required_queries_with_their_columns(store: Store) -> None:
    required = {
        "topics": ["topic", "title", "url", "language", "resources"],
        "resources-by-section": ["topic", "section", "resources"],
        "publishers": ["publisher", "name", "resources", "topics", "nih"],
        "audiences": ["audience", "name", "resources"],
        "spanish-available": ["resource", "title", "publisher"],
        "related-topics": ["topic", "related", "title"],
        "topic-resources": ["resource", "title", "section", "publisher", "nih", "spanish"],
    }
    for name, columns in required.items():
        params = {"topic": "Genes and Gene Therapy"} if name == "topic-resources" else {}
        assert run(store, name, **params).columns == columns, name


def test_every_query_has_title_and_description() -> None:
    for query in library().values():
        assert query.title != query.name and query.description, query.name


def test_topics(store: Store) -> None:
    assert rows(run(store, "topics")) == [
        (TOPIC, "Genes and Gene Therapy", "https://medlineplus.gov/genesandgenetherapy.html", "en", 40)
    ]


def test_resources_by_section(store: Store) -> None:
    counts = {row["section"]: row["resources"] for row in run(store, "resources-by-section").values()}
    assert counts == PAGE_HEADINGS
    assert {row["topic"] for row in run(store, "resources-by-section").values()} == {TOPIC}


def test_publishers(store: Store) -> None:
    assert [(r["name"], r["resources"], r["topics"], r["nih"]) for r in run(store, "publishers").values()] == [
        ("National Human Genome Research Institute", 11, 1, True),
        ("National Library of Medicine", 5, 1, True),
        ("National Institutes of Health", 4, 1, True),
        ("Nemours Foundation", 4, 1, False),
        ("National Institute of General Medical Sciences", 3, 1, True),
        ("Mayo Foundation for Medical Education and Research", 2, 1, False),
        ("American Society of Gene & Cell Therapy", 1, 1, False),
        ("American Society of Human Genetics", 1, 1, False),
        ("Centers for Disease Control and Prevention", 1, 1, False),
        ("National Cancer Institute", 1, 1, True),
        ("National Center for Biotechnology Information", 1, 1, True),
        ("National Heart, Lung, and Blood Institute", 1, 1, True),
    ]


def test_audiences(store: Store) -> None:
    assert rows(run(store, "audiences")) == [
        (f"{ID}audience/children", "Children", 3),
        (f"{ID}audience/parents", "Parents", 2),
        (f"{ID}audience/kids", "Kids", 1),
        (f"{ID}audience/teenagers", "Teenagers", 1),
    ]
    spanish = [row["name"] for row in run(store, "audiences", language="es").values()]
    assert spanish == ["Niños", "Padres", "Adolescentes", "Niños pequeños"]


def test_spanish_available(store: Store) -> None:
    table = run(store, "spanish-available")
    assert [(r["title"], r["publisher"]) for r in table.values()] == [
        ("All about Genetics (For Parents)", "Nemours Foundation"),
        ("Basics on Genes and Genetic Disorders", "Nemours Foundation"),
        ("Biological Pathways", "National Human Genome Research Institute"),
        ("Biological Therapies for Cancer", "National Cancer Institute"),
        ("Brief Guide to Genomics: DNA, Genes and Genomes", "National Human Genome Research Institute"),
        ("Chromosomes", "National Human Genome Research Institute"),
        ("DNA Microarray Technology", "National Human Genome Research Institute"),
        ("Epigenomics", "National Human Genome Research Institute"),
        ("Gene Therapy", "Mayo Foundation for Medical Education and Research"),
        ("Gene Therapy and Children (For Parents)", "Nemours Foundation"),
        ("Personalized Medicine and Pharmacogenomics", "Mayo Foundation for Medical Education and Research"),
        ("Talking Glossary of Genetic Terms", "National Human Genome Research Institute"),
        ("Transcriptome", "National Human Genome Research Institute"),
        ("What Is a Gene? (For Kids)", "Nemours Foundation"),
    ]
    assert all(str(r["resource"]).startswith(f"{ID}resource/") for r in table.values())


def test_related_topics(store: Store) -> None:
    assert rows(run(store, "related-topics")) == [
        (TOPIC, f"{ID}topic/geneticdisorders", "Genetic Disorders"),
        (TOPIC, f"{ID}topic/genetictesting", "Genetic Testing"),
    ]


@pytest.mark.parametrize(
    "topic",
    ["Genes and Gene Therapy", "genes and gene therapy", "https://medlineplus.gov/genesandgenetherapy.html", TOPIC],
)
def test_topic_resources(store: Store, topic: str) -> None:
    table = run(store, "topic-resources", topic=topic)
    assert len(table.rows) == 40
    by_title = {row["title"]: row for row in table.values()}
    assert by_title["Chromosomes"] == {
        "resource": by_title["Chromosomes"]["resource"],
        "title": "Chromosomes",
        "section": "Reference Desk",
        "publisher": "National Human Genome Research Institute",
        "nih": True,
        "spanish": True,
    }
    start_here = [row["title"] for row in table.values() if row["section"] == "Start Here"]
    assert start_here == ["Gene Therapy", "New Genetics", "Six Things Everyone Should Know About Genetics"]
    children = [row["title"] for row in table.values() if row["section"] == "Children"]
    assert children == [
        "All about Genetics (For Parents)",
        "Gene Therapy and Children (For Parents)",
        "What Is a Gene? (For Kids)",
    ]
    assert by_title["Gene mapping"]["publisher"] == ""
    assert by_title["Gene mapping"]["section"] == "Journal Articles"
    assert sum(row["nih"] for row in table.values()) == 22
    assert sum(row["spanish"] for row in table.values()) == 14


def test_topic_resources_of_an_unknown_topic_is_empty(store: Store) -> None:
    assert run(store, "topic-resources", topic="No Such Topic").rows == []


def test_summary(store: Store) -> None:
    assert run(store, "summary").values() == [
        {
            "topics": 1,
            "resources": 40,
            "publishers": 12,
            "audiences": 4,
            "sections": 10,
            "encyclopedia": 2,
            "related": 2,
        }
    ]


# ---------------------------------------------------------------- parameters


def test_parameter_values_cannot_change_the_query(store: Store) -> None:
    hostile = 'x" ) } SELECT * WHERE { ?s ?p ?o } #'
    assert run(store, "topic-resources", topic=hostile).rows == []


def test_missing_and_unknown_parameters() -> None:
    with pytest.raises(QueryError, match="needs a value for its parameter 'topic'"):
        named_query("topic-resources").render()
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        named_query("topics").render({"colour": "red"})


def test_integer_parameter_stays_an_integer() -> None:
    query = NamedQuery.from_text("q", "# param limit=10: how many\nSELECT * WHERE { ?s ?p ?o } LIMIT $limit")
    assert query.render().endswith("LIMIT 10")
    assert query.render({"limit": "3"}).endswith("LIMIT 3")


def test_unknown_query_and_query_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="no named query 'nope'"):
        resolve("nope")
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nASK { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve(str(path)).title == "Mine"


def test_bad_sparql_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="bad SPARQL query"):
        store.query("SELEC ?x")


# ---------------------------------------------------------------- result formats


def test_result_formats(store: Store) -> None:
    table = run(store, "related-topics")
    assert table.to_csv().splitlines()[1] == f"{TOPIC},{ID}topic/geneticdisorders,Genetic Disorders"
    assert table.to_tsv().splitlines()[0] == "?topic\t?related\t?title"
    assert table.to_tsv().splitlines()[1] == f'<{TOPIC}>\t<{ID}topic/geneticdisorders>\t"Genetic Disorders"@en'
    import json

    document = json.loads(table.to_json())
    assert document["head"]["vars"] == ["topic", "related", "title"]
    assert document["results"]["bindings"][0]["title"] == {
        "type": "literal",
        "value": "Genetic Disorders",
        "xml:lang": "en",
    }
    text = table.to_text(prefixes())
    assert "topic:genesandgenetherapy" in text and "Genetic Testing" in text


# ---------------------------------------------------------------- corpus queries (page + XML fixtures)


def test_topics_per_group(corpus: Store) -> None:
    rows = [(r["name"], r["language"], r["topics"]) for r in run(corpus, "topics-per-group").values()]
    assert rows[:5] == [
        ("Aparato digestivo", "es", 1),
        ("Digestive System", "en", 1),
        ("Genetics/Birth Defects", "en", 1),
        ("Symptoms", "en", 1),
        ("Síntomas", "es", 1),
    ]
    assert len(rows) == 12 and all(topics == 0 for _, _, topics in rows[5:])


def test_translation_pairs_and_missing_translations(corpus: Store) -> None:
    assert [(r["title"], r["translated_title"]) for r in run(corpus, "translation-pairs").values()] == [
        ("Abdominal Pain", "Dolor abdominal"),
        ("Genes and Gene Therapy", "Genes y terapia génica"),
    ]
    assert run(corpus, "missing-translations").rows == []
    page_only = kg.load([PAGE_PATH])
    assert [r["title"] for r in run(page_only, "missing-translations").values()] == ["Genes and Gene Therapy"]


def test_shared_mesh(corpus: Store) -> None:
    assert run(corpus, "shared-mesh").rows == []  # no descriptor indexes two of these topics
    rows = [(r["heading"], r["name"], r["topics"]) for r in run(corpus, "shared-mesh", min="1").values()]
    assert rows == [
        ("http://id.nlm.nih.gov/mesh/D015746", "Abdominal Pain", 1),
        ("http://id.nlm.nih.gov/mesh/D005796", "Genes", 1),
        ("http://id.nlm.nih.gov/mesh/D015316", "Genetic Therapy", 1),
    ]


def test_top_resources(corpus: Store) -> None:
    rows = run(corpus, "top-resources", limit="3").values()
    assert [(r["title"], r["topics"]) for r in rows] == [
        ("Abdominal CT scan", 1),
        ("Abdominal MRI", 1),
        ("Abdominal Migraine", 1),
    ]
    assert len(run(corpus, "top-resources").rows) == 20


def test_publisher_reach(corpus: Store) -> None:
    rows = run(corpus, "publisher-reach").values()
    assert [(r["name"], r["topics"], r["nih"], float(r["share"])) for r in rows[:2]] == [
        ("National Library of Medicine", 3, True, 1.0),
        ("Nemours Foundation", 3, False, 1.0),
    ]
    assert float(rows[2]["share"]) == 0.667


def test_nih_share(corpus: Store) -> None:
    rows = [
        (r["language"], r["listings"], r["nih_listings"], float(r["nih_share"]))
        for r in run(corpus, "nih-share").values()
    ]
    assert rows == [("en", 85, 31, 0.365), ("es", 31, 1, 0.032)]


def test_audience_coverage(corpus: Store) -> None:
    rows = [tuple(r.values())[1:] for r in run(corpus, "audience-coverage").values()]
    assert rows == [
        ("Abdominal Pain", 9, 1, 0, 0, 0),
        ("Dolor abdominal", 8, 0, 0, 0, 0),
        ("Genes and Gene Therapy", 3, 1, 0, 0, 0),
    ]
