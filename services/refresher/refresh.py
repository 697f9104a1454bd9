"""The refresh loop: read back what is published, then check every list each interval.

A check is a conditional GET into the cache. The cached copy is compared with the version last
published on the watchlists topic (by the list's sha256); only a different one is validated again
and published, so a 304, an unchanged download or a restart publishes nothing. A refused or failed
check leaves the published version in place and says why in the metrics and the log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from kafka.errors import KafkaError

from schemas import Topics, WatchlistSnapshot
from services.lists.watchlists.fetch import FetchError, FetchResult, ListSource, fetch_source
from services.lists.watchlists.publish import (
    build_snapshot,
    publish_snapshots,
    read_published_snapshots,
)
from services.lists.watchlists.validation import AcceptedList, DownloadRefused, check_download
from services.refresher.metrics import CheckStatus, RefresherMetrics
from services.refresher.settings import RefresherSettings

log = structlog.get_logger(__name__)
_SUCCESS = ("not_modified", "same_content", "published")
READ_BACK_RETRY_SECONDS = 5.0


@dataclass
class Refresher:
    """Keeps each configured list's snapshot on the topic current; one instance per deployment."""

    settings: RefresherSettings
    metrics: RefresherMetrics = field(default_factory=RefresherMetrics)
    published: dict[str, WatchlistSnapshot] = field(default_factory=dict)
    caught_up: bool = False

    def __post_init__(self) -> None:
        self.topic = Topics(self.settings.topic_namespace).watchlists
        self.sources = self.settings.list_sources()
        for source in self.sources:
            self.metrics.start_list(source.name)

    def read_back(self, stop: threading.Event) -> bool:
        """The newest snapshot per list already on the topic; retried until read or stopped."""
        while not stop.is_set():
            try:
                found = read_published_snapshots(
                    self.settings.kafka, self.topic, should_stop=stop.is_set
                )
            except (KafkaError, TimeoutError) as exc:
                log.warning("refresher.read_back_failed", topic=self.topic, error=str(exc))
                stop.wait(READ_BACK_RETRY_SECONDS)
                continue
            for source in self.sources:
                snapshot = found.get(source.name)
                if snapshot is not None:
                    self.published[source.name] = snapshot
                    self.metrics.record_current(snapshot)
                    # Until the first check: the topic's version was current when published.
                    self.metrics.last_success.labels(source.name).set(
                        snapshot.published_at.timestamp()
                    )
            self.caught_up = not stop.is_set()
            log.info(
                "refresher.caught_up",
                topic=self.topic,
                versions={name: s.version for name, s in self.published.items()},
            )
            return self.caught_up
        return False

    def check(self, source: ListSource, stop: threading.Event | None = None) -> CheckStatus:
        """One list: download if changed, validate, publish if its content differs."""
        previous = self.published.get(source.name)
        status: CheckStatus
        try:
            fetched = fetch_source(
                source,
                self.settings.cache_dir,
                self._acceptor(source, previous),
                timeout_seconds=self.settings.fetch_timeout_seconds,
                max_bytes=self.settings.max_download_bytes,
                should_stop=stop.is_set if stop is not None else lambda: False,
            )
            status = self._publish_if_changed(source, fetched, previous)
        except DownloadRefused as exc:
            status = "refused"
            self.metrics.refused.labels(source.name, exc.reason).inc()
            log.warning(
                "refresher.refused", watchlist=source.name, reason=exc.reason, detail=exc.detail
            )
        except (FetchError, KafkaError, OSError) as exc:
            status = "failed"
            log.warning("refresher.check_failed", watchlist=source.name, error=str(exc))
        self.metrics.checks.labels(source.name, status).inc()
        if status in _SUCCESS:
            self.metrics.last_success.labels(source.name).set(time.time())
        log.info("refresher.checked", watchlist=source.name, status=status)
        return status

    def _acceptor(
        self, source: ListSource, previous: WatchlistSnapshot | None
    ) -> Callable[[Path], AcceptedList]:
        """check_download with this deployment's rules, against the published version's size."""
        rules = self.settings.download_rules()
        entries = previous.entry_count if previous else None
        return lambda path: check_download(path, source.name, rules, entries)

    def _publish_if_changed(
        self, source: ListSource, fetched: FetchResult, previous: WatchlistSnapshot | None
    ) -> CheckStatus:
        if previous is not None and fetched.sha256 == previous.sha256:
            return "not_modified" if fetched.status == "unchanged" else "same_content"
        # A cached copy that differs from the topic (a failed publish, `watchlist fetch` sharing
        # the cache, a new topic) is checked against the published version before it goes out.
        accepted = fetched.accepted or self._acceptor(source, previous)(fetched.path)
        item = build_snapshot(fetched.path, source.name, (accepted.format, accepted.watchlist))
        publish_snapshots([item], self.settings.kafka, self.topic)
        self.published[source.name] = item.snapshot
        self.metrics.record_current(item.snapshot)
        log.info(
            "refresher.published",
            watchlist=source.name,
            version=item.snapshot.version,
            entries=item.snapshot.entry_count,
            list_published_at=str(item.snapshot.list_published_at),
        )
        return "published"

    def check_all(self, stop: threading.Event) -> None:
        for source in self.sources:
            if stop.is_set():
                return
            self.check(source, stop)

    def run(self, stop: threading.Event) -> None:
        """Read back, then check every list at once and after each interval, until stopped."""
        if not self.read_back(stop):
            return
        while not stop.is_set():
            self.check_all(stop)
            stop.wait(self.settings.interval_seconds)
