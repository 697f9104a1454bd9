"""Raw topic bytes → record, or a dead-letter reason with the field path."""

from __future__ import annotations

import json

import pytest

from schemas import NewsRecord, ShipmentRecord
from schemas.decoding import MAX_RECORD_BYTES
from services.detector.decoding import decode_record
from services.detector.errors import PoisonRecord

SHIPMENT = {
    "record_id": "s-1",
    "source": "test",
    "declaration_date": "2026-01-02",
    "hs_code": "8542.31",
    "importer": {"name": "OOO Romashka", "country": "ru"},
}


def test_a_valid_shipment_without_record_type_decodes() -> None:
    record = decode_record(json.dumps(SHIPMENT).encode(), "shipment")
    assert isinstance(record, ShipmentRecord) and record.hs_code == "854231"


def test_a_valid_news_record_decodes() -> None:
    raw = {
        "record_id": "n-1",
        "url": "https://example.org/a",
        "title": "T",
        "published_at": "2026-01-01T00:00:00Z",
        "source": "x",
        "body": "Текст",
    }
    assert isinstance(
        decode_record(json.dumps(raw, ensure_ascii=False).encode(), "news"), NewsRecord
    )


@pytest.mark.parametrize(
    ("raw", "reason", "path"),
    [
        (b"{not json", "invalid_json", None),
        (b"\xff\xfe\x00", "invalid_encoding", None),
        (b"[1, 2]", "validation_error", None),
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json", None),
        (json.dumps({**SHIPMENT, "hs_code": "12"}).encode(), "unknown_hs_code", "hs_code"),
        (
            json.dumps({**SHIPMENT, "importer": {"name": "A", "country": 7}}).encode(),
            "validation_error",
            "importer.country",
        ),
        (
            json.dumps({**SHIPMENT, "record_type": "news"}).encode(),
            "unknown_record_type",
            "record_type",
        ),
        (json.dumps({**SHIPMENT, "extra_field": True}).encode(), "validation_error", "extra_field"),
        (b" " * (MAX_RECORD_BYTES + 1), "too_large", None),
        (b'{"quantity": 1' + b"0" * 5000 + b"}", "invalid_json", None),
        (b'{"quantity": NaN}', "invalid_json", None),
        (
            json.dumps({**SHIPMENT, "importer": {"name": ""}}).encode(),
            "validation_error",
            "importer.name",
        ),
    ],
)
def test_bad_messages_become_poison_with_a_reason(
    raw: bytes, reason: str, path: str | None
) -> None:
    with pytest.raises(PoisonRecord) as info:
        decode_record(raw, "shipment")
    assert info.value.reason == reason
    assert info.value.field_path == path


def test_a_tombstone_is_poison() -> None:
    with pytest.raises(PoisonRecord):
        decode_record(None, "shipment")
