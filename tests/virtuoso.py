"""A Virtuoso server of the tests' own: Debian's ``virtuoso-opensource`` 7 (``/usr/bin/virtuoso-t``),
started on 127.0.0.1 on free ports with its own database folder and ``virtuoso.ini``, and stopped
at the end; never the system's service. Its Graph Store (``/sparql-graph-crud``) accepts writes
from the anonymous SPARQL user, as a test server may.

Without the program the tests that need it are skipped with one line saying what to install,
except in CI (``CI`` set), where they fail: CI must run them (``tests/run`` installs it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

__all__ = ["VIRTUOSO", "ISQL", "require_virtuoso", "virtuoso"]

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"

_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def require_virtuoso() -> None:
    """Skip the calling test, in one line saying what to install, when Virtuoso is missing (fail in CI)."""
    if not (os.access(VIRTUOSO, os.X_OK) and os.access(ISQL, os.X_OK)):
        message = (
            f"{VIRTUOSO} is missing: install Debian's virtuoso-opensource (`sudo apt-get install virtuoso-opensource`)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def virtuoso() -> Iterator[str]:
    """A fresh Virtuoso on 127.0.0.1; yields its base URL (``/sparql``, ``/sparql-graph-crud`` under it).

    Raises:
        RuntimeError: it did not start within 60 s (its log is in the message).
    """
    require_virtuoso()
    folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen([VIRTUOSO, "+configfile", str(folder / "virtuoso.ini"), "+foreground"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (
                    (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                    if (folder / "virtuoso.log").exists()
                    else ""
                )
                raise RuntimeError(f"Virtuoso did not start: {log}")
            time.sleep(0.2)
        grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"], check=True,
                       capture_output=True, timeout=60)  # fmt: skip
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)
