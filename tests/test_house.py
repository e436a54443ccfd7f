"""The shape of the package: the tree is the pipeline, and each contract has one home.

Read from the source (``ast``), so a change that breaks the shape fails here with the module named.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kg.build import layout
from kg.outputs import OUTPUTS
from kg.rdf.formats import FORMATS
from kg.server.protocol import GRAPH_FORMATS
from kg.store import Store

PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, ast.parse(path.read_text(encoding="utf-8"), str(path))


def imports(tree: ast.Module, *, top_level_only: bool = False) -> Iterator[str]:
    """The modules ``tree`` imports (with ``top_level_only``, only at module level and not under
    ``if TYPE_CHECKING``: the imports that run when the module is imported)."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_kg_has_at_most_eight_modules_at_its_top() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top


def test_click_is_imported_only_under_kg_cli() -> None:
    outside = [name for name, tree in modules() if "click" in set(imports(tree)) and not name.startswith("kg.cli")]
    assert outside == []


def test_only_the_store_package_touches_oxigraph_stores() -> None:
    offenders = []
    for name, tree in modules():
        if name.startswith("kg.store"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            oxigraph_store = node.attr == "Store" and isinstance(node.value, ast.Name) and node.value.id == "ox"
            if isinstance(node, ast.Attribute) and (node.attr == "ox" or oxigraph_store):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


def test_no_import_runs_back_up_the_stack() -> None:
    """The imports that run when kg's modules load form no cycle (lazy imports inside functions, of
    a later stage, are how a stage reaches the next one)."""
    known = {name for name, _ in modules()}
    graph = nx.DiGraph()
    for name, tree in modules():
        graph.add_node(name)
        for imported in imports(tree, top_level_only=True):
            if imported in known and imported != name:
                graph.add_edge(name, imported)
    assert list(nx.simple_cycles(graph)) == []


def test_the_store_reads_no_inputs() -> None:
    assert not any(hasattr(Store, name) for name in ("add_inputs", "load"))
    store_modules = [tree for name, tree in modules() if name.startswith("kg.store")]
    assert not any(
        imported == "kg.sources" or imported.startswith(("kg.sources.", "kg.mapping.triples", "kg.build"))
        for tree in store_modules
        for imported in imports(tree, top_level_only=True)
    )


def test_the_build_folder_names_are_defined_once() -> None:
    names = {
        layout.GRAPH_FILE,
        layout.ANALYSIS_FILE,
        layout.REPORT_FILE,
        layout.METRICS_CSV,
        layout.METRICS_JSON,
        layout.HTML_FILE,
    }
    found = []
    for name, tree in modules():
        if name == "kg.build.layout":
            continue
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in docstrings:
                found.append(f"{name}:{node.lineno}: {node.value}")
    assert found == []


def test_one_table_of_rdf_formats_serves_the_store_the_exporter_and_the_endpoint() -> None:
    assert {f.name for f in FORMATS} <= set(OUTPUTS)
    assert all(f in FORMATS for f in GRAPH_FORMATS)
    suffixes = [suffix for f in FORMATS for suffix in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    tables = []
    for name, tree in modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Dict)
                and sum(
                    isinstance(value, ast.Attribute)
                    and isinstance(value.value, ast.Attribute)
                    and value.value.attr == "RdfFormat"
                    for value in node.values
                )
                >= 3
            ):
                tables.append(f"{name}:{node.lineno}")
    assert tables == []  # no other module maps names or suffixes to Oxigraph's formats
