"""Reading whole topics from the start (state, silences) and following them, with aiokafka.

"The latest" is never found by seeking to end offsets (wrong on some brokers, racy on all): the
state topic is read up to markers this instance writes to every partition; the silences topic is
read until a fetch comes back empty, then followed for as long as the service runs.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError, UnknownTopicOrPartitionError
from pydantic import ValidationError

from schemas import Silence
from schemas.notifier import (
    DeliveryDone,
    DeliveryIntent,
    StateMarker,
    parse_state_record,
    state_key,
)
from services.notifier.ledger import DeliveryLedger
from services.notifier.silences import SilenceBook

Publish = Callable[[str, str, bytes], Awaitable[None]]  # (topic, key, value), awaited until acked

log = structlog.get_logger(__name__)


RETRY_SECONDS = 0.2
CLOSE_REFUSED_SECONDS = 3.0
CLOSE_SECONDS = 10.0


def _groupless_consumer(topic: str, kafka_config: dict[str, Any]) -> AIOKafkaConsumer:
    """Subscribed without a group: the consumer is given every partition of the topic (and
    fetches the topic's metadata; a bare consumer asks a real Kafka for no topics at all)."""
    return AIOKafkaConsumer(
        topic,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        **kafka_config,
    )


class TopicFollower:
    """Every partition of one topic from the beginning, without a consumer group."""

    def __init__(
        self,
        topic: str,
        kafka_config: dict[str, Any],
        on_record: Callable[[ConsumerRecord[bytes, bytes]], None],
        new_consumer: Callable[[str, dict[str, Any]], AIOKafkaConsumer] | None = None,
    ) -> None:
        self.topic = topic
        self._kafka_config = kafka_config
        self._new_consumer = new_consumer or _groupless_consumer
        self._consumer = self._new_consumer(topic, kafka_config)
        self._on_record = on_record
        self.partitions: list[TopicPartition] = []

    async def start(self, timeout_seconds: float = 30.0) -> None:
        """Start reading every partition from the beginning."""
        deadline = time.monotonic() + timeout_seconds
        await self._start_consumer(deadline, timeout_seconds)
        while not (assigned := self._consumer.assignment()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"topic {self.topic} has no partitions after {timeout_seconds}s")
            await asyncio.sleep(0.05)
        self.partitions = sorted(assigned)
        await self._consumer.seek_to_beginning(*self.partitions)

    async def _start_consumer(self, deadline: float, timeout_seconds: float) -> None:
        """A topic created a moment ago may be unknown to the broker that answers first (its
        metadata spreads through the cluster within seconds): the consumer is made again until
        the topic shows up or the time is over."""
        while True:
            try:
                await self._consumer.start()
                return
            except UnknownTopicOrPartitionError:
                await self._close(CLOSE_REFUSED_SECONDS)
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"topic {self.topic} unknown to the broker after {timeout_seconds}s"
                    ) from None
                log.info("topic.not_yet_known", topic=self.topic)
                await asyncio.sleep(RETRY_SECONDS)
                self._consumer = self._new_consumer(self.topic, self._kafka_config)

    async def _close(self, timeout_seconds: float) -> None:
        """Stop the consumer, bounded: a consumer whose start failed can wait forever on fetches
        it never began; past the time it is left to the garbage collector."""
        try:
            await asyncio.wait_for(self._consumer.stop(), timeout_seconds)
        except (TimeoutError, KafkaError) as exc:
            log.warning("topic.consumer_close_failed", topic=self.topic, error=repr(exc)[:200])

    async def poll(self, timeout_ms: int) -> int:
        """Fetch once and hand every record over; returns how many arrived."""
        fetched = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=5_000)
        count = 0
        for records in fetched.values():
            for record in records:
                self._on_record(record)
                count += 1
        return count

    async def read_until(self, done: Callable[[], bool], timeout_seconds: float) -> None:
        deadline = time.monotonic() + timeout_seconds
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"did not finish reading {self.topic} within {timeout_seconds}s")
            await self.poll(200)

    async def read_until_idle(self, idle_ms: int = 500) -> None:
        while await self.poll(idle_ms):
            pass

    async def follow(self) -> None:
        while True:
            await self.poll(1_000)

    async def stop(self) -> None:
        await self._close(CLOSE_SECONDS)


class StateStore:
    """The notifier-state topic: writes intents and deliveries, replays them into the ledger."""

    def __init__(
        self,
        topic: str,
        producer: AIOKafkaProducer,
        ledger: DeliveryLedger,
        kafka_config: dict[str, Any],
    ) -> None:
        self.topic = topic
        self._producer = producer
        self._ledger = ledger
        self.follower = TopicFollower(topic, kafka_config, self._apply)

    def _apply(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            self._ledger.apply(parse_state_record(record.value or b""))
        except ValidationError as exc:
            log.error(
                "state.invalid_record",
                topic=record.topic,
                offset=record.offset,
                error=str(exc)[:300],
            )

    async def write(
        self, record: DeliveryIntent | DeliveryDone | StateMarker, partition: int | None = None
    ) -> None:
        await self._producer.send_and_wait(
            self.topic,
            key=state_key(record).encode(),
            value=record.model_dump_json().encode(),
            partition=partition,
        )

    async def load(self, instance_id: str, timeout_seconds: float = 60.0) -> None:
        """Replay the whole topic: write a marker to each partition and read until all come back."""
        await self.follower.start()
        markers = []
        for tp in self.follower.partitions:
            marker = StateMarker(
                marker_id=uuid.uuid4().hex, instance_id=instance_id, at=datetime.now(UTC)
            )
            await self.write(marker, partition=tp.partition)
            markers.append(marker.marker_id)
        await self.follower.read_until(
            lambda: all(m in self._ledger.markers for m in markers), timeout_seconds
        )
        log.info(
            "state.loaded",
            delivered=len(self._ledger.delivered),
            threads=len(self._ledger.threads),
            pending=len(self._ledger.intents),
        )


class SilenceFeed:
    """The silences topic, newest version per silence id, followed live."""

    def __init__(self, topic: str, book: SilenceBook, kafka_config: dict[str, Any]) -> None:
        self.book = book
        self.follower = TopicFollower(topic, kafka_config, self._apply)

    def _apply(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            self.book.upsert(Silence.model_validate_json(record.value or b""))
        except ValidationError as exc:
            log.error(
                "silence.invalid_record",
                topic=record.topic,
                offset=record.offset,
                error=str(exc)[:300],
            )

    async def load(self) -> None:
        await self.follower.start()
        await self.follower.read_until_idle()
        log.info("silences.loaded", known=len(self.book.all()))
