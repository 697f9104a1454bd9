"""Create topics as declared in schemas/topics.py, and check the ones that already exist.

Services call `ensure_topics` at start so a fresh cluster just works: missing topics are created with
their declared cleanup policy, retention and min.insync.replicas, and the call returns only once
every partition has a leader. A state topic that exists but is not compacted would lose delivery
records, threads and silences after the retention period, so start-up refuses it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

import structlog
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from schemas.topics import TopicRetention, declaration_of
from services.common.kafka_settings import KafkaConnection

log = structlog.get_logger(__name__)


class TopicConfigError(RuntimeError):
    """An existing topic's configuration would lose data (a state topic that is not compacted)."""


@dataclass(frozen=True)
class TopicLayout:
    """How new topics are laid out: partitions, replicas, retention per role."""

    partitions: int
    replication_factor: int
    retention: TopicRetention = TopicRetention()

    def new_topic(self, name: str) -> NewTopic:
        declaration = declaration_of(name)
        configs = declaration.config(self.retention, self.replication_factor) if declaration else {}
        return NewTopic(
            name,
            num_partitions=self.partitions,
            replication_factor=self.replication_factor,
            topic_configs=configs,
        )


def admin_client(kafka: KafkaConnection, timeout_ms: int = 10_000) -> KafkaAdminClient:
    return KafkaAdminClient(
        client_id="chokepoint-admin",
        request_timeout_ms=timeout_ms,
        bootstrap_timeout_ms=timeout_ms,
        **kafka.kafka_python_config(),
    )


def ensure_topics(
    kafka: KafkaConnection,
    topics: list[str],
    *,
    partitions: int,
    replication_factor: int,
    retention: TopicRetention | None = None,
    timeout_seconds: float = 60.0,
) -> None:
    """Create missing topics, wait for their leaders, refuse uncompacted state topics.

    Retries until the cluster answers or the timeout passes; raises TopicConfigError at once.
    """
    layout = TopicLayout(partitions, replication_factor, retention or TopicRetention())
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            attempt_ms = int(max(1.0, min(10.0, deadline - time.monotonic())) * 1000)
            admin = admin_client(kafka, attempt_ms)
            try:
                create_missing(admin, topics, layout)
                admin.wait_for_topics(topics, timeout_ms=attempt_ms)
                check_state_topics(admin, topics)
                return
            finally:
                admin.close()
        except KafkaError as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("topics.retry", error=str(exc))
            time.sleep(1.0)


def create_missing(admin: KafkaAdminClient, topics: list[str], layout: TopicLayout) -> None:
    existing = set(admin.list_topics())
    missing = [t for t in topics if t not in existing]
    if not missing:
        return
    with contextlib.suppress(TopicAlreadyExistsError):  # another service won the race
        admin.create_topics([layout.new_topic(t) for t in missing])
    log.info("topics.created", topics=missing, partitions=layout.partitions)


def topic_configs(admin: KafkaAdminClient, topics: list[str]) -> dict[str, dict[str, str]]:
    """Each topic's effective config values ({} for a broker that does not report them)."""
    resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in topics]
    described = admin.describe_configs(resources, config_filter="all")
    by_name: dict[str, dict[str, str]] = {}
    for entries in described.values():
        for name, configs in entries.items():
            by_name[name] = {key: str(value.get("value")) for key, value in configs.items()}
    return by_name


def uncompacted_state_topics(configs: dict[str, dict[str, str]]) -> list[str]:
    """State topics whose reported cleanup.policy does not compact (unreported ones pass)."""
    bad = []
    for name, config in configs.items():
        declaration = declaration_of(name)
        policy = config.get("cleanup.policy")
        if declaration and declaration.compacted and policy and "compact" not in policy:
            bad.append(f"{name} (cleanup.policy={policy})")
    return bad


def check_state_topics(admin: KafkaAdminClient, topics: list[str]) -> None:
    state = [t for t in topics if (d := declaration_of(t)) is not None and d.compacted]
    if not state:
        return
    configs = topic_configs(admin, state)
    if not any(configs.values()):
        log.warning("topics.config_unreported", topics=state)  # the broker keeps no configs
        return
    bad = uncompacted_state_topics(configs)
    if bad:
        raise TopicConfigError(
            "state topics must be compacted or their records expire: "
            + ", ".join(bad)
            + "; fix with kafka-configs.sh --alter --add-config cleanup.policy=compact"
        )
