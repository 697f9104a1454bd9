"""First start of a consumer group of ours: take over the offsets faust's group (which read the
same topics before) had committed, so an upgrade neither re-reads nor skips anything."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import structlog
from kafka import KafkaConsumer
from kafka import TopicPartition as KafkaTopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError as KafkaPythonError
from kafka.structs import OffsetAndMetadata

from services.common.kafka_settings import KafkaConnection

log = structlog.get_logger(__name__)

TAKE_OVER_TIMEOUT_MS = 10_000
TAKE_OVER_ATTEMPTS = 10


def take_over_offsets(
    connection: KafkaConnection, old: str, new: str, topics: Sequence[str]
) -> None:
    """First start of group `new`: commit, for it, the offsets group `old` (faust's, which read
    the topics before) had committed on them. Nothing when `new` has committed before, or `old`
    never did; a failure is logged (the group then starts from the beginning: at least once)."""
    kafka = connection.kafka_python_config()
    try:
        offsets = _offsets_to_take_over(kafka, old, new, topics)
        if not offsets:
            return
        consumer = KafkaConsumer(
            group_id=new, enable_auto_commit=False, request_timeout_ms=TAKE_OVER_TIMEOUT_MS, **kafka
        )
        try:
            consumer.assign(list(offsets))
            consumer.commit(
                {tp: OffsetAndMetadata(o, "", -1) for tp, o in offsets.items()},
                timeout_ms=TAKE_OVER_TIMEOUT_MS,
            )
        finally:
            consumer.close()
    except Exception as exc:
        log.warning("batches.take_over_failed", error=str(exc)[:300], previous_group=old)
        return
    log.info(
        "batches.took_over",
        group=new,
        previous_group=old,
        offsets={f"{tp.topic}:{tp.partition}": o for tp, o in sorted(offsets.items())},
    )


def _offsets_to_take_over(
    kafka: dict[str, Any], old: str, new: str, topics: Sequence[str]
) -> dict[KafkaTopicPartition, int]:
    """The old group's offsets if the new group never committed; a fresh cluster may not have a
    group coordinator yet for a few seconds: tried again."""
    for attempt in range(TAKE_OVER_ATTEMPTS):
        admin = KafkaAdminClient(request_timeout_ms=TAKE_OVER_TIMEOUT_MS, **kafka)
        try:
            if committed_on(admin, new, topics):
                return {}
            return committed_on(admin, old, topics)
        except KafkaPythonError as exc:
            if not exc.retriable or attempt == TAKE_OVER_ATTEMPTS - 1:
                raise
            time.sleep(1.0)
        finally:
            admin.close()
    return {}


def committed_on(
    admin: KafkaAdminClient, group_id: str, topics: Sequence[str]
) -> dict[KafkaTopicPartition, int]:
    """The group's committed offsets on the topics' partitions (none: never committed)."""
    committed = admin.list_group_offsets({group_id: None})[group_id]
    return {
        tp: meta.offset
        for tp, meta in committed.items()
        if tp.topic in topics and meta.offset is not None and meta.offset >= 0
    }
