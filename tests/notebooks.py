"""Run the notebooks as Jupyter does, and store them with their outputs.

Jupyter starts a notebook's kernel in the notebook's own folder (``notebooks/``), so that is where
:func:`execute` runs it by default. The notebooks are committed with their outputs, so a reader on
GitHub sees the tables, the chart and the graph; after changing one, store it again with

    .venv/bin/python -m tests.notebooks

which re-executes every notebook in a fresh kernel from ``notebooks/`` and writes it back.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

__all__ = ["NOTEBOOKS", "NOTEBOOK_DIR", "execute", "text_outputs", "main"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def execute(path: Path, cwd: Path = NOTEBOOK_DIR, timeout: int = 300) -> NotebookNode:
    """The notebook at ``path`` run top to bottom in a fresh ``python3`` kernel started in ``cwd``."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return notebook


def text_outputs(notebook: NotebookNode) -> list[list[str]]:
    """Per code cell, its plain-text outputs (streams and ``text/plain`` results), in order."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.outputs:
            if output.output_type == "stream":
                texts.append(output.text)
            elif "data" in output and "text/plain" in output.data:
                texts.append(output.data["text/plain"])
        found.append(texts)
    return found


def main() -> int:
    """Re-execute every notebook from ``notebooks/`` and store it with its outputs."""
    for path in NOTEBOOKS:
        executed = execute(path)
        stored = copy.deepcopy(executed)
        stored.metadata.pop("widgets", None)
        nbformat.write(stored, path)
        print(f"stored {path.relative_to(NOTEBOOK_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
