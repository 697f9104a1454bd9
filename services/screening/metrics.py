"""Prometheus metrics of the screening service (chokepoint_screening_*), on their own registry."""

from __future__ import annotations

import contextlib
from collections import Counter as Tally

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from services.lists.watchlists.registry import WatchlistRegistry

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class ScreeningMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "chokepoint_screening_requests_total",
            "API requests by endpoint and status code.",
            ["endpoint", "status"],
            registry=self.registry,
        )
        self.request_duration = Histogram(
            "chokepoint_screening_request_duration_seconds",
            "Time to answer an API request, by endpoint.",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.matches = Counter(
            "chokepoint_screening_matches_returned_total",
            "Results returned (scored matches, search hits, entities), by endpoint.",
            ["endpoint"],
            registry=self.registry,
        )
        self.token_requests = Counter(
            "chokepoint_screening_token_requests_total",
            "API requests by token name ('none' without a valid token).",
            ["token"],
            registry=self.registry,
        )
        self.watchlist_entries = Gauge(
            "chokepoint_screening_watchlist_entries",
            "Entries in the live index, by watchlist.",
            ["watchlist"],
            registry=self.registry,
        )
        self.watchlist_loaded = Gauge(
            "chokepoint_screening_watchlist_loaded_timestamp_seconds",
            "When each watchlist's current version was loaded (unix time).",
            ["watchlist"],
            registry=self.registry,
        )
        self.watchlist_published = Gauge(
            "chokepoint_screening_watchlist_published_timestamp_seconds",
            "The publication date the watchlist in use states in its file (OFAC Publish_Date, UN"
            " dateGenerated, …); the oldest of several files of one list; absent without a date.",
            ["watchlist"],
            registry=self.registry,
        )
        self.watchlist_updates = Counter(
            "chokepoint_screening_watchlist_updates_total",
            "Published snapshots applied or refused.",
            ["outcome"],
            registry=self.registry,
        )

    def record_lists(self, registry: WatchlistRegistry) -> None:
        """Entries, load time and publication date of each list in use (a registry's on_swap)."""
        index = registry.index
        if index is None:
            return
        sizes = Tally(entry.source for entry in index.entries())
        published = registry.published_at
        for name, at in registry.loaded_at.items():
            self.watchlist_entries.labels(name).set(sizes.get(name, 0))
            self.watchlist_loaded.labels(name).set(at)
            if name in published:
                self.watchlist_published.labels(name).set(published[name])
            else:
                with contextlib.suppress(KeyError):  # the new version states no date
                    self.watchlist_published.remove(name)
