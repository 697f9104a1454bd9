"""One record decoder for every service: message bytes → ShipmentRecord | NewsRecord, or a failure.

Pure (no I/O, no settings), so a record sent to ingest's API and one published straight on a
record topic meet the same rules: the same size limit by default, JSON without NaN/Infinity or
over-long integers, the same dead-letter reasons and the same field paths (`parties[0].name`).

Failure → reason (code, field path):
- no value (tombstone) → validation_error (empty_message)
- more than `max_bytes` → too_large (record_too_large)
- not UTF-8 → invalid_encoding (invalid_utf8)
- not JSON, NaN/Infinity, an integer of more than 4,300 digits → invalid_json (json_invalid)
- nested too deeply → invalid_json (json_too_deep)
- not a JSON object → validation_error (not_an_object)
- record_type missing (when the topic does not imply it), unknown or not the expected one
  → unknown_record_type (unknown_record_type, `record_type`)
- a malformed hs_code → unknown_hs_code (pydantic's error type, `hs_code`)
- any other model error, unknown fields included → validation_error (pydantic's error type,
  the first error's path)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final, Literal

from pydantic import ValidationError

from schemas.dlq import DeadLetterReason
from schemas.records import RECORD_ID_PATTERN, NewsRecord, ShipmentRecord

RecordType = Literal["shipment", "news"]
DecodedRecord = ShipmentRecord | NewsRecord
MAX_RECORD_BYTES: Final = 900_000
"""Default size limit of one record's bytes; below Kafka's 1 MiB default so ingest's wire form fits."""
RECORD_MODELS: Final[dict[str, type[ShipmentRecord] | type[NewsRecord]]] = {
    "shipment": ShipmentRecord,
    "news": NewsRecord,
}
_RECORD_ID = re.compile(RECORD_ID_PATTERN)


@dataclass(frozen=True)
class DecodeFailure:
    """Why bytes are not a record: the dead-letter reason, a short code, the field path and detail.

    `detail` never repeats the input; `record_id` is the record's id when one could be read.
    """

    reason: DeadLetterReason
    code: str
    detail: str
    field_path: str | None = None
    record_id: str | None = None


def field_path(loc: tuple[int | str, ...]) -> str | None:
    """pydantic's loc → `importer.country`, `parties[0].name`; None for the whole record."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or None


def decode_record(
    raw: bytes | None, expected: RecordType | None, *, max_bytes: int = MAX_RECORD_BYTES
) -> DecodedRecord | DecodeFailure:
    """Decode one record; `expected` is the topic's (or route's) type, None to take the record's own."""
    if raw is None:
        return DecodeFailure("validation_error", "empty_message", "empty message (tombstone)")
    if len(raw) > max_bytes:
        detail = f"record of {len(raw)} bytes exceeds the {max_bytes}-byte limit"
        return DecodeFailure("too_large", "record_too_large", detail)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        detail = f"not UTF-8: {exc.reason} at byte {exc.start}"
        return DecodeFailure("invalid_encoding", "invalid_utf8", detail)
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        return DecodeFailure("invalid_json", "json_too_deep", "JSON nested too deeply")
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, integers beyond the digit limit
        return DecodeFailure("invalid_json", "json_invalid", f"not valid JSON: {exc}")
    return validate_record(obj, expected)


def validate_record(obj: object, expected: RecordType | None) -> DecodedRecord | DecodeFailure:
    """Validate an already-parsed JSON value (a CSV row, a feed entry) by the same rules."""
    key = _record_id_of(obj)
    if not isinstance(obj, dict):
        detail = f"expected a JSON object, got {type(obj).__name__}"
        return DecodeFailure("validation_error", "not_an_object", detail, record_id=key)
    declared = obj.get("record_type", expected)
    if (
        not isinstance(declared, str)
        or declared not in RECORD_MODELS
        or declared != (expected or declared)
    ):
        wanted = expected or " or ".join(RECORD_MODELS)
        shown = "missing" if declared is None else repr(declared)[:60]
        detail = f"record_type {shown} is not accepted here (expected {wanted})"
        return DecodeFailure(
            "unknown_record_type", "unknown_record_type", detail, "record_type", key
        )
    try:
        return RECORD_MODELS[declared].model_validate(obj)
    except ValidationError as exc:
        return _first_error(exc, key)


def _first_error(exc: ValidationError, key: str | None) -> DecodeFailure:
    """The first model error with its path; the message names the other failing paths."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    first = errors[0]
    path = field_path(tuple(first["loc"]))
    reason: DeadLetterReason = "unknown_hs_code" if path == "hs_code" else "validation_error"
    detail = first["msg"].removeprefix("Value error, ")
    if len(errors) > 1:
        others = ", ".join(sorted({field_path(tuple(e["loc"])) or "(record)" for e in errors[1:]}))
        detail += f" (and {len(errors) - 1} more: {others})"
    return DecodeFailure(reason, first["type"], detail, path, key)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _record_id_of(obj: object) -> str | None:
    """The record id if the object carries a plausible one (the dead letter's key)."""
    if isinstance(obj, dict):
        value = obj.get("record_id")
        if isinstance(value, str) and _RECORD_ID.match(value):
            return value
    return None
