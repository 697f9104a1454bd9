"""Prometheus metrics of the refresher (chokepoint_refresher_*), on their own registry."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Literal, get_args

from prometheus_client import CollectorRegistry, Counter, Gauge

from schemas import WatchlistSnapshot
from services.lists.watchlists.validation import REFUSAL_REASONS

# What one check of one list ended in.
CheckStatus = Literal["not_modified", "same_content", "published", "refused", "failed"]
CHECK_STATUSES: tuple[str, ...] = get_args(CheckStatus)


class RefresherMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.checks = Counter(
            "chokepoint_refresher_checks_total",
            "Checks of a list by outcome: not_modified (304), same_content (downloaded, as"
            " published), published, refused (see downloads_refused), failed (network, HTTP, Kafka).",
            ["watchlist", "status"],
            registry=self.registry,
        )
        self.refused = Counter(
            "chokepoint_refresher_downloads_refused_total",
            "Downloads kept out (the published list stays), by reason.",
            ["watchlist", "reason"],
            registry=self.registry,
        )
        self.last_success = Gauge(
            "chokepoint_refresher_last_success_timestamp_seconds",
            "When a check of the list last succeeded (304, unchanged or published), unix time.",
            ["watchlist"],
            registry=self.registry,
        )
        self.published = Gauge(
            "chokepoint_refresher_watchlist_published_timestamp_seconds",
            "The list's own publication date, from the file of its current version (unix time).",
            ["watchlist"],
            registry=self.registry,
        )
        self.entries = Gauge(
            "chokepoint_refresher_watchlist_entries",
            "Entries in the list's current (last published) version.",
            ["watchlist"],
            registry=self.registry,
        )

    def start_list(self, name: str) -> None:
        """Export every series of a list at zero, so rules on increase() see its first event."""
        for status in CHECK_STATUSES:
            self.checks.labels(name, status)
        for reason in REFUSAL_REASONS:
            self.refused.labels(name, reason)

    def record_current(self, snapshot: WatchlistSnapshot) -> None:
        """The version now on the topic: its size and its publication date."""
        self.entries.labels(snapshot.name).set(snapshot.entry_count)
        self.record_publication(snapshot.name, snapshot.list_published_at)

    def record_publication(self, name: str, published_at: datetime | None) -> None:
        if published_at is not None:
            self.published.labels(name).set(published_at.timestamp())
            return
        with contextlib.suppress(KeyError):  # a version without a date has no age to show
            self.published.remove(name)
