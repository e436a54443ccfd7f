"""Two-process builds (kg.build.parallel): the same bytes as one process, the same errors, no stray process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from kg.build import build, parallel
from kg.errors import InputError, OutputError
from kg.sources import resolve
from tests.conftest import PAGE, ROOT

GENES_XML = ROOT / "tests" / "fixtures" / "xml" / "genesandgenetherapy.xml"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a 300-topic corpus (five chunks, resources shared across chunks), its groups
    file, the Genes and Gene Therapy page dump and that topic's XML."""
    folder = tmp_path_factory.mktemp("parallel")
    generate(300, 11, folder / "mplus_topics_2024-05-18.xml", folder / "mplus_topic_groups_2024-05-18.xml")
    shutil.copy(PAGE, folder / PAGE.name)
    shutil.copy(GENES_XML, folder / "mplus_topics_2024-08-10.xml")
    return folder


def test_two_processes_write_the_bytes_one_process_writes(corpus: Path, tmp_path: Path) -> None:
    one = build([corpus], tmp_path / "one", workers=1, release="auto")
    two = build([corpus], tmp_path / "two", workers=2, release="auto")
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert one.summary == two.summary
    assert one.summary["topics"] == 300 and one.summary["resources"] > 5000  # Genes and Gene Therapy is one of the 300
    assert [f.name for f in one.files] == [f.name for f in two.files]
    assert one.files[1].read_bytes() == two.files[1].read_bytes()  # releases/<date>.ttl


def test_shared_nodes_are_described_once(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path, workers=2)
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    organizations = [line.split()[0] for line in text.splitlines() if line.endswith(" a kg:Organization ;")]
    assert len(organizations) > 50
    assert len(organizations) == len(set(organizations))


def test_large_inputs_use_two_processes_by_default(corpus: Path) -> None:
    assert parallel.available()  # Linux with two cores, as CI is
    assert parallel.worth_it(resolve([corpus]))
    assert not parallel.worth_it(resolve([PAGE]))


def broken_copy(corpus: Path, folder: Path, topics: list[int]) -> list[int]:
    """``corpus``'s XML with the URL of the first site of each topic numbered in ``topics`` removed;
    returns the lines of those sites."""
    folder.mkdir()
    lines = (corpus / "mplus_topics_2024-05-18.xml").read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("<health-topic ")]
    broken: list[int] = []
    for number in topics:
        site = next(i for i in range(starts[number], len(lines)) if "<site " in lines[i])
        lines[site] = lines[site].replace(' url="', ' data-url="', 1)
        broken.append(site + 1)
    (folder / "mplus_topics_2024-05-18.xml").write_text("".join(lines), encoding="utf-8")
    return broken


@pytest.mark.parametrize("topics", [[parallel.CHUNK + 3], [2, parallel.CHUNK + 3], [parallel.CHUNK + 3, 200]])
def test_a_broken_topic_is_reported_as_one_process_reports_it(corpus: Path, tmp_path: Path, topics: list[int]) -> None:
    """Broken topics in the child's chunk, in both, and first in the child's: the first in reading order."""
    lines = broken_copy(corpus, tmp_path / "in", topics)
    errors = []
    for workers in (1, 2):
        with pytest.raises(InputError) as caught:
            build([tmp_path / "in"], tmp_path / f"out{workers}", workers=workers)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert f":{min(lines)}:" in errors[0] and "no url" in errors[0]


def test_a_failed_two_process_build_keeps_the_previous_output(corpus: Path, tmp_path: Path) -> None:
    build([PAGE], tmp_path / "out")
    before = (tmp_path / "out" / "graph.ttl").read_bytes()
    broken_copy(corpus, tmp_path / "in", [parallel.CHUNK + 1])
    with pytest.raises(InputError):
        build([tmp_path / "in"], tmp_path / "out", workers=2)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.ttl"]


def test_a_second_process_that_dies_is_an_error_not_a_hang(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = parallel._map

    def dying(worker: int, *args: object, **kwargs: object) -> object:
        if worker == 1:
            os._exit(3)
        return mapping(worker, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_map", dying)  # the fork inherits it
    with pytest.raises(OutputError, match="exit code 3"):
        build([corpus], tmp_path, workers=2)
    assert not (tmp_path / "graph.ttl").exists()


def test_two_processes_are_refused_with_keep_going(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="2 processes"):
        build([corpus], tmp_path, workers=2, keep_going=True)
    assert build([corpus], tmp_path, keep_going=True).summary["topics"] == 300  # one process


def test_progress_bars_on_request(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build([corpus], tmp_path, workers=2, progress=True)
    err = capsys.readouterr().err
    assert "read" in err and "write" in err and "/300 " in err  # the topics to write
    build([corpus], tmp_path, workers=2)  # not a terminal: no bars
    assert capsys.readouterr().err == ""


GROUPS_XML = ROOT / "tests" / "fixtures" / "xml" / "mplus_topic_groups_2024-08-10.xml"


@pytest.mark.parametrize(("inputs", "topics"), [([PAGE], 1), ([GROUPS_XML], 0)], ids=["one topic", "groups only"])
def test_two_processes_with_fewer_topics_than_a_chunk(inputs: list[Path], topics: int, tmp_path: Path) -> None:
    """The second process has nothing to map."""
    one = build(inputs, tmp_path / "one", workers=1)
    two = build(inputs, tmp_path / "two", workers=2)
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert one.summary == two.summary
    assert one.summary["topics"] == topics and one.summary["triples"] > 0
