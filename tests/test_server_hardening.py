"""The server under attack and under load: capped bodies, no path traversal, escaped data, and 16
concurrent clients for 60 s mixing runaway queries with the named queries, bad queries and IRI
lookups: zero 5xx, and the cheap requests' p99 under 1 s."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from kg.query import library
from kg.server import WorkerPool, create_app, running
from tests.conftest import PAGE

HOSTILE = "<script>alert(1)</script>"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SAMPLES = {"topic": "Genes and Gene Therapy", "old": "2024-01-01", "new": "2024-08-10"}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    page = tmp_path_factory.mktemp("hostile") / "page.txt"
    page.write_text(
        PAGE.read_text(encoding="utf-8").replace("    * Chromosomes ", f"    * {HOSTILE} ", 1), encoding="utf-8"
    )
    with WorkerPool({"graph": [str(page)]}, workers=8, timeout=10) as pool:  # kg serve's defaults
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


def test_load_16_clients_for_60_seconds_with_runaways(url: str) -> None:
    """16 clients for 60 s against kg serve's defaults (8 workers, 10 s timeout): 4 send runaway
    queries back to back; 12 cycle through every named query, a bad query and IRI lookups. No 5xx,
    and the cheap requests' p99 stays under 1 s while the runaways run."""
    cheap = [("/queries/" + name, {p.name: SAMPLES.get(p.name, "x") for p in query.params if p.required})
             for name, query in library().items()]  # fmt: skip
    cheap += [
        ("/sparql", {"query": "SELEC nonsense"}),  # a bad query: 400, never 5xx
        ("/topic/genesandgenetherapy", {}),
        ("/org/nemours-foundation", {}),
        ("/topic/no-such-topic", {}),  # 404
    ]
    latencies: list[float] = []
    statuses: list[int] = []
    runaways: list[int] = []
    lock = threading.Lock()
    stop = time.monotonic() + 60

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            i = offset
            while time.monotonic() < stop:
                if offset < 4:
                    status = http.get("/sparql", params={"query": RUNAWAY}).status_code
                    with lock:
                        runaways.append(status)
                    continue
                path, params = cheap[i % len(cheap)]
                accept = (
                    "text/html" if path.startswith("/topic") else "text/turtle" if path.startswith("/org") else "*/*"
                )
                started = time.perf_counter()
                status = http.get(path, params=params, headers={"Accept": accept}).status_code
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    statuses.append(status)
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server_errors = sum(status >= 500 for status in statuses + runaways)
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"\nload: {len(statuses) + len(runaways)} requests in 60 s from 16 clients ({len(runaways)} runaway "
          f"queries from 4 of them, each stopped at the timeout with {sorted(set(runaways))}), {server_errors} 5xx, "
          f"{sum(400 <= s < 500 for s in statuses)} 4xx among the cheap ones (bad queries and unknown IRIs, on "
          f"purpose); cheap requests: {len(statuses)}, p50 {quantiles[49]:.0f} ms, p90 {quantiles[89]:.0f} ms, "
          f"p99 {quantiles[98]:.0f} ms, max {max(latencies):.0f} ms")  # fmt: skip
    assert server_errors == 0
    assert len(statuses) > 12 * 10 and len(runaways) >= 4
    assert set(statuses) <= {200, 400, 404} and set(runaways) == {422}
    assert quantiles[98] < 1000
