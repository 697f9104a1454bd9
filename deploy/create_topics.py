"""Create every Chokepoint topic before the services start (the compose `topics` one-shot).

Settings come from TOPICS_* variables, Kafka ones nested with `__` like the services':
TOPICS_KAFKA__BOOTSTRAP_SERVERS, TOPICS_PARTITIONS, TOPICS_REPLICATION_FACTOR, TOPICS_NAMESPACE.
Exits 1 if a topic already exists with fewer partitions than asked: adding partitions later
moves keys to other partitions, so that is an operator's decision, not a start-up side effect.
"""

from __future__ import annotations

import sys

from kafka.admin import KafkaAdminClient
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas import Topics
from services.common.kafka_settings import KafkaConnection
from services.common.logs import configure_logging
from services.common.topics_admin import ensure_topics


class TopicSettings(BaseSettings):
    """Where the cluster is and how every topic should be laid out."""

    model_config = SettingsConfigDict(
        env_prefix="TOPICS_", env_nested_delimiter="__", extra="forbid"
    )

    kafka: KafkaConnection = Field(default_factory=KafkaConnection)
    namespace: str = Field(
        default="", pattern=r"^[A-Za-z0-9_-]*$", description="Prefix for every topic name."
    )
    partitions: int = Field(
        default=6,
        ge=1,
        description="Partitions of every topic: the most detectors that can work at once.",
    )
    replication_factor: int = Field(
        default=1, ge=1, description="Replicas per topic (1 on one node, 3 in production)."
    )
    timeout_seconds: float = Field(
        default=120.0, gt=0, description="How long to wait for the cluster to create the topics."
    )


def partition_counts(kafka: KafkaConnection, topics: list[str]) -> dict[str, int]:
    """How many partitions each named topic has now."""
    admin = KafkaAdminClient(client_id="chokepoint-topics", **kafka.kafka_python_config())
    try:
        described = admin.describe_topics(topics)
    finally:
        admin.close()
    failed = [item["name"] for item in described if item["error_code"]]
    if failed:
        raise RuntimeError(f"cannot describe topics {failed}")
    return {item["name"]: len(item["partitions"]) for item in described}


def too_few_partitions(counts: dict[str, int], wanted: int) -> dict[str, int]:
    """The topics that exist with fewer partitions than wanted."""
    return {topic: count for topic, count in counts.items() if count < wanted}


def main() -> int:
    try:
        settings = TopicSettings()
    except ValidationError as exc:
        print(f"create_topics: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    configure_logging("INFO", None)
    topics = Topics(settings.namespace).all()
    ensure_topics(
        settings.kafka,
        topics,
        partitions=settings.partitions,
        replication_factor=settings.replication_factor,
        timeout_seconds=settings.timeout_seconds,
    )
    counts = partition_counts(settings.kafka, topics)
    short = too_few_partitions(counts, settings.partitions)
    if short:
        print(
            f"create_topics: fewer than {settings.partitions} partitions: {short}; raise them "
            "with kafka-topics.sh --alter --partitions (keys move) or lower TOPICS_PARTITIONS",
            file=sys.stderr,
        )
        return 1
    print(f"create_topics: {len(counts)} topics ready with >= {settings.partitions} partitions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
