"""Turn raw topic bytes into a record, or a PoisonRecord with a dead-letter reason and field path."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import ValidationError

from schemas import NewsRecord, ShipmentRecord
from services.detector.errors import PoisonRecord

RecordType = Literal["shipment", "news"]
MAX_MESSAGE_BYTES = 1_048_576
_MODELS: dict[str, type[ShipmentRecord] | type[NewsRecord]] = {
    "shipment": ShipmentRecord,
    "news": NewsRecord,
}


def decode_record(raw: bytes | None, expected: RecordType) -> ShipmentRecord | NewsRecord:
    """Validate one message from the `expected` record topic."""
    if raw is None:
        raise PoisonRecord("validation_error", "empty message (tombstone)")
    if len(raw) > MAX_MESSAGE_BYTES:
        raise PoisonRecord("too_large", f"message of {len(raw)} bytes exceeds {MAX_MESSAGE_BYTES}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PoisonRecord("invalid_encoding", f"not UTF-8: {exc}") from exc
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise PoisonRecord("invalid_json", f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PoisonRecord("validation_error", f"expected a JSON object, got {type(data).__name__}")
    record_type = data.get("record_type", expected)
    if record_type != expected:
        raise PoisonRecord(
            "unknown_record_type",
            f"record_type {record_type!r} does not belong on the {expected} topic",
            field_path="record_type",
        )
    try:
        return _MODELS[expected].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"]) or None
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '<record>'}: {e['msg']}"
            for e in exc.errors()[:10]
        )
        raise PoisonRecord("validation_error", detail, field_path=path) from exc
