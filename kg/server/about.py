"""The pages about things: what ``kg serve`` shows a browser at a topic's, a publisher's or any
other minted IRI, built from a few SPARQL queries each.

A topic's page shows its summary, its resources by section with their publishers, its translation,
related and similar topics, MeSH headings, groups, audiences and metrics; a publisher's page its
metrics, the topics it serves and the resources it publishes, paged; a named graph's page its size;
any other IRI (resources, listings, sections, the analysis's communities, components, coverage and
similarity nodes …) its properties and what links to it, paged. Every string from the data reaches
the page through Jinja2's autoescaping.

The queries go through ``ask``, an async callable from a SELECT query to its SPARQL JSON bindings,
so the pages need no store of their own (the server's workers answer them).

Example:
    >>> import asyncio, json
    >>> from jinja2 import Environment, PackageLoader
    >>> async def ask(sparql):
    ...     if "?p ?o" in sparql:
    ...         return [{"p": {"type": "uri", "value": "http://www.w3.org/2004/02/skos/core#prefLabel"},
    ...                  "o": {"type": "literal", "value": "A1C", "xml:lang": "en"}}]
    ...     return []
    >>> html = asyncio.run(about(ask, Environment(loader=PackageLoader("kg.server")), "https://e.org/topic/a1c",
    ...                          "https://e.org/", {}))
    >>> "<h1>A1C</h1>" in html
    True
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment

from kg.mapping.prefixes import prefixes
from kg.server.pages import cell, curie, href, plain_number

__all__ = ["Ask", "about", "triples_page", "PAGE_SIZE"]

#: An async function from a SELECT query to its SPARQL JSON bindings.
Ask = Callable[[str], Awaitable[list[dict[str, Any]]]]
#: Rows per page of a paged list.
PAGE_SIZE = 50

_KG = "https://w3id.org/kg-medlineplus/vocab#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA = "https://schema.org/"
_DCTERMS = "http://purl.org/dc/terms/"
_PROLOGUE = (
    f"PREFIX kg: <{_KG}> PREFIX skos: <{_SKOS}> PREFIX schema: <{_SCHEMA}> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
_LABEL = "skos:prefLabel|schema:name|rdfs:label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = (f"{_SKOS}prefLabel", f"{_SCHEMA}name", "http://www.w3.org/2000/01/rdf-schema#label")

_OUTGOING = """SELECT ?p ?o (COALESCE(SAMPLE(?en), SAMPLE(?l), SAMPLE(?listing)) AS ?label) WHERE {{
  <{iri}> ?p ?o .
  OPTIONAL {{ ?o LABEL ?l }}
  OPTIONAL {{ ?o LABEL ?en FILTER (lang(?en) = "en") }}
  OPTIONAL {{ ?o kg:topic/skos:prefLabel ?tl ; kg:section/skos:prefLabel ?sl
             BIND (CONCAT(?tl, " › ", ?sl) AS ?listing) }}
}} GROUP BY ?p ?o ORDER BY ?p ?o"""
_INCOMING = """SELECT ?s ?p (COALESCE(SAMPLE(?en), SAMPLE(?l), SAMPLE(?listing)) AS ?label) WHERE {{
  ?s ?p <{iri}> .
  OPTIONAL {{ ?s LABEL ?l }}
  OPTIONAL {{ ?s LABEL ?en FILTER (lang(?en) = "en") }}
  OPTIONAL {{ ?s kg:topic/skos:prefLabel ?tl ; kg:section/skos:prefLabel ?sl
             BIND (CONCAT(?tl, " › ", ?sl) AS ?listing) }}
}} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT {limit} OFFSET {offset}"""
_LISTINGS = """SELECT ?listing ?section ?sectionName ?position ?resource ?title ?publisher ?publisherName ?nih ?spanish
WHERE {{
  ?listing kg:topic <{iri}> ; kg:section ?section ; kg:resource ?resource .
  OPTIONAL {{ ?listing kg:position ?position }}
  OPTIONAL {{ ?section skos:prefLabel ?sectionName }}
  OPTIONAL {{ ?resource schema:name ?title }}
  OPTIONAL {{ ?resource schema:publisher ?publisher OPTIONAL {{ ?publisher schema:name ?publisherName }} }}
  OPTIONAL {{ ?resource kg:fromNIH ?nih }}
  OPTIONAL {{ ?resource kg:spanishVersion ?spanish }}
}} ORDER BY ?position ?listing"""
_SIMILAR = """SELECT ?rank ?other ?title ?resources ?publishers WHERE {{
  ?similarity kg:fromTopic <{iri}> ; kg:toTopic ?other ; kg:neighbourRank ?rank .
  OPTIONAL {{ ?similarity kg:resourceJaccard ?resources }}
  OPTIONAL {{ ?similarity kg:publisherJaccard ?publishers }}
  OPTIONAL {{ ?other skos:prefLabel ?title }}
}} ORDER BY ?rank"""
_COVERAGE = """SELECT ?coverage ?audience ?name ?resources WHERE {{
  ?coverage kg:coverageOf <{iri}> ; kg:coveredAudience ?audience .
  OPTIONAL {{ ?coverage kg:resourceCount ?resources }}
  OPTIONAL {{ ?audience skos:prefLabel ?name FILTER (lang(?name) = "en") }}
}} ORDER BY ?audience"""
_PUBLISHER_COUNTS = """SELECT (COUNT(DISTINCT ?resource) AS ?resources) (COUNT(DISTINCT ?topic) AS ?topics) WHERE {{
  ?resource schema:publisher <{iri}> OPTIONAL {{ ?topic kg:hasResource ?resource }}
}}"""
_PUBLISHER_TOPICS = """SELECT ?topic (SAMPLE(?name) AS ?title) (COUNT(DISTINCT ?resource) AS ?resources) WHERE {{
  ?resource schema:publisher <{iri}> . ?topic kg:hasResource ?resource .
  OPTIONAL {{ ?topic skos:prefLabel ?name }}
}} GROUP BY ?topic ORDER BY DESC(?resources) ?topic LIMIT {limit} OFFSET {offset}"""
_PUBLISHER_RESOURCES = """SELECT ?resource ?title (COUNT(DISTINCT ?topic) AS ?topics) WHERE {{
  ?resource schema:publisher <{iri}> .
  OPTIONAL {{ ?resource schema:name ?title }}
  OPTIONAL {{ ?topic kg:hasResource ?resource }}
}} GROUP BY ?resource ?title ORDER BY LCASE(STR(?title)) ?resource LIMIT {limit} OFFSET {offset}"""
#: The vocabularies of the VoID and service descriptions, for their pages.
_DESCRIPTION_PREFIXES = {
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "formats": "http://www.w3.org/ns/formats/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
_GRAPH_SIZE = "SELECT (COUNT(*) AS ?triples) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"

#: The facts a topic's page shows in its own sections (the rest go under "Other properties").
_TOPIC_SECTIONS = {
    f"{_KG}translation": "translation",
    f"{_SKOS}related": "related",
    f"{_KG}meshHeading": "mesh",
    f"{_KG}inGroup": "groups",
}
_METRICS = (
    "pageRank", "degree", "betweenness", "nihShare", "articulationPoint", "community", "component",
    "topicsServed", "topicShare", "listingShare", "resourcesPublished", "sectionsServed", "partOfNIH",
)  # fmt: skip
_HIDDEN = (f"{_KG}hasListing", f"{_KG}hasResource", f"{_KG}summary", f"{_DCTERMS}description")


def _query(template: str, **values: object) -> str:
    return _PROLOGUE + template.replace("LABEL", _LABEL).format(**values)


def _page_number(params: dict[str, str], name: str) -> int:
    value = params.get(name, "1")
    return max(int(value), 1) if value.isdigit() and len(value) < 7 else 1


def _pager(
    path: str, params: dict[str, str], name: str, page: int, more: bool, total: int | None = None
) -> dict[str, Any]:
    """Links to the previous and next page of the list ``name`` (its page number is ``?{name}=N``)."""

    def link(number: int) -> str:
        query = {**params, name: str(number)}
        return path + "?" + "&".join(f"{key}={value}" for key, value in sorted(query.items()) if key != "format")

    pages = None if total is None else max(1, -(-total // PAGE_SIZE))
    return {
        "page": page,
        "pages": pages,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if more else None,
        "first": (page - 1) * PAGE_SIZE + 1,
    }


async def about(ask: Ask, templates: Environment, iri: str, base: str, params: dict[str, str]) -> str | None:
    """The HTML page about ``iri``, or ``None`` when the graph says nothing about it; ``params`` are the
    request's URL parameters (page numbers of paged lists).

    Raises:
        KeyError, ValueError: only on a malformed answer from ``ask`` (a bug).
    """
    table = prefixes(base)
    kind = iri[len(base) :].split("/", 1)[0] if iri.startswith(base) else ""
    path = href(iri, base) or ""
    formats = [(name, f"{path}?format={key}") for name, key in
               (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdfxml"))]  # fmt: skip
    common = {"iri": iri, "formats": formats, "base": base}
    if kind == "graph":
        rows = await ask(_query(_GRAPH_SIZE, iri=iri))
        triples = int(rows[0]["triples"]["value"]) if rows else 0
        if not triples:
            return None
        name = iri[len(base) + len("graph/") :]
        sample = f"SELECT * WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 100"
        return templates.get_template("named-graph.html").render(
            title=f"Named graph {name}", triples=triples, sample=sample, **common
        )
    outgoing = await ask(_query(_OUTGOING, iri=iri))
    facts = _facts(outgoing, base, table)
    title = _title(outgoing, iri, table)
    types = [cell(row["o"], base, table) for row in outgoing if row["p"]["value"] == _TYPE]
    if kind == "topic" and outgoing:
        listings = await ask(_query(_LISTINGS, iri=iri))
        similar = await ask(_query(_SIMILAR, iri=iri))
        coverage = await ask(_query(_COVERAGE, iri=iri))
        own = {key: facts.pop(predicate)["values"] for predicate, key in _TOPIC_SECTIONS.items() if predicate in facts}
        summary = next((row["o"]["value"] for row in outgoing if row["p"]["value"] == f"{_KG}summary"), "")
        return templates.get_template("topic.html").render(
            title=title,
            types=types,
            summary=[part.strip() for part in summary.split("\n\n") if part.strip()],
            sections=_sections(listings, base, table),
            similar=[_similar(row, base, table) for row in similar],
            coverage=[
                {
                    "audience": cell(row["audience"], base, table, row.get("name")),
                    "resources": _number(row.get("resources")),
                    "node": cell(row["coverage"], base, table),
                }
                for row in coverage
            ],
            metrics=_metrics(facts),
            properties=_visible(facts),
            **own,
            **common,
        )
    if kind == "org" and outgoing:
        counts = (await ask(_query(_PUBLISHER_COUNTS, iri=iri)) or [{}])[0]
        total_topics = int(counts.get("topics", {}).get("value", 0))
        total_resources = int(counts.get("resources", {}).get("value", 0))
        topic_page, resource_page = _page_number(params, "topics"), _page_number(params, "resources")
        topics = await ask(_query(_PUBLISHER_TOPICS, iri=iri, limit=PAGE_SIZE, offset=(topic_page - 1) * PAGE_SIZE))
        resources = await ask(
            _query(_PUBLISHER_RESOURCES, iri=iri, limit=PAGE_SIZE, offset=(resource_page - 1) * PAGE_SIZE)
        )
        return templates.get_template("publisher.html").render(
            title=title,
            types=types,
            metrics=_metrics(facts),
            properties=_visible(facts),
            total_topics=total_topics,
            total_resources=total_resources,
            topics=[
                {"topic": cell(row["topic"], base, table, row.get("title")), "resources": _number(row.get("resources"))}
                for row in topics
            ],
            resources=[
                {"resource": cell(row["resource"], base, table, row.get("title")), "topics": _number(row.get("topics"))}
                for row in resources
            ],
            topic_pager=_pager(path, params, "topics", topic_page, topic_page * PAGE_SIZE < total_topics, total_topics),
            resource_pager=_pager(
                path, params, "resources", resource_page, resource_page * PAGE_SIZE < total_resources, total_resources
            ),
            **common,
        )
    links_page = _page_number(params, "links")
    incoming = await ask(_query(_INCOMING, iri=iri, limit=PAGE_SIZE * 2 + 1, offset=(links_page - 1) * PAGE_SIZE * 2))
    if not outgoing and not incoming:
        return None
    more = len(incoming) > PAGE_SIZE * 2
    links = [
        {"subject": cell(row["s"], base, table, row.get("label")), "predicate": cell(row["p"], base, table)}
        for row in incoming[: PAGE_SIZE * 2]
    ]
    pager = _pager(path, params, "links", links_page, more)
    pager["first"] = (links_page - 1) * PAGE_SIZE * 2 + 1
    return templates.get_template("resource.html").render(
        title=title, types=types, properties=list(facts.values()), links=links, pager=pager, **common
    )


def _similar(row: dict[str, Any], base: str, table: dict[str, str]) -> dict[str, Any]:
    return {
        "rank": row["rank"]["value"],
        "topic": cell(row["other"], base, table, row.get("title")),
        "resources": _number(row.get("resources")),
        "publishers": _number(row.get("publishers")),
    }


def _title(outgoing: list[dict[str, Any]], iri: str, table: dict[str, str]) -> str:
    labels = [row["o"] for row in outgoing if row["p"]["value"] in _LABELS and row["o"]["type"] == "literal"]
    english = [label for label in labels if label.get("xml:lang", "en") == "en"]
    return str((english or labels or [{"value": curie(iri, table)}])[0]["value"])


def _facts(outgoing: list[dict[str, Any]], base: str, table: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The outgoing rows by property: ``{predicate: {"name": cell, "values": [cell …]}}``."""
    facts: dict[str, dict[str, Any]] = {}
    for row in outgoing:
        entry = facts.setdefault(row["p"]["value"], {"name": cell(row["p"], base, table), "values": []})
        entry["values"].append(cell(row["o"], base, table, row.get("label")))
    return facts


def _metrics(facts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The analysis's figures about the node, taken out of ``facts``."""
    found = []
    for name in _METRICS:
        entry = facts.pop(f"{_KG}{name}", None)
        if entry is not None:
            found.append({"name": entry["name"], "values": entry["values"]})
    return found


def _visible(facts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for predicate, entry in facts.items() if predicate not in _HIDDEN and predicate != _TYPE]


def _number(term: dict[str, str] | None) -> str:
    """A number as the page shows it (see :func:`kg.server.pages.plain_number`)."""
    return "" if term is None else plain_number(term["value"])


def _sections(rows: list[dict[str, Any]], base: str, table: dict[str, str]) -> list[dict[str, Any]]:
    """The topic's listings grouped by section, in the order the topic lists them (one row a listing)."""
    sections: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for row in rows:
        listing = row["listing"]["value"]
        if listing in seen:  # a second name of the same publisher
            continue
        seen.add(listing)
        section = sections.setdefault(
            row["section"]["value"], {"section": cell(row["section"], base, table, row.get("sectionName")), "rows": []}
        )
        section["rows"].append(
            {
                "resource": cell(row["resource"], base, table, row.get("title")),
                "publisher": cell(row["publisher"], base, table, row.get("publisherName"))
                if "publisher" in row
                else None,
                "nih": row.get("nih", {}).get("value") == "true",
                "spanish": row["spanish"]["value"] if "spanish" in row else None,
            }
        )
    return list(sections.values())


def triples_page(templates: Environment, title: str, ntriples: bytes, base: str, path: str) -> str:
    """An HTML page of N-Triples (the VoID description, the service description), one table a subject.

    Example:
        >>> from jinja2 import Environment, PackageLoader
        >>> line = b'<https://e.org/dataset> <http://rdfs.org/ns/void#triples> "7" .\\n'
        >>> page = triples_page(Environment(loader=PackageLoader("kg.server")), "D", line, "https://e.org/", "/void")
        >>> "void:triples" in page and "/dataset" in page
        True
    """
    table = {**prefixes(base), **_DESCRIPTION_PREFIXES}
    subjects: dict[str, dict[str, Any]] = {}
    for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        subject = subjects.setdefault(
            triple.subject.value, {"subject": cell(_json(triple.subject), base, table), "properties": {}}
        )
        entry = subject["properties"].setdefault(
            triple.predicate.value, {"name": cell(_json(triple.predicate), base, table), "values": []}
        )
        entry["values"].append(cell(_json(triple.object), base, table))
    formats = [(name, f"{path}?format={key}") for name, key in
               (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdfxml"))]  # fmt: skip
    nodes = [{**node, "properties": list(node["properties"].values())} for node in subjects.values()]
    return templates.get_template("triples.html").render(title=title, nodes=nodes, formats=formats, base=base)


def _json(term: Any) -> dict[str, str]:
    """An Oxigraph term as a SPARQL JSON term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found
