"""score_records: the record topics (shipments, news) read in batches by a consumer group of our
own (`<group id>-records`, batch_loop.py), scored once per batch (scoring.py).

Why not a faust agent: faust's offset bookkeeping (acknowledged offsets per partition, a commit
believed done when it failed, events fetched before a rebalance acknowledged without being
processed) was seen to skip records and to stop committing a partition (docs/kafka.md).

On its first start the group takes over the offsets that faust's group had committed on its
topics (offset_takeover.py), so an upgrade re-reads nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import faust
from aiokafka import TopicPartition

from services.detector.agents.batch_loop import BatchLoop, Records, run_in_worker
from services.detector.agents.offset_takeover import take_over_offsets
from services.detector.agents.scoring import BatchScorer
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Outgoing, Publisher
from services.detector.settings import DetectorSettings


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
