"""The party memory and its rescreen on a list change, as stages of the state loop (state_loop.py).

Party sightings (keyed by name key) fold into each party's recent records in the `parties` table.
A rescreen request comes once per partition and list version; the worker that holds the partition
screens that partition's parties against this process's delta of the version (in a thread),
publishes retro / delisted alerts, forgets parties outside the look-back and marks the version
done for the partition in the `rescreens` table, so a redelivered or repeated request (restart,
several workers asking) screens nothing twice. The alerts, table changes and the request's offset
go to the broker together with the batch (one transaction on Kafka).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import structlog
from aiokafka.partitioner import murmur2

from schemas import Alert
from services.detector.agents.changelog import KeyedTable
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
from services.detector.state import (
    PartyMemory,
    PartySighting,
    PartySightings,
    RescreenMark,
    RescreenRequest,
    StateFormatError,
    decode_party_sightings,
    decode_state,
    encode_state,
)

log = structlog.get_logger(__name__)
# Parties per partition whose entries stay decoded between their sightings.
REMEMBERED_PARTIES = 1_024


def partition_of(key: str, partitions: int) -> int:
    """The partition a key's messages go to (Kafka's default partitioner)."""
    return int(murmur2(key.encode()) & 0x7FFFFFFF) % partitions


@dataclass(frozen=True)
class PartitionScan:
    """One pass over a worker's party table for a list version."""

    selected: list[tuple[str, bytes]]  # pre-selected for the matcher
    expired: list[str]  # no record within the look-back
    parties: int


class PartyMemoryStages:
    """Remembering parties and rescreening them: the two tables, the monitor, a stream clock."""

    def __init__(self, channels: Channels, monitoring: Monitoring, partitions: int) -> None:
        self.channels = channels
        self.monitor: ListMonitor = monitoring.monitor
        self.policy: MemoryPolicy = monitoring.policy
        self.metrics: MonitoringMetrics = monitoring.metrics
        self.wait_seconds = monitoring.wait_seconds
        self.partitions = partitions
        self.parties: KeyedTable[PartyMemory] = KeyedTable(
            channels.party_changelog, PartyMemory, REMEMBERED_PARTIES
        )
        self.marks: KeyedTable[RescreenMark] = KeyedTable(
            channels.rescreen_changelog, RescreenMark, 64
        )
        self.newest_seen: date | None = None  # event time: the newest declaration date seen
        self._scanned: tuple[tuple[str, str, int], PartitionScan] | None = None

    def remember(
        self, key: str, values: list[bytes], store: MutableMapping[str, Any]
    ) -> list[Alert]:
        """Fold a party's sightings of one batch into its entry at once (no alerts)."""
        sightings: list[PartySighting | PartySightings] = []
        for raw in values:
            try:
                sightings.append(decode_party_sightings(raw))
            except StateFormatError:  # a bad message must not stop the others
                log.exception("party_memory.remember_failed", key=key)
                self.metrics.sightings.labels("failed").inc()
        if not sightings:
            return []
        try:
            store[key] = remember(store.get(key), sightings, self.policy)
        except Exception:  # a bad entry must not stop the other parties
            log.exception("party_memory.remember_failed", key=key)
            self.metrics.sightings.labels("failed").inc(sum(len(s.records) for s in sightings))
            return []
        newest = max(r.on for s in sightings for r in s.records)
        if self.newest_seen is None or newest > self.newest_seen:
            self.newest_seen = newest
        self.metrics.sightings.labels("remembered").inc(sum(len(s.records) for s in sightings))
        return []

    async def request_rescreen(self, watchlist: str, version: str) -> None:
        """One request per partition, so each partition's owner screens its own parties."""
        value = encode_state(RescreenRequest(watchlist=watchlist, version=version))
        key = f"{watchlist}@{version}".encode()
        for partition in range(self.partitions):
            await self.channels.rescreens.send(key=key, value=value, partition=partition)
        log.info("monitoring.rescreen_requested", watchlist=watchlist, version=version)

    async def rescreen(self, partition: int, raw: bytes) -> list[Alert]:
        """Handle one request for `partition`: its retro / delisted alerts (none when done before,
        superseded or not applied here)."""
        try:
            request = decode_state(RescreenRequest, raw)
        except Exception:
            log.exception("monitoring.bad_rescreen_request", partition=partition)
            return []
        marks = self.marks.view(partition)
        mark_key = f"{request.watchlist}#{partition}"
        done = marks.get(mark_key)
        if done is not None and done.version >= request.version:
            self.metrics.rescreens.labels(request.watchlist, "already_done").inc()
            return []
        screen = await self.monitor.wait_for(request.watchlist, request.version, self.wait_seconds)
        if screen is None:
            self._skipped(request, partition)
            return []
        try:
            alerts = await self._rescreen(screen, partition)
        except Exception:  # a rescreen bug must not stop the loop (nor mark the version done)
            log.exception(
                "monitoring.rescreen_failed",
                watchlist=request.watchlist,
                version=request.version,
                partition=partition,
            )
            self.metrics.rescreens.labels(request.watchlist, "failed").inc()
            return []
        marks[mark_key] = RescreenMark(version=request.version)
        return alerts

    def _skipped(self, request: RescreenRequest, partition: int) -> None:
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

    async def _scan(self, screen: DeltaScreen, today: date) -> PartitionScan:
        """This worker's parties pre-selected for a change, and those past the look-back: one
        pass over the held partitions per list version and set of held partitions, shared by
        them (records that arrive after the swap are screened live against the new list)."""
        delta = screen.delta
        key = (delta.watchlist, delta.version, self.parties.generation)
        if self._scanned is not None and self._scanned[0] == key:
            return self._scanned[1]
        items = self.parties.raw_items()  # a copy: the thread must not race writes

        def work() -> PartitionScan:
            return PartitionScan(
                preselect(screen, items), expired_keys(items, self.policy, today), len(items)
            )

        scan = await asyncio.get_running_loop().run_in_executor(None, work)
        self._scanned = (key, scan)
        return scan

    async def _rescreen(self, screen: DeltaScreen, partition: int) -> list[Alert]:
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
        parties = self.parties.view(partition)
        for key in stale:
            parties.pop(key, None)
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
        return alerts
