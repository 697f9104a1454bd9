"""The input of `chokepoint screen --jobs N` cut into chunks of whole lines for the workers.

Read from a file descriptor, input is cut as it arrives: a lone line piped by a caller waiting
for its answer is a chunk of its own; a flood is cut into chunks of about CHUNK_BYTES. Lines are
decoded and split in the worker exactly as sys.stdin decodes and splits them on POSIX.
"""

from __future__ import annotations

import io
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TextIO

CHUNK_BYTES = 16_384  # about 300 customs names: a few tens of ms of screening
CHUNK_LINES = 512  # the same for inputs that are not read from a file descriptor
_READ_BYTES = 65_536


@dataclass(frozen=True, slots=True)
class Chunk:
    """Whole input lines: bytes as read from a file descriptor, or the lines of a text stream."""

    number: int
    first_line: int
    payload: bytes | tuple[str, ...]


def count_lines(data: bytes) -> int:
    """Line ends in `data`, counted as sys.stdin splits lines on POSIX: at \\n only."""
    return data.count(b"\n")


class InputChunks(Protocol):
    """Where chunks come from; `waitable` is the descriptor to wait on, None if reads never wait."""

    eof: bool

    def fill(self) -> None: ...
    def take(self) -> Chunk | None: ...
    def waitable(self) -> int | None: ...


class FdChunker:
    """Whole lines from a file descriptor, cut into chunks of about `chunk_bytes` as they arrive."""

    def __init__(self, fd: int, chunk_bytes: int = CHUNK_BYTES) -> None:
        self._fd, self._chunk_bytes = fd, chunk_bytes
        self._partial = b""
        self._ready: deque[bytes] = deque()
        self._next_number, self._next_line = 0, 1
        self.eof = False

    def waitable(self) -> int | None:
        return self._fd

    def fill(self) -> None:
        """One read of what is available (blocks only when nothing is)."""
        data = os.read(self._fd, _READ_BYTES)
        if not data:
            self.eof = True
            if self._partial:
                self._ready.append(self._partial)
            self._partial = b""
            return
        data = self._partial + data
        end = data.rfind(b"\n") + 1
        self._partial = data[end:]
        start = 0
        while start < end:
            cut = data.find(b"\n", min(start + self._chunk_bytes, end) - 1) + 1
            self._ready.append(data[start:cut])
            start = cut

    def take(self) -> Chunk | None:
        if not self._ready:
            return None
        payload = self._ready.popleft()
        chunk = Chunk(self._next_number, self._next_line, payload)
        self._next_number += 1
        self._next_line += count_lines(payload)
        return chunk


class LineChunker:
    """Lines from any text stream (one that has no file descriptor), `chunk_lines` at a time."""

    def __init__(self, source: Iterable[str], chunk_lines: int = CHUNK_LINES) -> None:
        self._lines: Iterator[str] = iter(source)
        self._chunk_lines = chunk_lines
        self._ready: Chunk | None = None
        self._next_number, self._next_line = 0, 1
        self.eof = False

    def waitable(self) -> int | None:
        return None

    def fill(self) -> None:
        lines = tuple(itertools.islice(self._lines, self._chunk_lines))
        if not lines:
            self.eof = True
            return
        self._ready = Chunk(self._next_number, self._next_line, lines)
        self._next_number += 1
        self._next_line += len(lines)

    def take(self) -> Chunk | None:
        chunk, self._ready = self._ready, None
        return chunk


def input_chunker(source: TextIO) -> InputChunks:
    """Read `source`'s file descriptor directly when it has one (it must not have been read yet)."""
    try:
        fd = source.fileno()
    except (OSError, ValueError, AttributeError):
        return LineChunker(source, CHUNK_LINES)
    return FdChunker(fd, CHUNK_BYTES)


def decoded_lines(payload: bytes | tuple[str, ...], encoding: str, errors: str) -> Iterable[str]:
    if isinstance(payload, tuple):
        return payload
    # decoded and split as sys.stdin is on POSIX (newline="\n": no \r translation)
    return io.TextIOWrapper(io.BytesIO(payload), encoding=encoding, errors=errors, newline="\n")
