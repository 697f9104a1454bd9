"""The contract at its edges: each decode failure's exact reason, code and wording, the size limit
to the byte, the validators' limits (HS chapters, IMO check digits), the dead-letter envelope's
fields, topic layouts and stable alert ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from schemas import ShipmentRecord
from schemas.alerts import alert_id_for
from schemas.countries import normalize_country
from schemas.decoding import DecodeFailure, decode_record, validate_record
from schemas.dlq import DeadLetter
from schemas.hs import normalize_hs_code
from schemas.notifier import DeliveryDone, parse_state_record
from schemas.records import Transport
from schemas.topics import (
    ALERTS,
    NOTIFIER_STATE,
    SHIPMENTS,
    declaration_of,
    min_insync_replicas,
)
from tests.support.factories import json_bytes, news_dict, party_dict, shipment_dict

# --- decode failures, exactly ------------------------------------------------------------------


def test_a_tombstone_fails_as_an_empty_message() -> None:
    assert decode_record(None, "shipment") == DecodeFailure(
        "validation_error", "empty_message", "empty message (tombstone)"
    )


def test_a_record_of_exactly_the_byte_limit_is_decoded() -> None:
    raw = json_bytes(shipment_dict())
    assert isinstance(decode_record(raw, "shipment", max_bytes=len(raw)), ShipmentRecord)


def test_one_byte_over_the_limit_is_too_large_and_says_by_how_much() -> None:
    raw = json_bytes(shipment_dict())
    limit = len(raw) - 1
    assert decode_record(raw, "shipment", max_bytes=limit) == DecodeFailure(
        "too_large",
        "record_too_large",
        f"record of {len(raw)} bytes exceeds the {limit}-byte limit",
    )


def test_bytes_that_are_not_utf8_name_the_first_bad_byte() -> None:
    assert decode_record(b'{"record_id": "\xff"}', "shipment") == DecodeFailure(
        "invalid_encoding", "invalid_utf8", "not UTF-8: invalid start byte at byte 15"
    )


def test_json_nested_too_deeply_is_its_own_failure() -> None:
    assert decode_record(b"[" * 100_000 + b"]" * 100_000, "shipment") == DecodeFailure(
        "invalid_json", "json_too_deep", "JSON nested too deeply"
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_named_as_not_json(constant: str) -> None:
    failure = decode_record(f'{{"quantity": {constant}}}'.encode(), "shipment")
    assert isinstance(failure, DecodeFailure) and failure.code == "json_invalid"
    assert failure.detail == f"not valid JSON: {constant} is not valid JSON"


def test_a_json_value_that_is_not_an_object_names_its_type() -> None:
    assert decode_record(b"[1, 2]", "shipment") == DecodeFailure(
        "validation_error", "not_an_object", "expected a JSON object, got list"
    )


def test_a_record_type_not_accepted_on_a_topic_names_the_expected_one() -> None:
    failure = validate_record({"record_type": "invoice", "record_id": "s-7"}, "shipment")
    assert failure == DecodeFailure(
        "unknown_record_type",
        "unknown_record_type",
        "record_type 'invoice' is not accepted here (expected shipment)",
        "record_type",
        "s-7",
    )


def test_a_missing_record_type_on_a_route_without_one_lists_both_types() -> None:
    failure = validate_record({"record_id": "s-8"}, None)
    assert isinstance(failure, DecodeFailure)
    assert failure.detail == "record_type missing is not accepted here (expected shipment or news)"
    assert failure.record_id == "s-8"


def test_a_long_record_type_is_shown_cut_to_60_characters() -> None:
    failure = validate_record({"record_type": "x" * 100}, "news")
    assert isinstance(failure, DecodeFailure)
    shown = "'" + "x" * 59
    assert failure.detail == f"record_type {shown} is not accepted here (expected news)"


def test_a_single_model_error_is_its_message_without_pydantics_prefix() -> None:
    raw = json_bytes(shipment_dict(record_id="s-9", importer=party_dict(country="zz")))
    assert decode_record(raw, "shipment") == DecodeFailure(
        "validation_error",
        "value_error",
        "'zz' is not an ISO 3166-1 alpha-2 country code",
        "importer.country",
        "s-9",
    )


def test_several_model_errors_give_the_first_and_count_the_others_by_path() -> None:
    raw = json_bytes(shipment_dict(hs_code="12", surprise=1, other=2))
    failure = decode_record(raw, "shipment")
    assert isinstance(failure, DecodeFailure)
    assert (failure.reason, failure.code, failure.field_path) == (
        "unknown_hs_code",
        "value_error",
        "hs_code",
    )
    assert failure.detail == (
        "HS code '12' must have 6 to 10 digits, got 2 (and 2 more: other, surprise)"
    )


def test_a_later_error_without_a_field_name_is_counted_as_the_records() -> None:
    raw = json.dumps(shipment_dict(hs_code="12") | {"": 1}).encode()
    failure = decode_record(raw, "shipment")
    assert isinstance(failure, DecodeFailure)
    assert failure.detail == "HS code '12' must have 6 to 10 digits, got 2 (and 1 more: (record))"


def test_an_unknown_field_alone_fails_as_extra_forbidden() -> None:
    failure = decode_record(json_bytes(news_dict(surprise=1)), "news")
    assert isinstance(failure, DecodeFailure)
    assert (failure.code, failure.field_path, failure.detail) == (
        "extra_forbidden",
        "surprise",
        "Extra inputs are not permitted",
    )


# --- validators' limits ---------------------------------------------------------------------------


def test_hs_chapter_97_is_the_last_one() -> None:
    assert normalize_hs_code("9701.10") == "970110"
    with pytest.raises(ValueError, match=r"^HS code '9801\.10' has no such chapter 98$"):
        normalize_hs_code("9801.10")


def test_an_hs_code_with_letters_says_what_it_may_contain() -> None:
    message = r"^HS code '8542\.3A' must contain only digits, dots, spaces or dashes$"
    with pytest.raises(ValueError, match=message):
        normalize_hs_code("8542.3A")


def test_an_unassigned_country_code_is_named() -> None:
    with pytest.raises(ValueError, match=r"^'zz' is not an ISO 3166-1 alpha-2 country code$"):
        normalize_country("zz")


@pytest.mark.parametrize(
    ("imo", "digits"),
    [
        ("9074729", "9074729"),
        ("IMO 9176187", "9176187"),
        ("imo9321483", "9321483"),
        (" 9321483 ", "9321483"),
    ],
)
def test_imo_numbers_with_a_valid_check_digit_are_kept_as_seven_digits(
    imo: str, digits: str
) -> None:
    assert Transport(imo=imo).imo == digits


@pytest.mark.parametrize(
    ("imo", "message"),
    [
        ("9074728", "IMO number 9074728 fails its check digit"),
        ("9704729", "IMO number 9704729 fails its check digit"),  # two digits swapped
        ("907472", "'907472' is not an IMO number (7 digits)"),
        ("90747290", "'90747290' is not an IMO number (7 digits)"),
    ],
)
def test_imo_numbers_failing_their_format_or_check_digit_are_refused(
    imo: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        Transport(imo=imo)
    [error] = info.value.errors()
    assert error["msg"] == f"Value error, {message}"


# --- the dead-letter envelope -----------------------------------------------------------------


def test_a_dead_letter_keeps_where_the_message_came_from() -> None:
    envelope = DeadLetter.wrap(
        b"{}", reason="validation_error", detail="bad", service="detector", field_path="hs_code",
        topic=SHIPMENTS, partition=3, offset=42, key="s-1",
    )  # fmt: skip
    assert (envelope.topic, envelope.partition, envelope.offset, envelope.key) == (
        SHIPMENTS,
        3,
        42,
        "s-1",
    )
    assert envelope.field_path == "hs_code"


def test_a_dead_letter_of_exactly_the_size_limit_is_not_truncated() -> None:
    whole = DeadLetter.wrap(
        b"x" * 10, reason="too_large", detail="", service="ingest", max_bytes=10
    )
    cut = DeadLetter.wrap(b"x" * 11, reason="too_large", detail="", service="ingest", max_bytes=10)
    assert (whole.truncated, whole.original) == (False, "x" * 10)
    assert (cut.truncated, cut.original, cut.original_size_bytes) == (True, "x" * 10, 11)


def test_a_dead_letters_detail_is_cut_at_2000_characters() -> None:
    envelope = DeadLetter.wrap(b"", reason="processing_error", detail="d" * 3000, service="ingest")
    assert envelope.detail == "d" * 2000


def test_a_dead_letter_is_dated_in_utc() -> None:
    envelope = DeadLetter.wrap(b"", reason="processing_error", detail="", service="notifier")
    assert envelope.failed_at.utcoffset() == timedelta(0)


def test_a_utf8_dead_letter_gives_back_its_bytes() -> None:
    raw = "Überseehafen → Дубай".encode()
    envelope = DeadLetter.wrap(raw, reason="validation_error", detail="", service="ingest")
    assert envelope.original_encoding == "utf-8"
    assert DeadLetter.model_validate_json(envelope.model_dump_json()).original_bytes() == raw


# --- topics, state records, alert ids ---------------------------------------------------------


@pytest.mark.parametrize(("replicas", "in_sync"), [(1, 1), (2, 1), (3, 2), (5, 2)])
def test_two_in_sync_replicas_from_a_replication_factor_of_three(
    replicas: int, in_sync: int
) -> None:
    assert min_insync_replicas(replicas) == in_sync


def test_a_topic_is_declared_with_or_without_a_namespace() -> None:
    declared = declaration_of(ALERTS)
    assert declared is not None and declared.base == ALERTS
    namespaced = declaration_of(f"t1.{NOTIFIER_STATE}")
    assert namespaced is not None and namespaced.base == NOTIFIER_STATE and namespaced.compacted
    assert declaration_of(f"t1{ALERTS}") is None
    assert declaration_of("chokepoint.invoices.v1") is None


def test_a_state_record_reads_back_from_its_json() -> None:
    done = DeliveryDone(
        message_id="m", channel="#c", role="reply", group_key="k", alert_ids=["a"], ts="2.000",
        thread_ts="1.000", at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    assert parse_state_record(done.model_dump_json()) == done
    assert parse_state_record(done.model_dump_json().encode()) == done


def test_alert_ids_are_stable_across_releases() -> None:
    """Ids already in the notifier's ledger must still match after an upgrade (no re-posts)."""
    assert alert_id_for("shipment", "s-1") == "4bf16f15298160e79220f481a45487ab"
    assert alert_id_for("shipment", "s-1", "record") == alert_id_for("shipment", "s-1")
    assert (
        alert_id_for("shipment", "s-1", "pattern", "b", "a") == "8f4bc53f4e2c596175abc93c551bb023"
    )
