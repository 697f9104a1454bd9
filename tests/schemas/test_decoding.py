"""One decoder: the same bytes get the same reason, path and detail from ingest and the detector."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import NewsRecord, ShipmentRecord
from schemas.decoding import (
    MAX_RECORD_BYTES,
    DecodeFailure,
    RecordType,
    decode_record,
    field_path,
)
from services.detector.decoding import decode_record as detector_decode
from services.detector.errors import PoisonRecord
from services.ingest.parsing import RecordError, RecordValidator
from services.ingest.settings import Settings as IngestSettings
from tests.support.factories import json_bytes, news_dict, party_dict, shipment_dict

BAD_BYTES: dict[str, tuple[bytes, str, str | None]] = {
    # name: (bytes, reason, field path)
    "5,001-digit integer": (
        b'{"record_id": "s-1", "quantity": 1' + b"0" * 5000 + b"}",
        "invalid_json",
        None,
    ),
    "NaN": (json.dumps(shipment_dict(quantity=float("nan"))).encode(), "invalid_json", None),
    "Infinity": (b'{"quantity": -Infinity}', "invalid_json", None),
    "invalid UTF-8": (b'{"record_id": "\xff\xfe\xfd"}', "invalid_encoding", None),
    "oversize": (b" " * (MAX_RECORD_BYTES + 1), "too_large", None),
    "not JSON": (b"{not json", "invalid_json", None),
    "empty": (b"", "invalid_json", None),
    "nested 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, "invalid_json", None),
    "not an object": (b"[1, 2]", "validation_error", None),
    "unknown field": (json_bytes(shipment_dict(surprise=1)), "validation_error", "surprise"),
    "bad HS code format": (json_bytes(shipment_dict(hs_code="12")), "unknown_hs_code", "hs_code"),
    "HS code in a reserved chapter": (
        json_bytes(shipment_dict(hs_code="7701.00")),
        "unknown_hs_code",
        "hs_code",
    ),
    "bad country": (
        json_bytes(shipment_dict(importer=party_dict(country="zz"))),
        "validation_error",
        "importer.country",
    ),
    "news on the shipment route": (json_bytes(news_dict()), "unknown_record_type", "record_type"),
    "unknown record type": (b'{"record_type": "invoice"}', "unknown_record_type", "record_type"),
}


def ingest_outcome(raw: bytes, record_type: RecordType) -> tuple[str, str | None, str]:
    error = RecordValidator().validate_bytes(raw, record_type)
    assert isinstance(error, RecordError), error
    return error.reason, error.path, error.message


def detector_outcome(raw: bytes, record_type: RecordType) -> tuple[str, str | None, str]:
    with pytest.raises(PoisonRecord) as info:
        detector_decode(raw, record_type)
    return info.value.reason, info.value.field_path, info.value.detail


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_the_same_bad_bytes_get_the_same_reason_and_path_in_ingest_and_the_detector(
    name: str,
) -> None:
    raw, reason, path = BAD_BYTES[name]
    ingest = ingest_outcome(raw, "shipment")
    assert ingest[:2] == (reason, path)
    assert detector_outcome(raw, "shipment") == ingest


def test_the_5001_digit_integer_is_invalid_json_not_a_processing_error() -> None:
    raw = BAD_BYTES["5,001-digit integer"][0]
    failure = decode_record(raw, "shipment")
    assert isinstance(failure, DecodeFailure)
    assert (failure.reason, failure.code) == ("invalid_json", "json_invalid")
    assert "digits" in failure.detail


def test_the_size_limit_is_a_parameter_with_one_default_shared_by_ingest() -> None:
    raw = json_bytes(news_dict(body="x" * 3_000))
    assert isinstance(decode_record(raw, "news"), NewsRecord)
    small = decode_record(raw, "news", max_bytes=2_000)
    assert isinstance(small, DecodeFailure) and small.reason == "too_large"
    assert RecordValidator().max_record_bytes == MAX_RECORD_BYTES
    assert IngestSettings.model_fields["max_record_bytes"].default == MAX_RECORD_BYTES


def test_the_topic_implies_the_record_type_but_a_route_without_one_needs_it() -> None:
    missing = {k: v for k, v in shipment_dict().items() if k != "record_type"}
    assert isinstance(decode_record(json_bytes(missing), "shipment"), ShipmentRecord)
    failure = decode_record(json_bytes(missing), None)
    assert isinstance(failure, DecodeFailure) and failure.field_path == "record_type"


def test_failures_carry_the_record_id_but_never_echo_the_input() -> None:
    secret = "Very Secret Trading LLC"
    raw = json.dumps({**shipment_dict(record_id="s-9"), "exporter": {"name": secret, "x": 1}})
    failure = decode_record(raw.encode(), "shipment")
    assert isinstance(failure, DecodeFailure)
    assert (failure.record_id, failure.field_path) == ("s-9", "exporter.x")
    assert secret not in failure.detail


def test_a_tombstone_is_a_validation_error() -> None:
    failure = decode_record(None, "news")
    assert isinstance(failure, DecodeFailure) and failure.reason == "validation_error"


def test_field_paths_index_lists_with_brackets() -> None:
    assert field_path(("importer", "identifiers", "inn")) == "importer.identifiers.inn"
    assert field_path(("parties", 0, "name")) == "parties[0].name"
    assert field_path(()) is None


def _bytes_near_records() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and valid records with a slice of bytes spliced in."""
    valid = st.sampled_from([json_bytes(shipment_dict()), json_bytes(news_dict())])
    spliced = st.tuples(valid, st.integers(0, 400), st.binary(max_size=8)).map(
        lambda parts: parts[0][: parts[1]] + parts[2] + parts[0][parts[1] + len(parts[2]) :]
    )
    return st.binary(max_size=200) | spliced


@settings(max_examples=300, deadline=None)
@given(raw=_bytes_near_records(), record_type=st.sampled_from(["shipment", "news"]))
def test_any_bytes_get_the_same_outcome_from_ingest_and_the_detector(
    raw: bytes, record_type: RecordType
) -> None:
    outcome = RecordValidator().validate_bytes(raw, record_type)
    if isinstance(outcome, RecordError):
        assert detector_outcome(raw, record_type) == (outcome.reason, outcome.path, outcome.message)
    else:
        assert detector_decode(raw, record_type) == outcome.record.model_copy(
            update={"ingested_at": None}
        )
