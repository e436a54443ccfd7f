"""What kg writes from a store, registered by name as the sources are: the graph in every RDF format
of :mod:`kg.rdf.formats`, its VoID description, and the typed graph as GraphML and GEXF.

``kg export --format NAME`` looks the output up here; :func:`register` adds another (the built-ins
use it too). Each writer gives the same bytes for the same graph.

Example:
    >>> import kg
    >>> store = kg.load(["data/genesandgenetherapy.txt"])
    >>> sorted(OUTPUTS)
    ['gexf', 'graphml', 'jsonld', 'nquads', 'nt', 'rdfxml', 'trig', 'turtle', 'void']
    >>> output("xml").suffix, output("void").suffix
    ('.rdf', '.void.ttl')
    >>> output("nt").write(store)[:5]
    b'<http'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.rdf.formats import FORMATS, RdfFormat

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["Output", "OUTPUTS", "register", "output", "names"]


@dataclass(frozen=True)
class Output:
    """An output: its name, other names, the file suffix and media type it is written with, what it
    is, and its writer (a store in, bytes out)."""

    name: str
    suffix: str
    media_type: str
    description: str
    write: Callable[[Store], bytes]
    names: tuple[str, ...] = ()


#: Every output by name.
OUTPUTS: dict[str, Output] = {}


def register(entry: Output) -> Output:
    """Add ``entry`` to :data:`OUTPUTS` (a name already there is replaced); returns it."""
    OUTPUTS[entry.name] = entry
    return entry


def output(name: str) -> Output:
    """The output called ``name`` (or one of its other names).

    Raises:
        KeyError: no output has that name.
    """
    if name in OUTPUTS:
        return OUTPUTS[name]
    for entry in OUTPUTS.values():
        if name in entry.names:
            return entry
    raise KeyError(name)


def names() -> list[str]:
    """Every name :func:`output` takes: the outputs' own, then their other names a user may know."""
    return [*OUTPUTS, *(alias for entry in OUTPUTS.values() for alias in entry.names if alias not in OUTPUTS)]


def _rdf_writer(rdf_format: RdfFormat) -> Callable[[Store], bytes]:
    def write(store: Store) -> bytes:
        from kg.outputs.export import serialize_rdf

        return serialize_rdf(store, rdf_format)

    return write


def _void(store: Store) -> bytes:
    from kg.outputs.void import describe, to_turtle

    return to_turtle(describe(store), store.base)


def _network(fmt: str) -> Callable[[Store], bytes]:
    def write(store: Store) -> bytes:
        from kg.outputs.network import to_networkx, write_network

        return write_network(to_networkx(store), fmt)

    return write


for _format in FORMATS:  # each RDF format under kg's name; "xml" too, kg export's name for RDF/XML before
    register(Output(_format.name, _format.suffix, _format.media_type, f"the graph as {_format.label}",
                    _rdf_writer(_format), tuple(n for n in _format.names if n == "xml")))  # fmt: skip
register(Output("void", ".void.ttl", "text/turtle", "the dataset's VoID/DCAT description, in Turtle", _void))
register(Output("graphml", ".graphml", "application/graphml+xml", "the typed graph, for Gephi and Cytoscape",
                _network("graphml")))  # fmt: skip
register(Output("gexf", ".gexf", "application/gexf+xml", "the typed graph, for Gephi", _network("gexf")))
