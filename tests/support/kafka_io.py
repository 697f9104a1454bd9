"""Test helpers to publish to and read from the embedded broker with kafka-python."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from kafka import KafkaConsumer, KafkaProducer


def publish(bootstrap: str, topic: str, messages: list[tuple[str | None, bytes]]) -> None:
    """Publish raw (key, value) messages with acks=all, as a user's own producer would."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for key, value in messages:
            producer.send(topic, key=key.encode() if key else None, value=value)
        producer.flush(timeout=30)
    finally:
        producer.close()


def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[dict[str, Any]]], bool],
    timeout_seconds: float = 60.0,
) -> list[dict[str, Any]]:
    """Read a topic from the start, JSON-decoding values, until `until(messages)` holds or timeout."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
        consumer_timeout_ms=500,
        isolation_level="read_committed",  # as every consumer of the detector's output must
    )
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout_seconds
    try:
        while time.monotonic() < deadline:
            for message in consumer:
                found.append(json.loads(message.value))
            if until(found):
                return found
    finally:
        consumer.close()
    raise AssertionError(
        f"timed out after {timeout_seconds}s reading {topic}; got {len(found)}: {found[:3]}"
    )


def wait_for(
    condition: Callable[[], bool], timeout_seconds: float = 60.0, interval: float = 0.1
) -> None:
    """Poll a condition until it holds; fail with a clear message on timeout."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout_seconds}s")
