"""The notebooks run top to bottom in a fresh kernel (nbclient), with no error and no network."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_journeys() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["01-researcher-sparql", "02-analyst-explore", "03-pipeline-export"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs_and_runs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code), "stored with outputs"
    prose = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(prose) >= len(code) // 2, "each step needs a word of explanation"
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [out for cell in code for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count for cell in code)
