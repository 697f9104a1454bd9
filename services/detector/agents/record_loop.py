"""score_records: the record topics (shipments, news) read in batches by a consumer group of our
own (`<group id>-records`, batch_loop.py), scored once per batch (scoring.py).

Why not a faust agent: faust's offset bookkeeping (acknowledged offsets per partition, a commit
believed done when it failed, events fetched before a rebalance acknowledged without being
processed) was seen to skip records and to stop committing a partition (docs/kafka.md).

On its first start a group of ours takes over the offsets that faust's group had committed on
its topics (the group that read them before), so an upgrade re-reads nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import faust
import structlog
from aiokafka import TopicPartition
from kafka import KafkaConsumer
from kafka import TopicPartition as KafkaTopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError as KafkaPythonError
from kafka.structs import OffsetAndMetadata

from services.common.kafka_settings import KafkaConnection
from services.detector.agents.batch_loop import BatchLoop, Records, run_in_worker
from services.detector.agents.scoring import BatchScorer
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Outgoing, Publisher
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)

TAKE_OVER_TIMEOUT_MS = 10_000
TAKE_OVER_ATTEMPTS = 10


def take_over_offsets(
    connection: KafkaConnection, old: str, new: str, topics: Sequence[str]
) -> None:
    """First start of group `new`: commit, for it, the offsets group `old` (faust's, which read
    the topics before) had committed on them. Nothing when `new` has committed before, or `old`
    never did; a failure is logged (the group then starts from the beginning: at least once)."""
    kafka = connection.kafka_python_config()
    try:
        offsets = _offsets_to_take_over(kafka, old, new, topics)
        if not offsets:
            return
        consumer = KafkaConsumer(
            group_id=new, enable_auto_commit=False, request_timeout_ms=TAKE_OVER_TIMEOUT_MS, **kafka
        )
        try:
            consumer.assign(list(offsets))
            consumer.commit(
                {tp: OffsetAndMetadata(o, "", -1) for tp, o in offsets.items()},
                timeout_ms=TAKE_OVER_TIMEOUT_MS,
            )
        finally:
            consumer.close()
    except Exception as exc:
        log.warning("records.take_over_failed", error=str(exc)[:300], previous_group=old)
        return
    log.info(
        "records.took_over",
        group=new,
        previous_group=old,
        offsets={f"{tp.topic}:{tp.partition}": o for tp, o in sorted(offsets.items())},
    )


def _offsets_to_take_over(
    kafka: dict[str, Any], old: str, new: str, topics: Sequence[str]
) -> dict[KafkaTopicPartition, int]:
    """The old group's offsets if the new group never committed; a fresh cluster may not have a
    group coordinator yet for a few seconds: tried again."""
    for attempt in range(TAKE_OVER_ATTEMPTS):
        admin = KafkaAdminClient(request_timeout_ms=TAKE_OVER_TIMEOUT_MS, **kafka)
        try:
            if committed_on(admin, new, topics):
                return {}
            return committed_on(admin, old, topics)
        except KafkaPythonError as exc:
            if not exc.retriable or attempt == TAKE_OVER_ATTEMPTS - 1:
                raise
            time.sleep(1.0)
        finally:
            admin.close()
    return {}


def committed_on(
    admin: KafkaAdminClient, group_id: str, topics: Sequence[str]
) -> dict[KafkaTopicPartition, int]:
    """The group's committed offsets on the topics' partitions (none: never committed)."""
    committed = admin.list_group_offsets({group_id: None})[group_id]
    return {
        tp: meta.offset
        for tp, meta in committed.items()
        if tp.topic in topics and meta.offset is not None and meta.offset >= 0
    }


class ScoringWork:
    """The record topics' batches: scored into alerts, legs, sightings, party sightings and dead
    letters; first start takes over the offsets of the group that read them before."""

    def __init__(
        self, settings: DetectorSettings, topics: Sequence[str], scorer: BatchScorer
    ) -> None:
        self._settings = settings
        self._topics = list(topics)
        self._scorer = scorer

    async def prepare(self) -> None:
        s = self._settings
        await asyncio.to_thread(
            take_over_offsets, s.kafka, s.group_id, s.records_group_id, self._topics
        )

    async def hold(self, partitions: set[TopicPartition]) -> None:
        return None  # scoring keeps nothing per partition

    def release(self, partitions: set[TopicPartition]) -> None:
        return None

    async def output(self, records: Records) -> list[Outgoing]:
        return self._scorer.score(records)

    def sent(self) -> None:
        self._scorer.processed()

    def discard(self, records: Records) -> None:
        return None

    async def close(self) -> None:
        return None


def add_record_loop(
    app: faust.App,
    channels: Channels,
    engine: DetectorEngine,
    publisher: Publisher,
    metrics: DetectorMetrics,
    settings: DetectorSettings,
) -> BatchLoop:
    """Score the record topics with a group of our own (this module says why)."""
    topics = sorted(channels.kinds)
    work = ScoringWork(settings, topics, BatchScorer(channels, engine, publisher, metrics))
    loop = BatchLoop(settings, settings.records_group_id, topics, work, publisher)
    run_in_worker(app, loop, "score_records")
    return loop
