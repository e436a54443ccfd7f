"""Hostile and broken input: each case gets a one-line error naming file and line (exit 1), or with
--keep-going the good files built and each bad one reported; never a traceback, nothing expanded,
nothing read or fetched that the input points at."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import PAGE

ROOT = Path(__file__).resolve().parent.parent
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TOPIC = (
    '<health-topic title="T" url="https://medlineplus.gov/t.html" id="1" language="English" date-created="01/01/2020">'
    "<full-summary>&lt;p&gt;x&lt;/p&gt;</full-summary></health-topic>"
)
GOOD_XML = XML_HEAD + f'<health-topics total="1" date-generated="08/10/2024 02:30:32">\n{TOPIC}\n</health-topics>\n'
LAUGHS = (
    XML_HEAD + '<!DOCTYPE health-topics [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + ']>\n<health-topics date-generated="08/10/2024 02:30:32"><health-topic title="&lol9;" url="u"/></health-topics>\n'
)  # fmt: skip


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


CASES = {
    "truncated.xml": (
        GOOD_XML[: GOOD_XML.index("</health-topic>")],
        r":3: not well-formed XML \(the file is truncated\)",
    ),
    "billion-laughs.xml": (LAUGHS, r":3: XML entity declarations are not allowed"),
    "invalid-utf8.txt": (b"Link: https://medlineplus.gov/x.html\n#  T\n\xff\xfe\xfa\n", r":3: not valid UTF-8"),
    "invalid-utf8.xml": (
        XML_HEAD.encode() + b'<health-topics date-generated="08/10/2024 02:30:32">\n<health-topic title="\xff"/>\n',
        r":3: not well-formed XML",
    ),
    "utf16.txt": ("Link: https://medlineplus.gov/x.html\n".encode("utf-16"), r":1: UTF-16 text"),
    "empty.txt": (b"", r":1: empty file"),
    "empty.xml": (b"", r":1: empty file"),
    "binary.txt": (bytes(range(256)) * 4, r":1: (binary data|not a MedlinePlus page dump)"),
    "no-title.txt": ("Link: https://medlineplus.gov/x.html\n\n## Summary\n\ntext\n", r":3: page dump has no title"),
    "pre-2012.xml": (
        XML_HEAD + "<MedicalTopics>\n<MedicalTopic/>\n</MedicalTopics>\n",
        r":2: pre-2012 <MedicalTopics> format",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_one_line_with_file_and_line(tmp_path: Path, name: str) -> None:
    content, message = CASES[name]
    path = write(tmp_path, name, content)
    code, output = kg("build", str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert output.count("\n") == 1 and output.startswith(f"Error: {path}")
    assert __import__("re").search(message, output), output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_xxe_is_not_read(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP SECRET")
    xxe = (
        XML_HEAD
        + f'<!DOCTYPE health-topics [<!ENTITY x SYSTEM "file://{secret}">]>\n<health-topics>&x;</health-topics>\n'
    )
    code, output = kg("build", str(write(tmp_path, "xxe.xml", xxe)), "-o", str(tmp_path / "out"))
    assert code == 1 and "entity declarations are not allowed" in output and "TOP SECRET" not in output


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counting.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY evil 'x'>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_remote_dtd_is_never_fetched(tmp_path: Path, server: str) -> None:
    _Counting.requests.clear()
    remote = GOOD_XML.replace(XML_HEAD, XML_HEAD + f'<!DOCTYPE health-topics SYSTEM "{server}/evil.dtd">\n')
    code, output = kg("build", str(write(tmp_path, "remote-dtd.xml", remote)), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert _Counting.requests == []


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    page = PAGE.read_text(encoding="utf-8").replace("#  Genes and Gene Therapy", "#  Genes y TerapÃ\xada", 1)
    code, _ = kg("build", str(write(tmp_path, "page.txt", page)), "-o", str(tmp_path / "out"))
    assert code == 0 and "Genes y Terapía" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_section_without_entries_and_a_10000_character_line(tmp_path: Path) -> None:
    long_title = "Very " * 2000
    page = PAGE.read_text(encoding="utf-8").replace(
        "## Specifics\n", f"## Videos and Tutorials\n\n## Specifics\n\n    * {long_title}(Long Publisher)\n", 1
    )
    code, output = kg("build", str(write(tmp_path, "page.txt", page)), "-o", str(tmp_path / "out"), "--json")
    assert code == 0 and '"resources": 41' in output


def test_a_50_mb_line_is_refused_quickly_and_in_bounded_memory(tmp_path: Path) -> None:
    path = write(
        tmp_path, "huge.txt", b"Link: https://medlineplus.gov/x.html\n#  T\n    * " + b"x" * 50_000_000 + b"\n"
    )
    script = (
        "import resource, sys; from kg.cli import main; sys.argv = ['kg', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
    )
    script += "try:\n    main()\nexcept SystemExit as e:\n"
    script += "    print(e.code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT
    )
    code, peak_kb = done.stdout.split()
    assert code == "1" and "huge.txt:3: line of 50,000,006 bytes" in done.stderr
    assert int(peak_kb) < 400_000  # the file is 50 MB; kg holds it once, never a decoded copy
    assert "Traceback" not in done.stderr


def test_duplicate_topics_with_conflicting_fields(tmp_path: Path) -> None:
    older = GOOD_XML.replace('title="T"', 'title="Older"')
    newer = GOOD_XML.replace('title="T"', 'title="Newer"').replace("08/10/2024", "08/12/2024")
    both = older.replace("</health-topics>", TOPIC.replace('title="T"', 'title="Twice"') + "\n</health-topics>")
    code, _ = kg(
        "build", str(write(tmp_path, "a.xml", newer)), str(write(tmp_path, "b.xml", older)), "-o", str(tmp_path / "o1")
    )
    assert code == 0 and '"Newer"@en' in (tmp_path / "o1" / "graph.ttl").read_text(encoding="utf-8")
    code, _ = kg("build", str(write(tmp_path, "c.xml", both)), "-o", str(tmp_path / "o2"))
    text = (tmp_path / "o2" / "graph.ttl").read_text(encoding="utf-8")
    assert code == 0 and '"Twice"@en' in text and '"Older"@en' not in text  # within one file, the last wins


def test_folder_with_a_good_and_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "good.txt", PAGE.read_bytes())
    bad = write(folder, "bad.xml", CASES["truncated.xml"][0])
    code, output = kg("build", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1 and f"{bad}:3" in output and not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "--keep-going"])
    assert result.exit_code == 1
    assert f"skipped {bad}:3: not well-formed XML" in result.output
    assert "topics: 1, resources: 40" in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    bad = write(tmp_path, "laughs.xml", LAUGHS)
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(bad), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
