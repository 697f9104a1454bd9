"""Poll RSS/Atom feeds: conditional GETs, per-feed intervals, exponential backoff, durable dedup.

A record is marked seen only after `publish` returned; if publishing fails the feed's ETag and
Last-Modified are not advanced, so the next poll fetches the same items again.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import feedparser
import structlog

from schemas import NewsRecord
from services.ingest.feeds.config import FeedConfig
from services.ingest.feeds.entries import (
    EntryRejected,
    build_news_record,
    entry_identity,
    news_record_id,
)
from services.ingest.feeds.state import FeedState, PollerState

log = structlog.get_logger(__name__)
USER_AGENT = "chokepoint-feeds/0.1"


class FeedFetchError(Exception):
    """A feed could not be fetched or parsed (HTTP error, timeout, too large, not a feed)."""

    def __init__(self, feed: str, detail: str) -> None:
        super().__init__(f"feed {feed!r}: {detail}")
        self.feed = feed
        self.detail = detail


@dataclass
class PollSummary:
    """What one `poll_once` did, for logs, metrics and tests."""

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_skipped: int = 0
    records_published: int = 0
    records_duplicate: int = 0
    records_rejected: int = 0


@dataclass(frozen=True)
class RejectedEntry:
    """A feed entry that cannot become a NewsRecord: the entry as parsed (JSON) and why."""

    feed: str
    raw: bytes
    reason: str


def entry_bytes(entry: Any) -> bytes:
    """The parsed entry as JSON bytes (feedparser keeps no per-entry source bytes)."""
    return json.dumps(entry, default=str, ensure_ascii=False, sort_keys=True).encode()


@dataclass(frozen=True)
class _Fetched:
    status: int
    body: bytes
    headers: dict[str, str]


class FeedPoller:
    """Polls the configured feeds and publishes each new article once."""

    def __init__(
        self,
        feeds: Sequence[FeedConfig],
        state_path: Path,
        publish: Callable[[NewsRecord], None],
        *,
        reject: Callable[[RejectedEntry], None] | None = None,
        fetch_timeout_seconds: float = 20.0,
        max_feed_bytes: int = 5 * 1024 * 1024,
        max_body_chars: int = 100_000,
        max_backoff_seconds: float = 6 * 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.feeds = list(feeds)
        self.publish = publish
        self.reject = reject
        self.state = PollerState(state_path)
        self.fetch_timeout_seconds = fetch_timeout_seconds
        self.max_feed_bytes = max_feed_bytes
        self.max_body_chars = max_body_chars
        self.max_backoff_seconds = max_backoff_seconds
        self.clock = clock

    def poll_once(self) -> PollSummary:
        """Poll every feed that is due; one feed's failure never stops the others."""
        summary = PollSummary()
        for feed in self.feeds:
            state = self.state.feed(feed.name)
            now = self.clock()
            if state.next_poll_at > now:
                summary.feeds_skipped += 1
                continue
            summary.feeds_polled += 1
            try:
                self._poll_feed(feed, state, summary)
            except FeedFetchError as exc:
                self._failed(feed, state, exc.detail, summary)
            except Exception as exc:  # publish failed: retry the same items after backoff
                self._failed(feed, state, f"{type(exc).__name__}: {exc}", summary)
            finally:
                self.state.save()
        return summary

    def run(self, stop: threading.Event) -> None:
        """Poll until `stop` is set, sleeping until the next feed is due."""
        while not stop.is_set():
            summary = self.poll_once()
            log.info("feeds.polled", **vars(summary))
            due = [self.state.feed(f.name).next_poll_at for f in self.feeds]
            wait = min(due) - self.clock() if due else 60.0
            stop.wait(max(1.0, min(wait, 3600.0)))

    def _poll_feed(self, feed: FeedConfig, state: FeedState, summary: PollSummary) -> None:
        fetched = self._fetch(feed, state)
        if fetched.status == 304:
            summary.feeds_not_modified += 1
            self._succeeded(feed, state, "not_modified")
            return
        parsed = feedparser.parse(fetched.body, response_headers=fetched.headers)
        # feedparser recovers what it can from broken XML; with no identifiable item, it is broken.
        if parsed.get("bozo") and not any(entry_identity(e) for e in parsed.entries):
            raise FeedFetchError(feed.name, f"not a feed: {parsed.get('bozo_exception')!r}"[:500])
        feed_language = parsed.feed.get("language") if parsed.get("feed") else None
        now = datetime.fromtimestamp(self.clock(), tz=UTC)
        for entry in parsed.entries:
            self._publish_entry(feed, entry, feed_language, now, summary)
        # Only now: a failed publish above leaves the validators alone, so the items come again.
        state.etag = fetched.headers.get("etag") or state.etag
        state.modified = fetched.headers.get("last-modified") or state.modified
        self._succeeded(feed, state, "ok")

    def _publish_entry(
        self,
        feed: FeedConfig,
        entry: Any,
        feed_language: str | None,
        now: datetime,
        summary: PollSummary,
    ) -> None:
        identity = entry_identity(entry)
        if identity is not None and self.state.seen(news_record_id(identity)):
            summary.records_duplicate += 1
            return
        try:
            record = build_news_record(
                entry,
                source=feed.name,
                feed_language=feed_language,
                hint_language=feed.language,
                now=now,
                max_body_chars=self.max_body_chars,
            )
        except EntryRejected as exc:
            self._reject_entry(feed, entry, str(exc), summary)
            return
        self.publish(record)
        self.state.mark_seen(record.record_id)
        summary.records_published += 1

    def _reject_entry(
        self, feed: FeedConfig, entry: Any, reason: str, summary: PollSummary
    ) -> None:
        """Dead-letter a bad entry once (remembered by a hash, as it may have no id)."""
        raw = entry_bytes(entry)
        seen_as = "rejected:" + hashlib.sha256(raw).hexdigest()[:32]
        if self.state.seen(seen_as):
            summary.records_duplicate += 1
            return
        log.warning("feeds.entry_rejected", feed=feed.name, reason=reason[:300])
        if self.reject is not None:
            self.reject(RejectedEntry(feed.name, raw, reason[:1_000]))  # raises: retried later
        self.state.mark_seen(seen_as)
        summary.records_rejected += 1

    def _fetch(self, feed: FeedConfig, state: FeedState) -> _Fetched:
        request = urllib.request.Request(
            feed.url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        )
        if state.etag:
            request.add_header("If-None-Match", state.etag)
        if state.modified:
            request.add_header("If-Modified-Since", state.modified)
        try:
            with urllib.request.urlopen(request, timeout=self.fetch_timeout_seconds) as response:
                body = response.read(self.max_feed_bytes + 1)
                headers = _lower_headers(response.headers)
                status = response.status
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return _Fetched(304, b"", _lower_headers(exc.headers))
            raise FeedFetchError(feed.name, f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FeedFetchError(feed.name, f"fetch failed: {exc}") from exc
        if len(body) > self.max_feed_bytes:
            raise FeedFetchError(feed.name, f"larger than {self.max_feed_bytes} bytes")
        return _Fetched(status, body, headers)

    def _succeeded(self, feed: FeedConfig, state: FeedState, status: str) -> None:
        state.failures = 0
        state.last_status = status
        state.last_error = None
        state.next_poll_at = self.clock() + feed.interval_seconds

    def _failed(
        self, feed: FeedConfig, state: FeedState, detail: str, summary: PollSummary
    ) -> None:
        summary.feeds_failed += 1
        state.failures += 1
        state.last_status = "error"
        state.last_error = detail[:500]
        delay = min(feed.interval_seconds * 2**state.failures, self.max_backoff_seconds)
        state.next_poll_at = self.clock() + delay
        log.warning(
            "feeds.poll_failed",
            feed=feed.name,
            failures=state.failures,
            retry_in_seconds=delay,
            error=detail,
        )


def _lower_headers(headers: Message | None) -> dict[str, str]:
    return {k.lower(): v for k, v in (headers.items() if headers is not None else [])}
