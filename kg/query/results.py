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
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.query import Result
from rdflib.term import Node
from tabulate import tabulate

__all__ = ["Table", "FORMATS"]

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Table:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    columns: list[str]
    rows: list[list[Node | None]]

    @classmethod
    def from_result(cls, result: Result) -> Table:
        """The rows of a SELECT result, in the query's column order."""
        columns = [str(v) for v in result.vars or []]
        return cls(columns, [list(row) for row in result])  # type: ignore[arg-type]

    def values(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (IRIs as strings, literals as their Python value)."""
        return [{c: _python(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_text(self, namespaces: NamespaceManager | None = None) -> str:
        """An aligned text table, IRIs shortened by ``namespaces`` when given."""

        def cell(term: Node | None) -> str:
            if isinstance(term, URIRef) and namespaces is not None:
                try:
                    return namespaces.curie(term, generate=False)
                except (KeyError, ValueError):
                    return str(term)
            return "" if term is None else str(term)

        return tabulate([[cell(v) for v in row] for row in self.rows], headers=self.columns, tablefmt="simple") + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: a header row, then plain values."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([["" if v is None else str(v) for v in row] for row in self.rows])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV: ``?var`` headers, then terms in Turtle syntax."""
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        lines += ["\t".join("" if v is None else _tsv_term(v) for v in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        bindings = [
            {c: _json_term(v) for c, v in zip(self.columns, row, strict=True) if v is not None} for row in self.rows
        ]
        document = {"head": {"vars": self.columns}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def render(self, fmt: str, namespaces: NamespaceManager | None = None) -> str:
        """The table in ``fmt``, one of :data:`FORMATS`."""
        if fmt == "table":
            return self.to_text(namespaces)
        return {"csv": self.to_csv, "tsv": self.to_tsv, "json": self.to_json}[fmt]()


def _python(term: Node | None) -> object:
    if isinstance(term, Literal):
        return term.toPython()
    return None if term is None else str(term)


def _tsv_term(term: Node) -> str:
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value
