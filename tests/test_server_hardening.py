"""The server under attack and under load: capped bodies, no path traversal, escaped data, and 16
concurrent clients for 60 s mixing named queries, bad queries and IRI lookups with zero 5xx."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from kg.server import WorkerPool, create_app, running
from tests.conftest import PAGE

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    page = tmp_path_factory.mktemp("hostile") / "page.txt"
    page.write_text(
        PAGE.read_text(encoding="utf-8").replace("    * Chromosomes ", f"    * {HOSTILE} ", 1), encoding="utf-8"
    )
    with WorkerPool({"graph": [str(page)]}, workers=2, timeout=10) as pool:
        pool.start()
        with running(create_app(pool)) as address:
            yield address


def test_request_bodies_are_capped(url: str) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2_000_000
    response = httpx.post(f"{url}/sparql", content=huge, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert response.json()["error"] == "too-large"


@pytest.mark.parametrize(
    "path",
    ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/topic/../../../etc/passwd",
     "/topic/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e/%2e%2e/__init__.py"],
)  # fmt: skip
def test_no_path_traversal(url: str, path: str) -> None:
    response = httpx.get(url + path)
    assert response.status_code in (400, 404)
    assert "import" not in response.text and "root:" not in response.text


def test_data_strings_are_escaped_in_html(url: str) -> None:
    rows = httpx.get(f"{url}/queries/spanish-available", headers={"Accept": "application/sparql-results+json"}).json()
    iri = next(b["resource"]["value"] for b in rows["results"]["bindings"] if b["title"]["value"] == HOSTILE)
    page = httpx.get(iri.replace("https://w3id.org/kg-medlineplus/id", url), headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert HOSTILE not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_load_16_clients_for_60_seconds(url: str) -> None:
    requests = [
        ("GET", "/queries/publishers", {}),
        ("GET", "/queries/topic-resources?topic=Genes%20and%20Gene%20Therapy", {}),
        ("GET", "/queries/summary", {}),
        ("GET", "/sparql?query=SELEC%20nonsense", {}),  # a bad query: 400, never 5xx
        ("GET", "/topic/genesandgenetherapy", {"Accept": "text/html"}),
        ("GET", "/org/nemours-foundation", {"Accept": "text/turtle"}),
        ("GET", "/topic/no-such-topic", {"Accept": "text/html"}),  # 404
    ]
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    stop = time.monotonic() + 60

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            i = offset
            while time.monotonic() < stop:
                method, path, headers = requests[i % len(requests)]
                started = time.perf_counter()
                status = http.request(method, path, headers=headers).status_code
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    statuses.append(status)
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server_errors = sum(status >= 500 for status in statuses)
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"\nload: {len(statuses)} requests in 60 s from 16 clients, {server_errors} 5xx, "
          f"{sum(400 <= s < 500 for s in statuses)} 4xx (bad queries and unknown IRIs, on purpose); "
          f"latency p50 {quantiles[49]:.0f} ms, p90 {quantiles[89]:.0f} ms, p99 {quantiles[98]:.0f} ms, "
          f"max {max(latencies):.0f} ms")  # fmt: skip
    assert server_errors == 0
    assert len(statuses) > 16 * 10
    assert set(statuses) <= {200, 400, 404}
