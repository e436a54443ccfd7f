"""A SPARQL parser's error in words a person reads, pointing at the word at fault.

Oxigraph reports where it stopped and every token it would have taken there, character classes
included (``['A' ..= 'Z' | 'a' ..= 'z' | '\\u{00C0}'..='\\u{00D6}' …]``). :func:`explain` keeps the
line and column, names the word, and says what was expected in words: keywords by name, character
classes as "a name", digits as "a number", an undeclared prefix as such.

Example:
    >>> explain("error at 1:28: expected one of Prefix not found, ['%'], [':']", "SELECT * WHERE { ?s foo:bar ?o }")
    'line 1, column 21: the prefix "foo:" is not declared (add a PREFIX foo: <…> line)'
    >>> explain("error at 1:35: expected one of HAVING, OFFSET, ['0'..='9']", "SELECT * WHERE { ?s ?p ?o } LIMIT x")
    'line 1, column 35 (at "x", after "LIMIT"): expected HAVING, OFFSET or a number'
"""

from __future__ import annotations

import re

__all__ = ["explain", "readable_error"]

_AT = re.compile(r"error at (\d+):(\d+): (.*)$", re.DOTALL)
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*")


def explain(message: str, text: str) -> str:
    """``message`` (Oxigraph's ``error at LINE:COLUMN: …``) in words, for the query ``text``;
    a message of another shape comes back as it is."""
    found = _AT.match(message)
    if not found:
        return message
    line, column, rest = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    start, word, previous = _word_at(here, column)
    where = f"line {line}, column {start + 1}"
    if "Prefix not found" in rest:
        prefixed = _prefixed_near(here, column)
        if prefixed is not None:
            return f'{where}: the prefix "{prefixed}:" is not declared (add a PREFIX {prefixed}: <…> line)'
        return f"{where}: a prefix is not declared (add a PREFIX line for it)"
    context = f' (at "{word}", after "{previous}")' if word and previous else (f' (at "{word}")' if word else "")
    if "IRI parsing failed" in rest:
        return f"{where}{context}: this IRI is not valid (write an absolute IRI, such as <https://example.org/x>)"
    expected = _expected(rest)
    return f"{where}{context}: " + (f"expected {expected}" if expected else "this is not valid SPARQL here")


def _word_at(line: str, column: int) -> tuple[int, str, str]:
    """The start, the text of the word at ``column`` (1-based; the parser may point just past it),
    and the word before it."""
    at = min(max(column - 1, 0), len(line))
    while at > 0 and (at >= len(line) or line[at].isspace()):
        at -= 1
    start = at
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    word = line[start:].split(None, 1)[0][:40] if line[start:].strip() else ""
    before = line[:start].split()
    return start, word, before[-1][:30] if before else ""


def _prefixed_near(line: str, column: int) -> str | None:
    """The prefix of the prefixed name that ends at or covers ``column``."""
    for match in _PREFIXED.finditer(line):
        if match.start() < column <= match.end() + 1 and match.group(1):
            return match.group(1)
    names = [m.group(1) for m in _PREFIXED.finditer(line[:column]) if m.group(1)]
    return names[-1] if names else None


def _expected(rest: str) -> str:
    """What the parser expected, in words: its keywords, then "a number", "a name" for its classes."""
    listed = rest.removeprefix("expected one of ").removeprefix("expected ")
    words: list[str] = []
    for item in re.findall(r"\[[^\]]*\]|[^,]+", listed):
        item = item.strip()
        if not item:
            continue
        if item.startswith("["):
            kind = "a number" if re.fullmatch(r"\['0'\s*\.\.=\s*'9'\]", item) else _symbol(item)
        else:
            kind = item
        if kind not in words:
            words.append(kind)
    if len(words) > 8:
        words = [*words[:8], "…"]
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else (words[0] if words else "")


def _symbol(item: str) -> str:
    """A character class or a one-character token in words."""
    single = re.fullmatch(r"\['(.)'\]", item)
    if single:
        return f'"{single.group(1)}"'
    return "a name" if "'A'" in item or "'a'" in item or "\\u{" in item else "a character"


def readable_error(message: str, text: str) -> str:
    """A query error's message with the parser's part (``bad SPARQL query: error at …``) explained.

    Example:
        >>> print(readable_error("bad SPARQL query: error at 1:8: expected one of ['*'], DISTINCT", "SELECT "))
        bad SPARQL query: line 1, column 1 (at "SELECT"): expected "*" or DISTINCT
    """
    head, sep, tail = message.partition("bad SPARQL query: ")
    return f"{head}{sep}{explain(tail, text)}" if sep else message
