"""Pure parsing: bodies in → validated records with their wire bytes, and errors with field paths.

No I/O here, so the HTTP API, the file importer and the tests share one set of rules. Each record
goes through the decoder in schemas/ (the detector's too, so reasons and paths are the same);
ingest adds body framing (JSON or NDJSON), the HS nomenclature check and the wire re-encoding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from schemas import DeadLetterReason, NewsRecord, ShipmentRecord
from schemas.decoding import (
    MAX_RECORD_BYTES,
    RECORD_MODELS,
    DecodeFailure,
    RecordType,
    decode_record,
    field_path,
    validate_record,
)

__all__ = ["RECORD_MODELS", "RecordType", "field_path"]
NDJSON_CONTENT_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
)
JSON_CONTENT_TYPES = frozenset({"application/json"})
BodyFormat = Literal["json", "ndjson"]
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RecordError:
    """Why one record (or line, or body) was rejected, with the bytes to dead-letter."""

    reason: DeadLetterReason
    message: str
    type: str
    raw: bytes
    line: int | None = None
    path: str | None = None
    key: str | None = None

    @classmethod
    def of(cls, failure: DecodeFailure, raw: bytes, line: int | None) -> RecordError:
        """The decoder's failure, with the bytes to dead-letter and the NDJSON line."""
        return cls(
            failure.reason,
            failure.detail,
            failure.code,
            raw,
            line,
            failure.field_path,
            failure.record_id,
        )

    def as_json(self) -> dict[str, Any]:
        """The error as the API and import summary show it (never echoes the input)."""
        return {
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "type": self.type,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AcceptedRecord:
    """A valid record and its JSON bytes as they go on the wire."""

    record: ShipmentRecord | NewsRecord
    value: bytes
    line: int | None = None

    @property
    def key(self) -> str:
        return self.record.record_id

    @property
    def record_type(self) -> RecordType:
        return self.record.record_type


@dataclass
class ParseResult:
    """Everything a body held: the accepted records and the rejected ones."""

    accepted: list[AcceptedRecord]
    errors: list[RecordError]


def body_format(content_type: str) -> BodyFormat | None:
    """`application/json` → one object; NDJSON types → batch; anything else → None (415)."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in JSON_CONTENT_TYPES:
        return "json"
    if media_type in NDJSON_CONTENT_TYPES:
        return "ndjson"
    return None


def split_ndjson(body: bytes) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line bytes) for every non-blank line; `\\r\\n` endings are fine."""
    for number, line in enumerate(body.split(b"\n"), start=1):
        stripped = line.rstrip(b"\r")
        if stripped.strip():
            yield number, stripped


class RecordValidator:
    """Validates records with the shared decoder plus ingest's own checks (HS-6 nomenclature)."""

    def __init__(
        self,
        *,
        known_hs6: frozenset[str] | None = None,
        max_record_bytes: int = MAX_RECORD_BYTES,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.known_hs6 = known_hs6
        self.max_record_bytes = max_record_bytes
        self._now = now

    def parse_body(
        self, body: bytes, fmt: BodyFormat, record_type: RecordType | None, *, max_records: int
    ) -> ParseResult:
        """Parse an HTTP body: one JSON object, or NDJSON lines (numbered from 1)."""
        result = ParseResult(accepted=[], errors=[])
        if body.startswith(_UTF8_BOM):
            body = body[len(_UTF8_BOM) :]
        if not body.strip():
            result.errors.append(
                RecordError("validation_error", "the body is empty", "empty_body", body)
            )
            return result
        if fmt == "json":
            items: Iterator[tuple[int | None, bytes]] = iter([(None, body)])
        else:
            items = split_ndjson(body)
        for count, (line, raw) in enumerate(items, start=1):
            if count > max_records:
                message = f"a batch holds at most {max_records} records"
                result.errors.append(
                    RecordError("too_large", message, "too_many_records", b"", line)
                )
                break
            outcome = self.validate_bytes(raw, record_type, line=line)
            target = result.accepted if isinstance(outcome, AcceptedRecord) else result.errors
            target.append(outcome)  # type: ignore[arg-type]
        return result

    def validate_bytes(
        self, raw: bytes, record_type: RecordType | None, *, line: int | None = None
    ) -> AcceptedRecord | RecordError:
        """Decode, parse and validate one JSON record."""
        outcome = decode_record(raw, record_type, max_bytes=self.max_record_bytes)
        if isinstance(outcome, DecodeFailure):
            return RecordError.of(outcome, raw, line)
        return self._finish(outcome, raw, line)

    def validate_object(
        self, obj: object, raw: bytes, record_type: RecordType | None, *, line: int | None = None
    ) -> AcceptedRecord | RecordError:
        """Validate an already-decoded JSON value; `raw` is what gets dead-lettered."""
        outcome = validate_record(obj, record_type)
        if isinstance(outcome, DecodeFailure):
            return RecordError.of(outcome, raw, line)
        return self._finish(outcome, raw, line)

    def _finish(
        self, record: ShipmentRecord | NewsRecord, raw: bytes, line: int | None
    ) -> AcceptedRecord | RecordError:
        key = record.record_id
        hs_code = record.hs_code if isinstance(record, ShipmentRecord) else None
        if hs_code and self.known_hs6 is not None and hs_code[:6] not in self.known_hs6:
            message = f"HS code {hs_code}: subheading {hs_code[:6]} is not in the HS nomenclature"
            return RecordError(
                "unknown_hs_code", message, "hs_code_unknown", raw, line, "hs_code", key
            )
        if record.ingested_at is None:
            record = record.model_copy(update={"ingested_at": self._now()})
        try:
            value = record.model_dump_json(exclude_none=True).encode("utf-8")
        # A lone surrogate in a dict key can survive validation but not encoding.
        except (ValueError, UnicodeEncodeError) as exc:
            return RecordError(
                "invalid_encoding",
                f"cannot encode as UTF-8: {exc}",
                "unencodable",
                raw,
                line,
                key=key,
            )
        if len(value) > self.max_record_bytes:
            message = f"record of {len(value)} bytes exceeds the {self.max_record_bytes}-byte limit"
            return RecordError("too_large", message, "record_too_large", raw, line, key=key)
        return AcceptedRecord(record, value, line)
