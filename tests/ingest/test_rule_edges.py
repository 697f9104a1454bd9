"""Ingest's limits at their edges: a batch's maximum size, an HS code's length, a record's bytes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.hs import normalize_hs_code
from services.ingest.parsing import AcceptedRecord, RecordValidator, body_format, split_ndjson
from tests.support.factories import json_bytes, ndjson_bytes, shipment_dict

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _validator(**kwargs: object) -> RecordValidator:
    return RecordValidator(now=lambda: NOW, **kwargs)  # type: ignore[arg-type]


def _body(count: int) -> bytes:
    return ndjson_bytes([shipment_dict(record_id=f"S-{i}") for i in range(count)])


def test_a_batch_of_exactly_the_maximum_size_is_accepted_whole() -> None:
    result = _validator().parse_body(_body(3), "ndjson", "shipment", max_records=3)
    assert len(result.accepted) == 3 and result.errors == []


def test_one_record_over_the_maximum_is_refused_after_the_first_maximum() -> None:
    result = _validator().parse_body(_body(4), "ndjson", "shipment", max_records=3)
    assert len(result.accepted) == 3
    [error] = result.errors
    assert (error.reason, error.type, error.line) == ("too_large", "too_many_records", 4)
    assert "at most 3 records" in error.message


@pytest.mark.parametrize(
    ("code", "digits"),
    [("854231", "854231"), ("8542.31", "854231"), ("8542.31.0000", "8542310000")],
)
def test_hs_codes_of_six_to_ten_digits_are_accepted(code: str, digits: str) -> None:
    assert normalize_hs_code(code) == digits


@pytest.mark.parametrize("code", ["85423", "8542.3", "85423100001"])
def test_hs_codes_shorter_than_six_or_longer_than_ten_digits_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="6 to 10 digits"):
        normalize_hs_code(code)


def test_an_hs_code_of_five_digits_is_refused_at_ingest() -> None:
    record = _validator().validate_bytes(json_bytes(shipment_dict(hs_code="85423")), "shipment")
    assert not isinstance(record, AcceptedRecord)


def test_an_hs_subheading_outside_the_nomenclature_is_refused() -> None:
    validator = _validator(known_hs6=frozenset({"854231"}))
    ok = validator.validate_bytes(json_bytes(shipment_dict(hs_code="85423100")), "shipment")
    assert isinstance(ok, AcceptedRecord)
    bad = validator.validate_bytes(json_bytes(shipment_dict(hs_code="85423200")), "shipment")
    assert not isinstance(bad, AcceptedRecord)
    assert (bad.reason, bad.type, bad.path) == ("unknown_hs_code", "hs_code_unknown", "hs_code")


def test_a_record_of_exactly_the_byte_limit_is_accepted() -> None:
    accepted = _validator().validate_bytes(json_bytes(shipment_dict()), "shipment")
    assert isinstance(accepted, AcceptedRecord)
    size = len(accepted.value)
    exact = _validator(max_record_bytes=size).validate_bytes(
        json_bytes(shipment_dict()), "shipment"
    )
    assert isinstance(exact, AcceptedRecord)
    over = _validator(max_record_bytes=size - 1).validate_bytes(
        json_bytes(shipment_dict()), "shipment"
    )
    assert not isinstance(over, AcceptedRecord) and over.type == "record_too_large"


def test_content_types_are_read_up_to_their_first_parameter() -> None:
    assert body_format("application/x-ndjson; charset=utf-8; q=1") == "ndjson"
    assert body_format(" Application/JSON ;charset=utf-8") == "json"
    assert body_format("text/plain; x=application/json") is None


def test_ndjson_lines_keep_their_numbers_and_lose_only_the_carriage_return() -> None:
    body = b'{"a":1} \r\n\r\n  \n{"b":2}\n'
    assert list(split_ndjson(body)) == [(1, b'{"a":1} '), (4, b'{"b":2}')]


def test_an_unknown_hs_code_error_names_the_record_and_its_line() -> None:
    validator = _validator(known_hs6=frozenset({"854231"}))
    body = ndjson_bytes([shipment_dict(record_id="S-1", hs_code="85423200")])
    [error] = validator.parse_body(body, "ndjson", "shipment", max_records=5).errors
    assert (error.key, error.line, error.path) == ("S-1", 1, "hs_code")
    assert error.raw == body.rstrip(b"\n")
    assert error.message == "HS code 85423200: subheading 854232 is not in the HS nomenclature"


def test_a_record_over_the_byte_limit_names_the_record_its_line_and_the_limit() -> None:
    raw = json_bytes(shipment_dict(record_id="S-7"))
    accepted = _validator().validate_bytes(raw, "shipment")
    assert isinstance(accepted, AcceptedRecord)
    limit = len(accepted.value) - 1
    error = _validator(max_record_bytes=limit).validate_bytes(raw, "shipment", line=3)
    assert not isinstance(error, AcceptedRecord)
    assert (error.key, error.line, error.raw) == ("S-7", 3, raw)
    assert error.message == (
        f"record of {len(accepted.value)} bytes exceeds the {limit}-byte limit"
    )


def test_an_empty_body_is_one_error_that_says_so() -> None:
    result = _validator().parse_body(b"\xef\xbb\xbf \n", "ndjson", None, max_records=5)
    [error] = result.errors
    assert (error.type, error.message) == ("empty_body", "the body is empty")
    assert result.accepted == []


def test_the_batch_overflow_error_carries_no_record_bytes() -> None:
    result = _validator().parse_body(_body(2), "ndjson", "shipment", max_records=1)
    assert result.errors[0].raw == b""


def test_an_object_validated_as_the_wrong_type_is_refused() -> None:
    obj = shipment_dict()
    outcome = _validator().validate_object(obj, json_bytes(obj), "news")
    assert not isinstance(outcome, AcceptedRecord)
