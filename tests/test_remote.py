"""Remote triple stores: ``kg push`` and ``kg query --endpoint`` against a real Oxigraph server (the
``oxigraph`` package's binary), started on 127.0.0.1 on a free port and stopped by the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from benchmarks.generate_corpus import generate
from kg.build import build
from kg.cli import main
from kg.errors import QueryError
from kg.query import library, named_query
from kg.remote import RemoteError, data_graph, push, query
from kg.store import Store
from tests.conftest import CORPUS, PAGE

SAMPLES = {"topic": "Genes and Gene Therapy", "old": "2024-01-01", "new": "2024-08-10"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).is_file(), "the oxigraph server binary (pip install oxigraph) is missing"
    return found


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """An Oxigraph server on 127.0.0.1 (in-memory store); yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "oxigraph did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def count(url: str, graph: str | None = None) -> int:
    table = query(f"{url}/query", COUNT, default_graph=graph or data_graph())
    assert not isinstance(table, bool) and not hasattr(table, "serialize")
    return int(str(table.rows[0][0]))  # type: ignore[union-attr]


def test_push_then_every_named_query_gives_the_local_rows(server: str) -> None:
    pushed = push(f"{server}/store", CORPUS)
    assert pushed.graph == data_graph() and pushed.status in (200, 201, 204)
    local = Store().load(CORPUS).with_ontology()
    assert count(server) == len(local)
    for name, named in library().items():
        text = named.render({p.name: SAMPLES.get(p.name, "x") for p in named.params if p.required})
        remote = query(f"{server}/query", text, default_graph=data_graph())
        expected = local.select(text)
        assert not isinstance(remote, bool)
        assert remote.columns == expected.columns, name  # type: ignore[union-attr]
        assert remote.rows == expected.rows, name  # type: ignore[union-attr]


def test_push_replaces_the_named_graph_atomically(server: str, tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    build([PAGE], small)
    generate(60, 3, tmp_path / "topics.xml")
    build([tmp_path / "topics.xml"], large)
    sizes = {len(Store().load([small / "graph.ttl"])), len(Store().load([large / "graph.ttl"]))}
    push(f"{server}/store", [small])
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(count(server))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for source in (large, small, large):
            push(f"{server}/store", [source])
    finally:
        done.set()
        watcher.join()
    assert len(seen) > 3
    assert set(seen) <= sizes  # never a mix of the two graphs, never an empty one
    assert count(server) == max(sizes)


def test_push_to_another_named_graph_leaves_the_first(server: str) -> None:
    other = "https://example.org/graphs/page"
    push(f"{server}/store", [PAGE], named_graph=other)
    assert count(server, other) == 626
    assert count(server) > 0


def test_kg_push_and_kg_query_endpoint_on_the_command_line(server: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([PAGE], out)
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--graph", str(out)])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith(f"replaced <{data_graph()}> at {server}/store (")
    for name in ("publishers", "resources-by-section"):
        here = runner.invoke(main, ["query", name, "--format", "csv", "--graph", str(out)])
        there = runner.invoke(main, ["query", name, "--format", "csv", "--endpoint", f"{server}/query"])
        assert there.exit_code == 0, there.output
        assert there.output == here.output


def test_remote_errors_are_one_line(server: str) -> None:
    with pytest.raises(QueryError, match="refused the query"):
        query(f"{server}/query", "SELECT ?x WHERE { ?x }")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{closed}/store", "--graph", str(PAGE)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot push to http://127.0.0.1:{closed}/store:")
    with pytest.raises(RemoteError):
        push(f"{server}/no-such-service", [PAGE])
    assert named_query("topics")  # the library is untouched by remote runs
