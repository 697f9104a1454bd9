"""Every metric the detector owns, on its own registry."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_LATENCY_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    1.0,
)
_AGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, 86400.0)


@dataclass
class DetectorMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.records_consumed = Counter(
            "chokepoint_detector_records_consumed_total",
            "Records read from input topics.",
            ["record_type"],
            registry=r,
        )
        self.records_scored = Counter(
            "chokepoint_detector_records_scored_total",
            "Records scored.",
            ["record_type"],
            registry=r,
        )
        self.records_failed = Counter(
            "chokepoint_detector_records_failed_total",
            "Records that could not be scored.",
            ["record_type", "reason"],
            registry=r,
        )
        self.dead_letters = Counter(
            "chokepoint_detector_dead_letters_total",
            "Messages sent to a dead-letter topic.",
            ["record_type", "reason"],
            registry=r,
        )
        self.alerts_emitted = Counter(
            "chokepoint_detector_alerts_emitted_total",
            "Alerts published.",
            ["severity", "kind"],
            registry=r,
        )
        self.alert_reasons = Counter(
            "chokepoint_detector_alert_reasons_total",
            "Reasons in published alerts, by kind and watchlist.",
            ["kind", "watchlist"],
            registry=r,
        )
        self.scoring_duration = Histogram(
            "chokepoint_detector_scoring_duration_seconds",
            "Time to score one record.",
            ["record_type"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.record_age = Histogram(
            "chokepoint_detector_record_age_seconds",
            "Ingest time to scored.",
            ["record_type"],
            buckets=_AGE_BUCKETS,
            registry=r,
        )
        self.watchlist_entries = Gauge(
            "chokepoint_detector_watchlist_entries",
            "Entries in the loaded watchlist.",
            ["watchlist"],
            registry=r,
        )
        self.watchlist_loaded = Gauge(
            "chokepoint_detector_watchlist_loaded_timestamp_seconds",
            "When the watchlist in use was loaded.",
            ["watchlist"],
            registry=r,
        )
        self.watchlist_published = Gauge(
            "chokepoint_detector_watchlist_published_timestamp_seconds",
            "The publication date the watchlist in use states in its file (OFAC Publish_Date, UN"
            " dateGenerated, …); the oldest of several files of one list; absent without a date.",
            ["watchlist"],
            registry=r,
        )
        self.watchlist_updates = Counter(
            "chokepoint_detector_watchlist_updates_total",
            "Watchlist snapshots applied.",
            ["status"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "chokepoint_detector_consumer_lag_messages",
            "End offset minus the group's committed offset (from the broker), over this"
            " worker's partitions, per input topic.",
            ["topic"],
            registry=r,
        )
        self.last_processed = Gauge(
            "chokepoint_detector_last_processed_timestamp_seconds",
            "When a record was last processed.",
            registry=r,
        )
