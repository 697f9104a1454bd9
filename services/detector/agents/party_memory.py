"""remember_parties and rescreen_parties: the party memory and its rescreen on a list change.

remember_parties reads party sightings keyed by name key and keeps each party's recent records
in the `parties` table. rescreen_parties reads one request per partition and list version; the
worker that owns the partition screens that partition's parties against this process's delta
of the version (in a thread: the loop keeps heartbeating), publishes retro / delisted alerts,
forgets parties outside the look-back and marks the version done for the partition, so a
redelivered or repeated request (restart, several workers asking) screens nothing twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import faust
import structlog
from aiokafka.partitioner import murmur2

from services.detector.agents.recent_values import RecentValues
from services.detector.channels import Channels
from services.detector.monitoring.alerts import alerts_for
from services.detector.monitoring.memory import MemoryPolicy, expired_keys, remember
from services.detector.monitoring.metrics import MonitoringMetrics
from services.detector.monitoring.monitor import ListMonitor, Monitoring
from services.detector.monitoring.rescreen import (
    DeltaScreen,
    PartyHit,
    preselect,
    screen_parties,
)
from services.detector.publishing import Publisher
from services.detector.state import (
    PartySighting,
    RescreenMark,
    RescreenRequest,
    decode_state,
    encode_state,
)

log = structlog.get_logger(__name__)
REMEMBERED_PARTIES = 4_096


def partition_of(key: str, partitions: int) -> int:
    """The partition a key's messages go to (Kafka's default partitioner, as faust sends)."""
    return int(murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def _key(event: Any) -> str:
    key = event.key
    return key.decode() if isinstance(key, bytes) else str(key)


@dataclass(frozen=True)
class PartitionScan:
    """One pass over a worker's party table for a list version."""

    selected: list[tuple[str, bytes]]  # pre-selected for the matcher
    expired: list[str]  # no record within the look-back
    parties: int


class PartyMemoryAgents:
    """The two agents and what they share: channels, policy, the monitor and a stream clock."""

    def __init__(
        self,
        channels: Channels,
        publisher: Publisher,
        monitor: ListMonitor,
        policy: MemoryPolicy,
        metrics: MonitoringMetrics,
        partitions: int,
        wait_seconds: float,
    ) -> None:
        self.channels = channels
        self.publisher = publisher
        self.monitor = monitor
        self.policy = policy
        self.metrics = metrics
        self.partitions = partitions
        self.wait_seconds = wait_seconds
        self.newest_seen: date | None = None  # event time: the newest declaration date seen
        # Parties whose entries stay decoded between their sightings (forgotten on rebalance).
        self.memory = RecentValues(channels.party_memory, REMEMBERED_PARTIES)
        self._scanned: tuple[tuple[str, str], PartitionScan] | None = None

    async def remember_parties(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        store = self.memory
        async for event in stream.events():
            key = _key(event)
            try:
                sighting = decode_state(PartySighting, event.value)
                store[key] = remember(store.get(key), sighting, self.policy)
            except Exception:  # a bad sighting must not stop the agent
                log.exception("party_memory.remember_failed", key=key)
                self.metrics.sightings.labels("failed").inc()
                continue
            if self.newest_seen is None or sighting.record.on > self.newest_seen:
                self.newest_seen = sighting.record.on
            self.metrics.sightings.labels("remembered").inc()
            yield None

    async def request_rescreen(self, watchlist: str, version: str) -> None:
        """One request per partition, so each partition's owner screens its own parties."""
        value = encode_state(RescreenRequest(watchlist=watchlist, version=version))
        key = f"{watchlist}@{version}".encode()
        for partition in range(self.partitions):
            await self.channels.rescreens.send(key=key, value=value, partition=partition)
        log.info("monitoring.rescreen_requested", watchlist=watchlist, version=version)

    async def rescreen_parties(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        marks = self.channels.rescreen_marks
        async for event in stream.events():
            partition = event.message.partition
            try:
                request = decode_state(RescreenRequest, event.value)
            except Exception:
                log.exception("monitoring.bad_rescreen_request", partition=partition)
                continue
            mark_key = f"{request.watchlist}#{partition}"
            done = marks.get(mark_key)
            if done is not None and done.version >= request.version:
                self.metrics.rescreens.labels(request.watchlist, "already_done").inc()
                continue
            screen = await self.monitor.wait_for(
                request.watchlist, request.version, self.wait_seconds
            )
            if screen is None:
                status = (
                    "superseded"
                    if self.monitor.superseded(request.watchlist, request.version)
                    else "not_applied"
                )
                self.metrics.rescreens.labels(request.watchlist, status).inc()
                log.info(
                    "monitoring.rescreen_skipped",
                    watchlist=request.watchlist,
                    version=request.version,
                    partition=partition,
                    status=status,
                )
                continue
            try:
                await self._rescreen(screen, partition)
            except Exception:  # a rescreen bug must not stop the agent (nor mark the version done)
                log.exception(
                    "monitoring.rescreen_failed",
                    watchlist=request.watchlist,
                    version=request.version,
                    partition=partition,
                )
                self.metrics.rescreens.labels(request.watchlist, "failed").inc()
                continue
            marks[mark_key] = RescreenMark(version=request.version)
            yield None

    async def _scan(self, screen: DeltaScreen, today: date) -> PartitionScan:
        """This worker's parties pre-selected for a change, and those past the look-back: one
        pass over the local table per list version, shared by the worker's partitions (records
        that arrive after the swap are screened live against the new list anyway)."""
        delta = screen.delta
        key = (delta.watchlist, delta.version)
        if self._scanned is not None and self._scanned[0] == key:
            return self._scanned[1]
        items = list(self.channels.party_table.items())  # a copy: the thread must not race writes

        def work() -> PartitionScan:
            return PartitionScan(
                preselect(screen, items), expired_keys(items, self.policy, today), len(items)
            )

        scan = await asyncio.get_running_loop().run_in_executor(None, work)
        self._scanned = (key, scan)
        return scan

    async def _rescreen(self, screen: DeltaScreen, partition: int) -> None:
        delta = screen.delta
        started = time.perf_counter()
        today = self.newest_seen or delta.published_on
        scan = await self._scan(screen, today)

        def owned(key: str) -> bool:
            return partition_of(key, self.partitions) == partition

        def work() -> tuple[list[PartyHit], list[str]]:
            hits = screen_parties(screen, scan.selected, self.policy, today, owned)
            return hits, [k for k in scan.expired if owned(k)]

        hits, stale = await asyncio.get_running_loop().run_in_executor(None, work)
        alerts = alerts_for(hits, delta, datetime.now(UTC))
        self.publisher.publish_alerts(alerts)
        for key in stale:
            if key in self.channels.party_table:
                del self.memory[key]
        self.metrics.expired.inc(len(stale))
        self.metrics.rescreens.labels(delta.watchlist, "screened").inc()
        self.metrics.rescreen_parties.labels(delta.watchlist).inc(len(scan.selected))
        self.metrics.rescreen_duration.labels(delta.watchlist).observe(
            time.perf_counter() - started
        )
        log.info(
            "monitoring.rescreened",
            watchlist=delta.watchlist,
            version=delta.version,
            partition=partition,
            parties=scan.parties,
            selected=len(scan.selected),
            alerts=len(alerts),
            expired=len(stale),
            seconds=round(time.perf_counter() - started, 2),
        )

    def forget(self) -> None:
        """Partitions changed hands: decoded values and the last scan may be another's."""
        self.memory.forget()
        self._scanned = None


def add_party_memory_agents(
    app: faust.App,
    channels: Channels,
    publisher: Publisher,
    monitoring: Monitoring,
    partitions: int,
) -> PartyMemoryAgents:
    """Register both agents and, once the worker runs, let the monitor send rescreen requests."""
    agents = PartyMemoryAgents(
        channels,
        publisher,
        monitoring.monitor,
        monitoring.policy,
        monitoring.metrics,
        partitions,
        monitoring.wait_seconds,
    )

    async def forget(*_: Any, **__: Any) -> None:
        agents.forget()

    app.on_partitions_revoked.connect(forget)
    app.on_partitions_assigned.connect(forget)
    app.agent(channels.parties, name="remember_parties")(agents.remember_parties)
    app.agent(channels.rescreens, name="rescreen_parties")(agents.rescreen_parties)

    @app.task
    async def attach_monitor() -> None:
        monitoring.monitor.attach(asyncio.get_running_loop(), agents.request_rescreen)

    return agents
