"""The detector's own tables: changes become changelog messages once, partitions are read back
when taken and forgotten when released or when a batch is discarded; a key's events of one batch
update its entry in arrival order, per partition."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any, cast

import faust
from aiokafka import ConsumerRecord, TopicPartition

from schemas import Alert
from services.detector.agents.changelog import (
    ChangelogReader,
    KeyedTable,
    PartitionValues,
    changelog_key,
    key_of,
)
from services.detector.agents.state_loop import Stage, StateWork
from services.detector.publishing import Publisher
from services.detector.settings import DetectorSettings
from services.detector.state import EntityLinks, PartyLegs


class StubTopic:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_topic_name(self) -> str:
        return self.name


class StubPublisher:
    def alert_messages(self, alerts: list[Any]) -> list[Any]:
        return list(alerts)


class StubReader:
    """A changelog with fixed contents; counts the partitions read."""

    def __init__(self, contents: dict[TopicPartition, dict[str, bytes]]) -> None:
        self.contents = contents
        self.reads: list[list[TopicPartition]] = []

    async def read(
        self, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, dict[str, bytes]]:
        self.reads.append(list(partitions))
        return {tp: dict(self.contents.get(tp, {})) for tp in partitions}

    async def close(self) -> None:
        return None


def record(topic: str, partition: int, offset: int, key: str, value: str) -> Any:
    return ConsumerRecord(
        topic=topic,
        partition=partition,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=key.encode(),
        value=value.encode(),
        checksum=None,
        serialized_key_size=len(key),
        serialized_value_size=len(value),
        headers=(),
    )


def test_keys_are_json_strings_as_faust_wrote_them() -> None:
    assert changelog_key("party:ACME") == b'"party:ACME"'
    assert key_of(b'"party:ACME"') == "party:ACME"
    assert key_of(b"not json") == "not json"


def test_a_changed_key_is_taken_once_with_its_value_now_and_a_deleted_one_as_a_tombstone() -> None:
    values = PartitionValues({"a": b"1", "b": b"2"})
    values["a"] = b"10"
    values["a"] = b"11"
    del values["b"]
    assert values.take_changes() == [("a", b"11"), ("b", None)]
    assert values.take_changes() == []


def test_a_table_sends_its_changes_to_the_changelog_partition_of_the_key() -> None:
    table: KeyedTable[EntityLinks] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-links-changelog")), EntityLinks, 10
    )
    table.load(3, {})
    table.view(3)["entity-1"] = EntityLinks(linked=("x",))
    [message] = table.changes()
    assert (message.key, message.partition) == (b'"entity-1"', 3)
    assert EntityLinks.model_validate_json(message.value or b"") == EntityLinks(linked=("x",))
    assert table.changes() == []


def counting_stage(table: KeyedTable[Any], seen: list[tuple[str, list[bytes]]]) -> Stage:
    """Counts a key's events into its entry (as `linked` ids) and alerts nothing."""

    def observe(key: str, values: list[bytes], store: MutableMapping[str, Any]) -> list[Alert]:
        seen.append((key, values))
        known = store.get(key, EntityLinks())
        store[key] = EntityLinks(linked=known.linked + tuple(v.decode() for v in values))
        return []

    return Stage("count", table, observe=observe)


def state_work(reader: StubReader) -> tuple[StateWork, KeyedTable[Any], list[Any]]:
    table: KeyedTable[Any] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-links-changelog")), EntityLinks, 10
    )
    seen: list[tuple[str, list[bytes]]] = []
    work = StateWork(
        DetectorSettings(),
        {"sightings": counting_stage(table, seen)},
        cast(Publisher, StubPublisher()),
        cast(ChangelogReader, reader),
    )
    return work, table, seen


def test_state_work_reads_taken_partitions_once_and_updates_each_key_in_order() -> None:
    saved = EntityLinks(linked=("old",)).model_dump_json().encode()
    reader = StubReader({TopicPartition("g-links-changelog", 1): {"e1": saved}})
    work, table, seen = state_work(reader)
    records = [
        record("sightings", 1, 0, "e1", "a"),
        record("sightings", 1, 1, "e2", "b"),
        record("sightings", 1, 2, "e1", "c"),
    ]
    asyncio.run(work.hold({TopicPartition("sightings", 1)}))
    asyncio.run(work.hold({TopicPartition("sightings", 1)}))
    assert reader.reads == [[TopicPartition("g-links-changelog", 1)]]
    messages = asyncio.run(work.output(records))
    assert seen == [("e1", [b"a", b"c"]), ("e2", [b"b"])]
    assert table.view(1)["e1"].linked == ("old", "a", "c")
    assert sorted(m.key for m in messages) == [b'"e1"', b'"e2"']
    assert {m.partition for m in messages} == {1}


def test_a_discarded_batch_makes_its_partitions_read_again() -> None:
    reader = StubReader({})
    work, table, _ = state_work(reader)
    asyncio.run(work.hold({TopicPartition("sightings", 0)}))
    asyncio.run(work.output([record("sightings", 0, 0, "e1", "a")]))
    work.discard([record("sightings", 0, 0, "e1", "a")])
    assert not table.holds(0)
    asyncio.run(work.hold({TopicPartition("sightings", 0)}))
    assert "e1" not in table.view(0)  # the unsaved change is gone
    assert len(reader.reads) == 2


def test_a_released_partition_is_forgotten() -> None:
    work, table, _ = state_work(StubReader({}))
    asyncio.run(work.hold({TopicPartition("sightings", 0), TopicPartition("sightings", 1)}))
    work.release({TopicPartition("sightings", 0)})
    assert not table.holds(0) and table.holds(1)


def test_pattern_table_values_keep_their_model() -> None:
    table: KeyedTable[PartyLegs] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-patterns-changelog")), PartyLegs, 10
    )
    table.load(0, {"p": PartyLegs().model_dump_json().encode()})
    assert table.view(0)["p"] == PartyLegs()


def test_handled_events_are_awaited_one_by_one_after_the_batch_s_other_events() -> None:
    order: list[str] = []
    table: KeyedTable[Any] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-rescreens-changelog")), EntityLinks, 10
    )

    async def handle(partition: int, value: bytes) -> list[Alert]:
        await asyncio.sleep(0)
        order.append(f"handled {value.decode()} on {partition}")
        return []

    seen: list[tuple[str, list[bytes]]] = []
    counted: KeyedTable[Any] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-links-changelog")), EntityLinks, 10
    )
    work = StateWork(
        DetectorSettings(),
        {
            "requests": Stage("requests", table, handle=handle),
            "sightings": counting_stage(counted, seen),
        },
        cast(Publisher, StubPublisher()),
        cast(ChangelogReader, StubReader({})),
    )
    asyncio.run(work.hold({TopicPartition("requests", 2), TopicPartition("sightings", 2)}))
    records = [
        record("requests", 2, 0, "list@1", "r1"),
        record("sightings", 2, 0, "e1", "a"),
        record("requests", 2, 1, "list@2", "r2"),
    ]
    asyncio.run(work.output(records))
    assert seen == [("e1", [b"a"])]
    assert order == ["handled r1 on 2", "handled r2 on 2"]


def test_a_table_s_generation_changes_when_its_partitions_change() -> None:
    table: KeyedTable[Any] = KeyedTable(
        cast(faust.TopicT, StubTopic("g-parties-changelog")), EntityLinks, 10
    )
    before = table.generation
    table.load(0, {"a": b"{}"})
    loaded = table.generation
    table.drop(0)
    assert before < loaded < table.generation
    table.load(1, {"b": b"1"})
    assert table.raw_items() == [("b", b"1")]
