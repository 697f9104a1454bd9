"""Reading import files record by record, keeping each record's original bytes (no Kafka)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from schemas import DeadLetterReason
from services.ingest.csv_rows import row_to_record, unknown_columns
from services.ingest.errors import ImportFileError
from services.ingest.parsing import RecordType

_READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class RawItem:
    """One record as read: its first line number, original bytes, and (CSV) the mapped record."""

    line: int
    raw: bytes
    consumed: int
    mapped: dict[str, object] | None = None
    problem: str | None = None
    problem_reason: DeadLetterReason = "validation_error"


def read_ndjson(stream: BinaryIO, max_record_bytes: int) -> Iterator[RawItem]:
    """Non-blank lines; a line longer than the limit yields only its first bytes (then skipped)."""
    number = 0
    while True:
        line = stream.readline(max_record_bytes + 1)
        if not line:
            return
        number += 1
        consumed = len(line)
        if len(line) > max_record_bytes and not line.endswith(b"\n"):
            while chunk := stream.readline(_READ_CHUNK):  # skip the rest of the over-long line
                consumed += len(chunk)
                if chunk.endswith(b"\n"):
                    break
        stripped = line.rstrip(b"\r\n")
        if stripped.strip():
            yield RawItem(number, stripped, consumed)


def read_csv(
    stream: BinaryIO, record_type: RecordType, default_source: str, max_record_bytes: int
) -> Iterator[RawItem]:
    """Rows mapped to record dicts; raises ImportFileError for an empty file or unknown columns."""
    consumed: list[bytes] = []

    def text_lines() -> Iterator[str]:
        for raw_line in stream:
            consumed.append(raw_line)
            yield raw_line.decode("utf-8", "surrogateescape")

    csv.field_size_limit(max(max_record_bytes, 131_072))
    reader = csv.reader(text_lines())
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        raise ImportFileError("the CSV file is empty (a header row is required)") from None
    unknown = unknown_columns(header, record_type)
    if unknown:
        raise ImportFileError(
            f"unknown CSV columns for {record_type} records: {', '.join(unknown)}"
        )
    line = len(consumed) + 1
    consumed.clear()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raw = b"".join(consumed)
            yield RawItem(line, raw, len(raw), problem=f"unreadable CSV row: {exc}")
            line, consumed[:] = line + raw.count(b"\n"), []
            continue
        raw = b"".join(consumed)
        item = _row_item(header, row, line, raw, record_type, default_source)
        line, consumed[:] = line + max(1, raw.count(b"\n")), []
        if item is not None:
            yield item


def _row_item(
    header: list[str], row: list[str], line: int, raw: bytes, record_type: RecordType, source: str
) -> RawItem | None:
    original = raw.rstrip(b"\r\n")
    if not any(cell.strip() for cell in row):
        return None
    if len(row) != len(header):
        problem = f"row has {len(row)} cells, the header has {len(header)}"
        return RawItem(line, original, len(raw), problem=problem)
    if any(_has_undecodable(cell) for cell in row):
        problem = "not UTF-8 (the row has bytes that are not valid UTF-8)"
        return RawItem(line, original, len(raw), problem=problem, problem_reason="invalid_encoding")
    mapped = row_to_record(dict(zip(header, row, strict=True)), record_type, source)
    return RawItem(line, original, len(raw), mapped=mapped)


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)
