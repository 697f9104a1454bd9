"""Parsing bodies into records and errors with field paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.ingest.parsing import (
    AcceptedRecord,
    RecordError,
    RecordValidator,
    body_format,
    field_path,
)
from tests.support.factories import json_bytes, ndjson_bytes, news_dict, party_dict, shipment_dict

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def validator() -> RecordValidator:
    return RecordValidator(known_hs6=frozenset({"880621", "854231"}), now=lambda: NOW)


def accepted(outcome: AcceptedRecord | RecordError) -> AcceptedRecord:
    assert isinstance(outcome, AcceptedRecord), outcome
    return outcome


def rejected(outcome: AcceptedRecord | RecordError) -> RecordError:
    assert isinstance(outcome, RecordError), outcome
    return outcome


def test_valid_shipment_is_normalised_and_stamped(validator: RecordValidator) -> None:
    out = accepted(validator.validate_bytes(json_bytes(shipment_dict(record_id="a1")), "shipment"))
    wire = json.loads(out.value)
    assert out.key == "a1"
    assert wire["hs_code"] == "880621"
    assert wire["ingested_at"].startswith("2025-01-02T03:04:05")
    assert "notify_party" not in wire  # None fields are left out of the wire message


def test_given_ingested_at_is_kept(validator: RecordValidator) -> None:
    raw = json_bytes(news_dict(ingested_at="2020-05-05T00:00:00Z"))
    out = accepted(validator.validate_bytes(raw, "news"))
    assert json.loads(out.value)["ingested_at"].startswith("2020-05-05")


@pytest.mark.parametrize(
    ("overrides", "path", "reason"),
    [
        ({"importer": party_dict(country="zz")}, "importer.country", "validation_error"),
        ({"quantity": "many"}, "quantity", "validation_error"),
        ({"declaration_date": "yesterday"}, "declaration_date", "validation_error"),
        ({"surprise": 1}, "surprise", "validation_error"),
        ({"hs_code": "7701.00"}, "hs_code", "unknown_hs_code"),
        ({"hs_code": "8806"}, "hs_code", "unknown_hs_code"),
        ({"hs_code": "999999"}, "hs_code", "unknown_hs_code"),
        ({"hs_code": "8542.39"}, "hs_code", "unknown_hs_code"),  # well-formed, not in our set
        ({"transport": {"imo": "9074728"}}, "transport.imo", "validation_error"),
        ({"record_id": "bad id with spaces"}, "record_id", "validation_error"),
    ],
)
def test_invalid_shipment_names_the_field(
    validator: RecordValidator, overrides: dict[str, object], path: str, reason: str
) -> None:
    error = rejected(validator.validate_bytes(json_bytes(shipment_dict(**overrides)), "shipment"))
    assert (error.path, error.reason) == (path, reason)
    assert error.message


def test_shipment_without_parties_is_a_record_level_error(validator: RecordValidator) -> None:
    raw = json_bytes(shipment_dict(exporter=None, importer=None))
    error = rejected(validator.validate_bytes(raw, "shipment"))
    assert error.path is None and "at least one party" in error.message


def test_several_errors_are_summarised_in_one_message(validator: RecordValidator) -> None:
    raw = json_bytes(shipment_dict(quantity=-1, currency="usd"))
    error = rejected(validator.validate_bytes(raw, "shipment"))
    assert error.path == "quantity" and "1 more: currency" in error.message


@pytest.mark.parametrize(
    ("raw", "reason", "type_"),
    [
        (b"{not json", "invalid_json", "json_invalid"),
        (b'{"quantity": NaN}', "invalid_json", "json_invalid"),
        (b"\xff\xfe{}", "invalid_encoding", "invalid_utf8"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json", "json_too_deep"),
        (b"[1, 2]", "validation_error", "not_an_object"),
        (b'"text"', "validation_error", "not_an_object"),
        (b'{"record_type": "invoice"}', "unknown_record_type", "unknown_record_type"),
        (b'{"record_type": ["x"]}', "unknown_record_type", "unknown_record_type"),
        (b'{"quantity": 1' + b"0" * 5000 + b"}", "invalid_json", "json_invalid"),
    ],
)
def test_poison_bytes_are_errors_not_exceptions(
    validator: RecordValidator, raw: bytes, reason: str, type_: str
) -> None:
    error = rejected(validator.validate_bytes(raw, "shipment"))
    assert (error.reason, error.type) == (reason, type_)
    assert error.raw == raw


def test_news_posted_as_shipment_is_an_unknown_record_type(validator: RecordValidator) -> None:
    error = rejected(validator.validate_bytes(json_bytes(news_dict()), "shipment"))
    assert error.reason == "unknown_record_type" and error.path == "record_type"


def test_record_type_is_detected_when_not_given(validator: RecordValidator) -> None:
    assert accepted(validator.validate_bytes(json_bytes(news_dict()), None)).record_type == "news"
    missing = {k: v for k, v in shipment_dict().items() if k != "record_type"}
    assert rejected(validator.validate_bytes(json_bytes(missing), None)).reason == (
        "unknown_record_type"
    )


def test_oversized_record_is_too_large() -> None:
    small = RecordValidator(max_record_bytes=2_000)
    error = rejected(small.validate_bytes(json_bytes(news_dict(body="x" * 3_000)), "news"))
    assert error.reason == "too_large"


def test_ndjson_batch_numbers_lines_and_skips_blanks(validator: RecordValidator) -> None:
    body = ndjson_bytes([shipment_dict(record_id="ok-1")]) + b"\r\n"
    body += b"{broken\n" + json_bytes(shipment_dict(hs_code="12")) + b"\r\n"
    result = validator.parse_body(body, "ndjson", "shipment", max_records=10)
    assert [a.line for a in result.accepted] == [1]
    assert [(e.line, e.reason, e.path) for e in result.errors] == [
        (3, "invalid_json", None),
        (4, "unknown_hs_code", "hs_code"),
    ]


def test_batch_over_the_record_limit_is_too_large(validator: RecordValidator) -> None:
    body = ndjson_bytes([shipment_dict() for _ in range(3)])
    result = validator.parse_body(body, "ndjson", "shipment", max_records=2)
    assert result.errors[-1].type == "too_many_records"


def test_single_json_object_may_span_lines_and_carry_a_bom(validator: RecordValidator) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(shipment_dict(), indent=2).encode()
    result = validator.parse_body(body, "json", "shipment", max_records=10)
    assert len(result.accepted) == 1 and result.accepted[0].line is None


def test_empty_body_is_an_error(validator: RecordValidator) -> None:
    result = validator.parse_body(b" \n", "ndjson", "news", max_records=10)
    assert [e.type for e in result.errors] == ["empty_body"]


def test_content_types() -> None:
    assert body_format("application/json; charset=utf-8") == "json"
    assert body_format("application/x-ndjson") == "ndjson"
    assert body_format("text/csv") is None


def test_field_path_formatting() -> None:
    assert field_path(("importer", "identifiers", "inn")) == "importer.identifiers.inn"
    assert field_path(("items", 2, "name")) == "items[2].name"
    assert field_path(()) is None
