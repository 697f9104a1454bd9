"""Record topic bytes → record, or PoisonRecord: the shared decoder in schemas/, as an exception."""

from __future__ import annotations

from schemas.decoding import DecodeFailure, RecordType
from schemas.decoding import decode_record as decode
from schemas.records import NewsRecord, ShipmentRecord
from services.detector.errors import PoisonRecord

__all__ = ["RecordType", "decode_record"]


def decode_record(raw: bytes | None, expected: RecordType) -> ShipmentRecord | NewsRecord:
    """Decode one message from the `expected` record topic; PoisonRecord with the decoder's reason."""
    outcome = decode(raw, expected)
    if isinstance(outcome, DecodeFailure):
        raise PoisonRecord(outcome.reason, outcome.detail, outcome.field_path)
    return outcome
