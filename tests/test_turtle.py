"""kg's streaming Turtle writer: what it writes parses back to exactly the triples it was given."""

from __future__ import annotations

import io

import pyoxigraph as ox

import kg
from kg.build import build
from kg.mapping.prefixes import prefixes
from kg.rdf.ntriples import boolean, integer, iri, literal, url, xsd_date
from kg.rdf.turtle import TurtleWriter
from tests.conftest import CORPUS

EX = "https://w3id.org/kg-medlineplus/id/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
TRICKY = [
    (iri(f"{EX}topic/a"), TYPE, iri("https://w3id.org/kg-medlineplus/vocab#Topic")),
    (iri(f"{EX}topic/a"), iri("https://schema.org/name"), literal('quote " backslash \\ newline \n done', "en")),
    (iri(f"{EX}topic/a"), iri("https://schema.org/name"), literal("Niños & <b>", "es")),
    (iri(f"{EX}topic/a"), iri("https://schema.org/position"), integer(-3)),
    (iri(f"{EX}topic/a"), iri("https://schema.org/flag"), boolean(False)),
    (iri(f"{EX}topic/a"), iri("https://schema.org/date"), xsd_date(__import__("datetime").date(2020, 3, 24))),
    (iri(f"{EX}topic/a"), iri("https://schema.org/url"), url("https://x.org/?q=a[b] c%zz")),
    (iri(f"{EX}topic/a"), iri("https://schema.org/url"), url("www.no-scheme.org/page")),
    (iri(f"{EX}topic/spanish/b"), iri("https://schema.org/about"), iri(f"{EX}org/a.b")),
    (iri(f"{EX}topic/spanish/b"), iri("https://schema.org/about"), iri(f"{EX}org/ends-with-dot.")),
    (iri(f"{EX}topic/spanish/b"), iri("https://schema.org/about"), iri("http://id.nlm.nih.gov/mesh/D006442")),
]


def parsed(data: bytes, rdf_format: ox.RdfFormat) -> set[str]:
    return {str(t) for t in ox.parse(data, format=rdf_format)}


def test_tricky_terms_round_trip() -> None:
    out = io.BytesIO()
    writer = TurtleWriter(out, prefixes())
    writer.write(sorted(TRICKY))
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in TRICKY).encode()
    assert parsed(out.getvalue(), ox.RdfFormat.TURTLE) == parsed(nt, ox.RdfFormat.N_TRIPLES)
    assert writer.triples == len(TRICKY)
    text = out.getvalue().decode()
    assert "topic:a a kg:Topic ;" in text and " -3 ;" in text and "mesh:D006442" in text
    assert f"<{EX}org/ends-with-dot.>" in text  # not a valid prefixed name, so kept whole


def test_built_turtle_equals_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    build(CORPUS, tmp_path)
    built = parsed((tmp_path / "graph.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    store = kg.load(CORPUS)
    assert built == parsed(store.dump(ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES)
