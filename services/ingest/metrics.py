"""Every metric the ingest service exports, on its own registry."""

from __future__ import annotations

import time
from typing import Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

Stage = Literal["http", "import", "feed"]
RECORD_TYPES = ("shipment", "news", "unknown")


class IngestMetrics:
    """Records in / out / failed per stage, dead letters, HTTP requests and freshness."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.records_received = Counter(
            "chokepoint_ingest_records_received",
            "Records (lines, rows, objects) received, valid or not.",
            ["stage", "record_type"],
            registry=r,
        )
        self.records_published = Counter(
            "chokepoint_ingest_records_accepted",
            "Records acknowledged by Kafka on their topic.",
            ["stage", "record_type"],
            registry=r,
        )
        self.records_rejected = Counter(
            "chokepoint_ingest_records_rejected",
            "Records rejected as invalid.",
            ["stage", "record_type", "reason"],
            registry=r,
        )
        self.publish_failures = Counter(
            "chokepoint_ingest_publish_failures",
            "Valid records Kafka did not acknowledge (answered 503, not lost silently).",
            ["stage", "record_type"],
            registry=r,
        )
        self.dead_letters = Counter(
            "chokepoint_ingest_dead_letters",
            "Dead-letter envelopes acknowledged by Kafka.",
            ["stage", "record_type", "reason"],
            registry=r,
        )
        self.dead_letter_failures = Counter(
            "chokepoint_ingest_dead_letter_failures",
            "Dead-letter envelopes Kafka did not acknowledge.",
            ["stage"],
            registry=r,
        )
        self.http_requests = Counter(
            "chokepoint_ingest_http_requests",
            "API requests by route and status code.",
            ["route", "status"],
            registry=r,
        )
        self.token_requests = Counter(
            "chokepoint_ingest_token_requests",
            "API requests by the name of the bearer token they carried ('none' without one).",
            ["token"],
            registry=r,
        )
        self.http_request_duration = Histogram(
            "chokepoint_ingest_http_request_duration_seconds",
            "API request latency, publish acknowledgement included.",
            ["route"],
            registry=r,
        )
        self.last_processed = Gauge(
            "chokepoint_ingest_last_processed_timestamp_seconds",
            "Unix time a record of this type was last published.",
            ["stage", "record_type"],
            registry=r,
        )
        self.kafka_ready = Gauge(
            "chokepoint_ingest_kafka_ready", "1 while the broker answers, else 0.", registry=r
        )

    def published(self, stage: Stage, record_type: str, count: int = 1) -> None:
        """Count acknowledged records and move the freshness gauge."""
        self.records_published.labels(stage, record_type).inc(count)
        self.last_processed.labels(stage, record_type).set(time.time())
