"""Two-process builds: the same ``graph.ttl``, byte for byte, in about two thirds of the time.

- Topics are numbered in the order first read (the order :func:`kg.build.merge.merge` gives them) and
  cut into chunks of :data:`CHUNK`; this process (worker 0) maps the even chunks, a forked child
  (worker 1) the odd ones.
- Both workers parse every input, but each reads in full only the topics of its own chunks; the
  others come in outline (title, URL, id, translation, related topics: what merging and resolving
  references need, see :func:`kg.sources.healthtopics.read`).
- A shared node (publisher, section, resource …) is described by the first topic that names it. A
  worker maps a chunk as if the other had described nothing, then takes the keys the other kept in
  the chunk before, leaves out the blocks of those keys (:meth:`kg.mapping.triples.Mapper.flush`)
  and passes on the keys it kept itself. While those keys have not come, it maps up to
  :data:`_LOOKAHEAD` chunks ahead rather than wait.
- The child sends each chunk's Turtle to this process, which writes the chunks in order.

A broken input is reported as a one-process build reports it: the first error in reading order.
Builds that keep going past broken inputs, small inputs and systems without ``fork`` use one process.

Example:
    >>> import io
    >>> from pathlib import Path
    >>> out = io.BytesIO()
    >>> counts, topics, groups = write_turtle(sources.resolve([Path("data")]), out, "https://example.org/kg/")
    >>> counts["topics"], counts["resources"], out.getvalue().count(b"kg:Listing") >= 40
    (12, 238, True)
"""

from __future__ import annotations

import io
import multiprocessing
import os
import queue
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from tqdm import tqdm

from kg import sources
from kg.build.merge import merge, topic_key
from kg.errors import InputError, OutputError
from kg.mapping.prefixes import prefixes
from kg.mapping.triples import Key, KeySet, Mapped, Mapper
from kg.rdf.turtle import TurtleWriter
from kg.records import Group, Record, Topic
from kg.sources import Inputs
from kg.system import can_fork, die_with_parent

__all__ = ["CHUNK", "MIN_BYTES", "WORKERS", "Partition", "available", "worth_it", "write_turtle"]

#: Topics per chunk: small enough to keep both workers busy, large enough that messages are few.
CHUNK = 64
#: Inputs smaller than this are built in one process: starting a second costs more than it saves.
MIN_BYTES = 2_000_000
WORKERS = 2
_LOOKAHEAD = 2  # chunks a worker maps ahead while the other's keys have not come
_POLL_SECONDS = 1.0


def available() -> bool:
    """True where a second process can be forked and there is a second core to run it."""
    return can_fork(WORKERS)


def worth_it(inputs: Inputs) -> bool:
    """True when ``inputs`` are large enough for two processes to pay (and they are available)."""
    return available() and inputs.size >= MIN_BYTES


class Partition:
    """Which worker maps which topic: the topic's number in reading order, by chunk, round robin.

    Example:
        >>> first = Partition(0)
        >>> owned = [first.owns(f"https://medlineplus.gov/t{i}.html") for i in range(2 * CHUNK + 1)]
        >>> owned[0], owned[CHUNK - 1], owned[CHUNK], owned[2 * CHUNK]
        (True, True, False, True)
        >>> Partition(1).owns("https://medlineplus.gov/t0.html")
        False
    """

    def __init__(self, worker: int) -> None:
        self.worker = worker
        self._numbers: dict[str, int] = {}

    def number(self, url: str) -> int:
        """The topic's number: how many distinct topics were read before it."""
        return self._numbers.setdefault(topic_key(url), len(self._numbers))

    def owns(self, url: str) -> bool:
        """True when this worker maps the topic at ``url``."""
        return (self.number(url) // CHUNK) % WORKERS == self.worker

    def watch(self, records: Iterable[Record]) -> Iterator[Record]:
        """``records`` unchanged, numbering the topics among them as they pass (page dumps too)."""
        for record in records:
            if isinstance(record, Topic):
                self.number(record.url)
            yield record


def write_turtle(
    inputs: Inputs, stream: BinaryIO, base: str, *, progress: bool = False, warnings: list[str] | None = None
) -> tuple[Counter[str], list[Topic], list[Group]]:
    """Build the graph of ``inputs`` with two processes and write its Turtle to ``stream``; the
    merge's ``warnings`` (see :func:`kg.build.merge.merge`) are appended to that list.

    Returns the counts (as :attr:`kg.mapping.triples.Mapper.counts`), the topics (those mapped by
    the child in outline) and the groups. ``progress`` shows a progress bar on stderr.

    Raises:
        InputError: an input is missing or malformed (the first error in reading order).
        OutputError: the second process stopped unexpectedly.
    """
    context = multiprocessing.get_context("fork")
    inbox: Any = context.Queue()  # to the child: the keys this process kept
    outbox: Any = context.Queue()  # from the child: its reading's outcome, keys, chunks, counts
    child = context.Process(target=_child, args=(inputs, base, inbox, outbox, os.getpid()), daemon=True)
    child.start()
    try:
        return _parent(inputs, stream, base, progress, child, inbox, outbox, warnings)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        for channel in (inbox, outbox):
            channel.cancel_join_thread()
            channel.close()


def _read(
    inputs: Inputs, worker: int, progress: bool = False, warnings: list[str] | None = None
) -> tuple[list[Topic], list[Group]]:
    partition = Partition(worker)
    records = partition.watch(sources.read(inputs, wanted=partition.owns))
    return merge(tqdm(records, desc="read", unit=" records", disable=not progress, leave=False), warnings)


def _chunks(topics: Sequence[Topic]) -> int:
    return max(1, -(-len(topics) // CHUNK))


def _map(
    worker: int,
    topics: list[Topic],
    groups: list[Group],
    base: str,
    receive: Callable[[int, bool], list[Key] | None],
    send: Callable[[int, list[Key]], None],
    emit: Callable[[int, bytes], None],
) -> Counter[str]:
    """Map this worker's chunks: each is mapped, then trimmed of the blocks the other worker kept in
    the chunks before (``receive(chunk, wait)``: None when they have not come and ``wait`` is false),
    its own kept keys passed on (``send``) and its Turtle ``emit``-ted. While the other worker's keys
    have not come, up to :data:`_LOOKAHEAD` more chunks are mapped rather than waiting."""
    mapper = Mapper(base)
    mapper.prepare(topics)
    buffer = io.BytesIO()
    writer = TurtleWriter(buffer, prefixes(base), header=False)
    others = KeySet()  # the keys the other worker kept
    count = _chunks(topics)

    def finish(chunk: int, mapped: list[Mapped], keys: list[Key]) -> None:
        others.update(keys)
        mapper.learn(keys)
        if chunk + 1 < count:
            send(chunk, [key for part in mapped for key in part.blocks if key not in others])
        for part in mapped:
            writer.write(mapper.flush(part, others))
        emit(chunk, buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    pending: deque[tuple[int, list[Mapped]]] = deque()
    for chunk in range(worker, count, WORKERS):
        mapped = [mapper.groups(groups)] if chunk == 0 else []
        mapped += [mapper.topic(topic) for topic in topics[chunk * CHUNK : (chunk + 1) * CHUNK]]
        pending.append((chunk, mapped))
        while pending:  # finish what can be finished; wait only with too many chunks in hand
            first, parts = pending[0]
            keys = [] if first == 0 else receive(first - 1, len(pending) > _LOOKAHEAD)
            if keys is None:
                break
            pending.popleft()
            finish(first, parts, keys)
    while pending:
        first, parts = pending.popleft()
        finish(first, parts, [] if first == 0 else receive(first - 1, True) or [])
    return mapper.counts


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``),
    and stop now if the parent already has; elsewhere the child notices within :data:`_POLL_SECONDS`."""
    die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _child(inputs: Inputs, base: str, inbox: Any, outbox: Any, parent: int) -> None:
    """Worker 1: read, report the outcome, map the odd chunks; it dies with ``parent``."""
    _die_with(parent)
    try:
        try:
            topics, groups = _read(inputs, 1)
        except InputError as error:
            outbox.put(("read", error))
            return
        outbox.put(("read", None))

        arrived: dict[int, list[Key]] = {}

        def receive(chunk: int, wait: bool) -> list[Key] | None:
            while chunk not in arrived:
                try:
                    _, number, keys = inbox.get(timeout=_POLL_SECONDS) if wait else inbox.get_nowait()
                except queue.Empty:
                    if not wait:
                        return None
                    if os.getppid() != parent:  # the parent was killed: nobody waits for this work
                        os._exit(1)
                    continue
                arrived[number] = keys
            return arrived.pop(chunk)

        counts = _map(
            1,
            topics,
            groups,
            base,
            receive,
            send=lambda chunk, keys: outbox.put(("keys", chunk, keys)),
            emit=lambda chunk, data: outbox.put(("chunk", chunk, data)),
        )
        outbox.put(("done", counts))
    except BaseException as error:  # reported to the parent, which raises it
        outbox.put(("failed", f"{type(error).__name__}: {error}"))


def _parent(
    inputs: Inputs,
    stream: BinaryIO,
    base: str,
    progress: bool,
    child: Any,
    inbox: Any,
    outbox: Any,
    warnings: list[str] | None = None,
) -> tuple[Counter[str], list[Topic], list[Group]]:
    """Worker 0: read, compare reading outcomes, map the even chunks and write every chunk in order."""
    received: dict[str, dict[int, Any]] = {"keys": {}, "chunk": {}}
    finished: list[Any] = []

    def take(wait: bool = True) -> tuple[Any, ...] | None:
        while True:
            try:
                message = outbox.get(timeout=_POLL_SECONDS) if wait else outbox.get_nowait()
            except queue.Empty:
                if not wait:
                    return None
                if not child.is_alive():
                    raise OutputError(f"the build's second process stopped (exit code {child.exitcode})") from None
                continue
            if message[0] == "failed":
                raise OutputError(f"the build's second process failed: {message[1]}")
            if message[0] in received:
                received[message[0]][message[1]] = message[2]
            elif message[0] == "done":
                finished.append(message[1])
            return message  # type: ignore[no-any-return]

    mine: InputError | None = None
    try:
        topics, groups = _read(inputs, 0, progress, warnings)
    except InputError as error:
        mine = error
    _, theirs = take()  # type: ignore[misc]
    errors = [error for error in (mine, theirs) if error is not None]
    if errors:
        raise min(errors, key=lambda error: _position(error, list(inputs.files)))

    written = 0
    TurtleWriter(stream, prefixes(base))  # the prefix table
    bar = tqdm(total=len(topics), desc="write", unit=" topics", disable=not progress, leave=False)

    def write_ready() -> None:
        nonlocal written
        while written in received["chunk"]:
            stream.write(received["chunk"].pop(written))
            bar.update(len(topics[written * CHUNK : (written + 1) * CHUNK]))
            written += 1

    def receive(chunk: int, wait: bool) -> list[Key] | None:
        while chunk not in received["keys"]:
            if take(wait) is None:
                return None
        return received["keys"].pop(chunk)  # type: ignore[no-any-return]

    def emit(chunk: int, data: bytes) -> None:
        received["chunk"][chunk] = data
        write_ready()

    counts = _map(0, topics, groups, base, receive, lambda chunk, keys: inbox.put(("keys", chunk, keys)), emit)
    while not finished:
        take()
        write_ready()
    bar.close()
    if written != _chunks(topics):
        raise OutputError(f"the build's second process sent {written} of {_chunks(topics)} chunks")
    counts.update(finished[0])
    return counts, topics, groups


def _position(error: InputError, files: list[Path]) -> tuple[int, int]:
    """Where ``error`` is in reading order: the file's place among the inputs, then the line."""
    index = next((i for i, path in enumerate(files) if str(path) == error.path), -1)
    return index, error.line or 0
