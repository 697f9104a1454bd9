"""The wire contract: models validate what they should, JSON Schema files are fresh, examples conform."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from schemas import (
    Alert,
    DeadLetter,
    NewsRecord,
    ShipmentRecord,
    Topics,
    alert_id_for,
    parse_record,
)
from schemas.generate import json_schemas

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"
EXAMPLES = {
    "shipment": ShipmentRecord,
    "news": NewsRecord,
    "dead_letter": DeadLetter,
    "alert": Alert,
}


def test_json_schema_files_are_current() -> None:
    for name, text in json_schemas().items():
        path = SCHEMAS_DIR / "json" / name
        assert path.exists(), f"missing {path}; run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale; run `make schemas`"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_conform_to_model_and_json_schema(name: str) -> None:
    example = json.loads((SCHEMAS_DIR / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    EXAMPLES[name].model_validate(example)
    schema = json.loads((SCHEMAS_DIR / "json" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(example, schema)


def _shipment(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "record_id": "s-1",
        "source": "test",
        "declaration_date": "2026-01-02",
        "hs_code": "8542.31.00",
        "importer": {"name": "OOO Romashka", "country": "RU"},
    }
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("8542.31.00", "85423100"),
        ("854231", "854231"),
        ("8542 31 0000", "8542310000"),
        ("8807.30", "880730"),
    ],
)
def test_hs_codes_normalise_to_digits(raw: str, normalised: str) -> None:
    assert ShipmentRecord.model_validate(_shipment(hs_code=raw)).hs_code == normalised


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"hs_code": "7712.31"}, "hs_code"),
        ({"hs_code": "85AB31"}, "hs_code"),
        ({"hs_code": "8542"}, "hs_code"),
        ({"hs_code": "98765432101"}, "hs_code"),
        ({"importer": {"name": "X", "country": "XX"}}, "importer.country"),
        ({"importer": {"name": ""}}, "importer.name"),
        ({"declaration_date": "yesterday"}, "declaration_date"),
        ({"value": -5}, "value"),
        ({"currency": "dollars"}, "currency"),
        ({"transport": {"imo": "9179188"}}, "transport.imo"),
        ({"surprise": 1}, "surprise"),
        ({"record_id": "has space"}, "record_id"),
    ],
)
def test_invalid_shipments_name_the_field(overrides: dict[str, object], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        ShipmentRecord.model_validate(_shipment(**overrides))
    paths = {".".join(str(p) for p in e["loc"]) for e in info.value.errors()}
    assert path in paths


def test_a_shipment_needs_a_party() -> None:
    with pytest.raises(ValidationError, match="at least one party"):
        ShipmentRecord.model_validate(_shipment(importer=None))


def test_country_codes_are_lower_cased_and_uk_means_gb() -> None:
    record = ShipmentRecord.model_validate(
        _shipment(importer={"name": "A", "country": "UK"}, origin_country="CN")
    )
    assert record.importer is not None and record.importer.country == "gb"
    assert record.origin_country == "cn"


def test_models_are_frozen() -> None:
    record = ShipmentRecord.model_validate(_shipment())
    with pytest.raises(ValidationError):
        record.hs_code = "000000"  # type: ignore[misc]


def test_parse_record_dispatches_on_record_type() -> None:
    news = parse_record(
        json.dumps(
            {
                "record_type": "news",
                "record_id": "n-1",
                "url": "https://example.org/a",
                "title": "T",
                "published_at": "2026-01-01T00:00:00Z",
                "source": "x",
            }
        )
    )
    assert isinstance(news, NewsRecord)
    assert isinstance(
        parse_record(json.dumps({"record_type": "shipment", **_shipment()})), ShipmentRecord
    )


def test_alert_ids_are_deterministic_and_distinct() -> None:
    assert alert_id_for("shipment", "s-1") == alert_id_for("shipment", "s-1")
    assert alert_id_for("shipment", "s-1") != alert_id_for("news", "s-1")
    assert alert_id_for("shipment", "s-1", "pattern", "a", "b") == alert_id_for(
        "shipment", "s-1", "pattern", "b", "a"
    )


def test_dead_letter_keeps_original_bytes() -> None:
    raw = b"\xff\xfe not utf-8"
    envelope = DeadLetter.wrap(raw, reason="invalid_encoding", detail="bad", service="ingest")
    assert envelope.original_encoding == "base64"
    assert DeadLetter.model_validate_json(envelope.model_dump_json()).original_bytes() == raw
    big = DeadLetter.wrap(b"x" * 2_000_000, reason="too_large", detail="big", service="ingest")
    assert (
        big.truncated and big.original_size_bytes == 2_000_000 and len(big.original) == 512 * 1024
    )


def test_topic_names_are_versioned_and_namespaced() -> None:
    assert Topics().shipments == "chokepoint.shipments.v1"
    assert Topics().shipments_dlq == "chokepoint.shipments.v1.dlq"
    assert Topics("t1").alerts == "t1.chokepoint.alerts.v1"
    assert len(set(Topics().all())) == len(Topics().all())
