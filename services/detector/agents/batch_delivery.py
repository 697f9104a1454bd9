"""How the record loop puts a batch's output on the broker and marks the batch's records done.

`AcknowledgedSends` (at least once, any broker): every message is sent and acknowledged by the
broker, then the record loop commits the batch's offsets. A crash between the two re-scores the
batch and sends its output again (same alert ids; the notifier posts each once).

`TransactionalSends` (exactly once, on Kafka): one transaction per batch holds every message and
the batch's next offsets (`send_offsets_to_transaction`), so a reader with `read_committed` (the
notifier, the tests) sees a batch's output once or not at all, and a crash re-scores only batches
whose transaction did not commit. Each worker has its own transactional id (host and process):
a transaction a killed worker left open is aborted by the broker after
`DETECTOR_TRANSACTION_TIMEOUT_SECONDS`, during which readers of those partitions wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Sequence
from typing import Protocol

import structlog
from aiokafka import AIOKafkaProducer, TopicPartition

from services.detector.publishing import Outgoing, Publisher
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)

START_SECONDS = 30.0


class BatchSends(Protocol):
    """Puts one batch's messages on the broker; `commits_offsets` when the offsets go with them."""

    commits_offsets: bool

    async def send(self, messages: Sequence[Outgoing], offsets: dict[TopicPartition, int]) -> None:
        """Raise if the broker did not take every message (and the offsets, if they go too)."""

    async def close(self) -> None: ...


class AcknowledgedSends:
    commits_offsets = False

    def __init__(self, publisher: Publisher) -> None:
        self._publisher = publisher

    async def send(self, messages: Sequence[Outgoing], offsets: dict[TopicPartition, int]) -> None:
        await self._publisher.send_and_wait(messages)

    async def close(self) -> None:
        return None


class TransactionalSends:
    commits_offsets = True

    def __init__(self, publisher: Publisher, producer: AIOKafkaProducer, group_id: str) -> None:
        self._publisher = publisher
        self._producer = producer
        self._group_id = group_id

    async def send(self, messages: Sequence[Outgoing], offsets: dict[TopicPartition, int]) -> None:
        named = [(await self._publisher.topic_name(m.topic), m) for m in messages]
        async with self._producer.transaction():  # aborted if anything below raises
            for name, m in named:
                await self._producer.send(name, value=m.value, key=m.key, partition=m.partition)
            await self._producer.send_offsets_to_transaction(offsets, self._group_id)

    async def close(self) -> None:
        await asyncio.wait_for(self._producer.stop(), 10.0)


def transactional_id(group_id: str) -> str:
    """One per running worker and consumer group: the group, the host and the process."""
    return f"{group_id}-{socket.gethostname()}-{os.getpid()}"


async def open_batch_sends(
    settings: DetectorSettings, publisher: Publisher, group_id: str
) -> BatchSends:
    """Transactions for the consumer group's batches where the broker has them (`exactly_once`:
    auto / on / off)."""
    if settings.exactly_once == "off":
        return AcknowledgedSends(publisher)
    txn_id = transactional_id(group_id)
    producer = AIOKafkaProducer(
        transactional_id=txn_id,
        enable_idempotence=True,
        acks="all",
        transaction_timeout_ms=int(settings.transaction_timeout_seconds * 1000),
        linger_ms=int(settings.producer_linger_seconds * 1000),
        max_batch_size=settings.producer_max_batch_size,
        **settings.kafka.aiokafka_config(),
    )
    try:
        await asyncio.wait_for(producer.start(), START_SECONDS)
    except Exception as exc:  # a broker without transactions refuses InitProducerId
        with contextlib.suppress(Exception):  # already failing: the first error is the one to tell
            await asyncio.wait_for(producer.stop(), 10.0)
        if settings.exactly_once == "on":
            raise
        log.warning("batches.transactions_unavailable", group=group_id, error=repr(exc)[:300])
        return AcknowledgedSends(publisher)
    log.info("batches.exactly_once", group=group_id, transactional_id=txn_id)
    return TransactionalSends(publisher, producer, group_id)
