"""The public API as the README and the notebooks use it: ``import kg`` is enough."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_stages_are_reached_from_import_kg_alone() -> None:
    """``kg.viz.render`` as the README shows it, in a fresh interpreter that imported only ``kg``."""
    code = (
        "import kg\n"
        "store = kg.load(['data/genesandgenetherapy.txt'])\n"
        "page = kg.viz.render(store, 'topic', topic='Genes and Gene Therapy', depth=1)\n"
        "print(page.title, callable(kg.analysis.analyze), callable(kg.store.remote.query),"
        " callable(kg.server.create_app))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Neighbourhood", "of", "Genes", "and", "Gene", "Therapy", "True", "True", "True"]


def test_importing_kg_stays_light() -> None:
    """The stages are imported on first use, so ``import kg`` (and the ``kg`` command) starts quickly."""
    code = (
        "import sys, kg\nprint(sorted(m for m in ('pyvis', 'networkx', 'starlette', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
