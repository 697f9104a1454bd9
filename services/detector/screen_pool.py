"""Screening in worker processes forked from the process that built the index.

    parent: read whole lines ─▶ chunk n ─▶ worker k (forked: the index is shared copy-on-write)
            write chunk 0, 1, 2 … as each next one is done ◀─ JSON lines text ◀─┘

The parent only cuts the input into chunks of whole lines and writes the workers' answers back
strictly in input order; nothing is pickled but the lines and the answers. A worker holds two
chunks at most (one screened, one queued) and at most `4 × jobs` chunks are unwritten, so memory
stays bounded however long the input. No pipe can deadlock: a worker reads in every chunk the
parent has sent before it writes an answer, and the parent sends a worker a chunk only while that
worker holds fewer than two. The input is cut into chunks in services/detector/screen_chunks.py.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import TextIO

from services.detector.screen_chunks import Chunk, InputChunks, decoded_lines, input_chunker

ChunkScreener = Callable[[int, Iterable[str]], str]
"""(number of the chunk's first input line, its lines) → the output text for those lines."""

_CHUNKS_IN_HAND = 2  # a worker never waits for the parent between two chunks
_UNWRITTEN_CHUNKS_PER_JOB = 4
_JOIN_SECONDS = 5.0


class PoolError(RuntimeError):
    """A worker failed on a chunk or died; the output stops before that chunk."""


class PoolStopped(Exception):
    """The parent received SIGTERM; the workers have been stopped."""


@dataclass(frozen=True, slots=True)
class ChunkDone:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class ChunkFailed:
    number: int
    reason: str


def fork_available() -> bool:
    """True where worker processes can be forked (Linux, not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _worker_main(
    conn: Connection,
    inherited: list[Connection],
    screen_chunk: ChunkScreener,
    encoding: str,
    errors: str,
) -> None:
    """Screen chunks until told to stop; a failure is reported to the parent, then exit 1."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides how Ctrl-C ends the run
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: terminate() ends us
    for parent_end in inherited:  # so that the parent's death reads as end-of-file here
        parent_end.close()
    queued: deque[Chunk | None] = deque()
    try:
        while True:
            chunk = queued.popleft() if queued else conn.recv()
            if chunk is None:
                return
            try:
                lines = decoded_lines(chunk.payload, encoding, errors)
                text = screen_chunk(chunk.first_line, lines)
            except Exception:
                conn.send(ChunkFailed(chunk.number, traceback.format_exc(limit=-3)))
                raise SystemExit(1) from None
            while conn.poll():  # take in what the parent sent first: it may be waiting to finish
                queued.append(conn.recv())
            conn.send(ChunkDone(chunk.number, text))
    except (EOFError, BrokenPipeError):  # the parent is gone (killed): nobody to answer
        return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    in_hand: int = 0  # chunks sent and not yet answered

    def describe_exit(self) -> str:
        self.process.join(_JOIN_SECONDS)
        code = self.process.exitcode
        how = (
            f"was killed by signal {-code}" if code is not None and code < 0 else f"exited ({code})"
        )
        return f"screening worker {self.process.pid} {how}"


class _Workers:
    """`jobs` forked workers, each with its own pipe and at most two chunks in hand."""

    def __init__(self, jobs: int, screen_chunk: ChunkScreener, encoding: str, errors: str) -> None:
        context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []
        parent_ends: list[Connection] = []
        try:
            for _ in range(jobs):
                parent_end, child_end = context.Pipe()
                parent_ends.append(parent_end)
                process = context.Process(
                    target=_worker_main,
                    args=(child_end, list(parent_ends), screen_chunk, encoding, errors),
                    name="chokepoint-screen-worker",
                    daemon=True,
                )
                process.start()
                child_end.close()
                self.workers.append(_Worker(process, parent_end))
        except BaseException:
            self.stop()
            raise

    def idle(self) -> _Worker | None:
        """The least loaded worker if it can take a chunk: one to screen and one queued."""
        worker = min(self.workers, key=lambda w: w.in_hand)
        return worker if worker.in_hand < _CHUNKS_IN_HAND else None

    def waitables(self) -> list[Connection | int]:
        busy: list[Connection | int] = [w.conn for w in self.workers if w.in_hand]
        return busy + [w.process.sentinel for w in self.workers]

    def receive(self, ready: Connection | int) -> ChunkDone:
        """The answer from the worker whose pipe or exit is `ready`; PoolError if it failed."""
        worker = next(w for w in self.workers if ready in (w.conn, w.process.sentinel))
        try:
            if ready == worker.process.sentinel and not worker.conn.poll():
                raise PoolError(worker.describe_exit())
            message = worker.conn.recv()
        except (EOFError, OSError):
            raise PoolError(worker.describe_exit()) from None
        if isinstance(message, ChunkFailed):
            raise PoolError(f"screening worker failed on chunk {message.number}:\n{message.reason}")
        if not isinstance(message, ChunkDone):
            raise PoolError(f"screening worker sent {type(message).__name__}, not an answer")
        worker.in_hand -= 1
        return message

    def finish(self) -> None:
        """Tell every worker to stop and wait for it."""
        for worker in self.workers:
            worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(_JOIN_SECONDS)
        self.stop()

    def stop(self) -> None:
        """Terminate whatever is still running (after a failure, Ctrl-C or SIGTERM)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(_JOIN_SECONDS)
            worker.conn.close()


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises PoolStopped in the parent, so that the workers are stopped on the way out."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise PoolStopped("stopped by SIGTERM")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def screen_in_workers(
    source: TextIO, sink: TextIO, screen_chunk: ChunkScreener, *, jobs: int
) -> None:
    """Screen `source` in `jobs` forked workers; write their output to `sink` in input order."""
    chunks = input_chunker(source)
    encoding = getattr(source, "encoding", None) or "utf-8"
    errors = getattr(source, "errors", None) or "strict"
    sink.flush()  # nothing buffered may be written twice by a forked worker
    gc.freeze()  # the index's objects: not scanned by the workers' collector, so pages stay shared
    with _sigterm_raises():
        workers = _Workers(jobs, screen_chunk, encoding, errors)
        try:
            _pump(chunks, workers, sink, max_unwritten=_UNWRITTEN_CHUNKS_PER_JOB * jobs)
        except BaseException:
            workers.stop()
            raise
        workers.finish()


def _pump(chunks: InputChunks, workers: _Workers, sink: TextIO, *, max_unwritten: int) -> None:
    """Hand chunks to idle workers and write answers in order until the input is done."""
    done: dict[int, str] = {}
    dispatched = written = 0
    pending: Chunk | None = None
    while True:
        pending = pending or chunks.take()
        while pending is not None and dispatched - written < max_unwritten:
            worker = workers.idle()
            if worker is None:
                break
            worker.conn.send(pending)
            worker.in_hand, dispatched = worker.in_hand + 1, dispatched + 1
            pending = chunks.take()
        if chunks.eof and pending is None and dispatched == written:
            return
        # pending is None only when every chunk read so far has gone to a worker
        wants_input = not chunks.eof and pending is None
        fd = chunks.waitable()
        if wants_input and fd is None:
            chunks.fill()  # an in-memory stream: reading never waits on a caller
            pending = chunks.take()
            continue
        waitables: list[Connection | int] = workers.waitables()
        for ready in wait([*waitables, fd] if wants_input and fd is not None else waitables):
            if ready == fd and wants_input:
                chunks.fill()
                pending = pending or chunks.take()
            else:
                answer = workers.receive(ready)  # type: ignore[arg-type]
                done[answer.number] = answer.text
        while written in done:
            sink.write(done.pop(written))
            written += 1
        sink.flush()  # callers may pipe one query at a time and wait for its answer
