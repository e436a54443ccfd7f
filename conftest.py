"""Run every test and doctest from the project root, so ``data/…`` paths resolve."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True, scope="session")
def _project_root() -> None:
    os.chdir(ROOT)
