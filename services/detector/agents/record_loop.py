"""score_records: the record topics (shipments, news) read by a consumer of our own, in batches.

Why not a faust agent: faust's offset bookkeeping (acknowledged offsets per partition, a commit
believed done when it failed, events fetched before a rebalance acknowledged without being
processed) was seen to skip records and to stop committing a partition (docs/kafka.md). Here the
offsets are plain: a batch is fetched, scored, and its output put on the broker together with
exactly the batch's next offsets — in one transaction where the broker has transactions
(batch_delivery.py), else acknowledged by the broker first and committed after. A send that fails
is tried again (the output is idempotent: alert ids are deterministic); nothing is committed past
a record whose output is not on the broker. A rebalance waits for the batch in flight, so a
partition changes hands with its offsets committed. The state agents (patterns, links, party
memory) stay faust agents.

The consumer group is `<group id>-records`; on its first start it takes over faust's committed
offsets of the record topics (the group that read them before), so an upgrade re-scores nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence
from typing import Any

import faust
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from kafka import KafkaConsumer
from kafka import TopicPartition as KafkaTopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError as KafkaPythonError
from kafka.structs import OffsetAndMetadata

from services.common.consumer_lag import Partition
from services.detector.agents.batch_delivery import (
    AcknowledgedSends,
    BatchSends,
    open_batch_sends,
)
from services.detector.agents.scoring import BatchScorer
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.exits import exit_to_restart
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Publisher
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)

RETRY_SECONDS = 1.0
TAKE_OVER_TIMEOUT_MS = 10_000
TAKE_OVER_ATTEMPTS = 10
STOP_SECONDS = 20.0


class ProducerBroken(Exception):
    """The transactional producer cannot go on (fenced by a newer one, say)."""


def next_offsets(records: Iterable[ConsumerRecord[bytes, bytes]]) -> dict[TopicPartition, int]:
    """The offset to commit per partition after these records: the highest one seen, plus one."""
    offsets: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        offsets[tp] = max(offsets.get(tp, 0), record.offset + 1)
    return offsets


def rewind(consumer: AIOKafkaConsumer, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
    """Seek every still-assigned partition of the records back to the first of them."""
    first: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        first[tp] = min(first.get(tp, record.offset), record.offset)
    assigned = consumer.assignment()
    for tp, offset in first.items():
        if tp in assigned:
            consumer.seek(tp, offset)


def take_over_offsets(settings: DetectorSettings, topics: Sequence[str]) -> None:
    """First start of the records group: commit, for it, the offsets faust's group (which read the
    record topics before) had committed on them. Nothing when the records group has committed
    before, or the faust group never did; a failure is logged (the group then starts from the
    beginning, re-scoring: at least once)."""
    kafka = settings.kafka.kafka_python_config()
    old, new = settings.group_id, settings.records_group_id
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


class _Handover(ConsumerRebalanceListener):  # type: ignore[misc]
    """Revoked partitions leave only after the batch in flight is sent and committed."""

    def __init__(self, loop: RecordLoop) -> None:
        self._loop = loop

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        self._loop.rebalancing = True
        async with self._loop.batch_lock:
            pass

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        self._loop.rebalancing = False
        log.info(
            "records.assigned", partitions=sorted(f"{tp.topic}:{tp.partition}" for tp in assigned)
        )


class RecordLoop:
    """Fetch a batch, score it, send its output, commit its offsets; until stopped."""

    def __init__(
        self,
        settings: DetectorSettings,
        topics: Sequence[str],
        scorer: BatchScorer,
        publisher: Publisher,
    ) -> None:
        self._settings = settings
        self._topics = list(topics)
        self._scorer = scorer
        self._publisher = publisher
        self._consumer: AIOKafkaConsumer | None = None
        self._stopping = asyncio.Event()
        self._stopped = asyncio.Event()
        self._uncommitted: dict[TopicPartition, int] = {}
        self._sends: BatchSends = AcknowledgedSends(publisher)  # until `run` opens the real one
        self.exactly_once = False
        self.batch_lock = asyncio.Lock()
        self.rebalancing = True  # until the first assignment
        self.started = False
        self.committed_at: dict[Partition, float] = {}  # monotonic time of our last commit

    @property
    def group_id(self) -> str:
        return self._settings.records_group_id

    def assignment(self) -> list[Partition]:
        """The record partitions this worker reads now (empty before it joined)."""
        if self._consumer is None:
            return []
        return [Partition(tp.topic, tp.partition) for tp in self._consumer.assignment()]

    def view(self) -> dict[str, object]:
        """For the stalled-input log line: what waits to be committed, how long since each commit."""
        now = time.monotonic()
        return {
            "exactly_once": self.exactly_once,
            "rebalancing": self.rebalancing,
            "uncommitted": {f"{tp.topic}:{tp.partition}": o for tp, o in self._uncommitted.items()},
            "seconds_since_commit": {
                f"{p.topic}:{p.partition}": round(now - at, 1)
                for p, at in self.committed_at.items()
            },
        }

    async def run(self) -> None:
        """Join the group and score until `stop`; the consumer leaves the group on the way out."""
        await asyncio.to_thread(take_over_offsets, self._settings, self._topics)
        self._sends = await open_batch_sends(self._settings, self._publisher)
        self.exactly_once = self._sends.commits_offsets
        consumer = await self._joined()
        try:
            while consumer is not None and not self._stopping.is_set():
                await self._one_batch(consumer)
        finally:
            if consumer is not None:
                await self._close(consumer)
            await self._close_sends()
            self._stopped.set()

    async def _close_sends(self) -> None:
        try:
            await self._sends.close()
        except Exception as exc:  # stopping anyway; an open transaction is aborted by the broker
            log.warning("records.producer_close_failed", error=repr(exc)[:300])

    async def _joined(self) -> AIOKafkaConsumer | None:
        """A started consumer subscribed to the record topics; tried again while the broker is
        away (None if asked to stop first)."""
        while not self._stopping.is_set():
            consumer = self._new_consumer()
            consumer.subscribe(self._topics, listener=_Handover(self))
            try:
                await consumer.start()
            except KafkaError as exc:
                log.warning("records.start_failed", error=str(exc)[:300])
                await self._close(consumer)
                await self._pause()
                continue
            self._consumer = consumer
            self.started = True
            log.info("records.started", group=self.group_id, topics=self._topics)
            return consumer
        return None

    def _new_consumer(self) -> AIOKafkaConsumer:
        s = self._settings
        return AIOKafkaConsumer(
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            session_timeout_ms=int(s.session_timeout_seconds * 1000),
            heartbeat_interval_ms=int(s.heartbeat_interval_seconds * 1000),
            max_poll_records=s.scoring_batch_max_records,
            **s.kafka.aiokafka_config(),
        )

    async def stop(self) -> None:
        """Finish the batch in flight (bounded), commit it and leave the group."""
        self._stopping.set()
        try:
            await asyncio.wait_for(self._stopped.wait(), STOP_SECONDS)
        except TimeoutError:
            log.warning("records.stop_timed_out", seconds=STOP_SECONDS)

    async def _one_batch(self, consumer: AIOKafkaConsumer) -> None:
        wait_ms = int(self._settings.scoring_batch_max_wait_seconds * 1000)
        try:
            fetched = await consumer.getmany(
                timeout_ms=wait_ms, max_records=self._settings.scoring_batch_max_records
            )
        except KafkaError as exc:
            log.warning("records.fetch_failed", error=str(exc)[:300])
            await self._pause()
            return
        async with self.batch_lock:
            assigned = consumer.assignment()  # a rebalance may have taken some partitions meanwhile
            records = [r for tp, rs in fetched.items() if tp in assigned for r in rs]
            try:
                if records and await self._score_and_send(records):
                    self._mark_done(next_offsets(records))
            except ProducerBroken:
                raise  # only a new worker (a new producer) can go on
            except Exception:  # never skip a batch: fetch it again from its first offsets
                log.exception("records.batch_failed", records=len(records))
                rewind(consumer, records)
                await self._pause()
            if self._uncommitted:
                await self._commit(consumer)

    async def _score_and_send(self, records: list[ConsumerRecord[bytes, bytes]]) -> bool:
        """Score once, then send until the broker took every message (in a transaction with the
        batch's offsets, where there are transactions): True. False if asked to stop first (the
        batch is not committed and a successor scores it again). An error a retry cannot mend
        (a fenced transactional producer, say) is raised."""
        messages = self._scorer.score(records)
        offsets = next_offsets(records)
        while True:
            try:
                await self._sends.send(messages, offsets)
                self._scorer.processed()
                return True
            except (KafkaError, TimeoutError) as exc:
                log.warning("records.send_failed", error=repr(exc)[:300], messages=len(messages))
                if (
                    self._sends.commits_offsets
                    and isinstance(exc, KafkaError)
                    and not exc.retriable
                ):
                    raise ProducerBroken(repr(exc)) from exc
                if self._stopping.is_set():
                    return False
                await self._pause()

    def _mark_done(self, offsets: dict[TopicPartition, int]) -> None:
        """Offsets the transaction committed, or offsets for the next consumer commit."""
        if not self._sends.commits_offsets:
            self._uncommitted.update(offsets)
            return
        now = time.monotonic()
        for tp in offsets:
            self.committed_at[Partition(tp.topic, tp.partition)] = now

    async def _commit(self, consumer: AIOKafkaConsumer) -> None:
        offsets = {tp: o for tp, o in self._uncommitted.items() if tp in consumer.assignment()}
        try:
            if offsets:
                await consumer.commit(offsets)
        except CommitFailedError as exc:  # the group moved on: the new owner scores them again
            log.info("records.commit_superseded", error=str(exc)[:200])
        except KafkaError as exc:  # kept: the next batch's commit carries them
            log.warning("records.commit_failed", error=str(exc)[:300])
            return
        now = time.monotonic()
        for tp in offsets:
            self.committed_at[Partition(tp.topic, tp.partition)] = now
        self._uncommitted.clear()

    async def _pause(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), RETRY_SECONDS)

    async def _close(self, consumer: AIOKafkaConsumer) -> None:
        try:
            async with self.batch_lock:
                if self._uncommitted and self.started:
                    await asyncio.wait_for(self._commit(consumer), 5.0)
        except (KafkaError, TimeoutError) as exc:
            log.warning("records.final_commit_failed", error=str(exc)[:300])
        try:
            await asyncio.wait_for(consumer.stop(), 10.0)
        except (KafkaError, TimeoutError) as exc:
            log.warning("records.close_failed", error=str(exc)[:300])


def add_record_loop(
    app: faust.App,
    channels: Channels,
    engine: DetectorEngine,
    publisher: Publisher,
    metrics: DetectorMetrics,
    settings: DetectorSettings,
) -> RecordLoop:
    """Score the record topics with our own consumer (record_loop.py says why), started once the
    faust worker is up (its producer sends the output) and stopped before faust's producer."""
    scorer = BatchScorer(channels, engine, publisher, metrics)
    loop = RecordLoop(settings, sorted(channels.kinds), scorer, publisher)

    @app.task
    async def score_records() -> None:
        try:
            await loop.run()
        except Exception:  # nothing past the committed offsets is lost; a new worker resumes
            log.exception("records.loop_crashed")
            exit_to_restart()

    async def stop_scoring(*_: Any, **__: Any) -> None:
        await loop.stop()

    app.on_before_shutdown.connect(stop_scoring)
    return loop
