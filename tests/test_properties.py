"""Property-based tests (Hypothesis): the parsers give a record or a clear error for any input,
IRIs are valid and distinct for distinct keys, and Turtle round-trips.

``KG_FUZZ_EXAMPLES`` raises the number of examples (the fuzzing run in the README used 20,000).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from kg.build.merge import merge
from kg.cli import main
from kg.errors import InputError
from kg.mapping.iris import Iris
from kg.mapping.organizations import organization_key
from kg.mapping.prefixes import prefixes
from kg.rdf.ntriples import iri, literal, url
from kg.rdf.turtle import TurtleWriter
from kg.sources import healthtopics, pagedump

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FOLDER = Path(tempfile.mkdtemp(prefix="kg-properties-"))

# ---------------------------------------------------------------- page dumps

_PAGE_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "## Summary", "## Start Here", "## Children", "## MEDICAL ENCYCLOPEDIA", "## Disclaimers",
                     "## Related Health Topics", "## National Institutes of Health", "#  Title", "Library)"]),
    st.builds(lambda t, p: f"    * {t} ({p})", st.text(max_size=40), st.text(max_size=20)),
    st.builds(lambda t: f"    * Article: {t}", st.text(max_size=40)),
    st.builds(lambda d: f"Page last updated on {d} Topic last reviewed: {d}", st.text(max_size=20)),
)  # fmt: skip


def _read_page(content: bytes) -> None:
    path = FOLDER / "page.txt"
    path.write_bytes(content)
    try:
        for topic in pagedump.read(path):
            assert topic.title.strip()
    except InputError as error:
        assert str(error).startswith(f"{path}:")


@FUZZ
@given(st.binary(max_size=400))
def test_page_reader_any_bytes(content: bytes) -> None:
    _read_page(content)


@FUZZ
@given(st.lists(_PAGE_LINES, max_size=30), st.booleans())
def test_page_reader_page_like_text(lines: list[str], header: bool) -> None:
    head = "Link: https://medlineplus.gov/x.html\n    Description: d\n    Keywords: None\n" if header else ""
    _read_page((head + "\n".join(lines)).encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- health-topics XML

_TAGS = ["also-called", "full-summary", "group", "language-mapped-topic", "mesh-heading", "descriptor", "qualifier",
         "other-language", "primary-institute", "related-topic", "see-reference", "site", "information-category",
         "organization", "standard-description", "x"]  # fmt: skip
_ATTRS = ["title", "url", "id", "language", "date-created", "meta-desc", "vernacular-name", "language-mapped-url"]


def _xml_char(c: str) -> bool:
    code = ord(c)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")).filter(_xml_char), max_size=30)


def _elements(depth: int) -> st.SearchStrategy[etree._Element]:
    def make(tag: str, attrs: dict[str, str], text: str, children: list[etree._Element]) -> etree._Element:
        element = etree.Element(tag, {k: v for k, v in attrs.items()})
        element.text = text
        element.extend(children)
        return element

    children = st.lists(_elements(depth - 1), max_size=4) if depth > 0 else st.just([])
    return st.builds(make, st.sampled_from(_TAGS), st.dictionaries(st.sampled_from(_ATTRS), _XML_TEXT, max_size=4),
                     _XML_TEXT, children)  # fmt: skip


@FUZZ
@given(st.lists(st.builds(lambda a, c: (a, c), st.dictionaries(st.sampled_from(_ATTRS), _XML_TEXT, max_size=6),
                          st.lists(_elements(2), max_size=5)), max_size=4), _XML_TEXT)  # fmt: skip
def test_xml_reader_any_element_tree(topics: list, generated: str) -> None:
    root = etree.Element("health-topics", {"date-generated": generated})
    for attrs, children in topics:
        topic = etree.SubElement(root, "health-topic", attrs)
        topic.extend(children)
    path = FOLDER / "topics.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    try:
        for record in healthtopics.read(path):
            assert record.title and record.url
    except InputError as error:
        assert str(error).startswith(f"{path}:")


@FUZZ
@given(st.binary(max_size=300))
def test_xml_reader_any_bytes(content: bytes) -> None:
    path = FOLDER / "bytes.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<health-topics date-generated="08/10/2024 02:30:32">' + content)
    try:
        list(healthtopics.read(path))
    except InputError as error:
        assert str(error).startswith(f"{path}:")


# ---------------------------------------------------------------- IRIs


def _valid(term: str) -> bool:
    """True when ``term`` parses as the object of an N-Triples line (IRI or literal)."""
    return bool(list(ox.parse(f"<a:s> <a:p> {term} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)))


@FUZZ
@given(st.text(max_size=60), st.text(max_size=60))
def test_minted_iris_are_valid(name: str, other: str) -> None:
    iris = Iris()
    for minted in (iris.organization(name), iris.section(name), iris.topic(name), iris.group(name),
                   iris.audience(name), iris.resource(("page", name, other))):  # fmt: skip
        assert _valid(f"<{minted}>")
    if organization_key(name) != organization_key(other):
        assert iris.organization(name) != iris.organization(other)
    if name != other:
        assert iris.resource(("url", name)) != iris.resource(("url", other))
    assert _valid(url(name))


# ---------------------------------------------------------------- Turtle round trip

_LOCALS = ("a", "b-1", "c.d", "e.")
_IRIS = st.sampled_from([f"{prefixes()[k]}{local}" for k in ("topic", "org", "resource") for local in _LOCALS]
                        + ["https://example.org/x y", "http://id.nlm.nih.gov/mesh/D006442"])  # fmt: skip
_OBJECTS = st.one_of(
    _IRIS.map(iri),
    st.builds(literal, st.text(st.characters(blacklist_categories=("Cs",)), max_size=9), st.sampled_from([None, "en"])),
    st.builds(lambda n: f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>', st.integers()),
)  # fmt: skip


@FUZZ
@given(st.lists(st.tuples(_IRIS.map(iri), _IRIS.map(iri), _OBJECTS), max_size=25))
def test_turtle_round_trip(triples: list[tuple[str, str, str]]) -> None:
    out = io.BytesIO()
    TurtleWriter(out, prefixes()).write(sorted(set(triples)))
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in set(triples)).encode()
    expected = set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE)) == expected


# ---------------------------------------------------------------- whole builds of arbitrary XML


_ANY = st.text(st.characters(codec="utf-8").filter(_xml_char), max_size=30)
_URL = st.one_of(
    _ANY, st.builds(lambda s, t: s + t, st.sampled_from(["https://", "http://[", "https://e.org:", "a:"]), _ANY)
)
_LANGUAGE = st.one_of(st.sampled_from(["English", "Spanish", "fr", "es-419", "1x", "E N", ""]), _ANY)
_SITE = st.builds(
    lambda title, url, spanish, texts: (title, url, spanish, texts), _ANY, _URL, st.one_of(st.none(), _URL),
    st.lists(st.tuples(st.sampled_from(["information-category", "organization", "standard-description"]), _ANY),
             max_size=4),
)  # fmt: skip
_TOPIC = st.fixed_dictionaries(
    {"title": _ANY, "url": _URL, "language": _LANGUAGE, "id": _ANY, "meta-desc": _ANY, "summary": _ANY,
     "also-called": _ANY, "sites": st.lists(_SITE, max_size=3)}
)  # fmt: skip


def _topics_file(topics: list[dict]) -> bytes:
    root = etree.Element("health-topics", {"date-generated": "08/10/2024 02:30:32"})
    for number, fields in enumerate(topics):
        attrs = {name: fields[name] for name in ("title", "language", "id", "meta-desc")}
        topic = etree.SubElement(root, "health-topic", attrs, url=fields["url"] or f"https://medlineplus.gov/{number}")
        etree.SubElement(topic, "also-called").text = fields["also-called"]
        etree.SubElement(topic, "full-summary").text = fields["summary"]
        for title, address, spanish, texts in fields["sites"]:
            site = etree.SubElement(topic, "site", {"title": title, "url": address})
            if spanish is not None:
                site.set("language-mapped-url", spanish)
            for tag, text in texts:
                etree.SubElement(site, tag).text = text
        topic.tail = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@settings(max_examples=max(EXAMPLES // 3, 1), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOPIC, min_size=1, max_size=3))
def test_any_unicode_builds_valid_turtle_or_fails_in_one_line(topics: list[dict]) -> None:
    """Arbitrary Unicode in every attribute and text (URLs and languages too): the build either fails
    with one line naming the input, or writes Turtle that Oxigraph and rdflib both read, with every
    title, summary and site title it read among the literals of both."""
    folder = Path(tempfile.mkdtemp(dir=FOLDER))
    path = folder / "any.xml"
    path.write_bytes(_topics_file(topics))
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(folder / "out"), "--no-analyze", "--no-viz"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    event("refused" if result.exit_code else "built")
    if result.exit_code:
        assert result.exit_code == 1 and result.stderr.startswith(f"Error: {path}:"), result.stderr
        assert len(result.stderr.splitlines()) == 1 and not (folder / "out").exists()
        return
    graph = folder / "out" / "graph.ttl"
    from_oxigraph = {
        t.object.value for t in ox.parse(path=graph, format=ox.RdfFormat.TURTLE) if isinstance(t.object, ox.Literal)
    }
    from_rdflib = {
        str(o) for o in rdflib.Graph().parse(graph, format="turtle").objects() if isinstance(o, rdflib.Literal)
    }
    assert from_oxigraph == from_rdflib
    merged, _ = merge(healthtopics.read(path))
    read = {t.title for t in merged} | {t.summary for t in merged if t.summary}
    read |= {listing.resource.title for t in merged for listing in t.listings}
    assert read <= from_oxigraph
