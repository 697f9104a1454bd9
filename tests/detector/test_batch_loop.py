"""A batch loop (here the record loop's) commits a batch only once its output is on the broker,
retries a refused send without committing, fetches a failed batch again from its first offsets
(its work told to discard it), and never commits a partition a rebalance took away."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, cast

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import (
    CommitFailedError,
    KafkaConnectionError,
    KafkaTimeoutError,
    ProducerFenced,
)

from services.common.consumer_lag import Partition
from services.detector.agents.batch_loop import (
    BatchLoop,
    ProducerBroken,
    _Handover,
    next_offsets,
    rewind,
)
from services.detector.agents.record_loop import ScoringWork
from services.detector.agents.scoring import BatchScorer
from services.detector.publishing import Publisher
from services.detector.settings import DetectorSettings

SHIP_0 = TopicPartition("shipments", 0)
SHIP_1 = TopicPartition("shipments", 1)


def record(tp: TopicPartition, offset: int) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic=tp.topic,
        partition=tp.partition,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=None,
        value=b"{}",
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=2,
        headers=(),
    )


class StubConsumer:
    def __init__(self, batches: list[dict[TopicPartition, list[Any]]]) -> None:
        self.batches = batches
        self.assigned = {SHIP_0, SHIP_1}
        self.commits: list[dict[TopicPartition, int]] = []
        self.seeks: list[tuple[TopicPartition, int]] = []
        self.refuse_commit: Exception | None = None

    async def getmany(self, timeout_ms: int, max_records: int) -> dict[TopicPartition, list[Any]]:
        return self.batches.pop(0) if self.batches else {}

    def assignment(self) -> set[TopicPartition]:
        return set(self.assigned)

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if self.refuse_commit is not None:
            raise self.refuse_commit
        self.commits.append(dict(offsets))

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))


class StubScorer:
    def __init__(self, fail: Exception | None = None) -> None:
        self.scored: list[int] = []
        self.fail = fail

    def score(self, records: Sequence[Any]) -> list[str]:
        if self.fail is not None:
            raise self.fail
        self.scored += [r.offset for r in records]
        return [f"out-{r.offset}" for r in records]

    def processed(self) -> None:
        return None


class StubPublisher:
    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.sent: list[list[str]] = []

    async def send_and_wait(self, messages: list[str]) -> None:
        if self.refusals > 0:
            self.refusals -= 1
            raise KafkaTimeoutError("broker away")
        self.sent.append(list(messages))


def new_loop(scorer: StubScorer, publisher: StubPublisher) -> BatchLoop:
    settings = DetectorSettings()
    work = ScoringWork(settings, ["shipments"], cast(BatchScorer, scorer))
    loop = BatchLoop(settings, "detector-records", ["shipments"], work, cast(Publisher, publisher))
    loop.started = True
    return loop


def one_batch(loop: BatchLoop, consumer: StubConsumer) -> None:
    async def run() -> None:
        await loop._one_batch(cast(AIOKafkaConsumer, consumer))

    asyncio.run(run())


def test_next_offsets_are_one_past_the_highest_record_of_each_partition() -> None:
    records = [record(SHIP_0, 7), record(SHIP_1, 3), record(SHIP_0, 9), record(SHIP_0, 8)]
    assert next_offsets(records) == {SHIP_0: 10, SHIP_1: 4}
    assert next_offsets([]) == {}


def test_a_batch_is_committed_after_its_output_was_acknowledged() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 0), record(SHIP_0, 1)]}])
    publisher = StubPublisher()
    loop = new_loop(StubScorer(), publisher)
    one_batch(loop, consumer)
    assert publisher.sent == [["out-0", "out-1"]]
    assert consumer.commits == [{SHIP_0: 2}]


def test_a_refused_send_is_retried_and_nothing_is_committed_before_it_succeeds(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 5)]}])
    scorer = StubScorer()
    publisher = StubPublisher(refusals=2)
    loop = new_loop(scorer, publisher)
    one_batch(loop, consumer)
    assert scorer.scored == [5]  # scored once, sent until acknowledged
    assert publisher.sent == [["out-5"]]
    assert consumer.commits == [{SHIP_0: 6}]


def test_a_stop_during_refused_sends_leaves_the_batch_uncommitted(monkeypatch: Any) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 5)]}])
    loop = new_loop(StubScorer(), StubPublisher(refusals=10**6))
    loop._stopping.set()
    one_batch(loop, consumer)
    assert consumer.commits == []


def test_a_failed_batch_is_fetched_again_from_its_first_offsets(monkeypatch: Any) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    batch = {SHIP_0: [record(SHIP_0, 4), record(SHIP_0, 5)], SHIP_1: [record(SHIP_1, 9)]}
    consumer = StubConsumer([batch])
    loop = new_loop(StubScorer(fail=RuntimeError("bug")), StubPublisher())
    one_batch(loop, consumer)
    assert consumer.commits == []
    assert sorted(consumer.seeks) == [(SHIP_0, 4), (SHIP_1, 9)]


def test_records_of_a_partition_taken_by_a_rebalance_are_neither_scored_nor_committed() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 0)], SHIP_1: [record(SHIP_1, 0)]}])
    consumer.assigned = {SHIP_1}
    scorer = StubScorer()
    loop = new_loop(scorer, StubPublisher())
    one_batch(loop, consumer)
    assert scorer.scored == [0]
    assert consumer.commits == [{SHIP_1: 1}]


def test_rewind_skips_partitions_no_longer_assigned() -> None:
    consumer = StubConsumer([])
    consumer.assigned = {SHIP_1}
    rewind(cast(AIOKafkaConsumer, consumer), [record(SHIP_0, 3), record(SHIP_1, 8)])
    assert consumer.seeks == [(SHIP_1, 8)]


def test_an_offset_whose_commit_failed_is_committed_with_the_next_batch() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 0)]}, {SHIP_1: [record(SHIP_1, 0)]}])
    consumer.refuse_commit = KafkaTimeoutError("coordinator away")
    loop = new_loop(StubScorer(), StubPublisher())
    one_batch(loop, consumer)
    assert consumer.commits == []
    consumer.refuse_commit = None
    one_batch(loop, consumer)
    assert consumer.commits == [{SHIP_0: 1, SHIP_1: 1}]


def test_a_commit_superseded_by_a_rebalance_is_dropped() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 0)]}, {}])
    consumer.refuse_commit = CommitFailedError("rebalanced")
    loop = new_loop(StubScorer(), StubPublisher())
    one_batch(loop, consumer)
    consumer.refuse_commit = None
    one_batch(loop, consumer)
    assert consumer.commits == []  # the new owner scores those records again


class FlakyStart(StubConsumer):
    def __init__(self, failures: list[bool]) -> None:
        super().__init__([])
        self.failures = failures
        self.stopped = False

    def subscribe(self, topics: list[str], listener: Any) -> None:
        return None

    async def start(self) -> None:
        if self.failures.pop(0):
            raise KafkaConnectionError("broker away")

    async def stop(self) -> None:
        self.stopped = True


def test_a_consumer_that_cannot_start_is_tried_again_until_the_broker_answers(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    failures = [True, True, False]
    made: list[FlakyStart] = []
    loop = new_loop(StubScorer(), StubPublisher())
    loop.started = False

    def new_consumer() -> FlakyStart:
        made.append(FlakyStart(failures))
        return made[-1]

    monkeypatch.setattr(loop, "_new_consumer", new_consumer)
    joined = asyncio.run(loop._joined())
    assert joined is made[-1] and len(made) == 3
    assert [c.stopped for c in made] == [True, True, False]  # the failed ones were closed
    assert loop.started


class StubTransactions:
    """Sends that carry the batch's offsets in a transaction (no consumer commit)."""

    commits_offsets = True

    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[tuple[list[str], dict[TopicPartition, int]]] = []
        self.error = error

    async def send(self, messages: list[str], offsets: dict[TopicPartition, int]) -> None:
        if self.error is not None:
            raise self.error
        self.sent.append((list(messages), dict(offsets)))

    async def close(self) -> None:
        return None


def test_in_transactions_the_offsets_go_with_the_output_and_the_consumer_commits_nothing() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 3), record(SHIP_0, 4)]}])
    loop = new_loop(StubScorer(), StubPublisher())
    loop._sends = transactions = StubTransactions()
    one_batch(loop, consumer)
    assert transactions.sent == [(["out-3", "out-4"], {SHIP_0: 5})]
    assert consumer.commits == []
    assert Partition("shipments", 0) in loop.committed_at


def test_a_fenced_transactional_producer_stops_the_loop_without_skipping_the_batch() -> None:
    consumer = StubConsumer([{SHIP_0: [record(SHIP_0, 3)]}])
    loop = new_loop(StubScorer(), StubPublisher())
    loop._sends = StubTransactions(error=ProducerFenced())
    with pytest.raises(ProducerBroken):
        one_batch(loop, consumer)
    assert consumer.commits == []


class RecordingWork(ScoringWork):
    """The scoring work, noting what the loop asks it to discard and release."""

    def __init__(self, scorer: StubScorer) -> None:
        super().__init__(DetectorSettings(), ["shipments"], cast(BatchScorer, scorer))
        self.discarded: list[list[int]] = []
        self.released: list[set[TopicPartition]] = []

    def discard(self, records: Sequence[Any]) -> None:
        self.discarded.append([r.offset for r in records])

    def release(self, partitions: set[TopicPartition]) -> None:
        self.released.append(set(partitions))


def loop_with(work: RecordingWork, publisher: StubPublisher) -> BatchLoop:
    loop = BatchLoop(DetectorSettings(), "g", ["shipments"], work, cast(Publisher, publisher))
    loop.started = True
    return loop


def test_a_failed_batch_is_discarded_by_its_work_before_it_is_fetched_again(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    work = RecordingWork(StubScorer(fail=RuntimeError("bug")))
    one_batch(loop_with(work, StubPublisher()), StubConsumer([{SHIP_0: [record(SHIP_0, 4)]}]))
    assert work.discarded == [[4]]


def test_a_stop_during_refused_sends_discards_the_batch(monkeypatch: Any) -> None:
    monkeypatch.setattr("services.detector.agents.batch_loop.RETRY_SECONDS", 0.01)
    work = RecordingWork(StubScorer())
    loop = loop_with(work, StubPublisher(refusals=10**6))
    loop._stopping.set()
    one_batch(loop, StubConsumer([{SHIP_0: [record(SHIP_0, 5)]}]))
    assert work.discarded == [[5]]


def test_a_rebalance_releases_only_the_partitions_not_assigned_back() -> None:
    work = RecordingWork(StubScorer())
    loop = loop_with(work, StubPublisher())
    handover = _Handover(loop)

    async def rebalance() -> None:
        await handover.on_partitions_revoked([SHIP_0, SHIP_1])
        assert loop.rebalancing
        await handover.on_partitions_assigned([SHIP_1])

    asyncio.run(rebalance())
    assert work.released == [{SHIP_0}]
    assert not loop.rebalancing
