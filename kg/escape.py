"""Data strings made harmless for whoever opens what kg writes: CSV cells and Markdown text.

A title such as ``=HYPERLINK("http://evil/", "x")`` in a CSV cell is a formula to a spreadsheet;
``<img src=x onerror=alert(1)>`` or ``[x](javascript:alert(1))`` in Markdown is markup to its
renderer. :func:`spreadsheet_cell` neutralises the first as OWASP describes (a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a number, gets a leading
``'``); :func:`markdown_text` backslash-escapes the punctuation that makes inline Markdown (links,
emphasis, code, raw HTML, table pipes) and an ``&`` that starts an entity, so text stays text.

Example:
    >>> spreadsheet_cell('=HYPERLINK("http://evil/")'), spreadsheet_cell("-0.5")
    ('\\'=HYPERLINK("http://evil/")', '-0.5')
    >>> print(markdown_text("[x](javascript:alert(1)) <img src=x> 65.0%"))
    \\[x\\](javascript:alert(1)) \\<img src=x\\> 65.0%
"""

from __future__ import annotations

import re

__all__ = ["spreadsheet_cell", "markdown_text"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# What makes markup inline (a data string is never at a line's start: it sits in a sentence or a
# table cell), so block markers such as "#", "-" or "1." need no escape, nor "(" once "[" has one.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&lt;" would be read as "<"; "Gene & Cell" is fine as it is


def spreadsheet_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula (numbers are left as they are)."""
    if text.startswith(_FORMULA) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def markdown_text(text: str) -> str:
    """``text`` as inline Markdown that renders as exactly that text, on one line."""
    return _MARKDOWN.sub(r"\\\1", _ENTITY.sub("&amp;", " ".join(text.split())))
