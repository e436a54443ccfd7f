"""SPARQL SELECT results as a table: plain rows, then text, CSV, TSV or JSON.

CSV and JSON follow the SPARQL 1.1 result formats (CSV: plain values; JSON: typed terms);
TSV writes terms in Turtle syntax, as SPARQL 1.1 TSV does; the table shortens IRIs with kg's
prefixes for reading.

Example:
    >>> from rdflib import Literal, URIRef
    >>> table = Table(["name", "resources"], [[Literal("NHGRI"), Literal(12)]])
    >>> print(table.to_csv(), end="")
    name,resources
    NHGRI,12
    >>> OxigraphTable(["name"], [[ox.Literal("NHGRI")]]) == Table(["name"], [[Literal("NHGRI")]])
    True
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.escape import spreadsheet_cell

__all__ = ["Table", "OxigraphTable", "FORMATS", "to_rdflib"]

FORMATS = ("table", "csv", "tsv", "json")


#: A cell as rdflib holds it, or as Oxigraph does (``None`` where a variable is unbound).
Cell = Node | ox.NamedNode | ox.BlankNode | ox.Literal | None


@dataclass(eq=False)
class Table:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    columns: list[str]
    rows: list[list[Node | None]]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.columns == other.columns and self.rows == other.rows

    def cells(self) -> list[list[Cell]]:
        """The rows as the engine gave them: what text, CSV and JSON are written from."""
        return self.rows  # type: ignore[return-value]

    @classmethod
    def from_result(cls, result: Result) -> Table:
        """The rows of a SELECT result, in the query's column order."""
        columns = [str(v) for v in result.vars or []]
        return cls(columns, [list(row) for row in result])  # type: ignore[arg-type]

    def values(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (IRIs as strings, literals as their Python value)."""
        return [{c: _python(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame of Python values (pandas is imported here: install it to use this)."""
        import pandas

        return pandas.DataFrame(self.values(), columns=self.columns)

    def to_text(self, prefixes: dict[str, str] | None = None) -> str:
        """An aligned text table, IRIs shortened with ``prefixes`` (prefix → namespace) when given."""
        from tabulate import tabulate  # imported here: 15 ms of every `kg query`'s start, for this format only

        by_length = sorted((prefixes or {}).items(), key=lambda item: len(item[1]), reverse=True)

        def cell(term: Cell) -> str:
            text = _value(term)
            if isinstance(term, URIRef | ox.NamedNode):
                for prefix, namespace in by_length:
                    local = text[len(namespace) :]
                    if text.startswith(namespace) and local and "/" not in local and "#" not in local:
                        return f"{prefix}:{local}"
            return text

        cells = [[cell(v) for v in row] for row in self.cells()]
        return tabulate(cells, headers=self.columns, tablefmt="simple") + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: a header row, then plain values (a value a spreadsheet would run as a
        formula starts with ``'``: see :func:`kg.escape.spreadsheet_cell`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([[spreadsheet_cell(_value(v)) for v in row] for row in self.cells()])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV: ``?var`` headers, then terms in Turtle syntax."""
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        lines += ["\t".join("" if v is None else _tsv_term(v) for v in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        bindings = [
            {c: _json_term(v) for c, v in zip(self.columns, row, strict=True) if v is not None} for row in self.cells()
        ]
        document = {"head": {"vars": self.columns}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def render(self, fmt: str, prefixes: dict[str, str] | None = None) -> str:
        """The table in ``fmt``, one of :data:`FORMATS` (``prefixes`` shorten IRIs in the text table)."""
        if fmt == "table":
            return self.to_text(prefixes)
        return {"csv": self.to_csv, "tsv": self.to_tsv, "json": self.to_json}[fmt]()


class OxigraphTable(Table):
    """An Oxigraph SELECT result as a :class:`Table` that makes rdflib terms only when :attr:`rows`
    is read: text, CSV and JSON are written from Oxigraph's terms, which on an 18,000-row answer
    saves about 0.15 s (an rdflib literal costs about 3 µs to make)."""

    def __init__(self, columns: list[str], terms: list[list[Cell]]) -> None:
        self.columns = columns
        self.terms = terms

    @cached_property
    def rows(self) -> list[list[Node | None]]:  # type: ignore[override]
        convert = lru_cache(maxsize=65_536)(_to_rdflib_or_none)
        return [[convert(term) for term in row] for row in self.terms]

    def cells(self) -> list[list[Cell]]:
        return self.terms


def _to_rdflib_or_none(term: Any) -> Node | None:
    return None if term is None else to_rdflib(term)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An Oxigraph term as the equivalent rdflib term.

    Example:
        >>> to_rdflib(ox.Literal("Niños", language="es"))
        rdflib.term.Literal('Niños', lang='es')
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        # Oxigraph's lexical forms are kept as they are: rdflib's normalising costs more than the
        # rest of the conversion (about 3 µs a literal) and would change nothing that it checks.
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _value(term: Cell) -> str:
    """The term's lexical form or IRI (rdflib's terms are strings; Oxigraph's have ``value``)."""
    if term is None:
        return ""
    return str(term) if isinstance(term, Node) else term.value


def _python(term: Node | None) -> object:
    if isinstance(term, Literal):
        return term.toPython()
    return None if term is None else str(term)


def _tsv_term(term: Node) -> str:
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")


def _json_term(term: Cell) -> dict[str, str]:
    if isinstance(term, URIRef | ox.NamedNode):
        return {"type": "uri", "value": _value(term)}
    if isinstance(term, BNode | ox.BlankNode):
        return {"type": "bnode", "value": _value(term)}
    assert isinstance(term, Literal | ox.Literal)
    value: dict[str, str] = {"type": "literal", "value": _value(term)}
    if isinstance(term, ox.Literal):  # Oxigraph types a plain string xsd:string; rdflib leaves it untyped
        datatype = None if term.datatype.value == _XSD_STRING else term.datatype.value
    else:
        datatype = str(term.datatype) if term.datatype else None
    if term.language:
        value["xml:lang"] = term.language
    elif datatype:
        value["datatype"] = datatype
    return value
