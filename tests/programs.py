"""System programs some tests drive (a browser, a JVM, a database server), and what to do without one.

``tests/run`` installs them from Debian's packages when it runs as root. Without one, a test that
needs it is skipped with one line saying what to install, except in CI (``CI`` set), where it fails:
CI must run every test.

Example:
    >>> require_program("/bin/sh", "dash")  # there: returns quietly
"""

from __future__ import annotations

import os

import pytest

__all__ = ["CHROMIUM", "JAVA", "VIRTUOSO", "require_program"]

CHROMIUM = "/usr/bin/chromium"
JAVA = "/usr/bin/java"
VIRTUOSO = "/usr/bin/virtuoso-t"


def require_program(path: str, package: str) -> None:
    """Skip the calling test in one line naming the Debian ``package`` when ``path`` is missing (fail in CI)."""
    if os.access(path, os.X_OK):
        return
    message = f"{path} is missing: install Debian's {package} (`sudo apt-get install {package}`)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
