"""kg's CSV, TSV and JSON of an Oxigraph SELECT answer, made from Oxigraph's own serialisation (no
Python term per cell): the bytes :meth:`kg.query.results.Table.to_csv`, ``to_tsv`` and ``to_json``
write of it.

Oxigraph's SPARQL CSV differs from kg's only in ending its rows in ``\\r\\n`` (kg's: ``\\n``); its TSV
only in writing integers, decimals and booleans bare (kg's: ``"12"^^xsd:integer``). Both are undone
here on the bytes. Its JSON is kg's document unindented: it is read back and written indented, as
kg writes it (still 0.3 s faster than kg's writer on an 18,000-row answer, Python's indenting
encoder being most of what is left). Where that would not give kg's bytes exactly, :func:`written`
says so (``None``) and the caller writes the table as before: in CSV, a carriage return in a value, an IRI
with a comma (Oxigraph's writer does not quote IRIs), a cell kg escapes
as a formula (:func:`kg.escape.spreadsheet_cell`), a blank node (kg writes its bare label), an
empty row of a one-column answer (kg writes ``""``); in TSV, a line break in a value (rdflib writes
a long string). Anything that might be one of those counts as one.

Example:
    >>> import pyoxigraph as ox
    >>> answer = 'SELECT ?t ?n WHERE { VALUES (?t ?n) { ("Genes, and more"@en 12) ("x" 0.5) } }'
    >>> written(ox.Store().query(answer), "csv")
    Written(columns=['t', 'n'], rows=2, data=b't,n\\n"Genes, and more",12\\nx,0.5\\n')
    >>> written(ox.Store().query(answer), "tsv").data.decode().splitlines()[1]
    '"Genes, and more"@en\\t"12"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> written(ox.Store().query('SELECT ?t WHERE { VALUES ?t { "=1+1" } }'), "csv") is None
    True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.escape import spreadsheet_cell

__all__ = ["FORMATS", "Written", "written", "commas_intact"]

#: The formats :func:`written` writes.
FORMATS = ("csv", "tsv", "json")

#: A CSV cell kg might escape or write otherwise: one starting with a formula character (unless a
#: number), quoted and starting with one, or a blank node; a comma inside a quoted value may start
#: a false alarm, which only costs the slower path.
_RISKY_CELL = re.compile(rb'(?:^|(?<=[,\n]))(?:[=+\-@\t][^,\r\n"]*|"[=+\-@\t]|_:)')
_QUOTED = re.compile(rb'"(?:[^"]|"")*"')
#: A bare number or boolean cell of Oxigraph's TSV (between tabs or line ends).
_BARE = re.compile(
    rb"(?<![^\t\n])(?:(?P<integer>[+-]?\d+)|(?P<decimal>[+-]?\d*\.\d+)|(?P<boolean>true|false))(?![^\t\n])"
)
_XSD = b"http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Written:
    """An answer written in kg's format: its columns, how many rows, and the bytes."""

    columns: list[str]
    rows: int
    data: bytes


def written(solutions: ox.QuerySolutions, fmt: str) -> Written | None:
    """The bytes kg writes of ``solutions`` in ``fmt`` (one of :data:`FORMATS`), from Oxigraph's
    serialisation; ``None`` where those would differ (see the module docstring). Reads ``solutions``.

    Raises:
        OSError, RuntimeError, ValueError: the query failed while its rows were read (Oxigraph's errors).
    """
    columns = [variable.value for variable in solutions.variables]
    if fmt == "csv":
        data = solutions.serialize(format=ox.QueryResultsFormat.CSV) or b""
        return _csv(columns, data)
    if fmt == "json":  # kg's is indented: Oxigraph's read back, written again (its terms' keys in kg's order)
        document = json.loads(solutions.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return Written(columns, len(document["results"]["bindings"]), text.encode("utf-8"))
    data = solutions.serialize(format=ox.QueryResultsFormat.TSV) or b""
    if b"\\n" in data:  # perhaps a line break in a value, which rdflib writes as a long string
        return None
    return Written(columns, data.count(b"\n") - 1, _BARE.sub(_typed, data))


def commas_intact(data: bytes, columns: int, lines: int) -> bool:
    """True when Oxigraph's CSV ``data`` (``lines`` lines with the header, ``columns`` columns) has no
    comma outside quotes but those between columns: its writer leaves IRIs unquoted, so an IRI with
    a comma would read as a column too many.

    Example:
        >>> commas_intact(b'a,b\\nx,"1,2"\\n', 2, 2), commas_intact(b"a,b\\nhttps://e.org/x,y,1\\n", 2, 2)
        (True, False)
    """
    return _QUOTED.sub(b"", data).count(b",") == lines * (columns - 1)


def _csv(columns: list[str], data: bytes) -> Written | None:
    rows = data.count(b"\r\n") - 1
    if data.count(b"\r") != rows + 1 or (b'"' in data and any(b"\r" in field for field in _QUOTED.findall(data))):
        return None  # a carriage return in a value: not every \r\n ends a row
    if not commas_intact(data, len(columns), rows + 1):
        return None
    if len(columns) == 1 and b"\n\r\n" in data:
        return None  # an empty cell alone on its row, which Python's writer quotes
    for cell in _RISKY_CELL.findall(data):
        if cell.startswith((b'"', b"_")) or spreadsheet_cell(text := cell.decode("utf-8")) != text:
            return None
    return Written(columns, rows, data.replace(b"\r\n", b"\n"))


def _typed(match: re.Match[bytes]) -> bytes:
    """A bare TSV cell as rdflib writes the literal: its lexical form quoted, with its datatype."""
    kind = match.lastgroup or ""
    return b'"' + match.group() + b'"^^<' + _XSD + kind.encode() + b">"
