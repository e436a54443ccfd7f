"""Faster texts of some named queries, for stores that hold the counts the analysis precomputes.

``queries/fast/NAME.rq`` gives the same rows as ``queries/NAME.rq`` (same columns, order and
parameters) from the aggregates :func:`kg.analysis.writeback.aggregate_triples` writes into the
analysis graph (per resource, publisher, topic, and topic and heading),
instead of grouping the listings on every call. A store holds them when the build was analysed;
:func:`aggregates_agree` checks that they describe the store's data (the sum of every resource's
``kg:listingTopics`` is the number of ``kg:hasResource`` links) and that every kind of count is there
(an analysis made by an older kg lacks some), so a graph loaded with other files beside its analysis,
or an older analysis, falls back to the plain text. ``tests/test_fast_queries.py`` compares the two
texts' rows on both engines.

Example:
    >>> sorted(FAST)[:3]
    ['bridging-resources', 'nih-share', 'publisher-reach']
    >>> from kg.query import named_query
    >>> choose(named_query("topics"), True) is named_query("topics")
    True
    >>> "kg:listingTopics" in choose(named_query("top-resources"), True).text
    True
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from kg.query import QUERY_DIR, NamedQuery

__all__ = ["FAST", "AGREE", "choose", "aggregates_agree"]

_FAST_DIR = QUERY_DIR / "fast"

#: True when the store's precomputed counts describe its data (see the module docstring).
AGREE = """PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
ASK {
  { SELECT (SUM(?count) AS ?counted) WHERE { ?resource kg:listingTopics ?count } }
  { SELECT (COUNT(*) AS ?links) WHERE { ?topic kg:hasResource ?resource } }
  FILTER (?counted = ?links && ?links > 0)
  FILTER EXISTS { ?count kg:countPosition ?position }  # and the other counts were written too
  FILTER EXISTS { ?publisher kg:publishedResources ?resources ; kg:reachedTopics ?topics }
  FILTER EXISTS { ?topic kg:listingCount ?listings ; kg:nihListingCount ?nihListings }
}"""


@cache
def _fast() -> dict[str, NamedQuery]:
    return {path.stem: NamedQuery.from_text(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(_FAST_DIR.glob("*.rq"))}  # fmt: skip


FAST = tuple(_fast())


class _Asks(Protocol):
    def query(self, sparql: str) -> object: ...


def choose(query: NamedQuery, aggregates: bool) -> NamedQuery:
    """The faster text of the named query ``query`` when ``aggregates`` (the store holds counts that
    agree with its data) and one exists, else ``query`` itself."""
    if not aggregates or query.name not in FAST:
        return query
    fast = _fast()[query.name]
    return fast if [p.name for p in fast.params] == [p.name for p in query.params] else query


def aggregates_agree(store: _Asks) -> bool:
    """True when ``store`` (anything with ``query(sparql)``, such as :class:`kg.store.Store`) holds
    precomputed counts that describe its data (:data:`AGREE`)."""
    return store.query(AGREE) is True
