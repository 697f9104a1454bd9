"""Create topics idempotently (services call it at start so a fresh cluster just works)."""

from __future__ import annotations

import contextlib
import time

import structlog
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from services.common.kafka_settings import KafkaConnection

log = structlog.get_logger(__name__)


def ensure_topics(
    kafka: KafkaConnection,
    topics: list[str],
    *,
    partitions: int,
    replication_factor: int,
    timeout_seconds: float = 60.0,
) -> None:
    """Create any missing topics, retrying until the cluster answers or the timeout passes."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            attempt_ms = int(max(1.0, min(10.0, deadline - time.monotonic())) * 1000)
            admin = KafkaAdminClient(
                client_id="chokepoint-admin",
                request_timeout_ms=attempt_ms,
                bootstrap_timeout_ms=attempt_ms,
                **kafka.kafka_python_config(),
            )
            try:
                existing = set(admin.list_topics())
                missing = [t for t in topics if t not in existing]
                if missing:
                    with contextlib.suppress(
                        TopicAlreadyExistsError
                    ):  # another service won the race
                        admin.create_topics(
                            [
                                NewTopic(
                                    t,
                                    num_partitions=partitions,
                                    replication_factor=replication_factor,
                                )
                                for t in missing
                            ]
                        )
                    log.info("topics.created", topics=missing, partitions=partitions)
                return
            finally:
                admin.close()
        except KafkaError as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("topics.retry", error=str(exc))
            time.sleep(1.0)
