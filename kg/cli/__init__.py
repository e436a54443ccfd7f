"""The ``kg`` command line: every click command and option lives here, and nowhere else in kg.

Each command parses its arguments, calls one library function and prints what it returned;
:mod:`~kg.cli.main` holds the group (errors as one line, ``--quiet``, ``--json``) and the build,
fetch, query, export, diff and validate commands; :mod:`~kg.cli.analyze`, :mod:`~kg.cli.viz`,
:mod:`~kg.cli.serve` and :mod:`~kg.cli.push` the others; :mod:`~kg.cli.options` the shared options.
"""

from __future__ import annotations

from kg.cli.main import main

__all__ = ["main"]
