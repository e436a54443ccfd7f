"""Faster texts of some named queries, for stores that hold the counts the analysis precomputes.

``queries/fast/NAME.rq`` gives the same rows as ``queries/NAME.rq`` (same columns, order and
parameters; written for the on-disk store ``kg query`` reads, where reading a property whole and
joining by hash beats a lookup per row; ``queries/fast/memory/NAME.rq``, where there, for a store
held in memory, as ``kg serve`` holds it) from the aggregates
:func:`kg.analysis.writeback.aggregate_triples` writes into the analysis graph (per resource,
publisher, topic (its resources for each audience among them), and topic and heading; the places
of topics and resources in the order of their titles; the totals of ``summary``), instead of
grouping the listings (or sorting on titles) on every call. A store holds them when the build was analysed;
:func:`aggregates_agree` checks that they describe the store's data (the sum of every resource's
``kg:listingTopics`` is the number of ``kg:hasResource`` links) and that every kind of count is there
(an analysis made by an older kg lacks some), so a graph loaded with other files beside its analysis,
or an older analysis, falls back to the plain text. ``tests/test_fast_queries.py`` compares the two
texts' rows on both engines.

Example:
    >>> sorted(FAST)[:3]
    ['audience-coverage', 'bridging-resources', 'nih-share']
    >>> from kg.query import named_query
    >>> choose(named_query("audiences"), True) is named_query("audiences")
    True
    >>> "LIMIT" in choose(named_query("spanish-available"), True, in_memory=True).text
    False
    >>> "kg:listingTopics" in choose(named_query("top-resources"), True).text
    True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

from kg.query import QUERY_DIR, NamedQuery

__all__ = ["FAST", "IN_MEMORY", "AGREE", "choose", "aggregates_agree"]

_FAST_DIR = QUERY_DIR / "fast"
_MEMORY_DIR = _FAST_DIR / "memory"

#: True when the store's precomputed counts describe its data (see the module docstring).
AGREE = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
ASK {
  { SELECT (SUM(?count) AS ?counted) WHERE { ?resource kg:listingTopics ?count } }
  { SELECT (COUNT(*) AS ?links) WHERE { ?topic kg:hasResource ?resource } }
  FILTER (?counted = ?links && ?links > 0)
  FILTER EXISTS { ?count kg:countPosition ?position }  # and the other counts were written too
  FILTER EXISTS { ?publisher kg:publishedResources ?resources ; kg:reachedTopics ?topics }
  FILTER EXISTS { ?topic kg:listingCount ?listings ; kg:nihListingCount ?nihListings }
  # one pattern each: a join of several properties of one node may be planned as a join of them whole
  FILTER EXISTS { ?listed kg:listedResources ?listedCount }
  FILTER EXISTS { ?placedTopic kg:topicPosition ?topicPlace }
  FILTER EXISTS { ?named kg:publisherNames ?names }
  FILTER EXISTS { ?placedResource kg:titlePosition ?titlePlace }
  FILTER EXISTS { ?ranked kg:listingRank ?rank }
  FILTER EXISTS { ?analysis kg:totalTopics ?total }
  FILTER EXISTS { ?forChildren kg:childrenResources ?children }
  FILTER EXISTS { ?forTeenagers kg:teenagersResources ?teenagers }
  FILTER EXISTS { ?forMen kg:menResources ?men }
  FILTER EXISTS { ?forWomen kg:womenResources ?women }
  FILTER EXISTS { ?forSeniors kg:seniorsResources ?seniors }
}"""


@cache
def _fast(folder: Path = _FAST_DIR) -> dict[str, NamedQuery]:
    return {path.stem: NamedQuery.from_text(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.rq"))}  # fmt: skip


FAST = tuple(_fast())
#: The named queries with a text of their own for a store in memory (``queries/fast/memory/``).
IN_MEMORY = tuple(_fast(_MEMORY_DIR))


class _Asks(Protocol):
    def query(self, sparql: str) -> object: ...


def choose(query: NamedQuery, aggregates: bool, *, in_memory: bool = False) -> NamedQuery:
    """The faster text of the named query ``query`` when ``aggregates`` (the store holds counts that
    agree with its data) and one exists, else ``query`` itself; with ``in_memory`` (the store is
    held in memory, as ``kg serve`` holds it), its text for memory where it has one."""
    if not aggregates or query.name not in FAST:
        return query
    fast = _fast(_MEMORY_DIR if in_memory and query.name in IN_MEMORY else _FAST_DIR)[query.name]
    return fast if [p.name for p in fast.params] == [p.name for p in query.params] else query


def aggregates_agree(store: _Asks) -> bool:
    """True when ``store`` (anything with ``query(sparql)``, such as :class:`kg.store.Store`) holds
    precomputed counts that describe its data (:data:`AGREE`)."""
    return store.query(AGREE) is True
