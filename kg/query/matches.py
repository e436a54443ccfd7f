"""Why a named query found nothing: a ``topic`` parameter that names no topic is the caller's
mistake, said in one line, rather than an empty table.

Example:
    >>> from kg.query import named_query
    >>> from kg.store import Store
    >>> import kg
    >>> store = kg.load([Path("data/genesandgenetherapy.txt")])
    >>> check_matches(named_query("topic-resources"), {"topic": "genes and gene therapy"}, store)
    >>> try:
    ...     check_matches(named_query("topic-resources"), {"topic": "Genes"}, store)
    ... except QueryError as error:
    ...     print(str(error).split(" (")[0])
    --param topic='Genes' matches no topic
"""

from __future__ import annotations

from pathlib import Path  # noqa: F401  (the example's)
from typing import Protocol

from kg.errors import QueryError
from kg.query import NamedQuery

__all__ = ["check_matches", "TOPIC_MATCHES"]

#: True when ``$topic`` names a topic the way the named queries match one: its title in any case,
#: its MedlinePlus URL or its IRI.
TOPIC_MATCHES = NamedQuery.from_text(
    "topic-matches",
    """# param topic: a topic's title, URL or IRI
PREFIX kg: <https://w3id.org/kg-medlineplus/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
ASK {
  ?t a kg:Topic ; skos:prefLabel ?title .
  OPTIONAL { ?t schema:url ?url }
  FILTER (lcase(str(?title)) = lcase($topic) || str(?url) = $topic || str(?t) = $topic)
}""",
)


class _Asks(Protocol):
    def query(self, sparql: str) -> object: ...


def check_matches(query: NamedQuery, values: dict[str, str], store: _Asks) -> None:
    """Raise when ``query`` takes a ``topic`` and ``values`` give one that names no topic in ``store``
    (call it when the query found no rows).

    Raises:
        QueryError: the topic matches nothing; the message names the parameter.
    """
    if "topic" not in {param.name for param in query.params} or "topic" not in values:
        return
    if store.query(TOPIC_MATCHES.render({"topic": values["topic"]})) is not True:
        raise QueryError(
            f"--param topic={values['topic']!r} matches no topic (give its title, MedlinePlus URL or IRI; "
            "`kg query topics` lists them)"
        )
