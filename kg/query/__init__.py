"""The named SPARQL query library: ``queries/*.rq``, each with a title, description and parameters.

A query file starts with comment lines that describe it::

    # title: Resources of one topic
    # description: Every resource a topic lists, with its section and publisher.
    # param topic: a topic's title or URL
    # param language=en: the language of labels (default en)

A parameter appears in the query as the SPARQL variable ``$name``. Its kind is ``integer`` when
its default is one, ``date`` when it says so (``# param old (date): …``), else ``string``; a value
is checked against its kind and bound as one RDF term: :meth:`NamedQuery.render` replaces each
``$name`` token by that term in one pass over the query's tokens (:func:`kg.query.sparql.substitute`),
so a value can never change the query's shape, nor be read as another parameter. (Oxigraph's own
``substitutions`` accept only projected variables, and no engine binds the ``LIMIT $limit`` a
query may use, so the term goes into the text, written by Oxigraph's serialiser.)

Example:
    >>> q = named_query("topic-resources")
    >>> q.params[0].name, q.params[0].required
    ('topic', True)
    >>> '"Genes and Gene Therapy"' in q.render({"topic": "Genes and Gene Therapy"})
    True
    >>> named_query("top-resources").terms({"limit": "5"})
    {'limit': '5'}
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.bounds import MAX_QUERY_BYTES, check_query
from kg.query.sparql import substitute, tokens

__all__ = ["Param", "NamedQuery", "library", "named_query", "resolve"]

QUERY_DIR = Path(__file__).with_name("queries")

_TITLE = re.compile(r"^#\s*title:\s*(.+?)\s*$", re.MULTILINE)
_DESCRIPTION = re.compile(r"^#\s*description:\s*(.+?)\s*$", re.MULTILINE)
_PARAM = re.compile(r"^#\s*param\s+(\w+)(?:\s*\((integer|date|string)\))?(?:=(\S*))?:\s*(.+?)\s*$", re.MULTILINE)
_INTEGER = re.compile(r"\d{1,18}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The kinds a parameter may have.
KINDS = ("string", "integer", "date")


@dataclass(frozen=True)
class Param:
    """A query parameter: its name, default (``None`` when required), description and kind (:data:`KINDS`)."""

    name: str
    default: str | None
    description: str
    kind: str = "string"

    @property
    def required(self) -> bool:
        return self.default is None

    def term(self, value: str) -> str:
        """``value`` checked against the kind and written as one SPARQL term: a bare unsigned integer,
        or a string literal escaped by Oxigraph.

        Example:
            >>> print(Param("topic", None, "a title").term('say "hi"'))
            "say \\"hi\\""
            >>> Param("limit", "10", "how many", "integer").term("-1")
            Traceback (most recent call last):
            ...
            kg.errors.QueryError: parameter 'limit' takes a whole number (0 or more), not '-1'

        Raises:
            QueryError: the value is not of the parameter's kind.
        """
        if self.kind == "integer":
            if not _INTEGER.fullmatch(value):
                raise QueryError(f"parameter {self.name!r} takes a whole number (0 or more), not {value!r}")
            return str(int(value))
        if self.kind == "date":
            try:
                if not _DATE.fullmatch(value):
                    raise ValueError
                datetime.date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"parameter {self.name!r} takes a date (YYYY-MM-DD), not {value!r}") from None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(f"parameter {self.name!r} is not valid Unicode text") from None
        term = str(ox.Literal(value))
        kinds = [t.kind for t in tokens(term)]
        if kinds != ["string"]:  # never expected: Oxigraph escapes quotes, backslashes and line ends
            raise QueryError(f"parameter {self.name!r} cannot be written as one literal")
        return term


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with a name, title, description and parameters."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    @classmethod
    def from_text(cls, name: str, text: str) -> NamedQuery:
        """Read the header comments of ``text``; a query without a title is titled by its name."""
        title = _TITLE.search(text)
        description = _DESCRIPTION.search(text)
        params = tuple(
            Param(m.group(1), m.group(3), m.group(4), m.group(2) or _kind_of(m.group(3))) for m in _PARAM.finditer(text)
        )
        return cls(
            name=name,
            title=title.group(1) if title else name,
            description=description.group(1) if description else "",
            params=params,
            text=text,
        )

    def terms(self, values: dict[str, str] | None = None) -> dict[str, str]:
        """Each parameter's value (given, or its default) as the SPARQL term it is bound to.

        Raises:
            QueryError: a value names an unknown parameter, is not of its parameter's kind, or a
                required one is missing.
        """
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            takes = ", ".join(sorted(known)) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (it takes: {takes})")
        terms = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                needs = f"needs a value for its parameter {param.name!r} ({param.description})"
                raise QueryError(f"query {self.name!r} {needs}")
            terms[param.name] = param.term(value)
        return terms

    def render(self, values: dict[str, str] | None = None) -> str:
        """The query text with each ``$param`` bound to its value's term (see :meth:`terms`), in one pass.

        Raises:
            QueryError: as :meth:`terms`.
        """
        terms = self.terms(values)
        return substitute(self.text, {name: term for name, term in terms.items()}) if terms else self.text


def _kind_of(default: str | None) -> str:
    return "integer" if default is not None and _INTEGER.fullmatch(default) else "string"


@cache
def library() -> dict[str, NamedQuery]:
    """Every named query by name, from ``kg/query/queries/*.rq``."""
    return {
        path.stem: NamedQuery.from_text(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(QUERY_DIR.glob("*.rq"))
    }


def named_query(name: str) -> NamedQuery:
    """The named query ``name``.

    Raises:
        QueryError: there is no such query.
    """
    try:
        return library()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r} (see `kg queries`)") from None


def resolve(name_or_file: str) -> NamedQuery:
    """A named query, or the query in a ``.rq``/``.sparql`` file.

    A query file must be a regular file of UTF-8 text within the bounds of :mod:`kg.query.bounds`.

    Raises:
        QueryError: neither a named query nor a readable query file, or a file that is not UTF-8
            text, too large or too deep.
    """
    if name_or_file in library():
        return library()[name_or_file]
    path = Path(name_or_file)
    if path.suffix in (".rq", ".sparql") or path.is_file():
        text = _read_query(path)
        check_query(text, str(path))
        return NamedQuery.from_text(path.stem, text)
    return named_query(name_or_file)


def _read_query(path: Path) -> str:
    """The text of the query file ``path``: a regular file of at most MAX_QUERY_BYTES, in UTF-8."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once, and is refused
    except OSError as error:
        raise QueryError(f"{path}: cannot read query: {error.strerror}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise QueryError(f"{path}: cannot read query: not a regular file")
        try:
            data = stream.read(MAX_QUERY_BYTES + 1)
        except OSError as error:
            raise QueryError(f"{path}: cannot read query: {error.strerror}") from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"{path}: larger than kg runs ({MAX_QUERY_BYTES:,} bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise QueryError(f"{path}:1: UTF-16 text: kg reads queries in UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise QueryError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[error.start]:02x})") from None
