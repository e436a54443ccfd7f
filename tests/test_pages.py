"""The pages about things and the query page's helpers, over HTTP on the bundled build (``data/``
built with its analysis): every IRI kg mints answers 200; a topic's page shows its resources by
section with publishers, translation, related and similar topics, MeSH headings, groups and
metrics; a publisher's lists are paged; a missing IRI is HTML for browsers and JSON for programs;
the dataset and service links give their descriptions in the browser's format; ``/terms`` and
``/queries/{name}/edited`` serve the editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import kg
from kg.build import build
from kg.query import named_query
from kg.server import WorkerPool, create_app, running
from kg.server.about import PAGE_SIZE
from kg.store import Store
from tests.conftest import ROOT

ID = "https://w3id.org/kg-medlineplus/id/"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # Chromium's


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    build([ROOT / "data"], out, analyze=True)
    assert (out / "analysis.ttl").is_file()
    return out


@pytest.fixture(scope="module")
def local(bundled: Path) -> Store:
    return kg.load([bundled]).with_ontology()


@pytest.fixture(scope="module")
def http(bundled: Path) -> Iterator[httpx.Client]:
    with WorkerPool({"graph": [str(bundled)]}, workers=2, timeout=20) as pool:
        pool.start()
        with running(create_app(pool)) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield client


def minted(local: Store) -> list[str]:
    """Every IRI under the base in the build: subjects, objects and named graphs, and the dataset."""
    rows = local.select(
        f"""SELECT DISTINCT ?i WHERE {{
          {{ ?i ?p ?o }} UNION {{ ?s ?p ?i }} UNION {{ GRAPH ?i {{ ?a ?b ?c }} }}
          FILTER (isIRI(?i) && STRSTARTS(STR(?i), "{ID}")) }}"""
    ).rows
    return sorted({str(row[0]) for row in rows} | {f"{ID}dataset"})


def test_every_minted_iri_answers_200(http: httpx.Client, local: Store) -> None:
    iris = minted(local)
    kinds = {iri[len(ID) :].split("/")[0] for iri in iris}
    assert {"topic", "listing", "community", "component", "coverage", "similarity", "analysis", "graph"} <= kinds
    failed = []
    for iri in iris:
        response = http.get("/" + iri[len(ID) :], headers=HTML)
        if response.status_code != 200 or not response.headers["content-type"].startswith("text/html"):
            failed.append(f"{response.status_code} {iri}")
    assert failed == [] and len(iris) > 300
    # and as RDF for programs (the named graphs' members are their triples, not statements about them)
    for iri in (i for i in iris if "/graph/" not in i):
        response = http.get("/" + iri[len(ID) :], headers={"Accept": "text/turtle"})
        if response.status_code != 200:
            failed.append(f"{response.status_code} {iri} (Turtle)")
    assert failed == []


def test_a_topic_page_shows_its_resources_by_section_and_what_the_graph_knows(http: httpx.Client, local: Store) -> None:
    page = http.get("/topic/genesandgenetherapy", headers=HTML).text
    assert "<h1>Genes and Gene Therapy</h1>" in page
    rows = named_query("topic-resources").render({"topic": "Genes and Gene Therapy"})
    expected = local.select(rows)
    sections = re.findall(r'<h3><a href="/section/[^"]+"[^>]*>([^<]+)</a> <small>(\d+)</small></h3>', page)
    counts: dict[str, int] = {}
    for row in expected.rows:
        counts[str(row[2])] = counts.get(str(row[2]), 0) + 1
    assert dict((name, int(n)) for name, n in sections) == counts
    for row in expected.rows[:5]:
        assert f">{row[1]}</a>" in page.replace("&#39;", "'")  # every resource, by its title
    assert ">National Human Genome Research Institute</a>" in page and 'class="tag nih"' in page
    assert 'href="/topic/genetictesting"' in page and 'href="/community/' in page
    assert "listing:" not in page.split("Other properties")[0]  # no opaque listing IRIs in the page itself
    # numbers plain, their datatype on hover
    assert ">xsd:double<" not in page and re.search(r'title="[0-9.eE-]+ \(xsd:double\)">0\.[0-9]{1,4}</span>', page)
    # a topic of the XML: its translation, MeSH heading, group and similar topics
    page = http.get("/topic/abdominalpain", headers=HTML).text
    headings = re.findall(r"<h2>([^<]+)</h2>", page)
    for heading in ("Translation", "Related topics", "Similar topics", "MeSH headings", "Groups", "Metrics"):
        assert heading in headings
    assert 'href="/topic/spanish/abdominalpain"' in page and 'href="http://id.nlm.nih.gov/mesh/' in page
    assert page.count('href="/topic/', page.index("<h2>Similar topics</h2>"), page.index("<h2>MeSH")) == 5


def test_a_publisher_page_pages_its_topics_and_resources(http: httpx.Client, local: Store) -> None:
    name = "National Library of Medicine"
    page = http.get("/org/national-library-of-medicine", headers=HTML).text
    total = int(
        local.select(
            "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r <https://schema.org/publisher> "
            "<https://w3id.org/kg-medlineplus/id/org/national-library-of-medicine> }"
        ).rows[0][0]
    )
    assert f"<h1>{name}</h1>" in page and f"Publishes {total:,} resource" in page
    listed = page.split('id="resources"')[1]
    assert listed.count('<td class="number">') == min(total, PAGE_SIZE)
    big = http.get("/org/medical-encyclopedia", headers=HTML).text
    first_rows = re.findall(r'href="(/resource/[^"]+)"', big.split('id="resources"')[1])
    if 'rel="next"' in big.split('id="resources"')[1]:
        second = http.get("/org/medical-encyclopedia?resources=2", headers=HTML).text
        more = re.findall(r'href="(/resource/[^"]+)"', second.split('id="resources"')[1])
        assert more and not set(more) & set(first_rows) and "page 2 of" in second
    assert len(big) < 200_000


def test_a_missing_iri_is_html_for_browsers_and_json_for_programs(http: httpx.Client) -> None:
    page = http.get("/community/9999", headers=HTML)
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    program = http.get("/community/9999", headers={"Accept": "application/json"})
    assert program.status_code == 404 and program.json()["error"] == "not-found"
    assert http.get("/no-such-kind/x", headers=HTML).text.count("<h1>Not found</h1>") == 1
    assert http.get("/no-such-kind/x").json()["status"] == 404


def test_the_dataset_and_service_links_answer_in_the_browsers_format(http: httpx.Client) -> None:
    base = http.get("/", headers=HTML).text
    assert '<a href="/void">Dataset</a>' in base and '<a href="/service">Service</a>' in base
    void = http.get("/void", headers=HTML)
    assert void.headers["content-type"].startswith("text/html") and "void:triples" in void.text
    assert http.get("/void", headers={"Accept": "text/turtle"}).headers["content-type"].startswith("text/turtle")
    service = http.get("/service", headers=HTML)
    assert service.status_code == 200 and "sd:endpoint" in service.text
    turtle = http.get("/service?format=turtle")
    assert turtle.headers["content-type"].startswith("text/turtle") and b"sparql-service-description" in turtle.content


def test_terms_for_completion(http: httpx.Client) -> None:
    terms = http.get("/terms").json()
    assert terms["prefixes"]["topic"] == f"{ID}topic/"
    by_name = {term["name"]: term for term in terms["terms"]}
    assert by_name["kg:Topic"]["kind"] == "class" and by_name["kg:Topic"]["comment"]
    assert by_name["kg:pageRank"]["kind"] == "property"


def test_an_edited_named_query_keeps_its_typed_parameters(http: httpx.Client) -> None:
    text = named_query("top-resources").text + "\n# edited\n"
    rows = http.get("/queries/top-resources/edited", params={"query": text, "limit": "2", "format": "json"})
    assert len(rows.json()["results"]["bindings"]) == 2
    bad = http.get("/queries/top-resources/edited", params={"query": text, "limit": "ten"})
    assert bad.status_code == 400 and bad.json()["message"] == (
        "parameter 'limit' takes a whole number (0 or more), not 'ten'"
    )
    # a parameter the text no longer uses is not applied (and not an error)
    dropped = text.replace("LIMIT $limit", "LIMIT 1")
    rows = http.get("/queries/top-resources/edited", params={"query": dropped, "limit": "5", "format": "json"})
    assert len(rows.json()["results"]["bindings"]) == 1
    assert http.get("/queries/nope/edited", params={"query": text}).status_code == 404
