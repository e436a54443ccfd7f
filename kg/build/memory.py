"""A graph built in memory: MedlinePlus inputs read, merged and mapped straight into a store.

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> store = Store()
    >>> build_in_memory([Path("data")], store)["topics"], len(store)
    (12, 4582)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg import sources
from kg.build.merge import merge
from kg.mapping.triples import Mapper
from kg.rdf.ntriples import lines
from kg.store import Store

__all__ = ["build_in_memory"]


def build_in_memory(inputs: Iterable[Path], store: Store) -> Counter[str]:
    """Read, merge and map the MedlinePlus ``inputs`` (files or folders) into ``store``'s data graph;
    returns the mapper's counts (topics, resources, publishers … triples).

    Raises:
        InputError: an input is missing, unreadable or malformed.
    """
    topics, groups = merge(sources.read(sources.resolve(inputs)))
    mapper = Mapper(store.base)
    store.add_lines(lines(t for batch in mapper.batches(topics, groups) for t in batch))
    return mapper.counts
