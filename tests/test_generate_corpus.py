"""The seeded MedlinePlus-shaped corpus generator (benchmarks/generate_corpus.py)."""

from __future__ import annotations

import collections
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "generate_corpus.py"
N_TOPICS = 50
SEED = 7
DOCTYPE = (
    '<!DOCTYPE health-topics PUBLIC "-//NLM//DTD health-topics //EN" "https://medlineplus.gov/xml/mplus_topics.dtd">'
)

#: Children of <health-topic> in the order FORMATS.md fixes.
TOPIC_ORDER = (
    "also-called",
    "full-summary",
    "group",
    "language-mapped-topic",
    "mesh-heading",
    "other-language",
    "primary-institute",
    "related-topic",
    "see-reference",
    "site",
)
SITE_ORDER = ("information-category", "organization", "standard-description")
FLAGS = {"Spanish/Español", "NON-DISPLAY (Patient Handout)"}
SPANISH_CATEGORIES = {
    "Comience aquí", "Síntomas", "Diagnóstico y exámenes", "Prevención y factores de riesgo", "Tratamientos y terapias",
    "Viviendo con...", "Más información", "Asuntos relacionados", "Asuntos específicos", "Interactivos y videos",
    "Imágenes", "Estadísticas e investigación", "Especialistas", "Niños", "Adolescentes", "Hombres", "Mujeres",
    "Personas mayores",
}  # fmt: skip


def run(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the generator's command line."""
    command = [sys.executable, str(SCRIPT), *args, "-o", str(out)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    """The generator, imported from its file."""
    spec = importlib.util.spec_from_file_location("generate_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 50-topic corpus and its groups file, written by the command line."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus, groups = folder / "topics.xml", folder / "groups.xml"
    done = run(corpus, "--topics", str(N_TOPICS), "--seed", str(SEED), "--groups-file", str(groups))
    assert done.returncode == 0, done.stderr
    return corpus, groups


@pytest.fixture(scope="module")
def root(files: tuple[Path, Path]) -> etree._Element:
    return etree.parse(str(files[0])).getroot()


@pytest.fixture(scope="module")
def topics(root: etree._Element) -> list[etree._Element]:
    return root.findall("health-topic")


@pytest.fixture(scope="module")
def by_id(topics: list[etree._Element]) -> dict[str, etree._Element]:
    return {t.get("id"): t for t in topics}


def test_header_total_and_date(files: tuple[Path, Path], root: etree._Element, topics: list[etree._Element]) -> None:
    head = files[0].read_bytes()[:300].decode()
    assert head.startswith('<?xml version="1.0" encoding="UTF-8"?>\n' + DOCTYPE + "\n<health-topics ")
    assert root.tag == "health-topics"
    assert int(root.get("total")) == len(topics) == N_TOPICS
    assert len(root) == len(topics)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", root.get("date-generated"))


def test_topic_attributes(topics: list[etree._Element]) -> None:
    ids = [t.get("id") for t in topics]
    assert len(set(ids)) == len(ids)
    for topic in topics:
        assert topic.get("title") and topic.get("id").isdigit()
        assert topic.get("language") in ("English", "Spanish")
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", topic.get("date-created"))
        prefix = (
            "https://medlineplus.gov/spanish/" if topic.get("language") == "Spanish" else "https://medlineplus.gov/"
        )
        assert re.fullmatch(re.escape(prefix) + r"[a-z0-9]+\.html", topic.get("url"))
    assert sum(1 for t in topics if t.get("meta-desc")) > N_TOPICS // 2


def test_child_order_follows_formats_md(topics: list[etree._Element]) -> None:
    for topic in topics:
        tags = [child.tag for child in topic]
        assert all(tag in TOPIC_ORDER for tag in tags), tags
        ranks = [TOPIC_ORDER.index(tag) for tag in tags]
        assert ranks == sorted(ranks), f"{topic.get('title')}: {tags}"
        counts = collections.Counter(tags)
        assert counts["full-summary"] == 1
        assert counts["language-mapped-topic"] <= 1 and counts["primary-institute"] <= 1
        for site in topic.iterfind("site"):
            assert site.get("title") and site.get("url").startswith("http")
            site_tags = [child.tag for child in site]
            site_ranks = [SITE_ORDER.index(tag) for tag in site_tags]
            assert site_ranks == sorted(site_ranks) and site_tags[0] == "information-category", site_tags
        for heading in topic.iterfind("mesh-heading"):
            descriptors = heading.findall("descriptor")
            assert len(descriptors) == 1 and re.fullmatch(r"D0\d{5}", descriptors[0].get("id"))
            assert all(re.fullmatch(r"Q0\d{5}", q.get("id")) for q in heading.findall("qualifier"))


def test_same_seed_same_bytes_other_seed_differs(files: tuple[Path, Path], tmp_path: Path) -> None:
    again, other = tmp_path / "again.xml", tmp_path / "other.xml"
    assert run(again, "--topics", str(N_TOPICS), "--seed", str(SEED)).returncode == 0
    assert run(other, "--topics", str(N_TOPICS), "--seed", str(SEED + 1)).returncode == 0
    assert again.read_bytes() == files[0].read_bytes()
    assert other.read_bytes() != files[0].read_bytes()


def test_date_generated_comes_from_the_seed(generator: ModuleType, root: etree._Element) -> None:
    assert generator.build_plan(N_TOPICS, SEED).date_generated == root.get("date-generated")
    dates = {generator.build_plan(3, seed).date_generated for seed in range(6)}
    assert len(dates) == 6  # not the clock: each seed has its own


def test_both_languages_about_half(topics: list[etree._Element]) -> None:
    languages = collections.Counter(t.get("language") for t in topics)
    assert set(languages) == {"English", "Spanish"}
    assert abs(languages["English"] - languages["Spanish"]) <= 2


def test_language_mapped_topics_point_both_ways(topics: list[etree._Element], by_id: dict) -> None:
    english = [t for t in topics if t.get("language") == "English"]
    paired = 0
    for topic in topics:
        mapped = topic.find("language-mapped-topic")
        if mapped is None:
            continue
        paired += topic.get("language") == "English"
        other = by_id[mapped.get("id")]
        assert other.get("language") == mapped.get("language") != topic.get("language")
        assert (other.get("url"), other.get("title")) == (mapped.get("url"), mapped.text)
        back = other.find("language-mapped-topic")
        assert back is not None and back.get("id") == topic.get("id") and back.get("url") == topic.get("url")
        slugs = {t.get("url").rsplit("/", 1)[1] for t in (topic, other)}
        assert len(slugs) == 1
    assert 0.8 * len(english) <= paired < len(english)


def test_related_topics_exist(topics: list[etree._Element], by_id: dict) -> None:
    links = 0
    for topic in topics:
        for related in topic.iterfind("related-topic"):
            target = by_id[related.get("id")]
            assert (target.get("url"), target.get("title")) == (related.get("url"), related.text)
            assert target.get("language") == topic.get("language") and target is not topic
            links += 1
    assert links > 0


def test_summaries_are_escaped_html_with_internal_links(
    files: tuple[Path, Path], topics: list[etree._Element], by_id: dict
) -> None:
    assert b"<full-summary>&lt;p&gt;" in files[0].read_bytes()
    urls = {t.get("url") for t in topics}
    topic_links = 0
    for topic in topics:
        summary = topic.find("full-summary")
        assert len(summary) == 0 and summary.text.startswith("<p>")
        fragment = etree.fromstring(f"<div>{summary.text}</div>")  # the HTML itself is well formed
        assert fragment.find("p") is not None
        for link in fragment.iter("TOPIC"):
            assert link.get("ID") in by_id and link.get("LINKTEXT")
            topic_links += 1
        for anchor in fragment.iter("a"):
            assert anchor.get("href") in urls
    assert topic_links > 0
    assert any('<p class="attribution">NIH: ' in t.findtext("full-summary") for t in topics)


def test_sites(topics: list[etree._Element]) -> None:
    per_topic = [len(t.findall("site")) for t in topics]
    assert min(per_topic) >= 4 and max(per_topic) <= 60
    sites = [s for t in topics for s in t.iterfind("site")]
    titles = [s.get("title") for s in sites]
    assert any("&" in title for title in titles) or any('"' in title for title in titles)
    assert any(s.get("url").startswith("https://medlineplus.gov/ency/article/") for s in sites)
    assert any(s.find("organization") is None for s in sites)  # PubMed searches
    nih = [s for s in sites if s.findtext("organization", "").startswith("National Institute")]
    assert nih and all("NIH" in [d.text for d in s.iterfind("standard-description")] for s in nih)
    urls = collections.Counter(s.get("url") for s in sites)
    assert 2 <= max(urls.values()) <= 20  # some resources are shared, none by more than 20 topics
    for topic in topics:
        own = [s.get("url") for s in topic.iterfind("site")]
        assert len(own) == len(set(own)), topic.get("title")


def test_categories_match_the_topic_language(topics: list[etree._Element]) -> None:
    for topic in topics:
        categories = {c.text for c in topic.iter("information-category")} - FLAGS
        if topic.get("language") == "Spanish":
            assert categories <= SPANISH_CATEGORIES, categories - SPANISH_CATEGORIES
        else:
            assert not categories & SPANISH_CATEGORIES


def test_groups_file(files: tuple[Path, Path], topics: list[etree._Element]) -> None:
    groups = etree.parse(str(files[1])).getroot()
    assert groups.tag == "health-topic-groups"
    entries = groups.findall("group")
    assert int(groups.get("total")) == len(entries) >= 80
    known = {(g.get("language"), g.get("id"), g.get("url"), g.text) for g in entries}
    ids = collections.defaultdict(set)
    for language, group_id, _, _ in known:
        ids[language].add(group_id)
    assert ids["English"] == ids["Spanish"] and len(ids["English"]) * 2 == len(entries)
    for topic in topics:
        assert 1 <= len(topic.findall("group")) <= 3
        for group in topic.iterfind("group"):
            assert (topic.get("language"), group.get("id"), group.get("url"), group.text) in known


def test_tiny_corpora_and_bad_arguments(generator: ModuleType, tmp_path: Path) -> None:
    for n in (1, 2, 3):
        out = tmp_path / f"tiny{n}.xml"
        generator.generate(n, seed=n, output=out)
        root = etree.parse(str(out)).getroot()
        assert int(root.get("total")) == len(root.findall("health-topic")) == n
    done = run(tmp_path / "none.xml", "--topics", "0")
    assert done.returncode == 2 and "at least 1" in done.stderr


def test_missing_folders_are_made_and_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "corpus.xml"
    done = run(out, "--topics", "2")
    assert done.returncode == 0, done.stderr
    assert etree.parse(str(out)).getroot().get("total") == "2"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = run(blocker / "corpus.xml", "--topics", "2")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert str(blocker) in done.stderr
