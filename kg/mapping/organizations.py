"""Organization names: one key per organization, NIH membership, and the canonical spelling.

Names are matched case- and punctuation-insensitively, ``&`` as ``and``, accents folded, and
through the aliases in ``organizations.toml`` (acronyms, former names).

Example:
    >>> canonical_name("NHGRI")
    'National Human Genome Research Institute'
    >>> organization_key("American Society of Gene & Cell Therapy")
    'american-society-of-gene-and-cell-therapy'
    >>> is_nih("National Center for Biotechnology Information"), is_nih("Nemours Foundation")
    (True, False)
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["fold", "organization_key", "canonical_name", "is_nih"]

_TABLE = Path(__file__).with_name("organizations.toml")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PUNCTUATION = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """``text`` lower-cased, accents removed, ``&`` as ``and``, punctuation as single dashes.

    Example:
        >>> fold("  Niños & Teens: A-Z ")
        'ninos-and-teens-a-z'
    """
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _PUNCTUATION.sub("-", text.replace("&", " and ")).strip("-")


@cache
def _known() -> dict[str, tuple[str, bool]]:
    """Folded name or alias -> (canonical name, part of NIH)."""
    table = tomllib.loads(_TABLE.read_text(encoding="utf-8"))
    known: dict[str, tuple[str, bool]] = {}
    for entry in table["organization"]:
        for name in (entry["name"], *entry.get("aliases", ())):
            known[fold(name)] = (entry["name"], bool(entry.get("nih", False)))
    return known


@lru_cache(maxsize=1 << 14)
def canonical_name(name: str) -> str:
    """The canonical spelling of an organization's name (the name itself when unknown)."""
    known = _known().get(fold(name))
    return known[0] if known else " ".join(name.split())


def organization_key(name: str) -> str:
    """The key that identifies an organization: the folded canonical name."""
    return fold(canonical_name(name))


def is_nih(name: str) -> bool:
    """True when the organization is NIH or one of its institutes, centers and offices."""
    known = _known().get(fold(name))
    return bool(known and known[1])
