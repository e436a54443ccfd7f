"""One compliance suite for every reader in the registry (:data:`kg.sources.READERS`).

Each registered reader must have a sample here; the same contract is checked on every one: it is
chosen for its sample by content, yields typed records that name the file they came from, reads the
same records twice, and turns a broken copy into one :class:`InputError` that names the file.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import sources
from kg.errors import InputError
from kg.records import Group, Topic

ROOT = Path(__file__).resolve().parent.parent
#: A real sample of each reader's format (NLM's own files, or excerpts of them).
SAMPLES = {
    "medlineplus-page": ROOT / "data" / "genesandgenetherapy.txt",
    "medlineplus-xml": ROOT / "data" / "mplus_topics_2025-03-04_excerpt.xml",
    "medlineplus-groups-xml": ROOT / "tests" / "fixtures" / "xml" / "mplus_topic_groups_2024-08-10.xml",
}


def test_every_registered_reader_has_a_sample() -> None:
    assert sorted(sources.READERS) == sorted(SAMPLES)


def test_a_reader_registered_later_is_found_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("kg_test_reader")
    module.FORMAT = "test-lines"  # type: ignore[attr-defined]
    module.SUFFIXES = (".lines",)  # type: ignore[attr-defined]
    module.sniff = lambda head: head.startswith(b"LINES\n")  # type: ignore[attr-defined]
    module.read = lambda path: iter(())  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "kg_test_reader", module)
    monkeypatch.setattr(sources, "READERS", dict(sources.READERS))
    sources.register("test-lines", "kg_test_reader")
    sample = tmp_path / "x.lines"
    sample.write_bytes(b"LINES\nnothing\n")
    assert sources.reader_for(sample) is module
    assert sources.resolve([tmp_path]).files == (sample,)


@pytest.fixture(params=sorted(SAMPLES))
def reader(request: pytest.FixtureRequest) -> Iterator[tuple[types.ModuleType, Path]]:
    yield importlib.import_module(sources.READERS[request.param]), SAMPLES[request.param]


def test_reader_declares_the_contract(reader: tuple[types.ModuleType, Path]) -> None:
    module, _ = reader
    assert sources.READERS[module.FORMAT] == module.__name__
    assert module.SUFFIXES and all(s.startswith(".") and s == s.lower() for s in module.SUFFIXES)
    assert callable(module.sniff) and callable(module.read)


def test_reader_is_chosen_for_its_sample_by_content(reader: tuple[types.ModuleType, Path]) -> None:
    module, sample = reader
    head = sample.read_bytes()[:4096]
    assert module.sniff(head)
    assert sources.reader_for(sample) is module
    others = [importlib.import_module(name) for fmt, name in sources.READERS.items() if fmt != module.FORMAT]
    assert not any(other.sniff(head) for other in others)


def test_reader_yields_records_that_name_their_file(reader: tuple[types.ModuleType, Path]) -> None:
    module, sample = reader
    records = module.read(sample)
    assert isinstance(records, Iterator)  # lazy: a file is read as it is consumed
    found = list(records)
    assert found and all(isinstance(record, (Topic, Group)) for record in found)
    for record in found:
        files = record.sources if isinstance(record, Topic) else (record.source,)
        assert files and all(f.name == sample.name and f.format == module.FORMAT for f in files)
        assert all(len(f.sha256) == 64 for f in files)


def test_reader_reads_the_same_records_twice(reader: tuple[types.ModuleType, Path]) -> None:
    module, sample = reader
    assert list(module.read(sample)) == list(module.read(sample))


def test_reader_reports_a_broken_copy_as_one_input_error(reader: tuple[types.ModuleType, Path], tmp_path: Path) -> None:
    _, sample = reader
    data = sample.read_bytes()
    broken = tmp_path / sample.name
    broken.write_bytes(data[:4096] + b"\x00<<<\n" + data[len(data) // 2 :])
    with pytest.raises(InputError) as caught:
        list(sources.read([broken]))
    assert caught.value.path == str(broken)
    assert caught.value.line is not None and caught.value.line >= 1


def test_reader_refuses_an_empty_file(reader: tuple[types.ModuleType, Path], tmp_path: Path) -> None:
    module, _ = reader
    empty = tmp_path / f"empty{module.SUFFIXES[0]}"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        list(sources.read([empty]))
