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
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
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
                raise QueryError(f"query {self.name!r} needs --param {param.name}=… ({param.description})")
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

    Raises:
        QueryError: neither a named query nor a readable query file.
    """
    if name_or_file in library():
        return library()[name_or_file]
    path = Path(name_or_file)
    if path.suffix in (".rq", ".sparql") or path.is_file():
        try:
            return NamedQuery.from_text(path.stem, path.read_text(encoding="utf-8"))
        except OSError as error:
            raise QueryError(f"{path}: cannot read query: {error.strerror}") from None
    return named_query(name_or_file)
