"""The page-dump reader against the bundled Genes and Gene Therapy page, section by section."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.records import Heading, ResourceKind, Topic
from kg.sources import reader_for
from kg.sources.pagedump import parse_entry, read
from tests.conftest import PAGE_HEADINGS

NIH = "![From the National Institutes of Health](https://medlineplus.gov/images/nih.png)"


def titles(topic: Topic, heading: str) -> list[str]:
    return [listing.resource.title for listing in topic.listings if listing.heading.name == heading]


def test_topic_fields(topic: Topic) -> None:
    assert topic.title == "Genes and Gene Therapy"
    assert topic.url == "https://medlineplus.gov/genesandgenetherapy.html"
    assert topic.language == "en"
    assert topic.description == (
        "Genes are the building blocks of inheritance. Read more about genes and the currently "
        "experimental technique of gene therapy."
    )
    assert topic.keywords == ()
    assert topic.updated == date(2020, 3, 24)
    assert topic.reviewed == date(2019, 10, 29)
    assert topic.primary_institute == "National Human Genome Research Institute"
    assert topic.sources[0].name == "genesandgenetherapy.txt"
    assert topic.sources[0].format == "medlineplus-page"
    assert len(topic.sources[0].sha256) == 64


def test_summary_and_attribution(topic: Topic) -> None:
    assert topic.summary_attribution == "Genetics Home Reference"
    assert topic.summary is not None
    paragraphs = topic.summary.split("\n\n")
    assert paragraphs[0].startswith("Genes are the building blocks of inheritance. Passed from parent to child, they")
    assert paragraphs[2] == (
        "* Swapping an abnormal gene for a normal one\n"
        "* Repairing an abnormal gene\n"
        "* Altering the degree to which a gene is turned on or off"
    )
    assert paragraphs[-1] == "Although there is much hope for gene therapy, it is still experimental."
    assert "Genetics Home Reference" not in topic.summary


def test_headings_and_counts(topic: Topic) -> None:
    counts = Counter(listing.heading.name for listing in topic.listings)
    assert counts == PAGE_HEADINGS
    assert len(topic.listings) == 40


def test_positions_follow_page_order(topic: Topic) -> None:
    start = [
        (listing.position, listing.resource.title) for listing in topic.listings if listing.heading.name == "Start Here"
    ]
    assert start == [
        (1, "Gene Therapy"),
        (2, "New Genetics"),
        (3, "Six Things Everyone Should Know About Genetics"),
    ]


def test_wrapped_journal_articles_heading_is_one_section(topic: Topic) -> None:
    headings = {listing.heading for listing in topic.listings if listing.heading.name == "Journal Articles"}
    assert headings == {
        Heading("Journal Articles", "References and abstracts from MEDLINE/PubMed (National Library of Medicine)")
    }
    names = {listing.heading.name for listing in topic.listings}
    assert not any(name.startswith("Library of Medicine") for name in names)


def test_journal_articles_and_pubmed_searches(topic: Topic) -> None:
    kinds = [
        (lst.resource.kind, lst.resource.title) for lst in topic.listings if lst.heading.name == "Journal Articles"
    ]
    assert kinds == [
        (ResourceKind.JOURNAL_ARTICLE, "Investigational Hemophilia A Gene Therapy Shows Sustained Benefit."),
        (
            ResourceKind.JOURNAL_ARTICLE,
            "New treatments in spinal muscular atrophy: an overview of currently available...",
        ),
        (
            ResourceKind.JOURNAL_ARTICLE,
            "Targeting the undruggable: exploiting neomorphic features of fusion oncoproteins in childhood...",
        ),
        (ResourceKind.PUBMED_SEARCH, "Genes and Gene Therapy"),
        (ResourceKind.PUBMED_SEARCH, "Gene mapping"),
    ]
    assert all(not lst.resource.publishers for lst in topic.listings if lst.heading.name == "Journal Articles")


def test_find_an_expert_entry_is_an_organization(topic: Topic) -> None:
    [expert] = [lst.resource for lst in topic.listings if lst.heading.name == "Find an Expert"]
    assert expert.kind is ResourceKind.ORGANIZATION
    assert expert.title == "National Human Genome Research Institute"
    assert expert.publishers == ("National Human Genome Research Institute",)
    assert expert.nih is True


def test_nih_badge_and_spanish_exactly_where_the_page_has_them(topic: Topic, page_path: Path) -> None:
    lines = [line for line in page_path.read_text(encoding="utf-8").splitlines() if line.startswith("    * ")]
    for listing in topic.listings:
        if listing.resource.kind in (ResourceKind.JOURNAL_ARTICLE, ResourceKind.PUBMED_SEARCH):
            continue
        title = listing.resource.title
        [line] = [line for line in lines if line[6:].startswith((title + " (", title + " !["))]
        assert listing.resource.nih == (NIH in line), title
        assert listing.resource.spanish == line.endswith("Also in Spanish"), title
    assert sum(listing.resource.nih for listing in topic.listings) == 22
    assert sum(listing.resource.spanish for listing in topic.listings) == 14


def test_publishers(topic: Topic) -> None:
    publishers = {p for listing in topic.listings for p in listing.resource.publishers}
    assert publishers == {
        "Mayo Foundation for Medical Education and Research",
        "National Institute of General Medical Sciences",
        "American Society of Human Genetics",
        "National Cancer Institute",
        "National Human Genome Research Institute",
        "National Library of Medicine",
        "American Society of Gene & Cell Therapy",
        "National Institutes of Health",
        "National Heart, Lung, and Blood Institute",
        "National Center for Biotechnology Information",
        "Centers for Disease Control and Prevention",
        "Nemours Foundation",
    }


def test_audiences_and_title_refinements(topic: Topic) -> None:
    children = [
        (lst.resource.title, lst.resource.audiences) for lst in topic.listings if lst.heading.name == "Children"
    ]
    assert children == [
        ("All about Genetics (For Parents)", ("parents",)),
        ("Gene Therapy and Children (For Parents)", ("parents",)),
        ("What Is a Gene? (For Kids)", ("kids",)),
    ]
    audiences = {lst.heading.name: lst.heading.audience for lst in topic.listings}
    assert audiences["Children"] == "children"
    assert audiences["Teenagers"] == "teenagers"
    assert audiences["Start Here"] is None
    assert titles(topic, "Teenagers") == ["Basics on Genes and Genetic Disorders"]


def test_title_parentheses_are_not_publishers(topic: Topic) -> None:
    [hgp] = [lst.resource for lst in topic.listings if lst.resource.title.startswith("All about the Human Genome")]
    assert hgp.title == "All about the Human Genome Project (HGP)"
    assert hgp.publishers == ("National Human Genome Research Institute",)


def test_encyclopedia_and_related_topics(topic: Topic) -> None:
    assert [(e.title, e.kind) for e in topic.encyclopedia] == [
        ("Genes", ResourceKind.ENCYCLOPEDIA),
        ("Genetics", ResourceKind.ENCYCLOPEDIA),
    ]
    assert [r.title for r in topic.related] == ["Genetic Disorders", "Genetic Testing"]


def test_furniture_is_not_content(topic: Topic) -> None:
    everything = [lst.resource.title for lst in topic.listings] + [e.title for e in topic.encyclopedia]
    for furniture in ("Health Topics", "About MedlinePlus", "Disclaimers", "Copyright", "Follow us", "Get updates"):
        assert furniture not in everything
    assert "New Study Highlights Need for Diversity in Genomic Research" not in everything


def test_reader_is_chosen_by_content(tmp_path: Path, page_path: Path) -> None:
    renamed = tmp_path / "page.dump"
    renamed.write_bytes(page_path.read_bytes())
    assert reader_for(renamed).FORMAT == "medlineplus-page"
    assert next(reader_for(renamed).read(renamed)).title == "Genes and Gene Therapy"


# ---------------------------------------------------------------- entries


@pytest.mark.parametrize(
    ("text", "title", "publishers", "nih", "spanish"),
    [
        ("Gene Therapy (Mayo Foundation for Medical Education and Research) Also in Spanish",
         "Gene Therapy", ("Mayo Foundation for Medical Education and Research",), False, True),
        (f"New Genetics {NIH} (National Institute of General Medical Sciences)",
         "New Genetics", ("National Institute of General Medical Sciences",), True, False),
        ("Studies (National Heart, Lung, and Blood Institute)",
         "Studies", ("National Heart, Lung, and Blood Institute",), False, False),
        ("Just a title", "Just a title", (), False, False),
        ("Kids page (For Kids)", "Kids page (For Kids)", (), False, False),
    ],
)  # fmt: skip
def test_parse_entry(text: str, title: str, publishers: tuple[str, ...], nih: bool, spanish: bool) -> None:
    resource = parse_entry(text, Heading("Start Here"))
    assert (resource.title, resource.publishers, resource.nih, resource.spanish) == (title, publishers, nih, spanish)


def test_entry_without_title_is_refused() -> None:
    with pytest.raises(InputError, match=r"page\.txt:7: resource entry has no title"):
        parse_entry(f"{NIH} (Nemours Foundation)", Heading("Start Here"), "page.txt", 7)


# ---------------------------------------------------------------- bad input


def write(tmp_path: Path, text: str | bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


HEADER = "Link: https://medlineplus.gov/x.html\n    Description: d\n    Keywords: None\n\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Hello, world\n", r"page\.txt:1: not a MedlinePlus page dump: expected 'Link: <page url>'"),
        ("", r"page\.txt:1: empty file"),
        ("\n\n  \n", r"page\.txt:1: empty file"),
        (HEADER + "Menu\n\n## Summary\n\ntext\n", r"page\.txt:7: page dump has no title"),
        (HEADER + "Menu\nno heading at all\n", r"page\.txt:6: page dump has no title"),
        (b"Link: x\n\xff\xfe oops\n", r"page\.txt:2: not valid UTF-8"),
        (b"Link: x\n\x00\x01\x02", r"page\.txt:2: binary data"),
        (HEADER + "#  T\n\nPage last updated on 31 Smarch 2020\n", r"page\.txt:7: not a date: '31 Smarch 2020'"),
    ],
)
def test_bad_input_is_refused_with_file_and_line(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError, match=message):
        list(reader_for(path).read(path))


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    broken = HEADER + "#  CafÃ© y EspaÃ±ol\n\n## Start Here\n\n    * NiÃ±os (Nemours Foundation)\n"
    [topic] = read(write(tmp_path, broken))
    assert topic.title == "Café y Español"
    assert topic.listings[0].resource.title == "Niños"


def test_section_without_entries_and_minimal_page(tmp_path: Path) -> None:
    [topic] = read(write(tmp_path, HEADER + "#  Minimal\n\n## Start Here\n\n## Specifics\n\n    * One (Org)\n"))
    assert topic.title == "Minimal"
    assert [(lst.heading.name, lst.resource.title) for lst in topic.listings] == [("Specifics", "One")]
    assert topic.summary is None and topic.updated is None and topic.primary_institute is None
