"""Pure parsing: bytes in → validated records with their wire bytes, and errors with field paths.

No I/O here, so the HTTP API, the file importer and the tests share one set of rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import ValidationError

from schemas import DeadLetterReason, NewsRecord, ShipmentRecord
from schemas.records import RECORD_ID_PATTERN

RecordType = Literal["shipment", "news"]
RECORD_MODELS: dict[str, type[ShipmentRecord] | type[NewsRecord]] = {
    "shipment": ShipmentRecord,
    "news": NewsRecord,
}
NDJSON_CONTENT_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
)
JSON_CONTENT_TYPES = frozenset({"application/json"})
BodyFormat = Literal["json", "ndjson"]
_UTF8_BOM = b"\xef\xbb\xbf"
_RECORD_ID = re.compile(RECORD_ID_PATTERN)


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


def field_path(loc: tuple[int | str, ...]) -> str | None:
    """pydantic's loc → `importer.country`, `parties[0].name`; None for the whole record."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _key_of(obj: object) -> str | None:
    """The record id if the object carries a plausible one (used as the dead letter's key)."""
    if isinstance(obj, dict):
        value = obj.get("record_id")
        if isinstance(value, str) and _RECORD_ID.match(value):
            return value
    return None


class RecordValidator:
    """Validates records with the wire models plus ingest's own checks (HS-6 nomenclature, size)."""

    def __init__(
        self,
        *,
        known_hs6: frozenset[str] | None = None,
        max_record_bytes: int = 900_000,
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
        if len(raw) > self.max_record_bytes:
            message = f"record of {len(raw)} bytes exceeds the {self.max_record_bytes}-byte limit"
            return RecordError("too_large", message, "record_too_large", raw, line)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8: {exc.reason} at byte {exc.start}"
            return RecordError("invalid_encoding", message, "invalid_utf8", raw, line)
        try:
            obj = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            return RecordError("invalid_json", "JSON nested too deeply", "json_too_deep", raw, line)
        except (
            ValueError
        ) as exc:  # JSONDecodeError, NaN/Infinity, integers beyond Python's digit limit
            return RecordError("invalid_json", f"not valid JSON: {exc}", "json_invalid", raw, line)
        return self.validate_object(obj, raw, record_type, line=line)

    def validate_object(
        self, obj: object, raw: bytes, record_type: RecordType | None, *, line: int | None = None
    ) -> AcceptedRecord | RecordError:
        """Validate an already-decoded JSON value; `raw` is what gets dead-lettered."""
        key = _key_of(obj)
        if not isinstance(obj, dict):
            message = f"expected a JSON object, got {type(obj).__name__}"
            return RecordError("validation_error", message, "not_an_object", raw, line, key=key)
        declared = obj.get("record_type", record_type)
        if (
            not isinstance(declared, str)
            or declared not in RECORD_MODELS
            or declared != (record_type or declared)
        ):
            expected = record_type or " or ".join(RECORD_MODELS)
            shown = "missing" if declared is None else repr(declared)[:60]
            message = f"record_type {shown} is not accepted here (expected {expected})"
            return RecordError(
                "unknown_record_type", message, "unknown_record_type", raw, line, "record_type", key
            )
        model = RECORD_MODELS[declared]
        try:
            record = model.model_validate(obj)
        except ValidationError as exc:
            return self._first_error(exc, raw, line, key)
        return self._finish(record, raw, line)

    def _first_error(
        self, exc: ValidationError, raw: bytes, line: int | None, key: str | None
    ) -> RecordError:
        """The first pydantic error with its field path; `hs_code` errors are `unknown_hs_code`."""
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        first = errors[0]
        path = field_path(tuple(first["loc"]))
        reason: DeadLetterReason = "unknown_hs_code" if path == "hs_code" else "validation_error"
        message = first["msg"].removeprefix("Value error, ")
        if len(errors) > 1:
            others = ", ".join(
                sorted({field_path(tuple(e["loc"])) or "(record)" for e in errors[1:]})
            )
            message += f" (and {len(errors) - 1} more: {others})"
        return RecordError(reason, message, first["type"], raw, line, path, key)

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
