"""Connecting to Kafka in the background: create topics, open the publisher, probe readiness."""

from __future__ import annotations

import threading

import structlog
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError

from schemas import Topics
from services.common.kafka_settings import KafkaConnection
from services.common.topics_admin import ensure_topics
from services.ingest.errors import PublishError
from services.ingest.publisher import KafkaPublisher
from services.ingest.settings import Settings

log = structlog.get_logger(__name__)


def ingest_topics(topics: Topics) -> list[str]:
    """The topics ingest writes to."""
    return [topics.shipments, topics.news, topics.shipments_dlq, topics.news_dlq]


def kafka_answers(kafka: KafkaConnection, timeout_seconds: float) -> bool:
    """True if a broker answers a metadata request within the timeout."""
    timeout_ms = int(timeout_seconds * 1000)
    try:
        admin = KafkaAdminClient(
            client_id="chokepoint-ingest-probe",
            request_timeout_ms=timeout_ms,
            bootstrap_timeout_ms=timeout_ms,
            **kafka.kafka_python_config(),
        )
    except KafkaError:
        return False
    try:
        admin.list_topics()
        return True
    except KafkaError:
        return False
    finally:
        admin.close()


def connect_until_ready(settings: Settings, stop: threading.Event) -> KafkaPublisher | None:
    """Create the topics and a publisher, retrying until it works or `stop` is set."""
    topics = ingest_topics(Topics(settings.topic_namespace))
    while not stop.is_set():
        # ensure_topics alone may block ~30 s per attempt on a dead broker; a bounded probe first
        # keeps start-up retries and shutdown prompt.
        if not kafka_answers(settings.kafka, settings.readiness_probe_interval_seconds):
            log.warning("kafka.unavailable", servers=settings.kafka.bootstrap_servers)
            stop.wait(settings.readiness_probe_interval_seconds)
            continue
        try:
            ensure_topics(
                settings.kafka,
                topics,
                partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication_factor,
                timeout_seconds=settings.readiness_probe_interval_seconds,
            )
            publisher = KafkaPublisher(
                settings.kafka,
                timeout_seconds=settings.publish_timeout_seconds,
                max_request_bytes=max(1_048_576, settings.max_record_bytes + 4096),
            )
            log.info("kafka.connected", topics=topics)
            return publisher
        except (KafkaError, PublishError) as exc:
            log.warning("kafka.unavailable", error=str(exc))
            stop.wait(settings.readiness_probe_interval_seconds)
    return None
