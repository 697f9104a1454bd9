"""A follower of a topic created a moment ago: the broker that answers first may not know it yet
(on a cluster its metadata takes a moment to spread); the follower tries again until it does."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import UnknownTopicOrPartitionError

from services.notifier import kafka_io
from services.notifier.kafka_io import TopicFollower

TOPIC = "chokepoint.notifier-state.v1"


class FakeConsumer:
    """A consumer whose start fails when the topic is unknown, else gets three partitions."""

    def __init__(self, unknown: bool) -> None:
        self.unknown = unknown
        self.started = self.stopped = False
        self.sought: tuple[TopicPartition, ...] = ()

    async def start(self) -> None:
        if self.unknown:
            raise UnknownTopicOrPartitionError()
        self.started = True

    async def stop(self) -> None:
        self.stopped = True

    def assignment(self) -> set[TopicPartition]:
        return {TopicPartition(TOPIC, p) for p in range(3)} if self.started else set()

    async def seek_to_beginning(self, *partitions: TopicPartition) -> None:
        self.sought = partitions


def factory(unknown_starts: int) -> tuple[list[FakeConsumer], Any]:
    made: list[FakeConsumer] = []

    def new_consumer(topic: str, config: dict[str, Any]) -> AIOKafkaConsumer:
        made.append(FakeConsumer(unknown=len(made) < unknown_starts))
        return cast(AIOKafkaConsumer, made[-1])

    return made, new_consumer


@pytest.fixture(autouse=True)
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kafka_io, "RETRY_SECONDS", 0.0)


def test_a_topic_unknown_at_first_is_read_once_the_broker_knows_it() -> None:
    made, new_consumer = factory(unknown_starts=2)
    follower = TopicFollower(TOPIC, {}, lambda record: None, new_consumer=new_consumer)
    asyncio.run(follower.start(timeout_seconds=5))
    assert [c.stopped for c in made] == [True, True, False]  # each refused consumer closed
    assert follower.partitions == [TopicPartition(TOPIC, p) for p in range(3)]
    assert made[-1].sought == tuple(follower.partitions)


def test_a_topic_still_unknown_after_the_timeout_is_an_error_naming_it() -> None:
    made, new_consumer = factory(unknown_starts=10**6)
    follower = TopicFollower(TOPIC, {}, lambda record: None, new_consumer=new_consumer)
    with pytest.raises(TimeoutError, match=f"topic {TOPIC} unknown to the broker after 0.05s"):
        asyncio.run(follower.start(timeout_seconds=0.05))
    assert len(made) > 1 and all(c.stopped for c in made)


def test_a_known_topic_is_started_once() -> None:
    made, new_consumer = factory(unknown_starts=0)
    follower = TopicFollower(TOPIC, {}, lambda record: None, new_consumer=new_consumer)
    asyncio.run(follower.start(timeout_seconds=5))
    assert len(made) == 1 and not made[0].stopped
