"""Keyed state held in memory per partition and saved to a compacted changelog topic.

The topics and format are those of the faust tables this replaced (`<group id>-<table>-changelog`,
key a JSON string, value the model's JSON bytes, a deleted key a tombstone), so state written
before is read as it is. A partition's values are read back from its changelog when this worker
takes the partition (at the read_committed level: writes of aborted transactions are not state).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, MutableMapping
from typing import Generic

import faust
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.kafka_settings import KafkaConnection
from services.detector.agents.recent_values import RecentValues
from services.detector.publishing import Outgoing
from services.detector.state import ModelStore, State

log = structlog.get_logger(__name__)

STALL_SECONDS = 60.0  # a changelog read that makes no progress for this long fails
FETCH_MS = 500


def changelog_key(key: str) -> bytes:
    return json.dumps(key).encode()


def key_of(raw: bytes | None) -> str:
    """The table key of a changelog key (a JSON string; anything else as its text)."""
    text = (raw or b"").decode("utf-8", "replace")
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, str) else text


class PartitionValues(MutableMapping[str, bytes]):
    """One partition's values by key, and the keys changed since the last `take_changes`."""

    def __init__(self, values: dict[str, bytes]) -> None:
        self._values = values
        self._changed: set[str] = set()

    def __getitem__(self, key: str) -> bytes:
        return self._values[key]

    def __setitem__(self, key: str, value: bytes) -> None:
        self._values[key] = value
        self._changed.add(key)

    def __delitem__(self, key: str) -> None:
        del self._values[key]
        self._changed.add(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def take_changes(self) -> list[tuple[str, bytes | None]]:
        """Each changed key with its value now (None: deleted), once."""
        changes = [(key, self._values.get(key)) for key in sorted(self._changed)]
        self._changed.clear()
        return changes


class KeyedTable(Generic[State]):
    """The partitions of one table that this worker holds, each with a decoded view."""

    def __init__(
        self, changelog: faust.TopicT, model: type[State], remembered_per_partition: int
    ) -> None:
        self.changelog = changelog
        self._model = model
        self._remembered = remembered_per_partition
        self._partitions: dict[int, PartitionValues] = {}
        self._views: dict[int, RecentValues[State]] = {}
        self.generation = 0  # changes whenever a partition is loaded or dropped

    @property
    def topic(self) -> str:
        return self.changelog.get_topic_name()

    def holds(self, partition: int) -> bool:
        return partition in self._partitions

    def load(self, partition: int, values: dict[str, bytes]) -> None:
        self.generation += 1
        raw = self._partitions[partition] = PartitionValues(values)
        self._views[partition] = RecentValues(ModelStore(raw, self._model), self._remembered)

    def drop(self, partition: int) -> None:
        self.generation += 1
        self._partitions.pop(partition, None)
        self._views.pop(partition, None)

    def view(self, partition: int) -> MutableMapping[str, State]:
        return self._views[partition]

    def raw_items(self) -> list[tuple[str, bytes]]:
        """Every held key with its stored value, over all held partitions (a copy)."""
        return [item for values in self._partitions.values() for item in values.items()]

    def changes(self) -> list[Outgoing]:
        """The changelog messages for every key changed since the last call."""
        return [
            Outgoing(self.changelog, changelog_key(key), value, partition=partition)
            for partition, values in self._partitions.items()
            for key, value in values.take_changes()
        ]


class ChangelogReader:
    """Reads changelog partitions from the beginning to their end, with a consumer of no group."""

    def __init__(self, kafka: KafkaConnection) -> None:
        self._kafka = kafka
        self._consumer: AIOKafkaConsumer | None = None

    async def read(
        self, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, dict[str, bytes]]:
        """Every partition's newest value per key (deleted keys left out)."""
        consumer = await self._started()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        values: dict[TopicPartition, dict[str, bytes]] = {tp: {} for tp in partitions}
        pending = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        progressed = time.monotonic()
        while pending:
            fetched = await consumer.getmany(*pending, timeout_ms=FETCH_MS)
            for tp, records in fetched.items():
                for record in records:
                    _apply(values[tp], record.key, record.value)
                progressed = time.monotonic()
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
            if pending and time.monotonic() - progressed > STALL_SECONDS:
                raise TimeoutError(f"changelog read stalled: {sorted(map(str, pending))}")
        log.info(
            "state.restored",
            partitions={f"{tp.topic}:{tp.partition}": len(v) for tp, v in values.items()},
        )
        return values

    async def close(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            await consumer.stop()

    async def _started(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            consumer = AIOKafkaConsumer(
                group_id=None,
                enable_auto_commit=False,
                isolation_level="read_committed",
                auto_offset_reset="earliest",
                **self._kafka.aiokafka_config(),
            )
            await consumer.start()
            self._consumer = consumer
        return self._consumer


def _apply(values: dict[str, bytes], key: bytes | None, value: bytes | None) -> None:
    if value is None:
        values.pop(key_of(key), None)
    else:
        values[key_of(key)] = value
