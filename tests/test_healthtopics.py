"""The health-topics XML reader against NLM's own excerpts: every site, organization and category
accounted for, against counts taken from the files themselves."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

import kg
from kg.errors import InputError
from kg.records import ResourceKind, Topic
from kg.sources import reader_for
from kg.sources.categories import ENCYCLOPEDIA, FLAGS
from kg.sources.healthtopics import read

FIXTURES = Path(__file__).parent / "fixtures" / "xml"
OLD = FIXTURES / "mplus_topics_2012-07-21_excerpt.xml"
TRUNCATED = FIXTURES / "mplus_topics_2024-08-10_excerpt_truncated.xml"
GENES = FIXTURES / "genesandgenetherapy.xml"


@pytest.fixture(scope="module")
def repaired(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The truncated 2024 excerpt with its closing tag restored."""
    path = tmp_path_factory.mktemp("xml") / "mplus_topics_2024-08-10_excerpt.xml"
    path.write_bytes(TRUNCATED.read_bytes().rstrip() + b"\n</health-topics>\n")
    return path


def _normal(text: str | None) -> str:
    return " ".join((text or "").split())


def raw_sites(path: Path) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(topic url, site url) -> what the file says of the site, read with lxml directly."""
    sites: dict[tuple[str, str], dict[str, list[str]]] = {}
    for topic in etree.parse(str(path)).getroot().iter("health-topic"):
        for site in topic.iter("site"):
            sites[(topic.get("url"), site.get("url"))] = {  # type: ignore[index]
                "categories": [_normal(c.text) for c in site.iter("information-category")],
                "organizations": [_normal(o.text) for o in site.iter("organization")],
                "descriptions": [_normal(d.text) for d in site.iter("standard-description")],
                "spanish": [site.get("language-mapped-url")] if site.get("language-mapped-url") else [],
                "title": [_normal(site.get("title"))],
            }
    return sites


def record_sites(topics: list[Topic]) -> dict[tuple[str, str], dict[str, list[str]]]:
    """The same, rebuilt from the records: categories from headings, encyclopedia and flags."""
    flags = {value: name for name, value in FLAGS.items()}
    sites: dict[tuple[str, str], dict[str, list[str]]] = {}
    for topic in topics:
        placed = [(lst.resource, lst.heading.name) for lst in topic.listings]
        placed += [(article, "Encyclopedia") for article in topic.encyclopedia]
        for resource, category in placed:
            entry = sites.setdefault(
                (topic.url, resource.url),  # type: ignore[arg-type]
                {
                    "categories": [],
                    "organizations": list(resource.publishers),
                    "descriptions": list(resource.descriptions),
                    "spanish": [resource.spanish_url] if resource.spanish_url else [],
                    "title": [resource.title],
                },
            )
            if category not in flags.values():
                entry["categories"].append(category)
            if resource.hidden and flags["hidden"] not in entry["categories"]:
                entry["categories"].append(flags["hidden"])
            if resource.language == "es" and flags["spanish-language"] not in entry["categories"]:
                entry["categories"].append(flags["spanish-language"])
    return sites


def _encyclopedia_name(raw: dict[str, list[str]]) -> None:
    raw["categories"] = ["Encyclopedia" if c in ENCYCLOPEDIA else c for c in raw["categories"]]


@pytest.mark.parametrize("which", ["2012", "2024"])
def test_every_site_organization_and_category_is_accounted_for(which: str, repaired: Path) -> None:
    path = OLD if which == "2012" else repaired
    topics = list(read(path))
    raw, records = raw_sites(path), record_sites(topics)
    assert len(topics) == len(list(etree.parse(str(path)).getroot().iter("health-topic")))
    assert set(raw) == set(records), "sites differ"
    for key, expected in raw.items():
        _encyclopedia_name(expected)
        got = records[key]
        assert Counter(got["categories"]) == Counter(expected["categories"]), key
        for field in ("organizations", "descriptions", "spanish", "title"):
            assert got[field] == expected[field], (key, field)
    totals = Counter({name: sum(len(s[name]) for s in raw.values()) for name in ("organizations", "categories")})
    assert totals["organizations"] > 0 and totals["categories"] >= len(raw)


def test_2012_excerpt_topics(repaired: Path) -> None:
    english, spanish = read(OLD)
    assert (english.title, english.id, english.language) == ("Abdominal Pain", "3061", "en")
    assert (spanish.title, spanish.id, spanish.language) == ("Dolor abdominal", "3062", "es")
    assert english.url == "http://www.nlm.nih.gov/medlineplus/abdominalpain.html"
    assert english.created == date(2003, 1, 7)
    assert english.also_called == ("Bellyache",)
    assert english.see_references == ("Bellyache", "Pain, Abdominal", "Stomach Ache")
    assert [g.name for g in english.groups] == ["Digestive System", "Symptoms"]
    assert english.translation is not None and english.translation.id == "3062"
    assert spanish.translation is not None and spanish.translation.id == "3061"
    assert [(m.descriptor.id, m.descriptor.name) for m in english.mesh] == [("D015746", "Abdominal Pain")]
    assert [(o.language, o.vernacular) for o in english.other_languages] == [("Spanish", "español")]
    assert [r.title for r in english.related] == ["Pain", "Pelvic Pain"]
    assert english.sources[0].generated == datetime(2012, 7, 21, 2, 32, 56)
    assert english.summary is not None and english.summary.startswith("Your abdomen extends from below your chest")
    assert "* You have abdominal pain that is sudden and sharp" in english.summary
    assert spanish.listings[0].heading.name  # Spanish categories become Spanish headings


def test_2024_excerpt_summary_links_and_attribution(repaired: Path) -> None:
    a1c = next(read(repaired))
    assert a1c.title == "A1C" and a1c.description is not None and a1c.description.startswith("If you are being tested")
    assert a1c.summary_attribution == "NIH: National Institute of Diabetes and Digestive and Kidney Diseases"
    assert [(link.title, link.url) for link in a1c.summary_links[:2]] == [
        ("type 2 diabetes", "https://medlineplus.gov/diabetestype2.html"),
        ("prediabetes", "https://medlineplus.gov/prediabetes.html"),
    ]
    assert a1c.primary_institute == "National Institute of Diabetes and Digestive and Kidney Diseases"
    assert a1c.primary_institute_url == "https://www.niddk.nih.gov"
    searches = [lst.resource for lst in a1c.listings if lst.resource.kind is ResourceKind.PUBMED_SEARCH]
    assert [s.title for s in searches] == ["A1C"]


def test_genes_fixture_matches_the_page(topic: Topic) -> None:
    xml = next(read(GENES))
    assert Counter(lst.heading.name for lst in xml.listings) == Counter(lst.heading.name for lst in topic.listings)
    assert {(lst.resource.title, lst.resource.nih, lst.resource.spanish) for lst in xml.listings} == {
        (lst.resource.title, lst.resource.nih, lst.resource.spanish) for lst in topic.listings
    }
    assert [link.id for link in xml.summary_links if link.id] == ["4039"]
    kids = [lst.resource for lst in xml.listings if lst.resource.title == "What Is a Gene? (For Kids)"]
    assert kids[0].audiences == ("kids",)


def test_truncated_file_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as failure:
        list(read(TRUNCATED))
    message = str(failure.value)
    assert message.startswith(f"{TRUNCATED}:324: not well-formed XML (the file is truncated)")


def write(tmp_path: Path, text: str, name: str = "topics.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?>\n<MedicalTopics>\n<MedicalTopic ID="1"/>\n</MedicalTopics>\n',
            r"topics\.xml:2: pre-2012 <MedicalTopics> format",
        ),
        (
            '<health-topics date-generated="08/10/2024 02:30:32">\n<health-topic title="x" url="u">\n'
            "</health-topics>\n",
            r"topics\.xml:3: not well-formed XML",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE health-topics [\n<!ENTITY lol "lol">\n]>\n<health-topics/>\n',
            r"topics\.xml:3: XML entity declarations are not allowed",
        ),
        (
            '<health-topics date-generated="yesterday">\n</health-topics>\n',
            r"topics\.xml:1: not a date",
        ),
        (
            '<health-topics date-generated="08/10/2024 02:30:32">\n<health-topic url="https://medlineplus.gov/x.html"/>\n'
            "</health-topics>\n",
            r"topics\.xml:2: <health-topic> has no title attribute",
        ),
    ],
)
def test_bad_xml_is_refused_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message):
        list(reader_for(path).read(path))


def test_external_entities_and_dtds_are_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE health-topics SYSTEM "http://127.0.0.1:9/never.dtd">\n'
        '<health-topics date-generated="08/10/2024 02:30:32">\n'
        '<health-topic title="T" url="https://medlineplus.gov/t.html" id="1" language="English">'
        f"<full-summary>&lt;p&gt;x&lt;/p&gt;</full-summary><see-reference>{secret}</see-reference></health-topic>\n"
        "</health-topics>\n"
    )
    [topic] = read(write(tmp_path, text))
    assert topic.summary == "x"
    assert "TOP SECRET" not in repr(topic)


def test_reader_is_chosen_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "corpus.dat"
    renamed.write_bytes(OLD.read_bytes())
    assert reader_for(renamed).FORMAT == "medlineplus-xml"
    assert reader_for(FIXTURES / "mplus_topic_groups_2024-08-10.xml").FORMAT == "medlineplus-groups-xml"


def test_repaired_excerpt_builds_and_conforms(repaired: Path) -> None:
    from kg.rdf.shacl import validate

    store = kg.load([repaired])
    rows = store.select(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t <http://www.w3.org/ns/prov#wasDerivedFrom> ?s }"
    ).rows
    assert int(rows[0][0]) == 3
    report = validate(store.data())
    assert report.conforms, report.text
