"""The HTTP API against a fake Kafka sink: statuses, error bodies, dead letters, guards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schemas import Topics
from services.ingest.api import IngestRuntime
from tests.support.factories import json_bytes, ndjson_bytes, news_dict, shipment_dict
from tests.support.ingest_api import (
    AUTH,
    JSON,
    NDJSON,
    FakeSink,
    SyncClient,
    make_settings,
    ready_runtime,
    running_app,
)

T = Topics()


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


@pytest.fixture
def runtime(sink: FakeSink) -> IngestRuntime:
    return ready_runtime(make_settings(max_body_bytes=64 * 1024), sink)


@pytest.fixture
def api(runtime: IngestRuntime) -> Iterator[SyncClient]:
    with running_app(runtime) as client:
        yield client


def test_one_json_object_is_accepted_and_published(api: SyncClient, sink: FakeSink) -> None:
    reply = api.post("/v1/shipments", json_bytes(shipment_dict(record_id="s-1")), JSON)
    assert (reply.status, reply.body) == (202, {"accepted": 1, "record_ids": ["s-1"]})
    [message] = sink.on(T.shipments)
    assert message.key == "s-1"
    assert sink.records(T.shipments)[0]["ingested_at"]


def test_ndjson_batch_is_accepted(api: SyncClient, sink: FakeSink) -> None:
    body = ndjson_bytes([news_dict(record_id=f"n-{i}") for i in range(3)])
    reply = api.post("/v1/news", body)
    assert reply.status == 202 and reply.body["record_ids"] == ["n-0", "n-1", "n-2"]
    assert [m.key for m in sink.on(T.news)] == ["n-0", "n-1", "n-2"]


def test_batch_with_bad_lines_is_rejected_whole(api: SyncClient, sink: FakeSink) -> None:
    body = ndjson_bytes([shipment_dict(), shipment_dict(importer={"name": "X", "country": "zz"})])
    body += json_bytes(shipment_dict(hs_code="7700.00")) + b"\n"
    reply = api.post("/v1/shipments", body)
    assert reply.status == 422
    assert reply.body["error"] == "validation_error" and reply.body["accepted"] == 0
    assert [(e["line"], e["path"], e["reason"]) for e in reply.body["errors"]] == [
        (2, "importer.country", "validation_error"),
        (3, "hs_code", "unknown_hs_code"),
    ]
    assert sink.on(T.shipments) == []  # all-or-nothing: nothing published
    letters = sink.dead_letters(T.shipments_dlq)
    assert [(d.reason, d.field_path) for d in letters] == [
        ("validation_error", "importer.country"),
        ("unknown_hs_code", "hs_code"),
    ]
    assert letters[0].original_bytes() == body.split(b"\n")[1]


def test_partial_batch_accepts_valid_lines(api: SyncClient, sink: FakeSink) -> None:
    good = shipment_dict(record_id="good-1")
    body = ndjson_bytes([good]) + b"not json\n"
    reply = api.post("/v1/shipments?partial=true", body)
    assert reply.status == 207
    assert reply.body["record_ids"] == ["good-1"] and reply.body["rejected"] == 1
    assert reply.body["errors"][0]["line"] == 2
    assert [m.key for m in sink.on(T.shipments)] == ["good-1"]
    assert [d.reason for d in sink.dead_letters(T.shipments_dlq)] == ["invalid_json"]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"{oops", 400, "invalid_json"),
        (b'{"title": "\xff"}', 400, "invalid_encoding"),
        (b"", 400, "empty_body"),
        (b"[" * 50_000, 400, "invalid_json"),
        (json_bytes(shipment_dict()), 422, "validation_error"),  # a shipment sent to /v1/news
    ],
)
def test_bad_bodies_get_4xx_and_a_dead_letter(
    api: SyncClient, sink: FakeSink, body: bytes, status: int, error: str
) -> None:
    reply = api.post("/v1/news", body, JSON)
    assert (reply.status, reply.body["error"]) == (status, error)
    assert len(sink.dead_letters(T.news_dlq)) == 1 and sink.on(T.news) == []


def test_huge_body_is_413_and_dead_lettered(api: SyncClient, sink: FakeSink) -> None:
    reply = api.post("/v1/shipments", b"x" * 10_000_000)
    assert reply.status == 413 and reply.body["error"] == "too_large"
    [letter] = sink.dead_letters(T.shipments_dlq)
    assert letter.reason == "too_large" and letter.original_size_bytes <= 64 * 1024


def test_huge_chunked_body_is_413(api: SyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"y" * 10_000

    async def call() -> int:
        resp = await api.client.post("/v1/shipments", data=chunks(), headers=NDJSON)
        resp.release()
        return resp.status

    assert api.loop.run_until_complete(call()) == 413


def test_unsupported_content_type_is_415(api: SyncClient, sink: FakeSink) -> None:
    reply = api.post("/v1/shipments", b"a,b\n1,2\n", {"Content-Type": "text/csv", **AUTH})
    assert reply.status == 415
    assert sink.dead_letters(T.shipments_dlq)[0].original == "a,b\n1,2\n"


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong-token-0123456789ab"}, {"Authorization": "x"}]
)
def test_requests_without_the_token_are_401(
    api: SyncClient, sink: FakeSink, headers: dict[str, str]
) -> None:
    headers = {"Content-Type": "application/json", **headers}
    reply = api.post("/v1/shipments", b"{not even json", headers)
    assert reply.status == 401 and reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert sink.messages == []  # unauthenticated junk never reaches the dead-letter topic


def test_rate_limit_answers_429(sink: FakeSink) -> None:
    runtime = ready_runtime(make_settings(rate_limit_per_second=0.01, rate_limit_burst=2), sink)
    with running_app(runtime) as api:
        statuses = [api.post("/v1/news", json_bytes(news_dict()), JSON).status for _ in range(3)]
        assert statuses == [202, 202, 429]


def test_kafka_down_is_503_never_202(
    api: SyncClient, runtime: IngestRuntime, sink: FakeSink
) -> None:
    sink.down = True
    reply = api.post("/v1/news", json_bytes(news_dict()), JSON)
    assert reply.status == 503 and reply.headers["Retry-After"]
    assert runtime.kafka_ready is False
    sink.down = False
    assert (
        api.post("/v1/news", json_bytes(news_dict()), JSON).status == 503
    )  # until the probe says so
    assert api.request("GET", "/readyz").status == 503


def test_not_ready_until_kafka_connects(sink: FakeSink) -> None:
    runtime = ready_runtime(make_settings(), sink)
    runtime.sink, runtime.kafka_ready = None, False
    with running_app(runtime) as api:
        assert api.request("GET", "/healthz").status == 200
        assert api.request("GET", "/readyz").status == 503
        assert api.post("/v1/news", json_bytes(news_dict()), JSON).status == 503
        runtime.sink = sink
        runtime.set_kafka_ready(True)
        assert api.request("GET", "/readyz").status == 200


def test_metrics_count_in_out_failed_and_dead_letters(api: SyncClient) -> None:
    api.post("/v1/shipments", json_bytes(shipment_dict()), JSON)
    api.post("/v1/shipments", b"{bad", JSON)
    text = api.request("GET", "/metrics").body
    assert (
        'chokepoint_ingest_records_accepted_total{record_type="shipment",stage="http"} 1.0' in text
    )
    rejected = 'reason="invalid_json",record_type="shipment",stage="http"} 1.0'
    assert "chokepoint_ingest_records_rejected_total{" + rejected in text
    assert (
        'chokepoint_ingest_dead_letters_total{reason="invalid_json",record_type="shipment",stage="http"} 1.0'
        in text
    )
    assert 'chokepoint_ingest_http_requests_total{route="/v1/shipments",status="202"} 1.0' in text
    assert "chokepoint_ingest_last_processed_timestamp_seconds" in text
