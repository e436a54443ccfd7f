"""``kg export``: an output of :mod:`kg.outputs` written to a file, the same bytes every time.

Example:
    >>> import kg, tempfile
    >>> store = kg.load([Path("data")])
    >>> serialize(store, "nt") == serialize(store, "nt")
    True
    >>> export(store, "turtle", Path(tempfile.mkdtemp()) / "graph.ttl.gz") > 0
    True
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox

from kg.files import write_atomic
from kg.mapping.prefixes import prefixes
from kg.outputs import output
from kg.rdf.formats import RdfFormat
from kg.store import Store

__all__ = ["serialize", "serialize_rdf", "export"]


def serialize(store: Store, fmt: str = "turtle") -> bytes:
    """What the output ``fmt`` (a name :func:`kg.outputs.output` takes) writes of ``store``.

    The graph's formats write the triples in sorted order with kg's fixed prefix table, so the same
    graph gives the same bytes; TriG and N-Quads put them in the named graph ``graph/data``.
    ``void`` is not the graph but its VoID/DCAT description (:mod:`kg.outputs.void`), in Turtle.
    ``graphml`` and ``gexf`` are the typed graph with the analysis as node attributes
    (:mod:`kg.outputs.network`), written by NetworkX.

    Raises:
        KeyError: ``fmt`` is not a known output.
    """
    return output(fmt).write(store)


def serialize_rdf(store: Store, rdf_format: RdfFormat) -> bytes:
    """The store's data graph in ``rdf_format``; JSON-LD is compacted with the prefix table as its
    context, its arrays sorted."""
    if rdf_format.oxigraph != ox.RdfFormat.JSON_LD:
        return store.dump(rdf_format.oxigraph)
    document = json.loads(store.data().serialize(format="json-ld", context=prefixes(store.base)))
    return (json.dumps(_ordered(document), ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def export(store: Store, fmt: str, target: Path) -> int:
    """Write the output ``fmt`` of ``store`` to the file ``target``, gzipped (with no timestamp, so the
    same graph gives the same bytes) when its name ends in ``.gz``; returns the bytes written.

    Raises:
        KeyError: ``fmt`` is not a known output.
        OutputError: ``target`` cannot be written.
    """
    data = serialize(store, fmt)
    if target.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    write_atomic(target, data)
    return len(data)


def _ordered(value: object) -> object:
    """A JSON-LD document with every array sorted (kg writes no ordered lists), for stable bytes."""
    if isinstance(value, dict):
        return {key: _ordered(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_ordered(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value
