"""A SPARQL lexer with just enough grammar to vet a query or update before any parser sees it.

:func:`inspect` bounds its size and nesting (a parser recurses on nesting: 5,000 nested braces
overflow Oxigraph's stack and end the process), and reports what it would reach outside the store
(``SERVICE`` and ``LOAD`` IRIs) and the dataset it names (``FROM``, ``FROM NAMED``, ``USING``,
``WITH``), with relative IRIs resolved. :func:`substitute` replaces variables by RDF terms in
one pass over the tokens, and :func:`add_using` gives each ``DELETE``/``INSERT … WHERE`` of an
update the protocol's ``using-graph-uri`` and ``using-named-graph-uri`` graphs.

Example:
    >>> found = inspect("PREFIX e: <http://e.org/> SELECT * FROM e:g { SERVICE SILENT <s> { ?s ?p ?o } }",
    ...                 base="http://kg.example/sparql")
    >>> found.services, found.default_graphs
    (('http://kg.example/s',), ('http://e.org/g',))
    >>> substitute("SELECT * { ?s ?p $v } LIMIT $n", {"v": '"$n"', "n": "5"})
    'SELECT * { ?s ?p "$n" } LIMIT 5'
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import QueryError
from kg.query.bounds import MAX_NESTING, MAX_QUERY_BYTES

__all__ = [
    "MAX_SIZE",
    "MAX_DEPTH",
    "Token",
    "Inspection",
    "QueryTooLarge",
    "QueryRefused",
    "tokens",
    "inspect",
    "refuse_outside",
    "substitute",
    "add_using",
]

#: The largest query or update accepted, in UTF-8 bytes (:data:`kg.query.bounds.MAX_QUERY_BYTES`).
MAX_SIZE = MAX_QUERY_BYTES
#: The deepest nesting accepted: brackets, braces and parentheses, plus runs of unary operators
#: (:data:`kg.query.bounds.MAX_NESTING`).
MAX_DEPTH = MAX_NESTING

_NAME = r"[\w\u00B7\u0300-\u036F\u203F-\u2040-]"
_TOKEN = re.compile(
    rf"""
     (?P<ws>\s+)
    |(?P<comment>\#[^\n\r]*)
    |(?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    |(?P<pname>(?:[^\W\d_](?:{_NAME}|\.(?={_NAME}))*)?:(?:[\w:%-]|\.(?=[\w:%-])|\\[^\s])*)
    |(?P<word>[^\W\d]{_NAME}*)
    |(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<open>[{{(\[])
    |(?P<close>[}})\]])
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UNARY = frozenset("!-+^")


class QueryTooLarge(QueryError):
    """A query or update longer than :data:`MAX_SIZE` or nested deeper than :data:`MAX_DEPTH`."""


class QueryRefused(QueryError):
    """A query that would reach outside the store: a ``SERVICE`` not allow-listed, or ``LOAD``."""


@dataclass(frozen=True)
class Token:
    """A token: its kind (``iri``, ``string``, ``var``, ``pname``, ``word``, ``open`` …), text and offset."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class Inspection:
    """What a query or update names: the IRIs it would reach outside the store, and its dataset.

    A ``SERVICE ?variable`` is listed by its variable (``?variable``), which no allow-list matches.
    """

    services: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    using: tuple[str, ...] = ()
    with_graphs: tuple[str, ...] = ()

    @property
    def names_dataset(self) -> bool:
        """True when the query has a ``FROM`` or ``FROM NAMED`` clause."""
        return bool(self.default_graphs or self.named_graphs)


def tokens(text: str) -> Iterator[Token]:
    """Every token of ``text``, whitespace and comments included (their texts join back to ``text``).

    Example:
        >>> [t.kind for t in tokens('ASK { ?s a "x" }') if t.kind != "ws"]
        ['word', 'open', 'var', 'word', 'string', 'close']
    """
    for match in _TOKEN.finditer(text):
        yield Token(match.lastgroup or "other", match.group(), match.start())


def _check_bounds(text: str, max_size: int, max_depth: int) -> list[Token]:
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > max_size else len(text)
    if size > max_size:
        raise QueryTooLarge(f"the query is {size:,} bytes long; at most {max_size:,} are accepted")
    found: list[Token] = []
    depth = deepest = run = 0
    for token in tokens(text):  # lazily: a query nested too deep is refused where it gets too deep
        if token.kind in ("ws", "comment"):
            continue
        found.append(token)
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth = max(depth - 1, 0)
        run = run + 1 if token.kind == "other" and token.text in _UNARY else 0
        deepest = max(deepest, depth + run)
        if deepest > max_depth:
            raise QueryTooLarge(f"the query nests deeper than {max_depth} levels (at offset {token.start})")
    return found


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expanded(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced, as SPARQL 1.1 (section
    19.2) says to do before parsing, and rdflib does: ``\\u0053ERVICE`` is ``SERVICE`` to it."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _CODEPOINT.sub(char, text)


def inspect(text: str, *, base: str | None = None, max_size: int = MAX_SIZE, max_depth: int = MAX_DEPTH) -> Inspection:
    """Bound ``text``'s size and nesting, then list what it names (see :class:`Inspection`); relative
    IRIs are resolved against its ``BASE`` or ``base``. A text with codepoint escapes is read twice,
    as it is (Oxigraph's reading) and with them expanded (rdflib's), and what either names is listed.

    Raises:
        QueryTooLarge: longer than ``max_size`` characters or nested deeper than ``max_depth``.
    """
    found = _inspect(text, base, max_size, max_depth)
    expanded = _expanded(text) if "\\u" in text or "\\U" in text else text
    if expanded == text:
        return found
    other = _inspect(expanded, base, max_size, max_depth)
    return Inspection(
        *(tuple(dict.fromkeys(a + b)) for a, b in zip(vars(found).values(), vars(other).values(), strict=True))
    )


def _inspect(text: str, base: str | None, max_size: int, max_depth: int) -> Inspection:
    found = _check_bounds(text, max_size, max_depth)
    prefixes: dict[str, str] = {}
    current_base = base or ""
    lists: dict[str, list[str]] = {k: [] for k in ("services", "loads", "default", "named", "using", "with")}

    def iri(token: Token | None) -> str | None:
        if token is None:
            return None
        if token.kind == "iri":
            return urllib.parse.urljoin(current_base, token.text[1:-1]) if current_base else token.text[1:-1]
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            return prefixes.get(prefix, f"{prefix}:") + _unescape_local(local)
        if token.kind == "var":
            return "?" + token.text[1:]
        return None

    index = 0
    while index < len(found):
        token = found[index]
        word = token.text.upper() if token.kind == "word" else ""
        following = found[index + 1] if index + 1 < len(found) else None
        after = found[index + 2] if index + 2 < len(found) else None
        if word == "PREFIX" and following is not None and following.kind == "pname" and after is not None:
            prefixes[following.text.partition(":")[0]] = iri(after) or ""
            index += 3
            continue
        if word == "BASE" and following is not None and following.kind == "iri":
            current_base = iri(following) or current_base
            index += 2
            continue
        if word in ("SERVICE", "LOAD", "FROM", "USING") and following is not None:
            modifier = following.text.upper() if following.kind == "word" else ""
            target = after if modifier in ("SILENT", "NAMED") else following
            key = {"SERVICE": "services", "LOAD": "loads"}.get(word) or (
                ("named" if word == "FROM" else "using") if modifier == "NAMED" else
                ("default" if word == "FROM" else "using")
            )  # fmt: skip
            lists[key].append(iri(target) or (target.text if target else ""))
        elif word == "WITH" and following is not None and following.kind in ("iri", "pname"):
            lists["with"].append(iri(following) or "")
        index += 1
    return Inspection(
        services=tuple(lists["services"]),
        loads=tuple(lists["loads"]),
        default_graphs=tuple(lists["default"]),
        named_graphs=tuple(lists["named"]),
        using=tuple(lists["using"]),
        with_graphs=tuple(lists["with"]),
    )


def refuse_outside(found: Inspection, allow_service: tuple[str, ...] = ()) -> None:
    """Refuse what would reach outside the store: any ``LOAD``, and a ``SERVICE`` whose IRI starts
    with none of the ``allow_service`` prefixes.

    Example:
        >>> refuse_outside(inspect("SELECT * { SERVICE <http://127.0.0.1:8082/x> { ?s ?p ?o } }"))
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.query.sparql.QueryRefused: SERVICE <http://127.0.0.1:8082/x> is not allowed here (federated queries are...)

    Raises:
        QueryRefused: the query names such a service, or the update loads a URL.
    """
    for service in found.services:
        if service.startswith("?") or not any(service.startswith(prefix) for prefix in allow_service if prefix):
            shown = service if service.startswith("?") else f"<{service}>"
            raise QueryRefused(f"SERVICE {shown} is not allowed here (federated queries are off; see --allow-service)")
    if found.loads:
        raise QueryRefused(f"LOAD <{found.loads[0]}> is refused: kg reads no URL an update names")


def substitute(text: str, terms: dict[str, str]) -> str:
    """``text`` with every variable named in ``terms`` (``$name`` or ``?name``) replaced by its term,
    in one pass over the tokens: a term's own text is never scanned again."""
    return "".join(terms.get(t.text[1:], t.text) if t.kind == "var" else t.text for t in tokens(text))


def add_using(update: str, default: tuple[str, ...], named: tuple[str, ...]) -> str:
    """``update`` with ``USING <g>`` for each of ``default`` and ``USING NAMED <g>`` for each of
    ``named`` before the ``WHERE`` of every ``DELETE``/``INSERT … WHERE`` operation.

    Example:
        >>> add_using("CLEAR ALL ; INSERT { ?s a 1 } WHERE { ?s ?p ?o }", ("http://e/g",), ())
        'CLEAR ALL ; INSERT { ?s a 1 } USING <http://e/g> WHERE { ?s ?p ?o }'

    Raises:
        QueryError: the update has its own ``USING`` or ``WITH`` (the protocol says to refuse it).
    """
    if not default and not named:
        return update
    found = inspect(update)
    if found.using or found.with_graphs:
        raise QueryError("the update names its own dataset (USING or WITH) and the request names one too")
    clause = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named]) + " "
    out, depth, previous = [], 0, ""
    for token in tokens(update):
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "WHERE" and previous != "DELETE":
            out.append(clause)
        out.append(token.text)
        if token.kind not in ("ws", "comment"):
            previous = token.text.upper()
    return "".join(out)
