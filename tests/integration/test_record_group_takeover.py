"""Upgrading a deployment whose record topics were read by the faust group: the record loop's own
group starts where that group had committed, so nothing is scored twice or skipped."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from schemas import Topics
from services.common.consumer_lag import LagProbe, Partition
from services.common.kafka_settings import KafkaConnection
from services.common.local_broker import LocalBroker
from services.common.topics_admin import ensure_topics
from tests.integration.test_consumer_lag import PARTITIONS, shipments
from tests.support.detector_process import Detector
from tests.support.kafka_io import publish, wait_for

pytestmark = pytest.mark.integration


def published_ends(
    bootstrap: str, topic: str, messages: list[tuple[str | None, bytes]]
) -> dict[TopicPartition, int]:
    """Publish; the next offset per partition, from the broker's acknowledgements."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        futures = [
            producer.send(topic, key=k.encode() if k else None, value=v) for k, v in messages
        ]
        producer.flush(timeout=60)
        acknowledged = [future.get(timeout=10) for future in futures]
    finally:
        producer.close()
    ends: dict[TopicPartition, int] = {}
    for meta in acknowledged:
        tp = TopicPartition(topic, meta.partition)
        ends[tp] = max(ends.get(tp, 0), meta.offset + 1)
    return ends


def commit_as_group(bootstrap: str, group_id: str, offsets: dict[TopicPartition, int]) -> None:
    """Commit offsets for a group with no members, as the faust group left them."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group_id)
    try:
        consumer.assign(list(offsets))
        consumer.commit({tp: OffsetAndMetadata(o, "", -1) for tp, o in offsets.items()})
    finally:
        consumer.close()


def test_the_record_group_takes_over_the_offsets_faust_committed(
    broker: LocalBroker, topics: Topics, tmp_path: Path
) -> None:
    kafka = KafkaConnection(bootstrap_servers=broker.bootstrap_servers)
    ensure_topics(kafka, topics.all(), partitions=PARTITIONS, replication_factor=1)
    group_id = f"detector-{uuid.uuid4().hex[:8]}"
    every_partition = [Partition(topics.shipments, p) for p in range(PARTITIONS)]
    ends = published_ends(broker.bootstrap_servers, topics.shipments, shipments("before", 12))
    commit_as_group(broker.bootstrap_servers, group_id, ends)
    publish(broker.bootstrap_servers, topics.shipments, shipments("new", 5))

    detector = Detector(broker, topics, group_id, tmp_path)
    detector.start()
    try:
        wait_for(lambda: detector.scored() >= 5, timeout_seconds=90)
        records = LagProbe(kafka, f"{group_id}-records")
        try:
            wait_for(lambda: records.lag(every_partition).get(topics.shipments) == 0)
        finally:
            records.close()
        assert detector.scored() == 5  # lag 0 came after every record it read: a start-over shows
    finally:
        detector.stop()
