"""The feed poller's publish callback: same validation, acks, dead letters."""

from __future__ import annotations

import pytest

from schemas import NewsRecord, Topics
from services.ingest.errors import PublishError
from services.ingest.feeds import RejectedEntry
from services.ingest.feeds_bridge import FeedRecordPublisher
from services.ingest.metrics import IngestMetrics
from services.ingest.parsing import RecordValidator
from tests.support.factories import news_dict
from tests.support.ingest_api import FakeSink

T = Topics("feed")


def test_feed_records_are_stamped_and_published() -> None:
    sink = FakeSink()
    publish = FeedRecordPublisher(RecordValidator(), lambda: sink, T, IngestMetrics())
    publish(NewsRecord.model_validate(news_dict(record_id="f-1")))
    [record] = sink.records(T.news)
    assert record["record_id"] == "f-1" and record["ingested_at"]


def test_oversized_feed_record_is_dead_lettered() -> None:
    sink = FakeSink()
    publish = FeedRecordPublisher(
        RecordValidator(max_record_bytes=1_024), lambda: sink, T, IngestMetrics()
    )
    publish(NewsRecord.model_validate(news_dict(body="x" * 2_000)))
    assert sink.on(T.news) == []
    assert [d.reason for d in sink.dead_letters(T.news_dlq)] == ["too_large"]


def test_no_kafka_raises_so_the_poller_retries_later() -> None:
    publish = FeedRecordPublisher(RecordValidator(), lambda: None, T, IngestMetrics())
    with pytest.raises(PublishError):
        publish(NewsRecord.model_validate(news_dict()))
    down = FeedRecordPublisher(RecordValidator(), lambda: FakeSink(down=True), T, IngestMetrics())
    with pytest.raises(PublishError):
        down(NewsRecord.model_validate(news_dict()))


def test_rejected_feed_entries_go_to_the_news_dead_letter_topic() -> None:
    sink = FakeSink()
    publish = FeedRecordPublisher(RecordValidator(), lambda: sink, T, IngestMetrics())
    publish.reject(RejectedEntry("wire", b'{"title": "x"}', "entry has no http(s) link or guid"))
    [letter] = sink.dead_letters(T.news_dlq)
    assert (letter.reason, letter.original) == ("validation_error", '{"title": "x"}')
    assert letter.detail.startswith("feed wire: ") and "no http(s) link" in letter.detail
    with pytest.raises(PublishError):
        FeedRecordPublisher(RecordValidator(), lambda: None, T, IngestMetrics()).reject(
            RejectedEntry("wire", b"{}", "bad")
        )
