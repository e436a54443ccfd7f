"""Bounds on a SPARQL query before any engine sees it: its size, and how deeply it nests.

A query nested thousands of levels deep (``{{{{…}}}}`` or ``((((…))))``) overflows the stack of
the engines' recursive parsers (Oxigraph segfaults at a few thousand levels); real queries nest a
handful. Brackets inside strings, IRIs and comments do not count.

Example:
    >>> check_query("SELECT * WHERE { ?s ?p '{{{{' }")
    >>> check_query("SELECT * WHERE " + "{" * 500 + "}" * 500)
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: query:1: nested 500 levels deep (kg allows 100)
"""

from __future__ import annotations

import re

from kg.errors import QueryError

__all__ = ["MAX_QUERY_BYTES", "MAX_NESTING", "check_query"]

#: The largest query kg runs, in UTF-8 bytes.
MAX_QUERY_BYTES = 1 << 20
#: The deepest nesting of ``{``, ``(`` and ``[`` kg runs.
MAX_NESTING = 100

# Skipped whole: long and short strings (with escapes), IRIs, comments; then one bracket.
_TOKEN = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*|[{(\[]|[})\]]""",
    re.DOTALL,
)


def check_query(text: str, source: str = "query") -> None:
    """Refuse ``text`` when it is larger than :data:`MAX_QUERY_BYTES` or nests deeper than
    :data:`MAX_NESTING`; ``source`` names it in the error (a file, or ``query``).

    Raises:
        QueryError: the query is too large or too deep.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"{source}: {size:,} bytes, larger than kg runs ({MAX_QUERY_BYTES:,})")
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{([":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, match.start()) + 1
                deepest = depth + _deeper(text, match.end())
                raise QueryError(f"{source}:{line}: nested {deepest} levels deep (kg allows {MAX_NESTING})")
        elif token in "})]":
            depth = max(0, depth - 1)


def _deeper(text: str, start: int) -> int:
    """How many more levels open after ``start`` before the first close (for the message)."""
    run = re.match(r"[\s{(\[]*", text[start:])
    return sum(run.group().count(c) for c in "{([") if run else 0
