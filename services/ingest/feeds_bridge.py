"""Wiring the feed poller (services.ingest.feeds, imported lazily) to validation and Kafka."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import structlog

from schemas import NewsRecord, Topics
from services.ingest.dead_letters import dead_letter_message
from services.ingest.errors import ConfigError, PublishError
from services.ingest.metrics import IngestMetrics
from services.ingest.parsing import RecordError, RecordValidator
from services.ingest.publisher import MessageSink, OutgoingMessage

if TYPE_CHECKING:
    from services.ingest.api import IngestRuntime
    from services.ingest.feeds import RejectedEntry

log = structlog.get_logger(__name__)


class FeedRecordPublisher:
    """The poller's `publish` callback: validate like any input, publish, wait for the ack."""

    def __init__(
        self,
        validator: RecordValidator,
        sink: Callable[[], MessageSink | None],
        topics: Topics,
        metrics: IngestMetrics,
    ) -> None:
        self.validator = validator
        self.sink = sink
        self.topics = topics
        self.metrics = metrics

    def __call__(self, record: NewsRecord) -> None:
        """Raises PublishError when Kafka is not there, so the poller keeps the item for later."""
        sink = self.sink()
        if sink is None:
            raise PublishError("Kafka is not connected yet", topic=self.topics.news)
        self.metrics.records_received.labels("feed", "news").inc()
        raw = record.model_dump_json().encode("utf-8")
        outcome = self.validator.validate_object(record.model_dump(mode="json"), raw, "news")
        if isinstance(outcome, RecordError):
            self.metrics.records_rejected.labels("feed", "news", outcome.reason).inc()
            sink.publish([dead_letter_message(outcome, self.topics, "news", origin="feed")])
            self.metrics.dead_letters.labels("feed", "news", outcome.reason).inc()
            log.warning("feed.rejected", key=outcome.key, reason=outcome.reason, path=outcome.path)
            return
        try:
            sink.publish([OutgoingMessage(self.topics.news, outcome.key, outcome.value)])
        except PublishError:
            self.metrics.publish_failures.labels("feed", "news").inc()
            raise
        self.metrics.published("feed", "news")

    def reject(self, entry: RejectedEntry) -> None:
        """An entry that is not a valid article: dead-lettered with its parsed form and reason.

        Raises PublishError when Kafka is not there, so the poller sees the entry again later.
        """
        sink = self.sink()
        if sink is None:
            raise PublishError("Kafka is not connected yet", topic=self.topics.news_dlq)
        self.metrics.records_received.labels("feed", "news").inc()
        self.metrics.records_rejected.labels("feed", "news", "validation_error").inc()
        error = RecordError("validation_error", entry.reason, "feed_entry_rejected", entry.raw)
        sink.publish([dead_letter_message(error, self.topics, "news", origin=f"feed {entry.feed}")])
        self.metrics.dead_letters.labels("feed", "news", "validation_error").inc()


def start_feed_thread(runtime: IngestRuntime, stop: threading.Event) -> threading.Thread:
    """Run the poller in a daemon thread until `stop` is set; a bad feed list is a ConfigError."""
    from services.ingest.feeds import FeedConfigError, FeedPoller, load_feed_configs

    settings = runtime.settings
    assert settings.feeds_config_path is not None
    try:
        feeds = load_feed_configs(settings.feeds_config_path)
    except FeedConfigError as exc:
        raise ConfigError(str(exc)) from exc
    publish = FeedRecordPublisher(
        runtime.validator, lambda: runtime.sink, runtime.topics, runtime.metrics
    )
    poller = FeedPoller(feeds, settings.feeds_state_path, publish, reject=publish.reject)
    thread = threading.Thread(target=poller.run, args=(stop,), name="feed-poller", daemon=True)
    thread.start()
    log.info("feeds.started", feeds=len(feeds), config=str(settings.feeds_config_path))
    return thread
