"""``kg build --release``: the graph as it stood on a date, with a :class:`kg:Release` node.

Example:
    >>> release_date([], [], "2025-03-04")
    datetime.date(2025, 3, 4)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kg.build.layout import RELEASES_DIR
from kg.errors import OutputError
from kg.files import write_atomic
from kg.mapping.iris import Iris
from kg.mapping.prefixes import prefixes
from kg.mapping.vocab import KG
from kg.rdf.ntriples import minted, xsd_date
from kg.rdf.turtle import TurtleWriter
from kg.records import Group, Topic

__all__ = ["release_date", "write_release"]

_A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SOURCE = "<http://purl.org/dc/terms/source>"


def release_date(topics: Sequence[Topic], groups: Sequence[Group], release: str) -> date:
    """The release's date: ``release`` itself, or for ``"auto"`` the newest date NLM generated an
    input file (else the newest page-last-updated date).

    Raises:
        OutputError: ``release`` is not a date, or ``"auto"`` finds none in the inputs.
    """
    if release != "auto":
        try:
            return date.fromisoformat(release)
        except ValueError:
            raise OutputError(f"--release takes a date, YYYY-MM-DD, not {release!r}") from None
    sources_ = [s for t in topics for s in t.sources] + [g.source for g in groups]
    generated = [s.generated.date() for s in sources_ if s.generated]
    found = max(generated, default=None) or max((t.updated for t in topics if t.updated), default=None)
    if found is None:
        raise OutputError("the inputs carry no date to name the release by: give --release YYYY-MM-DD")
    return found


def write_release(graph: Path, when: date, topics: Sequence[Topic], groups: Sequence[Group], iris: Iris) -> Path:
    """``releases/<date>.ttl`` beside ``graph``: its triples plus the release's own description."""
    node = minted(iris.graph(f"release/{when.isoformat()}"))
    sources_ = {s for t in topics for s in t.sources} | {g.source for g in groups}
    triples = [(node, _A, minted(str(KG.Release))), (node, minted(str(KG.releaseDate)), xsd_date(when))]
    triples += [(node, _SOURCE, minted(iris.source(s.sha256))) for s in sources_]
    block = io.BytesIO()
    TurtleWriter(block, prefixes(iris.base), header=False).write(sorted(triples))
    target = graph.parent / RELEASES_DIR / f"{when.isoformat()}.ttl"
    write_atomic(target, graph.read_bytes() + block.getvalue())
    return target
