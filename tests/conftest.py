"""Shared fixtures: the bundled page, its parsed topic and its built store."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.records import Topic
from kg.sources.pagedump import read
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "data" / "genesandgenetherapy.txt"
GOLDEN = ROOT / "tests" / "golden" / "genesandgenetherapy.ttl"
XML = ROOT / "tests" / "fixtures" / "xml"
#: The headings the bundled page lists links under, and how many under each (counted on the page).
PAGE_HEADINGS = {
    "Start Here": 3,
    "Related Issues": 12,
    "Specifics": 2,
    "Statistics and Research": 5,
    "Clinical Trials": 1,
    "Journal Articles": 5,
    "Reference Desk": 7,
    "Find an Expert": 1,
    "Children": 3,
    "Teenagers": 1,
}
#: The page dump, the Genes XML written from it, NLM's 2012 excerpt and a topic-groups file.
CORPUS = [PAGE, XML / "genesandgenetherapy.xml", XML / "mplus_topics_2012-07-21_excerpt.xml",
          XML / "mplus_topic_groups_2024-08-10.xml"]  # fmt: skip


@pytest.fixture(scope="session")
def page_path() -> Path:
    return PAGE


@pytest.fixture(scope="session")
def topic() -> Topic:
    return next(read(PAGE))


@pytest.fixture(scope="session")
def store() -> Store:
    """The page's graph with the ontology loaded (as `kg query` sees it). Do not modify."""
    return kg.load([PAGE]).with_ontology()


@pytest.fixture(scope="session")
def corpus() -> Store:
    """The :data:`CORPUS` fixtures in one store, with the ontology. Do not modify."""
    return kg.load(CORPUS).with_ontology()
