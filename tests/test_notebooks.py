"""The notebooks run top to bottom in a fresh kernel (nbclient), from their own folder as Jupyter
starts them and from the project's, with no error and no network; they are stored with the outputs
a run gives, so what a reader sees on GitHub is what the notebook does."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.notebooks import NOTEBOOK_DIR, NOTEBOOKS, execute, text_outputs

ROOT = NOTEBOOK_DIR.parent


def test_there_are_three_journeys() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["01-researcher-sparql", "02-analyst-explore", "03-pipeline-export"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_from_its_own_folder_and_gives_the_outputs_it_is_stored_with(path: Path) -> None:
    stored = nbformat.read(path, as_version=4)
    code = [cell for cell in stored.cells if cell.cell_type == "code"]
    prose = [cell for cell in stored.cells if cell.cell_type == "markdown"]
    assert len(prose) >= len(code) // 2, "each step needs a word of explanation"
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), "stored from one clean run"
    assert all(cell.outputs for cell in code[-2:]), "stored with its outputs (python -m tests.notebooks)"
    executed = execute(path, cwd=NOTEBOOK_DIR)  # as Jupyter starts the kernel
    errors = [
        out for cell in executed.cells if cell.cell_type == "code" for out in cell.outputs if out.output_type == "error"
    ]
    assert errors == []
    assert text_outputs(executed) == text_outputs(stored), "stale outputs: run python -m tests.notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_from_the_project_folder_too(path: Path) -> None:
    executed = execute(path, cwd=ROOT)
    outputs = [out for cell in executed.cells if cell.cell_type == "code" for out in cell.outputs]
    assert [out for out in outputs if out.output_type == "error"] == []
    assert text_outputs(executed) == text_outputs(nbformat.read(path, as_version=4))
