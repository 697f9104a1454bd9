"""Poison straight on the record topics: dead-lettered with a reason, scoring goes on."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from schemas import DeadLetter, Topics
from schemas.decoding import MAX_RECORD_BYTES
from services.common.local_broker import LocalBroker
from services.demo import SAMPLES
from tests.support.faults import ServiceProcesses
from tests.support.kafka_io import publish, read_topic, wait_for

pytestmark = pytest.mark.integration
# Over the decoder's limit yet under Kafka's default 1 MB message limit, so any broker takes it.
OVERSIZE_BYTES = MAX_RECORD_BYTES + 50_000


@pytest.fixture(scope="module")
def detector(
    broker: LocalBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServiceProcesses, Topics]]:
    topics = Topics(namespace=f"poison{secrets.token_hex(4)}")
    log_dir: Path = tmp_path_factory.mktemp("poison-logs")
    services = ServiceProcesses(
        broker,
        log_dir,
        namespace=topics.namespace,
        extra_env={"detector": {"DETECTOR_GROUP_ID": f"detector-{topics.namespace}"}},
    )
    services.start_only(["detector"])
    try:
        services.wait_ready(timeout_seconds=120)
        yield services, topics
    finally:
        services.stop()
        print("--- detector log (tail) ---\n" + services.log_tail("detector"))


def sanctioned_shipment(record_id: str) -> dict[str, Any]:
    """A demo shipment that alerts (the importer is on the SDN list)."""
    record = json.loads((SAMPLES / "shipments.ndjson").read_text().splitlines()[0])
    return dict(record, record_id=record_id)


def letters_by_key(bootstrap: str, topic: str, keys: set[str]) -> dict[str, DeadLetter]:
    found = read_topic(
        bootstrap, topic, until=lambda got: {d.get("key") for d in got} >= keys, timeout_seconds=90
    )
    return {d["key"]: DeadLetter.model_validate(d) for d in found if d.get("key") in keys}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


POISON_SHIPMENTS: dict[str, tuple[bytes, str, str | None]] = {
    # key: (message value, expected reason, expected field path)
    "not-json": (b"{not json at all", "invalid_json", None),
    "truncated-json": (json.dumps(sanctioned_shipment("x"))[:-5].encode(), "invalid_json", None),
    "empty-bytes": (b"", "invalid_json", None),
    "invalid-utf8": (b'{"record_id": "\xff\xfe\xfd"}', "invalid_encoding", None),
    "latin1": ('{"record_id": "Müller GmbH"}'.encode("latin-1"), "invalid_encoding", None),
    "wrong-types": (
        json.dumps(sanctioned_shipment("wrong-types") | {"declaration_date": 20240101}).encode(),
        "validation_error",
        "declaration_date",
    ),
    "party-not-object": (
        json.dumps(
            sanctioned_shipment("party-not-object") | {"importer": ["OOO Romashka"]}
        ).encode(),
        "validation_error",
        "importer",
    ),
    "json-array": (b"[1, 2, 3]", "validation_error", None),
    "json-null": (b"null", "validation_error", None),
    "json-string": (b'"a shipment"', "validation_error", None),
    "nested-100k": (nested(100_000).encode(), "invalid_json", None),
    "nested-in-field": (
        ('{"record_type": "shipment", "record_id": "n", "extra": ' + nested(50_000) + "}").encode(),
        "invalid_json",
        None,
    ),
    "unknown-type": (
        json.dumps({"record_type": "invoice", "record_id": "inv-1"}).encode(),
        "unknown_record_type",
        "record_type",
    ),
    "news-on-shipments": (
        json.dumps({"record_type": "news", "record_id": "n-1", "title": "t", "body": "b"}).encode(),
        "unknown_record_type",
        "record_type",
    ),
}


def test_every_kind_of_poison_is_dead_lettered_with_its_reason_and_scoring_goes_on(
    detector: tuple[ServiceProcesses, Topics], broker: LocalBroker
) -> None:
    services, topics = detector
    bootstrap = broker.bootstrap_servers
    before = sanctioned_shipment("before-poison")
    after = sanctioned_shipment("after-poison")
    publish(
        bootstrap,
        topics.shipments,
        [("before-poison", json.dumps(before).encode())]
        + [(key, value) for key, (value, _, _) in POISON_SHIPMENTS.items()]
        + [("after-poison", json.dumps(after).encode())],
    )
    letters = letters_by_key(bootstrap, topics.shipments_dlq, set(POISON_SHIPMENTS))
    for key, (value, reason, field_path) in POISON_SHIPMENTS.items():
        letter = letters[key]
        assert (letter.reason, letter.service, letter.topic) == (
            reason,
            "detector",
            topics.shipments,
        ), key
        assert letter.detail, key
        if field_path is not None:
            assert letter.field_path is not None and letter.field_path.startswith(field_path), (
                key,
                letter,
            )
        # The original bytes are kept (cut at 512 KB) so an operator can replay them.
        assert letter.original_bytes() == value[: 512 * 1024], key
    alerts = read_topic(
        bootstrap,
        topics.alerts,
        until=lambda got: {a["record"]["id"] for a in got} >= {"before-poison", "after-poison"},
    )
    assert not {a["record"]["id"] for a in alerts} & set(POISON_SHIPMENTS)
    assert services.alive("detector") and services.is_ready("detector")
    assert services.metric("detector", "chokepoint_detector_dead_letters_total") >= len(
        POISON_SHIPMENTS
    )


def test_a_message_over_the_size_limit_is_dead_lettered_as_too_large_and_truncated(
    detector: tuple[ServiceProcesses, Topics], broker: LocalBroker
) -> None:
    services, topics = detector
    bootstrap = broker.bootstrap_servers
    huge = json.dumps(
        sanctioned_shipment("huge") | {"goods_description": "x" * OVERSIZE_BYTES}
    ).encode()
    assert MAX_RECORD_BYTES < len(huge) < 1_000_000
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=1_048_576)
    try:
        producer.send(topics.shipments, key=b"huge", value=huge).get(timeout=60)
        producer.send(
            topics.shipments,
            key=b"after-huge",
            value=json.dumps(sanctioned_shipment("after-huge")).encode(),
        )
        producer.flush(timeout=60)
    finally:
        producer.close()
    letter = letters_by_key(bootstrap, topics.shipments_dlq, {"huge"})["huge"]
    assert letter.reason == "too_large"
    assert letter.original_size_bytes == len(huge)
    assert letter.truncated and letter.original_bytes() == huge[: 512 * 1024]
    read_topic(
        bootstrap,
        topics.alerts,
        until=lambda got: any(a["record"]["id"] == "after-huge" for a in got),
    )
    assert services.alive("detector")


def test_poison_on_the_news_topic_is_dead_lettered_there(
    detector: tuple[ServiceProcesses, Topics], broker: LocalBroker
) -> None:
    services, topics = detector
    bootstrap = broker.bootstrap_servers
    shipment_on_news = json.dumps(
        sanctioned_shipment("shp-on-news") | {"record_type": "shipment"}
    ).encode()
    publish(
        bootstrap,
        topics.news,
        [
            ("news-not-json", b"<rss>not json</rss>"),
            ("news-bad-utf8", b"\xc3\x28"),
            ("news-shipment", shipment_on_news),
            (
                "news-no-title",
                json.dumps({"record_type": "news", "record_id": "n2", "source": "x"}).encode(),
            ),
        ],
    )
    letters = letters_by_key(
        bootstrap,
        topics.news_dlq,
        {"news-not-json", "news-bad-utf8", "news-shipment", "news-no-title"},
    )
    assert {key: letter.reason for key, letter in letters.items()} == {
        "news-not-json": "invalid_json",
        "news-bad-utf8": "invalid_encoding",
        "news-shipment": "unknown_record_type",
        "news-no-title": "validation_error",
    }
    wait_for(
        lambda: (
            services.metric(
                "detector", "chokepoint_detector_dead_letters_total", record_type="news"
            )
            >= 4
        ),
        timeout_seconds=30,
    )
    assert services.alive("detector")
