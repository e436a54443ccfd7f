"""The typed graph with its analysis as a NetworkX graph, and as GraphML or GEXF for Gephi and Cytoscape.

Nodes are keyed by IRI and carry ``kind``, ``label`` (English, else any), ``label_en``,
``label_es``, ``language``, ``url``, ``nih``, and from ``kg analyze`` ``pagerank``,
``betweenness`` and ``community`` (its label), when there; ``degree`` is the node's number of
links. Each link is one edge keyed by its relation (a ``relation`` attribute too). An attribute a
node has not is left out (GraphML and GEXF have no null).

Example:
    >>> from pathlib import Path
    >>> from kg.store import Store
    >>> import kg
    >>> graph = to_networkx(kg.load([Path("data/genesandgenetherapy.txt")]))
    >>> graph.number_of_nodes(), graph.number_of_edges(), graph.nodes[next(iter(graph))]["kind"]
    (71, 130, 'topic')
    >>> write_network(graph, "graphml")[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from kg.store import Store

__all__ = ["to_networkx", "write_network"]

#: The formats :func:`write_network` writes (registered as outputs in :mod:`kg.outputs`).
NETWORK_FORMATS = ("graphml", "gexf")


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The typed graph of ``store`` (topics, resources, publishers, audiences, sections, groups and
    the links between them) with the analysis it holds as node attributes, most central node first."""
    from kg.viz.data import GraphData  # the viz's reader of the store: kinds, labels, relations, analysis
    from kg.viz.index import LINK_RELATIONS, build_index

    index = build_index(GraphData(store))
    graph = nx.MultiDiGraph(name="kg")
    for i, iri in enumerate(index.iris):
        community = index.community[i]
        attributes: dict[str, Any] = {
            "kind": index.kinds[i],
            "label": index.label(i, "en"),
            "label_en": index.labels["en"][i] or index.label(i, "en"),
            "label_es": index.labels["es"][i] or index.label(i, "es"),
            "degree": index.degree[i],
        }
        optional = {
            "language": index.languages[i],
            "url": index.urls[i],
            "nih": index.nih[i],
            "pagerank": index.pagerank[i],
            "betweenness": index.betweenness[i],
            "community": None if community is None else index.communities[community],
        }
        attributes.update({key: value for key, value in optional.items() if value not in (None, "")})
        graph.add_node(iri, **attributes)
    for source, target, relation in index.links:
        name = LINK_RELATIONS[relation]
        graph.add_edge(index.iris[source], index.iris[target], key=name, relation=name)
    return graph


def write_network(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """``graph`` as GraphML or GEXF (``fmt``), through NetworkX's writers.

    Raises:
        KeyError: ``fmt`` is not one of :data:`NETWORK_FORMATS`.
    """
    if fmt not in NETWORK_FORMATS:
        raise KeyError(fmt)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    else:
        nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()
