"""RSS/Atom feed polling as a library the ingest service runs (`chokepoint-ingest feeds …`)."""

from services.ingest.feeds.config import FeedConfig, FeedConfigError, add_feed, load_feed_configs
from services.ingest.feeds.entries import EntryRejected, build_news_record, news_record_id
from services.ingest.feeds.poller import FeedFetchError, FeedPoller, PollSummary, RejectedEntry
from services.ingest.feeds.text import guess_language, html_to_text

__all__ = [
    "EntryRejected",
    "FeedConfig",
    "FeedConfigError",
    "FeedFetchError",
    "FeedPoller",
    "PollSummary",
    "RejectedEntry",
    "add_feed",
    "build_news_record",
    "guess_language",
    "html_to_text",
    "load_feed_configs",
    "news_record_id",
]
