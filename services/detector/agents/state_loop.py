"""track_state: re-export patterns (legs keyed by party), news ↔ shipment links (sightings keyed
by listed entity) and, with continuous monitoring, the party memory and its rescreens
(party_memory.py), read in batches by a consumer group of our own (`<group id>-state`,
batch_loop.py) with their tables held here (changelog.py).

Each batch's events update their keys' table entries (one read and one write per key); the
batch's alerts, the changed entries (to the tables' compacted changelogs) and the batch's offsets
go to the broker together: in one transaction on Kafka, so after a crash the successor reads
state and offsets that agree and raises each pattern or link alert once; elsewhere acknowledged
first and committed after (a replayed leg re-sends the alerts it closes, under the same ids).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import faust
import structlog
from aiokafka import TopicPartition

from schemas import Alert
from services.detector.agents.batch_loop import BatchLoop, Records, run_in_worker
from services.detector.agents.changelog import ChangelogReader, KeyedTable
from services.detector.agents.offset_takeover import take_over_offsets
from services.detector.agents.party_memory import PartyMemoryStages
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.monitoring.monitor import Monitoring
from services.detector.publishing import Outgoing, Publisher
from services.detector.settings import DetectorSettings
from services.detector.state import (
    EntityLinks,
    Leg,
    PartyLegs,
    Sighting,
    State,
    StateFormatError,
    decode_states,
)

log = structlog.get_logger(__name__)
# Parties (and listed entities) per partition whose table values stay decoded between batches.
REMEMBERED_KEYS = 1_024
Observe = Callable[[str, list[bytes], MutableMapping[str, Any]], list[Alert]]
Handle = Callable[[int, bytes], Awaitable[list[Alert]]]


@dataclass(frozen=True)
class Stage:
    """One input topic: the table its events update, and how: a key's events of one batch at once
    (`observe`), or each event awaited in turn after the others (`handle`: rescreen requests)."""

    name: str
    table: KeyedTable[Any]
    observe: Observe | None = None
    handle: Handle | None = None


def _decoded(model: type[State], values: list[bytes], stage: str) -> list[State]:
    """The values this detector can read, messages of several values unpacked in order; the
    others are logged and skipped."""
    decoded: list[State] = []
    for raw in values:
        try:
            decoded += decode_states(model, raw)
        except StateFormatError:
            log.exception("state.unreadable", stage=stage)
    return decoded


def _by_key(records: Records) -> dict[tuple[str, int, str], list[bytes]]:
    """A batch's values per (topic, partition, key), in arrival order."""
    groups: dict[tuple[str, int, str], list[bytes]] = {}
    for record in records:
        key = (record.key or b"").decode("utf-8", "replace")
        groups.setdefault((record.topic, record.partition, key), []).append(record.value or b"")
    return groups


class StateWork:
    """The batches of the legs and sightings topics, with the tables of their partitions."""

    def __init__(
        self,
        settings: DetectorSettings,
        stages: dict[str, Stage],
        publisher: Publisher,
        reader: ChangelogReader,
    ) -> None:
        self._settings = settings
        self._stages = stages
        self._publisher = publisher
        self._reader = reader

    async def prepare(self) -> None:
        s = self._settings
        await asyncio.to_thread(
            take_over_offsets, s.kafka, s.group_id, s.state_group_id, sorted(self._stages)
        )

    async def hold(self, partitions: set[TopicPartition]) -> None:
        """Read the tables of partitions taken since the last batch."""
        missing = {
            TopicPartition(self._stages[tp.topic].table.topic, tp.partition): tp
            for tp in partitions
            if not self._stages[tp.topic].table.holds(tp.partition)
        }
        if not missing:
            return
        values = await self._reader.read(sorted(missing))
        for changelog, tp in missing.items():
            self._stages[tp.topic].table.load(tp.partition, values[changelog])

    def release(self, partitions: set[TopicPartition]) -> None:
        for tp in partitions:
            if tp.topic in self._stages:
                self._stages[tp.topic].table.drop(tp.partition)

    async def output(self, records: Records) -> list[Outgoing]:
        alerts: list[Alert] = []
        handled: list[tuple[Handle, int, bytes]] = []
        for (topic, partition, key), values in _by_key(records).items():
            stage = self._stages[topic]
            if stage.handle is not None:
                handled += [(stage.handle, partition, value) for value in values]
                continue
            try:
                if stage.observe is not None:
                    alerts += stage.observe(key, values, stage.table.view(partition))
            except Exception:  # a bad leg/sighting must not stop the others
                log.exception("state.observe_failed", stage=stage.name, key=key)
        for handle, partition, value in handled:
            alerts += await handle(partition, value)
        messages = self._publisher.alert_messages(alerts)
        for stage in self._stages.values():
            messages += stage.table.changes()
        return messages

    def sent(self) -> None:
        return None

    def discard(self, records: Records) -> None:
        """Read the batch's partitions again before the next batch: their changes were not saved."""
        self.release({TopicPartition(r.topic, r.partition) for r in records})

    async def close(self) -> None:
        await self._reader.close()


def state_stages(
    channels: Channels, engine: DetectorEngine, memory: PartyMemoryStages | None
) -> dict[str, Stage]:
    """Legs → the pattern table and its alerts; sightings → the link table and its alerts; party
    sightings → the party memory; rescreen requests → retro / delisted alerts."""

    def patterns(key: str, values: list[bytes], store: MutableMapping[str, Any]) -> list[Alert]:
        return engine.observe_legs(key, _decoded(Leg, values, "patterns"), store)

    def links(key: str, values: list[bytes], store: MutableMapping[str, Any]) -> list[Alert]:
        return [
            alert
            for sighting in _decoded(Sighting, values, "links")
            for alert in engine.observe_sighting(key, sighting, store)
        ]

    stages = {
        channels.legs.get_topic_name(): Stage(
            "patterns", KeyedTable(channels.pattern_changelog, PartyLegs, REMEMBERED_KEYS), patterns
        ),
        channels.sightings.get_topic_name(): Stage(
            "links", KeyedTable(channels.link_changelog, EntityLinks, REMEMBERED_KEYS), links
        ),
    }
    if memory is not None:
        stages[channels.parties.get_topic_name()] = Stage(
            "party_memory", memory.parties, observe=memory.remember
        )
        stages[channels.rescreens.get_topic_name()] = Stage(
            "rescreens", memory.marks, handle=memory.rescreen
        )
    return stages


def add_state_loop(
    app: faust.App,
    channels: Channels,
    engine: DetectorEngine,
    publisher: Publisher,
    settings: DetectorSettings,
    monitoring: Monitoring | None = None,
) -> BatchLoop:
    """The state loop; with continuous monitoring, the party memory too, and the monitor sends
    rescreen requests once the worker runs."""
    memory = None
    if monitoring is not None:
        memory = PartyMemoryStages(channels, monitoring, settings.topic_partitions)
        request = memory.request_rescreen

        @app.task
        async def attach_monitor() -> None:
            monitoring.monitor.attach(asyncio.get_running_loop(), request)

    stages = state_stages(channels, engine, memory)
    work = StateWork(settings, stages, publisher, ChangelogReader(settings.kafka))
    loop = BatchLoop(settings, settings.state_group_id, sorted(stages), work, publisher)
    run_in_worker(app, loop, "track_state")
    return loop
