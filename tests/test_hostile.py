"""Hostile inputs and requests, one row each (defusedxml's attack-list style): for every case, the
exit status, exactly one stderr line naming the input (``file:line`` where there is a line), no
traceback, and the previous build byte-identical in every file; a case that succeeds writes Turtle
that both Oxigraph and rdflib read, with its literals intact.

The cases count what the closing note of issue 15 reports: ``test_the_suite_counts``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import PAGE

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = '<health-topics total="1" date-generated="08/10/2024 02:30:32">\n'
TOPIC_URL = "https://medlineplus.gov/hostile.html"


def topic(
    title: str = "Hostile",
    url: str = TOPIC_URL,
    language: str = "English",
    children: str = "",
    extra: str = "",
) -> str:
    """One health-topic element on line 3 of :func:`topics_xml`'s file (its children on lines 4…)."""
    return (
        f'<health-topic title="{title}" url="{url}" id="9001" language="{language}" date-created="01/01/2020"{extra}>\n'
        f"{children}</health-topic>\n"
    )


def site(url: str = "https://example.org/page", spanish: str | None = None, title: str = "A site") -> str:
    spanish_attr = f' language-mapped-url="{spanish}"' if spanish is not None else ""
    return (
        f'<site title="{title}" url="{url}"{spanish_attr}><information-category>Start Here</information-category>'
        "<organization>National Library of Medicine</organization></site>\n"
    )


def topics_xml(*topics: str, root: str = ROOT, prolog: str = "") -> bytes:
    return (HEAD + prolog + root + "".join(topics or (topic(),)) + "</health-topics>\n").encode("utf-8")


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def symlink_to(target: str) -> Callable[[Path, str], Path]:
    def make(folder: Path, name: str) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return make


@dataclass(frozen=True)
class Case:
    """A hostile input (bytes, or a function that makes the file) and the outcome it must have.

    ``line`` is the line the error must name (None: the input has no line, such as a FIFO);
    ``code`` 0 means the build succeeds (what could be repaired was) and its Turtle must parse.
    """

    content: bytes | Callable[[Path, str], Path]
    message: str
    line: int | None = None
    code: int = 1
    name: str = "input.xml"
    args: tuple[str, ...] = ()
    literal: str | None = None  # for a build that succeeds: a literal both parsers must give back
    command: str = "build"  # "build" (the input is built into the previous build's folder) or "query"
    full: bool = False  # a build that succeeds: with the analysis, store and HTML (else the graph and store)


# ------------------------------------------------------------------------ the cases

LAUGHS = (
    '<!DOCTYPE health-topics [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
LONG_DOCTYPE = "<!DOCTYPE health-topics [\n<!-- " + "x" * 70_000 + ' -->\n<!ENTITY inj "Injected By Entity">\n]>\n'
ROOT_IN_COMMENT = '<!DOCTYPE health-topics [\n<!-- <health-topics x -->\n<!ENTITY inj "Injected By Entity">\n]>\n'
DEEP = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000

CASES: dict[str, Case] = {
    # URLs that are repaired where they are minted: the build succeeds with Turtle both parsers read
    "site-url-two-hashes": Case(topics_xml(topic(children=site("https://example.org/page#section#sub"))), "", code=0,
                                literal="Hostile", full=True),
    "site-url-ipv6-host": Case(topics_xml(topic(children=site("https://[2001:db8::1]/p"))), "", code=0, full=True),
    "site-url-nel-u0085": Case(topics_xml(topic(children=site("https://example.org/a\u0085b"))), "", code=0,
                               full=True),
    "site-url-noncharacter-ufdd0": Case(topics_xml(topic(children=site("https://example.org/\ufdd0"))), "", code=0),
    "site-url-private-use-ue000": Case(topics_xml(topic(children=site("https://example.org/\ue000"))), "", code=0),
    "site-url-private-use-in-query": Case(topics_xml(topic(children=site("https://example.org/?q=\ue000"))), "",
                                          code=0),
    "site-url-plane-16-private": Case(topics_xml(topic(children=site("https://example.org/\U0010fffd"))), "", code=0),
    "site-url-plane-1-noncharacter": Case(topics_xml(topic(children=site("https://example.org/\U0001fffe"))), "",
                                          code=0),
    "site-url-space-and-braces": Case(topics_xml(topic(children=site("https://example.org/a b{c}|d^e`f"))), "",
                                      code=0),
    "site-url-brackets-in-path": Case(topics_xml(topic(children=site("https://example.org/x[1]"))), "", code=0),
    "site-url-percent-without-hex": Case(topics_xml(topic(children=site("https://example.org/100%zz"))), "", code=0),
    "site-url-backslash-and-quote": Case(topics_xml(topic(children=site("https://example.org/a\\b&quot;c"))), "",
                                         code=0),
    "site-url-tab-and-newline-entities": Case(topics_xml(topic(children=site("https://example.org/a&#9;b&#10;c"))),
                                              "", code=0),
    "spanish-url-two-hashes": Case(topics_xml(topic(children=site(spanish="https://example.org/es#a#b"))), "",
                                   code=0),
    "topic-url-with-fragment-hashes": Case(topics_xml(topic(url="https://medlineplus.gov/x.html#a#b")), "", code=0),
    "title-with-quotes-and-escapes": Case(topics_xml(topic(title='say &quot;hi&quot; \\n \\u0041 &lt;b&gt;')), "",
                                          code=0, literal='say "hi" \\n \\u0041 <b>'),
    "title-with-triple-quotes": Case(topics_xml(topic(title="&quot;&quot;&quot;'''")), "", code=0,
                                     literal="\"\"\"'''"),
    "title-with-private-use-and-astral": Case(topics_xml(topic(title="\ue000 \U0001f600 \U0010fffd")), "", code=0,
                                              literal="\ue000 \U0001f600 \U0010fffd"),
    "language-bcp47-fr": Case(topics_xml(topic(language="fr")), "", code=0),
    "language-bcp47-es-419": Case(topics_xml(topic(language="es-419")), "", code=0),
    "other-url-scheme-mailto": Case(topics_xml(topic(children=site("mailto:someone@example.org"))), "", code=0),
    # URLs that cannot be made IRIs: one line naming file and line
    "site-url-port-not-a-number": Case(topics_xml(topic(children=site("https://e.org:80a/"))), "bad URL", 4),
    "site-url-unclosed-ipv6": Case(topics_xml(topic(children=site("http://[::1/broken.html"))), "bad URL", 4),
    "site-url-bad-ipv6": Case(topics_xml(topic(children=site("http://[x/"))), "bad URL", 4),
    "site-url-not-absolute": Case(topics_xml(topic(children=site("ht~tp://example.org/"))), "", code=0),
    "spanish-url-bad-port": Case(topics_xml(topic(children=site(spanish="https://e.org:x/"))), "bad URL", 4),
    "topic-url-unclosed-ipv6": Case(topics_xml(topic(url="http://[::1/broken.html")), "bad URL", 3),
    "topic-url-bad-port": Case(topics_xml(topic(url="https://medlineplus.gov:port/x.html")), "bad URL", 3),
    "related-topic-url-bad": Case(
        topics_xml(topic(children='<related-topic url="http://[::1/r.html" id="2">R</related-topic>\n')),
        "bad URL", 4),
    "translation-url-bad": Case(
        topics_xml(topic(children='<language-mapped-topic url="https://e.org:9x/">T</language-mapped-topic>\n')),
        "bad URL", 4),
    "group-url-bad": Case(topics_xml(topic(children='<group url="http://[g/" id="4">G</group>\n')), "bad URL", 4),
    "other-language-url-bad": Case(
        topics_xml(topic(children='<other-language vernacular-name="x" url="http://[::1/o">Other</other-language>\n')),
        "bad URL", 4),
    "institute-url-bad": Case(
        topics_xml(topic(children='<primary-institute url="https://nih.gov:nope/">NIH</primary-institute>\n')),
        "bad URL", 4),
    "multiline-site-bad-url-line": Case(
        topics_xml(topic(children='<site\n title="S"\n url="https://e.org:1x/"\n>\n</site>\n')), "bad URL", 6),
    # languages that are no language tag
    "language-1x": Case(topics_xml(topic(language="1x")), "language '1x' is neither", 3),
    "language-E-N": Case(topics_xml(topic(language="E N")), "language 'E N' is neither", 3),
    "language-underscore": Case(topics_xml(topic(language="en_US")), "is neither", 3),
    "language-one-letter": Case(topics_xml(topic(language="x")), "is neither", 3),
    "language-of-translation": Case(
        topics_xml(topic(children='<language-mapped-topic url="https://medlineplus.gov/spanish/h.html" id="3" '
                                  'language="S p">T</language-mapped-topic>\n')), "is neither", 4),
    # the base IRI
    "base-bad-port": Case(topics_xml(), "--base", args=("--base", "https://e.org:80a/")),
    "base-unclosed-ipv6": Case(topics_xml(), "--base", args=("--base", "http://[x/")),
    "base-no-slash": Case(topics_xml(), "--base", args=("--base", "https://e.org/kg")),
    "base-with-space": Case(topics_xml(), "--base", args=("--base", "https://e.org/a b/")),
    "base-two-hashes": Case(topics_xml(), "--base", args=("--base", "https://e.org/a#b#")),
    "base-not-absolute": Case(topics_xml(), "--base", args=("--base", "kg/")),
    # inputs that are no regular file of bounded size
    "input-fifo": Case(fifo, "not a regular file"),
    "input-symlink-to-dev-zero": Case(symlink_to("/dev/zero"), "not a regular file"),
    "input-symlink-to-dev-null": Case(symlink_to("/dev/null"), "not a regular file"),
    "input-dangling-symlink": Case(symlink_to("/nonexistent/kg-hostile"), "no such file"),
    "input-missing": Case(lambda folder, name: folder / "absent.xml", "no such file"),
    # malformed, unsafe or truncated XML
    "empty-file": Case(b"", "empty file", 1),
    "only-whitespace": Case(b"\n\n   \n", "empty file", 1),
    "binary": Case(bytes(range(256)) * 4, "binary data|not a MedlinePlus page dump", 1, name="input.txt"),
    "utf16-text": Case("Link: https://medlineplus.gov/x.html\n".encode("utf-16"), "UTF-16", 1, name="input.txt"),
    "truncated": Case(topics_xml()[:-40], "truncated", 3),
    "billion-laughs": Case(topics_xml(prolog=LAUGHS), "entity declarations are not allowed", 3),
    "entity-after-70kb-of-doctype": Case(topics_xml(topic(title="&inj;"), prolog=LONG_DOCTYPE), "entity", 4),
    "entity-after-root-in-comment": Case(topics_xml(topic(title="&inj;"), prolog=ROOT_IN_COMMENT), "entity", 4),
    "xxe-system-entity": Case(
        topics_xml(prolog='<!DOCTYPE health-topics [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'), "entity", 2),
    "parameter-entity": Case(topics_xml(prolog='<!DOCTYPE health-topics [\n<!ENTITY % p "x">\n]>\n'), "entity", 3),
    "undefined-entity": Case(topics_xml(topic(title="&nope;")), "Entity 'nope' not defined", 3),
    "mismatched-tags": Case(topics_xml(topic(children="<site>\n")), "not well-formed", 5),
    "duplicate-attribute": Case(topics_xml(topic(extra=' title="again"')), "redefined", 3),
    "control-character": Case(topics_xml(topic(title="a\x01b")), "not well-formed", 3),
    "invalid-utf8-on-line-8": Case((HEAD + ROOT + "<!-- c -->\n" * 5).encode() + b'<health-topic title="\xff"/>\n',
                                   "not well-formed", 8),
    "lt-in-attribute": Case(topics_xml(topic(title="a<b")), "not well-formed", 3),
    "extra-content-after-root": Case(topics_xml() + b"<again/>\n", "Extra content", 6),
    "pre-2012-format": Case((HEAD + "<MedicalTopics>\n<MedicalTopic/>\n</MedicalTopics>\n").encode(), "pre-2012", 2),
    "bad-date-generated-attribute-line": Case(
        topics_xml(root='<health-topics total="1"\n\n date-generated="nope">\n'), "not a date", 4),
    "bad-date-created": Case(topics_xml(topic(extra="").replace("01/01/2020", "13/45/2020")), "not a date", 3),
    "topic-without-url-multiline-tag": Case(
        (HEAD + ROOT + '<health-topic\n title="T"\n id="1"\n>\n</health-topic>\n</health-topics>\n').encode(),
        "has no url attribute", 3),
    "topic-without-title": Case(topics_xml(topic().replace(' title="Hostile"', "")), "has no title", 3),
    "site-without-url": Case(topics_xml(topic(children='<site title="S"/>\n')), "has no url", 4),
    "mesh-without-descriptor": Case(topics_xml(topic(children="<mesh-heading/>\n")), "no <descriptor>", 4),
    # page dumps
    "page-no-title": Case(b"Link: https://medlineplus.gov/x.html\n\n## Summary\n\ntext\n", "no title", 3,
                          name="input.txt"),
    "page-bad-link-url": Case(b"Link: http://[::1/x.html\n# T\n", "bad URL", 1, name="input.txt"),
    "page-invalid-utf8": Case(b"Link: https://medlineplus.gov/x.html\n# T\n\xff\n", "not valid UTF-8", 3,
                              name="input.txt"),
    "page-nul-byte": Case(b"Link: https://medlineplus.gov/x.html\n# T\x00\n", "NUL byte", 2, name="input.txt"),
    # queries: files, sizes, nesting (the previous build is read, never changed)
    "query-invalid-utf8": Case(b"SELECT * WHERE {\n?s ?p \xff }\n", "not valid UTF-8", 2, name="q.rq", command="query"),
    "query-utf16": Case("SELECT * WHERE { ?s ?p ?o }".encode("utf-16"), "UTF-16", 1, name="q.rq", command="query"),
    "query-dev-zero": Case(symlink_to("/dev/zero"), "not a regular file", name="q.rq", command="query"),
    "query-fifo": Case(fifo, "not a regular file", name="q.rq", command="query"),
    "query-too-large": Case(b"# " + b"x" * (1 << 20) + b"\nSELECT * WHERE { ?s ?p ?o }", "larger than kg runs",
                            name="q.rq", command="query"),
    "query-nested-braces-file": Case(DEEP.encode(), "nested", 1, name="q.rq", command="query"),
    "query-nested-parentheses-file": Case(
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }").encode(), "nested", 1, name="q.rq",
        command="query"),
    "query-missing-file": Case(lambda folder, name: folder / "absent.rq", "cannot read query", name="q.rq",
                               command="query"),
    "query-syntax-error-file": Case(b"SELEC * WHERE { ?s ?p ?o }\n", "bad SPARQL query", name="q.rq",
                                    command="query"),
}  # fmt: skip
#: Ad-hoc queries (``kg query -e``): the input is the expression itself.
EXPRESSIONS: dict[str, tuple[str, str]] = {
    "expression-50000-nested-braces": (DEEP, "nested 50000 levels deep"),
    "expression-nested-brackets": ("SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "?o" + " ]" * 3000 + " }", "nested"),
    "expression-too-large": ("SELECT * WHERE { ?s ?p ?o } # " + "x" * (1 << 20), "larger than kg runs"),
    "expression-unknown-query-name": ("", "no named query"),
}


# ------------------------------------------------------------------------ the harness


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by path, and what lies beside it (no temporary left; the lock
    file that serialises builds of ``folder`` aside)."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    beside = sorted(p.name for p in folder.parent.iterdir() if p.name not in ("inputs", f".{folder.name}.lock"))
    files["(beside)"] = "\n".join(beside).encode()
    return files


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole build (graph, analysis, store, HTML) of the bundled page: the previous build."""
    out = tmp_path_factory.mktemp("template") / "out"
    result = CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def previous(template: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(template, out, symlinks=True)
    return out


@pytest.fixture(scope="module")
def queried(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The previous build that query cases read (its store fresh, so reading changes nothing)."""
    out = tmp_path_factory.mktemp("queried") / "out"
    result = CliRunner().invoke(main, ["build", str(PAGE), "-o", str(out), "--quiet", "--no-viz", "--no-analyze"])
    assert result.exit_code == 0, result.output
    yield out


def run(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args))
    exception = None if result.exception is None or isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, exception


def parse_both(graph: Path) -> tuple[set[str], rdflib.Graph]:
    """The literals of ``graph`` as Oxigraph reads it, and rdflib's reading (both must succeed)."""
    literals = {
        t.object.value for t in ox.parse(path=graph, format=ox.RdfFormat.TURTLE) if isinstance(t.object, ox.Literal)
    }
    return literals, rdflib.Graph().parse(graph, format="turtle")


OUTCOMES: dict[str, int] = {"cases": 0, "tracebacks": 0, "lost builds": 0, "non-parsing outputs": 0}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(name: str, previous: Path, queried: Path, tmp_path: Path) -> None:
    case = CASES[name]
    folder = tmp_path / "inputs"
    folder.mkdir()
    if callable(case.content):
        path = case.content(folder, case.name)
    else:
        path = folder / case.name
        path.write_bytes(case.content)
    out = queried if case.command == "query" else previous
    before = snapshot(out)
    if case.command == "query":
        code, stdout, stderr, exception = run("query", str(path), "--graph", str(out))
    else:
        fast = () if case.full or case.code else ("--no-analyze", "--no-viz")
        code, stdout, stderr, exception = run("build", str(path), "-o", str(out), *fast, *case.args)
    OUTCOMES["cases"] += 1
    OUTCOMES["tracebacks"] += exception is not None or "Traceback" in stdout + stderr
    assert exception is None and "Traceback" not in stdout + stderr, exception
    if case.code == 0:
        assert code == 0 and stderr == "", stderr
        try:
            literals, graph = parse_both(out / "graph.ttl")
        except (SyntaxError, ValueError, rdflib.exceptions.Error):  # each parser's own
            OUTCOMES["non-parsing outputs"] += 1
            raise
        assert len(graph) == len(list(ox.parse(path=out / "graph.ttl", format=ox.RdfFormat.TURTLE)))
        assert {str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)} == literals  # round-tripped
        if case.literal is not None:
            assert case.literal in literals and rdflib.Literal(case.literal, lang="en") in set(graph.objects())
        assert (out / "store").is_dir() and (out / "graph.html").is_file() == case.full  # a whole new build
        return
    lost = snapshot(out) != before
    OUTCOMES["lost builds"] += lost
    assert not lost, "the previous build changed"
    assert code == case.code, (code, stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    named = "--base" if case.args[:1] == ("--base",) else str(path)
    where = f"{named}:{case.line}:" if case.line is not None else named
    assert lines[0].startswith(f"Error: {where}"), (where, lines[0])
    assert re.search(case.message, lines[0]), lines[0]


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_hostile_expression(name: str, queried: Path) -> None:
    expression, message = EXPRESSIONS[name]
    before = snapshot(queried)
    args = ("query", "-e", expression) if expression else ("query", "no-such-query")
    code, stdout, stderr, exception = run(*args, "--graph", str(queried))
    OUTCOMES["cases"] += 1
    OUTCOMES["tracebacks"] += exception is not None or "Traceback" in stdout + stderr
    assert exception is None and "Traceback" not in stderr
    assert snapshot(queried) == before
    assert code == 1 and len(stderr.splitlines()) == 1 and message in stderr, stderr


def test_the_suite_counts() -> None:
    """The figures for the issue's closing note (after the tables, in file order: of the cases run)."""
    assert len(CASES) + len(EXPRESSIONS) >= 60
    assert (OUTCOMES["tracebacks"], OUTCOMES["lost builds"], OUTCOMES["non-parsing outputs"]) == (0, 0, 0), OUTCOMES
    print(f"\nhostile cases: {len(CASES) + len(EXPRESSIONS)} in the tables; of those run: {OUTCOMES}")


# ------------------------------------------------------------------------ what kg writes is inert

FORMULA = '=HYPERLINK("http://evil.example/","click")'
MARKUP = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) *b* _i_ `c` # | &amp;lt; &amp; x"


def test_data_strings_cannot_attack_who_opens_the_outputs(tmp_path: Path) -> None:
    org = "+cmd|' /C calc'!A0"
    sites = "".join(site(f"https://example.org/{n}", title=f"@SUM(1+{n})") for n in range(3)).replace(
        "National Library of Medicine", org.replace("'", "&apos;")
    )
    xml = topics_xml(
        topic(title=FORMULA.replace('"', "&quot;"), children=sites),
        topic(
            title=MARKUP.replace("<", "&lt;").replace(">", "&gt;"), url="https://medlineplus.gov/m.html", children=sites
        ),
    )
    path = tmp_path / "inject.xml"
    path.write_bytes(xml)
    out = tmp_path / "out"
    code, _, stderr, exception = run("build", str(path), "-o", str(out), "--no-viz")
    assert (code, exception) == (0, None), stderr
    cells = [cell for row in csv.reader(io.StringIO((out / "metrics.csv").read_text("utf-8"))) for cell in row]
    code, stdout, _, _ = run("query", "topics", "--graph", str(out), "--format", "csv")
    cells += [cell for row in csv.reader(io.StringIO(stdout)) for cell in row]
    code, stdout, _, _ = run("query", "publishers", "--graph", str(out), "--format", "csv")
    cells += [cell for row in csv.reader(io.StringIO(stdout)) for cell in row]
    risky = [
        cell
        for cell in cells
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?[\d.e+-]+", cell)
    ]
    assert risky == []
    assert f"'{FORMULA}" in cells and f"'{org}" in cells  # neutralised, not dropped
    report = (out / "report.md").read_text("utf-8")
    assert re.search(r"(?<!\\)<img", report) is None and re.search(r"(?<!\\)\]\(javascript:", report) is None
    assert r"\<img src=x onerror=alert(1)\> \[x\](javascript:alert(1)) \*b\* \_i\_ \`c\` # \| &amp;lt; & x" in report


def test_a_duplicate_topic_says_which_one_wins(tmp_path: Path) -> None:
    first, second = topic(title="First"), topic(title="Second")
    path = tmp_path / "dup.xml"
    path.write_bytes(topics_xml(first, second))
    out = tmp_path / "out"
    code, _, stderr, _ = run("build", str(path), "-o", str(out), "--no-analyze", "--no-viz")
    assert code == 0
    assert stderr == (
        f"warning: dup.xml:3: topic {TOPIC_URL} is described again, differently, at dup.xml:5; "
        "the one at dup.xml:5 wins (read last)\n"
    )
    literals, _ = parse_both(out / "graph.ttl")
    assert "Second" in literals and "First" not in literals
    path.write_bytes(topics_xml(first, first))  # the same content twice: nothing to say
    assert run("build", str(path), "-o", str(out), "--no-analyze", "--no-viz")[2] == ""
