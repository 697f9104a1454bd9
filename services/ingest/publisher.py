"""Publishing with kafka-python: acks=all, key = record id, waiting for every acknowledgement."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog
from kafka import KafkaProducer
from kafka.errors import KafkaError

from services.common.kafka_settings import KafkaConnection
from services.ingest.errors import PublishError

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to publish."""

    topic: str
    key: str | None
    value: bytes


class MessageSink(Protocol):
    """Something that publishes a batch and returns only when every message is acknowledged."""

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Publish and wait; raises PublishError if any message was not acknowledged."""


class KafkaPublisher:
    """A thread-safe kafka-python producer (acks=all, idempotent where the broker allows)."""

    def __init__(
        self, kafka: KafkaConnection, *, timeout_seconds: float, max_request_bytes: int = 1_048_576
    ) -> None:
        self.timeout_seconds = timeout_seconds
        self._kafka = kafka
        self._max_request_bytes = max_request_bytes
        self._lock = threading.Lock()
        self._failed = False
        self._producer = self._connect()

    def _connect(self) -> KafkaProducer:
        timeout_ms = int(self.timeout_seconds * 1000)
        try:
            return KafkaProducer(
                client_id="chokepoint-ingest",
                acks="all",
                # An HTTP batch (up to 10,000 records) is handed over at once: large per-partition
                # batches send it in a few produce requests, one acknowledgement wait for all.
                linger_ms=5,
                batch_size=256 * 1024,
                max_request_size=self._max_request_bytes,
                request_timeout_ms=max(1000, timeout_ms // 2),
                delivery_timeout_ms=timeout_ms,
                max_block_ms=timeout_ms,
                bootstrap_timeout_ms=timeout_ms,
                **self._kafka.kafka_python_config(),
            )
        except KafkaError as exc:
            raise PublishError(f"cannot connect to Kafka: {exc}") from exc

    def _producer_for_next_batch(self) -> KafkaProducer:
        """After a failed batch, start from a fresh producer: one that lived through a broker restart
        can keep timing out on stale connections and sequence state."""
        with self._lock:
            if self._failed:
                stale, self._producer = self._producer, self._connect()
                self._failed = False
                stale.close(timeout=0)
            return self._producer

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Send all, then wait for each acknowledgement (so a batch costs one round trip, not N)."""
        futures = []
        producer = self._producer_for_next_batch()
        try:
            for message in messages:
                key = message.key.encode("utf-8") if message.key is not None else None
                futures.append(
                    (message, producer.send(message.topic, key=key, value=message.value))
                )
            for _message, future in futures:
                future.get(timeout=self.timeout_seconds)
        except KafkaError as exc:
            with self._lock:
                self._failed = True
            topic = messages[0].topic if messages else None
            raise PublishError(
                f"Kafka did not acknowledge: {exc}", topic=topic, pending=len(messages)
            ) from exc

    def close(self, timeout_seconds: float = 10.0) -> None:
        """Flush what is in flight and close."""
        try:
            self._producer.flush(timeout=timeout_seconds)
        except KafkaError as exc:
            log.warning("publisher.flush_failed", error=str(exc))
        self._producer.close(timeout=timeout_seconds)
