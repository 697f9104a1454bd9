"""Property tests: no input makes the validator raise or the API answer 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import DeadLetter, NewsRecord, ShipmentRecord
from services.ingest.parsing import AcceptedRecord, RecordError, RecordValidator
from tests.support.factories import json_bytes, news_dict, shipment_dict
from tests.support.ingest_api import (
    AUTH,
    FakeSink,
    SyncClient,
    make_settings,
    ready_runtime,
    running_app,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = (
    list(ShipmentRecord.model_fields) + list(NewsRecord.model_fields) + ["x", "importer.country"]
)


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    """A valid record with a few fields replaced by arbitrary JSON values or removed."""
    record = draw(st.sampled_from([shipment_dict, news_dict]))()
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.booleans()):
            record[name] = draw(json_values)
        else:
            record.pop(name, None)
    return record


VALIDATOR = RecordValidator(known_hs6=frozenset({"880621"}), max_record_bytes=4_096)


def _check(outcome: AcceptedRecord | RecordError) -> None:
    if isinstance(outcome, AcceptedRecord):
        again = type(outcome.record).model_validate_json(outcome.value)  # the wire bytes round-trip
        assert again.record_id == outcome.key
    else:
        assert outcome.message and outcome.reason
        DeadLetter.wrap(
            outcome.raw, reason=outcome.reason, detail=outcome.message, service="ingest"
        )


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_validator_never_raises_on_bytes(raw: bytes) -> None:
    _check(VALIDATOR.validate_bytes(raw, "shipment"))


@settings(max_examples=300, deadline=None)
@given(mutated_records(), st.sampled_from(["shipment", "news", None]))
def test_validator_never_raises_on_mutated_records(
    record: dict[str, Any], record_type: Any
) -> None:
    raw = json.dumps(record).encode()
    _check(VALIDATOR.validate_bytes(raw, record_type))


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[SyncClient, FakeSink]]:
    sink = FakeSink()
    runtime = ready_runtime(make_settings(max_body_bytes=8_192, max_record_bytes=4_096), sink)
    with running_app(runtime) as client:
        yield client, sink


bodies = st.one_of(
    st.binary(max_size=400),
    mutated_records().map(json_bytes),
    st.lists(mutated_records().map(json_bytes), max_size=4).map(b"\n".join),
    st.lists(json_values.map(lambda v: json.dumps(v).encode()), max_size=3).map(b"\n".join),
)
content_types = st.sampled_from(
    ["application/json", "application/x-ndjson", "text/plain", "application/json; charset=latin-1"]
)


@settings(max_examples=150, deadline=None)
@given(
    body=bodies, content_type=content_types, route=st.sampled_from(["/v1/shipments", "/v1/news"])
)
def test_api_never_answers_5xx(
    api: tuple[SyncClient, FakeSink], body: bytes, content_type: str, route: str
) -> None:
    client, sink = api
    before = len(sink.messages)
    reply = client.post(route, body, {"Content-Type": content_type, **AUTH})
    assert reply.status in (202, 400, 413, 415, 422), reply.body
    assert len(sink.messages) > before  # every request left a record or a dead letter
    if reply.status != 202:
        assert reply.body["errors"] and all("message" in e for e in reply.body["errors"])


def test_accepted_wire_bytes_parse_with_the_contract() -> None:
    from schemas import parse_record

    outcome = VALIDATOR.validate_bytes(json_bytes(shipment_dict()), "shipment")
    assert isinstance(outcome, AcceptedRecord)
    assert parse_record(outcome.value).record_id == outcome.key
