"""Continuous monitoring's metrics, on the detector's registry (see docs/monitoring.md)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

_RESCREEN_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


class MonitoringMetrics:
    """Party memory and list-change rescreens."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.sightings = Counter(
            "chokepoint_detector_party_sightings_total",
            "Party sightings folded into the party memory.",
            ["status"],  # remembered | failed
            registry=registry,
        )
        self.expired = Counter(
            "chokepoint_detector_party_memory_expired_total",
            "Remembered parties forgotten: no record within the look-back (event time).",
            registry=registry,
        )
        self.rescreens = Counter(
            "chokepoint_detector_rescreens_total",
            "Rescreen requests (one per partition and list version), by outcome.",
            ["watchlist", "status"],  # screened | already_done | superseded | not_applied | failed
            registry=registry,
        )
        self.rescreen_duration = Histogram(
            "chokepoint_detector_rescreen_duration_seconds",
            "Time to screen one partition's remembered parties against a list change.",
            ["watchlist"],
            buckets=_RESCREEN_BUCKETS,
            registry=registry,
        )
        self.rescreen_parties = Counter(
            "chokepoint_detector_rescreen_parties_total",
            "Remembered parties looked at by rescreens (pre-selected or not).",
            ["watchlist"],
            registry=registry,
        )
