"""Reading the cells of :meth:`kg.store.Store.tsv`: SPARQL TSV terms, in N-Triples syntax (numbers bare).

Example:
    >>> text("<https://e.org/a>"), text("_:b1"), text('"Niños"@es'), text("12")
    ('https://e.org/a', 'b1', 'Niños', '12')
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["Label", "text", "label"]

#: A literal's text and its language tag ("" when it has none).
Label = tuple[str, str]


def text(cell: str) -> str:
    """The IRI, blank node id or literal text of a TSV cell."""
    if cell[0] == "<":
        return cell[1:-1]
    if cell.startswith("_:"):
        return cell[2:]
    return label(cell)[0]


def label(cell: str) -> Label:
    """A literal's text and language tag from a TSV cell: ``"text"@en``, ``"text"``, ``"1"^^<…>`` or a bare number.

    Example:
        >>> label('"Niños"@es'), label('"say \\\\"hi\\\\""@en'), label("12"), label('"7"^^<https://e.org/t>')
        (('Niños', 'es'), ('say "hi"', 'en'), ('12', ''), ('7', ''))
    """
    if cell[0] != '"':
        return (cell, "")
    end = cell.rindex('"')
    if "\\" in cell[:end]:  # an escape: Oxigraph's parser reads it
        term = next(iter(ox.parse(f"<x:s> <x:p> {cell} .", format=ox.RdfFormat.N_TRIPLES))).object
        return (str(term.value), str(getattr(term, "language", None) or ""))
    rest = cell[end + 1 :]
    return (cell[1:end], rest[1:] if rest.startswith("@") else "")
