"""A streaming Turtle writer for triples already in N-Triples syntax, grouped by subject.

kg's mapper produces each topic's triples sorted, so a subject's triples arrive together; this
writer abbreviates IRIs with the fixed prefix table, groups predicates with ``;`` and objects
with ``,``, and writes ``a`` for ``rdf:type``. It is kg's own because a round trip through a
general serialiser costs more than the rest of a build (see the README's performance section);
the tests parse its output with Oxigraph and compare it triple by triple with the input.

Example:
    >>> import io
    >>> out = io.BytesIO()
    >>> writer = TurtleWriter(out, {"ex": "https://example.org/"})
    >>> writer.write([
    ...     ("<https://example.org/a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://example.org/T>"),
    ...     ("<https://example.org/a>", "<https://example.org/n>", '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ...     ("<https://example.org/a>", "<https://example.org/n>", '"x"@en'),
    ... ])
    >>> print(out.getvalue().decode())
    @prefix ex: <https://example.org/> .
    <BLANKLINE>
    ex:a a ex:T ;
        ex:n 7 , "x"@en .
    <BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import BinaryIO

__all__ = ["TurtleWriter", "Triple"]

Triple = tuple[str, str, str]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CACHE_LIMIT = 50_000  # terms remembered between batches; beyond, the cache starts afresh (most never recur)
_BARE = {f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"), f"<{_XSD}boolean>": re.compile(r"true|false")}


class TurtleWriter:
    """Writes Turtle to a binary ``stream``: the prefix table first (unless ``header`` is false), then
    each :meth:`write` batch."""

    def __init__(self, stream: BinaryIO, prefixes: dict[str, str], *, header: bool = True) -> None:
        self.stream = stream
        self.triples = 0
        self._prefixes = {namespace: prefix for prefix, namespace in prefixes.items()}
        self._cache: dict[str, str] = {}
        if header:  # without it, the output continues a document that declared the prefixes
            lines = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(prefixes.items()))
            stream.write(lines.encode("utf-8"))

    def write(self, triples: Sequence[Triple]) -> None:
        """Write ``triples``; those of one subject must be consecutive (sorted input is)."""
        parts: list[str] = []
        term = self._term
        previous_subject = previous_predicate = None
        for subject, predicate, obj in triples:
            if subject != previous_subject:
                if previous_subject is not None:
                    parts.append(" .\n")
                parts += ("\n", term(subject), " ", "a" if predicate == _RDF_TYPE else term(predicate), " ")
                previous_subject, previous_predicate = subject, predicate
            elif predicate != previous_predicate:
                parts += (" ;\n    ", "a" if predicate == _RDF_TYPE else term(predicate), " ")
                previous_predicate = predicate
            else:
                parts.append(" , ")
            parts.append(term(obj))
        if previous_subject is not None:
            parts.append(" .\n")
        self.triples += len(triples)
        self.stream.write("".join(parts).encode("utf-8"))
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()

    def _term(self, term: str) -> str:
        """An N-Triples term in its shortest Turtle form (remembered: most terms recur)."""
        short = self._cache.get(term)
        if short is None:
            short = self._cache[term] = self._shorten(term)
        return short

    def _shorten(self, term: str) -> str:
        if term[0] == "<":
            iri = term[1:-1]
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self._prefixes.get(iri[:cut])
            local = iri[cut:]
            if prefix is not None and _LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
            return term
        if term[-1] == ">":  # a typed literal: "lexical"^^<datatype>
            lexical, _, datatype = term.rpartition("^^")
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(lexical[1:-1]):
                return lexical[1:-1]
            return f"{lexical}^^{self._term(datatype)}"
        return term
