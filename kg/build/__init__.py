"""The main job, ``kg build``: inputs → merged records → triples → ``graph.ttl``, then the analysis,
the on-disk store and the HTML, as one transaction.

:mod:`~kg.build.pipeline` runs the stages (:func:`build`), :mod:`~kg.build.parallel` splits the graph
between two processes, :mod:`~kg.build.merge` makes one topic of several inputs' records,
:mod:`~kg.build.releases` writes ``--release`` graphs, :mod:`~kg.build.transaction` makes the build one
transaction, :mod:`~kg.build.memory` builds a graph in memory, and :mod:`~kg.build.layout` names the
build folder's files and opens a build again.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kg.build import build
    >>> build([Path("data")], Path(tempfile.mkdtemp())).summary["topics"]
    12
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.build.pipeline import BuildResult, build

__all__ = ["build", "BuildResult"]


def __getattr__(name: str) -> Any:
    """:func:`build` and :class:`BuildResult`, imported on first use: the build folder's names
    (:mod:`kg.build.layout`) are read by stages that the pipeline itself imports."""
    if name in __all__:
        from kg.build import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")
