"""Every metric the notifier owns, on its own registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.notifier.daily_counts import DailyCounts

AGE_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, float("inf"))


@dataclass
class NotifierMetrics:
    """Counters, gauges and histograms; labels only from small fixed sets."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    today: DailyCounts = field(default_factory=DailyCounts)  # for /chokepoint status, not exported

    def __post_init__(self) -> None:
        r = self.registry
        self.alerts_received = Counter(
            "chokepoint_notifier_alerts_consumed_total",
            "Alerts read from Kafka.",
            ["severity"],
            registry=r,
        )
        self.alerts_suppressed = Counter(
            "chokepoint_notifier_alerts_suppressed_total",
            "Alerts not posted, by reason (silence, duplicate).",
            ["reason"],
            registry=r,
        )
        self.messages = Counter(
            "chokepoint_notifier_messages_sent_total",
            "Slack messages by status (sent, updated, failed, dead_lettered).",
            ["status"],
            registry=r,
        )
        self.rate_limited = Counter(
            "chokepoint_notifier_rate_limited_total", "Slack calls answered 429.", registry=r
        )
        self.retries = Counter(
            "chokepoint_notifier_retries_total",
            "Slack calls retried after a transient error.",
            registry=r,
        )
        self.slack_requests = Counter(
            "chokepoint_notifier_slack_requests_total",
            "Slack calls by method and outcome (ok, rate_limited, error).",
            ["method", "status"],
            registry=r,
        )
        self.request_latency = Histogram(
            "chokepoint_notifier_slack_request_duration_seconds",
            "Slack Web API call latency, retries included.",
            ["method"],
            registry=r,
        )
        self.dead_letters = Counter(
            "chokepoint_notifier_dead_letters_total",
            "Alerts sent to the dead-letter topic.",
            ["reason"],
            registry=r,
        )
        self.feedback = Counter(
            "chokepoint_notifier_feedback_total",
            "Analyst button clicks published.",
            ["action"],
            registry=r,
        )
        self.rejected_requests = Counter(
            "chokepoint_notifier_rejected_requests_total",
            "Interactive requests with a bad signature.",
            registry=r,
        )
        self.admin_requests = Counter(
            "chokepoint_notifier_admin_requests",
            "Admin API requests by token name ('none' without a valid one) and status code.",
            ["token", "status"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "chokepoint_notifier_consumer_lag_messages",
            "End (last stable) offset minus the group's committed offset, from the broker,"
            " over this instance's partitions.",
            ["topic"],
            registry=r,
        )
        self.last_processed = Gauge(
            "chokepoint_notifier_last_processed_timestamp_seconds",
            "When an alert was last delivered.",
            registry=r,
        )
        self.record_age = Histogram(
            "chokepoint_notifier_record_age_seconds",
            "From the record's ingestion to its alert reaching Slack.",
            buckets=AGE_BUCKETS,
            registry=r,
        )
        self.silences_active = Gauge(
            "chokepoint_notifier_silences_active", "Silences in force now.", registry=r
        )
