"""A consumer group of our own, read in batches with plain offsets (why not faust's consumer:
docs/kafka.md). Fetch a batch, work out its output (`BatchWork`), put the output on the broker
together with exactly the batch's next offsets — in one transaction where the broker has
transactions (batch_delivery.py), else acknowledged by the broker first and committed after —
until stopped.

A send that fails is tried again with the same output (worked out once); any other failure
discards the batch (its effects on local state too) and fetches it again from its first offsets;
nothing is committed past a record whose output is not on the broker. A rebalance waits for the
batch in flight, so a partition changes hands with its offsets committed, and the work is told
which partitions it no longer holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import faust
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.errors import CommitFailedError, KafkaError

from services.common.consumer_lag import Partition
from services.detector.agents.batch_delivery import (
    AcknowledgedSends,
    BatchSends,
    open_batch_sends,
)
from services.detector.exits import exit_to_restart
from services.detector.publishing import Outgoing, Publisher
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)

RETRY_SECONDS = 1.0
STOP_SECONDS = 20.0
Records = Sequence[ConsumerRecord[bytes, bytes]]


class ProducerBroken(Exception):
    """The transactional producer cannot go on (fenced by a newer one, say)."""


class BatchWork(Protocol):
    """What a batch loop does with its records."""

    async def prepare(self) -> None:
        """Once, before the consumer joins its group."""

    async def hold(self, partitions: set[TopicPartition]) -> None:
        """Before each batch: the partitions held now (load what the work keeps for new ones)."""

    def release(self, partitions: set[TopicPartition]) -> None:
        """Partitions another worker may now own: forget what the work kept for them."""

    async def output(self, records: Records) -> list[Outgoing]:
        """The messages a batch produces (worked out once per batch)."""

    def sent(self) -> None:
        """The batch's output is on the broker."""

    def discard(self, records: Records) -> None:
        """The batch will be fetched again: undo whatever its `output` changed locally."""

    async def close(self) -> None:
        """The loop has stopped."""


def next_offsets(records: Iterable[ConsumerRecord[bytes, bytes]]) -> dict[TopicPartition, int]:
    """The offset to commit per partition after these records: the highest one seen, plus one."""
    offsets: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        offsets[tp] = max(offsets.get(tp, 0), record.offset + 1)
    return offsets


def rewind(consumer: AIOKafkaConsumer, records: Records) -> None:
    """Seek every still-assigned partition of the records back to the first of them."""
    first: dict[TopicPartition, int] = {}
    for record in records:
        tp = TopicPartition(record.topic, record.partition)
        first[tp] = min(first.get(tp, record.offset), record.offset)
    assigned = consumer.assignment()
    for tp, offset in first.items():
        if tp in assigned:
            consumer.seek(tp, offset)


class _Handover(ConsumerRebalanceListener):  # type: ignore[misc]
    """Revoked partitions leave only after the batch in flight is sent and committed; those not
    assigned back are released by the work (eager rebalancing: a partition assigned back in the
    same rebalance was owned by nobody else meanwhile)."""

    def __init__(self, loop: BatchLoop) -> None:
        self._loop = loop
        self._revoked: set[TopicPartition] = set()

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        self._loop.rebalancing = True
        async with self._loop.batch_lock:
            self._revoked = set(revoked)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        self._loop.release(self._revoked - set(assigned))
        self._revoked = set()
        self._loop.rebalancing = False
        log.info(
            "batches.assigned",
            group=self._loop.group_id,
            partitions=sorted(f"{tp.topic}:{tp.partition}" for tp in assigned),
        )


class BatchLoop:
    """Fetch a batch, work out its output, send it, commit its offsets; until stopped."""

    def __init__(
        self,
        settings: DetectorSettings,
        group_id: str,
        topics: Sequence[str],
        work: BatchWork,
        publisher: Publisher,
    ) -> None:
        self._settings = settings
        self.group_id = group_id
        self._topics = list(topics)
        self._work = work
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

    def assignment(self) -> list[Partition]:
        """The partitions this worker reads now (empty before it joined)."""
        if self._consumer is None:
            return []
        return [Partition(tp.topic, tp.partition) for tp in self._consumer.assignment()]

    def release(self, partitions: set[TopicPartition]) -> None:
        if partitions:
            self._work.release(partitions)

    def view(self) -> dict[str, object]:
        """For the stalled-input log line: what waits to be committed, how long since each commit."""
        now = time.monotonic()
        return {
            "group": self.group_id,
            "exactly_once": self.exactly_once,
            "rebalancing": self.rebalancing,
            "uncommitted": {f"{tp.topic}:{tp.partition}": o for tp, o in self._uncommitted.items()},
            "seconds_since_commit": {
                f"{p.topic}:{p.partition}": round(now - at, 1)
                for p, at in self.committed_at.items()
            },
        }

    async def run(self) -> None:
        """Join the group and work until `stop`; the consumer leaves the group on the way out."""
        await self._work.prepare()
        self._sends = await open_batch_sends(self._settings, self._publisher, self.group_id)
        self.exactly_once = self._sends.commits_offsets
        consumer = await self._joined()
        try:
            while consumer is not None and not self._stopping.is_set():
                await self._one_batch(consumer)
        finally:
            if consumer is not None:
                await self._close(consumer)
            await self._close_sends()
            await self._close_work()
            self._stopped.set()

    async def _close_sends(self) -> None:
        try:
            await self._sends.close()
        except Exception as exc:  # stopping anyway; an open transaction is aborted by the broker
            log.warning("batches.producer_close_failed", group=self.group_id, error=repr(exc)[:300])

    async def _close_work(self) -> None:
        try:
            await asyncio.wait_for(self._work.close(), 10.0)
        except Exception as exc:  # stopping anyway
            log.warning("batches.work_close_failed", group=self.group_id, error=repr(exc)[:300])

    async def _joined(self) -> AIOKafkaConsumer | None:
        """A started consumer subscribed to the topics; tried again while the broker is away
        (None if asked to stop first)."""
        while not self._stopping.is_set():
            consumer = self._new_consumer()
            consumer.subscribe(self._topics, listener=_Handover(self))
            try:
                await consumer.start()
            except KafkaError as exc:
                log.warning("batches.start_failed", group=self.group_id, error=str(exc)[:300])
                await self._close(consumer)
                await self._pause()
                continue
            self._consumer = consumer
            self.started = True
            log.info("batches.started", group=self.group_id, topics=self._topics)
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
            # Partition p of every topic to one worker: a stage's tables are keyed like its input,
            # and rescreen requests must reach the worker holding the same party partition.
            partition_assignment_strategy=(RangePartitionAssignor,),
            **s.kafka.aiokafka_config(),
        )

    async def stop(self) -> None:
        """Finish the batch in flight (bounded), commit it and leave the group."""
        self._stopping.set()
        try:
            await asyncio.wait_for(self._stopped.wait(), STOP_SECONDS)
        except TimeoutError:
            log.warning("batches.stop_timed_out", group=self.group_id, seconds=STOP_SECONDS)

    async def _one_batch(self, consumer: AIOKafkaConsumer) -> None:
        wait_ms = int(self._settings.scoring_batch_max_wait_seconds * 1000)
        try:
            fetched = await consumer.getmany(
                timeout_ms=wait_ms, max_records=self._settings.scoring_batch_max_records
            )
        except KafkaError as exc:
            log.warning("batches.fetch_failed", group=self.group_id, error=str(exc)[:300])
            await self._pause()
            return
        async with self.batch_lock:
            assigned = consumer.assignment()  # a rebalance may have taken some partitions meanwhile
            records = [r for tp, rs in fetched.items() if tp in assigned for r in rs]
            try:
                if records:
                    await self._work.hold(set(assigned))
                if records and await self._send_output(records):
                    self._mark_done(next_offsets(records))
            except ProducerBroken:
                raise  # only a new worker (a new producer) can go on
            except Exception:  # never skip a batch: fetch it again from its first offsets
                log.exception("batches.batch_failed", group=self.group_id, records=len(records))
                self._work.discard(records)
                rewind(consumer, records)
                await self._pause()
            if self._uncommitted:
                await self._commit(consumer)

    async def _send_output(self, records: Records) -> bool:
        """Work out the output once, then send until the broker took every message (in a
        transaction with the batch's offsets, where there are transactions): True. False if asked
        to stop first (the batch is discarded and a successor works it again). An error a retry
        cannot mend (a fenced transactional producer, say) is raised."""
        messages = await self._work.output(records)
        offsets = next_offsets(records)
        while True:
            try:
                await self._sends.send(messages, offsets)
                self._work.sent()
                return True
            except (KafkaError, TimeoutError) as exc:
                log.warning(
                    "batches.send_failed",
                    group=self.group_id,
                    error=repr(exc)[:300],
                    messages=len(messages),
                )
                if (
                    self._sends.commits_offsets
                    and isinstance(exc, KafkaError)
                    and not exc.retriable
                ):
                    raise ProducerBroken(repr(exc)) from exc
                if self._stopping.is_set():
                    self._work.discard(records)
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
        except CommitFailedError as exc:  # the group moved on: the new owner works them again
            log.info("batches.commit_superseded", group=self.group_id, error=str(exc)[:200])
        except KafkaError as exc:  # kept: the next batch's commit carries them
            log.warning("batches.commit_failed", group=self.group_id, error=str(exc)[:300])
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
            log.warning("batches.final_commit_failed", group=self.group_id, error=str(exc)[:300])
        try:
            await asyncio.wait_for(consumer.stop(), 10.0)
        except (KafkaError, TimeoutError) as exc:
            log.warning("batches.close_failed", group=self.group_id, error=str(exc)[:300])


def run_in_worker(app: faust.App, loop: BatchLoop, name: str) -> None:
    """Run the loop once the faust worker is up (its producer sends at-least-once output) and stop
    it before faust's producer; a crashed loop exits the process for the orchestrator to restart
    (nothing past the committed offsets is lost; a new worker resumes)."""

    async def run() -> None:
        try:
            await loop.run()
        except Exception:
            log.exception("batches.loop_crashed", loop=name, group=loop.group_id)
            exit_to_restart()

    run.__name__ = run.__qualname__ = name
    app.task(run)

    async def stop(*_: Any, **__: Any) -> None:
        await loop.stop()

    app.on_before_shutdown.connect(stop)
