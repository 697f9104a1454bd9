"""Body framing at its edges: what is dead-lettered for a rejected NDJSON line is that line's bytes,
with only the carriage return of a CRLF ending taken off."""

from __future__ import annotations

from services.ingest.parsing import RecordValidator, split_ndjson


def test_a_rejected_line_keeps_its_bytes_but_not_its_crlf_ending() -> None:
    body = b'{"a": 1}\r\nnot json X\r\nlast XX'
    result = RecordValidator().parse_body(body, "ndjson", "shipment", max_records=10)
    assert [(e.line, e.raw) for e in result.errors] == [
        (1, b'{"a": 1}'),
        (2, b"not json X"),
        (3, b"last XX"),
    ]


def test_only_trailing_carriage_returns_are_taken_off_a_line() -> None:
    assert list(split_ndjson(b"\rX\r\r\n\r\n  \nY")) == [(1, b"\rX"), (4, b"Y")]
