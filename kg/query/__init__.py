"""The named SPARQL query library: ``queries/*.rq``, each with a title, description and parameters.

A query file starts with comment lines that describe it::

    # title: Resources of one topic
    # description: Every resource a topic lists, with its section and publisher.
    # param topic: a topic's title or URL
    # param language=en: the language of labels (default en)

A parameter appears in the query as the SPARQL variable ``$name``; :meth:`NamedQuery.render`
replaces it with the value as an escaped literal (an integer stays an integer), so a value can
never change the query's shape.

Example:
    >>> q = named_query("topic-resources")
    >>> q.params[0].name, q.params[0].required
    ('topic', True)
    >>> '"Genes and Gene Therapy"' in q.render({"topic": "Genes and Gene Therapy"})
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Literal

from kg.errors import QueryError

__all__ = ["Param", "NamedQuery", "library", "named_query", "resolve"]

QUERY_DIR = Path(__file__).with_name("queries")

_TITLE = re.compile(r"^#\s*title:\s*(.+?)\s*$", re.MULTILINE)
_DESCRIPTION = re.compile(r"^#\s*description:\s*(.+?)\s*$", re.MULTILINE)
_PARAM = re.compile(r"^#\s*param\s+(\w+)(?:=(\S*))?:\s*(.+?)\s*$", re.MULTILINE)
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Param:
    """A query parameter: its name, default (``None`` when required) and description."""

    name: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


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
        params = tuple(Param(m.group(1), m.group(2), m.group(3)) for m in _PARAM.finditer(text))
        return cls(
            name=name,
            title=title.group(1) if title else name,
            description=description.group(1) if description else "",
            params=params,
            text=text,
        )

    def render(self, values: dict[str, str] | None = None) -> str:
        """The query text with each ``$param`` replaced by its value as a SPARQL literal.

        Raises:
            QueryError: a value names an unknown parameter, or a required one is missing.
        """
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            takes = ", ".join(sorted(known)) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (it takes: {takes})")
        text = self.text
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                raise QueryError(f"query {self.name!r} needs --param {param.name}=… ({param.description})")
            literal = value if _INTEGER.match(value) else Literal(value).n3()
            text = re.sub(rf"\${param.name}\b", literal.replace("\\", "\\\\"), text)  # a template: \\ escaped
        return text


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
