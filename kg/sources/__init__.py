"""Input formats: a registry of readers, chosen by a file's content (then by its suffix).

Each reader is a module with ``FORMAT`` (its name), ``SUFFIXES``, ``sniff(head) -> bool`` and
``read(path) -> Iterator[Record]`` (topics, or groups for the topic-groups file). Built-in
readers register here exactly as a new one would.

Example:
    >>> from pathlib import Path
    >>> reader_for(Path("data/genesandgenetherapy.txt")).FORMAT
    'medlineplus-page'
    >>> inputs = resolve([Path("data")])
    >>> [p.name for p in inputs.files], inputs.size > 0
    (['genesandgenetherapy.txt', 'mplus_topics_2025-03-04_excerpt.xml'], True)
"""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kg.errors import InputError
from kg.records import Record

__all__ = ["READERS", "MAX_INPUT_BYTES", "Inputs", "register", "reader_for", "resolve", "read"]

#: Reader modules by format name, imported when first used (see :func:`register`).
READERS: dict[str, str] = {}

_SNIFF_BYTES = 4096
#: The largest input file kg reads (the whole health-topics corpus is about 30 MB).
MAX_INPUT_BYTES = 2 << 30


def register(format_name: str, module: str) -> None:
    """Register the reader module ``module`` (a dotted path) under ``format_name``."""
    READERS[format_name] = module


register("medlineplus-page", "kg.sources.pagedump")
register("medlineplus-xml", "kg.sources.healthtopics")
register("medlineplus-groups-xml", "kg.sources.topicgroups")


@dataclass(frozen=True)
class Inputs:
    """The input files of a build, resolved once (:func:`resolve`) and passed down to every stage."""

    files: tuple[Path, ...]
    #: Their bytes in all.
    size: int


def _modules() -> Iterator[ModuleType]:
    for module in READERS.values():
        yield importlib.import_module(module)


def suffixes() -> set[str]:
    """Every file suffix some reader claims."""
    return {suffix for module in _modules() for suffix in module.SUFFIXES}


def reader_for(path: Path) -> ModuleType:
    """The reader for ``path``: the first whose ``sniff`` accepts its first bytes, else the one
    that claims its suffix (which then says precisely what is wrong).

    Raises:
        InputError: the file cannot be opened, or no reader knows its content or suffix.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as error:
        raise InputError(path, None, f"cannot read: {error.strerror}") from None
    if not head.strip():
        raise InputError(path, 1, "empty file")
    modules = list(_modules())
    for module in modules:
        if module.sniff(head):
            return module
    for module in modules:
        if path.suffix.lower() in module.SUFFIXES:
            return module
    known = ", ".join(sorted(READERS))
    raise InputError(path, 1, f"not a recognised input (known formats: {known})")


def resolve(paths: Iterable[Path] | Inputs) -> Inputs:
    """The files to read: each file given, and every file with a known suffix under each directory,
    in sorted order (hidden files skipped). Each must be a regular file (a FIFO or a device such as
    ``/dev/zero`` is refused, also behind a symlink) of at most :data:`MAX_INPUT_BYTES`.

    Raises:
        InputError: a path does not exist or is not a regular file of bounded size, or a directory
            holds no input.
    """
    if isinstance(paths, Inputs):
        return paths
    known = suffixes()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in known
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(path, None, f"no input files ({', '.join(sorted(known))}) in this directory")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(path, None, "no such file or directory")
    unique = tuple(dict.fromkeys(files))
    return Inputs(unique, sum(_check_regular(path) for path in unique))


def _check_regular(path: Path) -> int:
    """``path``'s size, once it is known to be a regular file kg reads."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise InputError(path, None, f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise InputError(path, None, "not a regular file (a FIFO, device or socket): kg reads files")
    if status.st_size > MAX_INPUT_BYTES:
        raise InputError(path, None, f"{status.st_size:,} bytes: larger than kg reads ({MAX_INPUT_BYTES:,})")
    return status.st_size


def read(
    paths: Iterable[Path] | Inputs,
    skipped: list[InputError] | None = None,
    wanted: Callable[[str], bool] | None = None,
) -> Iterator[Record]:
    """Every record (topics and groups) in every input file under ``paths`` (resolved by :func:`resolve`
    unless they already are), file by file.

    With a ``skipped`` list, a file that fails contributes nothing and its error is appended to
    the list instead of raised (``kg build --keep-going``). ``wanted`` goes to the readers that
    can read a topic in outline (``OUTLINES = True``): those whose URL it refuses come in outline.

    Raises:
        InputError: as :func:`resolve`, :func:`reader_for` and the readers do.
    """
    for path in resolve(paths).files:
        if skipped is None:
            yield from _read_file(path, wanted)
            continue
        try:
            records = list(_read_file(path, wanted))
        except InputError as error:
            skipped.append(error)
            continue
        yield from records


def _read_file(path: Path, wanted: Callable[[str], bool] | None) -> Iterator[Record]:
    reader = reader_for(path)
    if wanted is not None and getattr(reader, "OUTLINES", False):
        return reader.read(path, wanted=wanted)
    return reader.read(path)
