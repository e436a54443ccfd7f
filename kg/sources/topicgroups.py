"""Reader for the MedlinePlus topic-groups file (``mplus_topic_groups_YYYY-MM-DD.xml``).

Example:
    >>> from pathlib import Path
    >>> groups = list(read(Path("tests/fixtures/xml/mplus_topic_groups_2024-08-10.xml")))
    >>> groups[0].name, groups[0].language, groups[0].id
    ('Blood, Heart and Circulation', 'en', '1')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.records import Group, SourceFile
from kg.sources.healthtopics import LANGUAGES, file_digest, open_xml, release

__all__ = ["FORMAT", "SUFFIXES", "sniff", "read"]

FORMAT = "medlineplus-groups-xml"
SUFFIXES = (".xml",)

_ROOT = re.compile(rb"<health-topic-groups[\s>]")


def sniff(head: bytes) -> bool:
    """True when ``head`` holds a ``<health-topic-groups>`` root element."""
    return bool(_ROOT.search(head))


def read(path: Path) -> Iterator[Group]:
    """Yield each :class:`Group` the file lists.

    Raises:
        InputError: unsafe or malformed XML, or a group without a name or URL, with the line.
    """
    source = SourceFile(name=path.name, sha256=file_digest(path), format=FORMAT)
    for event, element in open_xml(path, "health-topic-groups", "group"):
        if event == "end":
            name = " ".join("".join(element.itertext()).split())
            url = (element.get("url") or "").strip()
            if not name or not url:
                raise InputError(path, element.sourceline, "<group> needs a name and a url")
            language = element.get("language") or "English"
            yield Group(
                name=name,
                url=url,
                language=LANGUAGES.get(language, language.lower()[:2]),
                id=element.get("id"),
                source=source,
            )
            release(element)
