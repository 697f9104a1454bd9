"""What the batch loops send: alerts (with their metrics and log lines), dead letters, and the
topic names they go to (each topic created as declared before its first send).

Without transactions a batch's messages are sent together and the loop waits until the broker
acknowledged every one before it commits the batch's offsets (batch_delivery.py); alert ids are
deterministic and the notifier drops repeats (docs: delivery guarantees).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import faust
import structlog

from schemas import Alert, DeadLetter
from services.detector.channels import Channels
from services.detector.decoding import RecordType
from services.detector.errors import PoisonRecord
from services.detector.metric_children import Children
from services.detector.metrics import DetectorMetrics

log = structlog.get_logger(__name__)


class SourceRecord(Protocol):
    """A consumed record as aiokafka and faust hand it over."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...


@dataclass(frozen=True)
class Outgoing:
    """One message to send: the faust topic, key and value bytes (None: a tombstone), and the
    partition when the key's default partition is not the one (a changelog's own partition)."""

    topic: faust.TopicT
    key: bytes | None
    value: bytes | None
    partition: int | None = None


class Publisher:
    def __init__(self, app: faust.App, channels: Channels, metrics: DetectorMetrics) -> None:
        self._app = app
        self._channels = channels
        self._declared: dict[int, str] = {}  # id(topic) → its name, once created as declared
        self._alerts_emitted = Children(metrics.alerts_emitted)
        self._alert_reasons = Children(metrics.alert_reasons)
        self._dead_letters = Children(metrics.dead_letters)
        self._records_failed = Children(metrics.records_failed)

    def alert_messages(self, alerts: Sequence[Alert]) -> list[Outgoing]:
        """The alerts as messages to send, counted and logged."""
        messages = []
        for alert in alerts:
            messages.append(
                Outgoing(
                    self._channels.alerts, alert.alert_id.encode(), alert.model_dump_json().encode()
                )
            )
            self._alerts_emitted(alert.severity, alert.kind).inc()
            for reason in alert.reasons:
                self._alert_reasons(reason.kind, reason.watchlist or "none").inc()
            log.info(
                "alert.emitted",
                alert_id=alert.alert_id,
                record_id=alert.record.id,
                severity=alert.severity,
            )
        return messages

    def dead_letter_message(
        self, message: SourceRecord, kind: RecordType, exc: PoisonRecord
    ) -> Outgoing:
        """The original bytes and the reason for the record type's dead-letter topic."""
        key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else None
        envelope = DeadLetter.wrap(
            message.value or b"",
            reason=exc.reason,
            detail=exc.detail,
            field_path=exc.field_path,
            service="detector",
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=key,
        )
        self._dead_letters(kind, exc.reason).inc()
        self._records_failed(kind, exc.reason).inc()
        log.warning(
            "record.dead_lettered",
            key=key,
            topic=message.topic,
            reason=exc.reason,
            detail=exc.detail[:300],
        )
        return Outgoing(
            self._channels.dead_letters[kind], message.key, envelope.model_dump_json().encode()
        )

    async def send_and_wait(self, messages: Sequence[Outgoing]) -> None:
        """Hand every message to the producer, then wait until the broker acknowledged each.

        Raises the producer's error if any was refused: the caller's events stay unacknowledged
        and are delivered again.
        """
        producer = self._app.producer
        pending = []
        for m in messages:
            name = await self.topic_name(m.topic)
            pending.append(
                await producer.send(
                    name, m.key, m.value, partition=m.partition, timestamp=None, headers=None
                )
            )
        if pending:
            await asyncio.gather(*pending)

    async def topic_name(self, topic: faust.TopicT) -> str:
        """The topic's name; the topic is created as declared before the first send to it."""
        return self._declared.get(id(topic)) or await self._declare(topic)

    async def _declare(self, topic: faust.TopicT) -> str:
        """Create a topic with its declared partitions before the first send, so a broker that
        creates topics on first use does not create it with its own default."""
        await topic.maybe_declare()
        name = self._declared[id(topic)] = topic.get_topic_name()
        return name
