"""FeedPoller against a local HTTP server: RSS and Atom, 304s, repeats, broken feeds, restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import NewsRecord
from services.ingest.feeds import FeedConfig, FeedPoller, RejectedEntry, news_record_id
from tests.ingest.feeds.conftest import FeedServer
from tests.support.feed_samples import ATOM_RU, BROKEN, rss


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def _poller(
    feeds: list[FeedConfig], state: Path, sink: list[NewsRecord], clock: Clock
) -> FeedPoller:
    return FeedPoller(feeds, state, sink.append, fetch_timeout_seconds=5, clock=clock)


def test_rss_items_become_news_records_with_text_and_language(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.serve(
        "/en.xml",
        rss(
            [
                (
                    "a1",
                    "Drones via Dubai",
                    "<p>DJI <b>Mavic</b> drones</p><script>evil()</script><style>p{}</style>",
                )
            ]
        ),
    )
    sink: list[NewsRecord] = []
    summary = _poller(
        [FeedConfig(name="wire", url=url)], tmp_path / "s.json", sink, Clock()
    ).poll_once()
    assert summary.records_published == 1
    [record] = sink
    assert record.record_id == news_record_id("a1")
    assert record.title == "Drones via Dubai"
    assert record.body == "DJI Mavic drones"
    assert record.language == "en"
    assert record.source == "wire"
    assert record.url == "https://news.example.org/a1"
    assert record.published_at.isoformat() == "2024-03-05T10:00:00+00:00"


def test_russian_atom_feed_records_language_and_strips_markup(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.serve("/ru.xml", ATOM_RU, content_type="application/atom+xml")
    sink: list[NewsRecord] = []
    _poller([FeedConfig(name="ru-wire", url=url)], tmp_path / "s.json", sink, Clock()).poll_once()
    [record] = sink
    assert record.language == "ru"
    assert record.title.startswith("ЧВК «Вагнер»")
    assert "квадрокоптеры DJI Mavic" in record.body
    assert "track()" not in record.body


def test_etag_gives_304_and_nothing_is_published_twice(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.serve("/e.xml", rss([("b1", "One", "x"), ("b2", "Two", "y")]), etag='"v1"')
    clock, sink = Clock(), []
    poller = _poller(
        [FeedConfig(name="e", url=url, interval_seconds=60)], tmp_path / "s.json", sink, clock
    )
    assert poller.poll_once().records_published == 2
    assert poller.poll_once().feeds_skipped == 1  # not due yet
    clock.now += 61
    second = poller.poll_once()
    assert second.feeds_not_modified == 1
    assert feed_server.routes["/e.xml"].conditional_hits == 1
    assert len(sink) == 2


def test_repeated_items_are_published_once_also_after_restart(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    path = "/r.xml"
    url = feed_server.serve(
        path, rss([("c1", "Same", "x"), ("c1", "Same again", "x"), ("c2", "Other", "y")])
    )
    clock, sink = Clock(), []
    feeds = [FeedConfig(name="r", url=url, interval_seconds=10)]
    first = _poller(feeds, tmp_path / "s.json", sink, clock).poll_once()
    assert (first.records_published, first.records_duplicate) == (2, 1)
    feed_server.serve(path, rss([("c2", "Other", "y"), ("c3", "New", "z")]))
    clock.now += 11
    restarted = _poller(feeds, tmp_path / "s.json", sink, clock)  # a new process, same state file
    second = restarted.poll_once()
    assert (second.records_published, second.records_duplicate) == (1, 1)
    assert [r.record_id for r in sink] == [news_record_id(g) for g in ("c1", "c2", "c3")]


def test_broken_feed_backs_off_exponentially_and_others_still_poll(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    bad = feed_server.serve("/bad.xml", BROKEN)
    good = feed_server.serve("/good.xml", rss([("d1", "Fine", "ok")]))
    missing = feed_server.base_url + "/gone.xml"
    clock, sink = Clock(), []
    feeds = [
        FeedConfig(name="bad", url=bad, interval_seconds=100),
        FeedConfig(name="gone", url=missing, interval_seconds=100),
        FeedConfig(name="good", url=good, interval_seconds=100),
    ]
    poller = _poller(feeds, tmp_path / "s.json", sink, clock)
    summary = poller.poll_once()
    assert (summary.feeds_failed, summary.records_published) == (2, 1)
    bad_state = poller.state.feed("bad")
    assert bad_state.failures == 1 and bad_state.next_poll_at == clock.now + 200
    assert poller.state.feed("gone").last_error == "HTTP 404"
    clock.now += 201
    poller.poll_once()
    assert bad_state.failures == 2 and bad_state.next_poll_at == clock.now + 400
    feed_server.serve("/bad.xml", rss([("f1", "Fixed", "ok")]))
    clock.now += 401
    assert poller.poll_once().records_published == 1
    assert bad_state.failures == 0 and bad_state.last_status == "ok"


def test_failed_publish_keeps_items_for_the_next_poll(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.serve("/p.xml", rss([("g1", "One", "x")]), etag='"v1"')
    clock = Clock()
    published: list[NewsRecord] = []

    def flaky(record: NewsRecord) -> None:
        if not published and clock.now < 1_700_000_100:
            raise ConnectionError("broker down")
        published.append(record)

    poller = FeedPoller(
        [FeedConfig(name="p", url=url, interval_seconds=10)],
        tmp_path / "s.json",
        flaky,
        clock=clock,
    )
    assert poller.poll_once().feeds_failed == 1
    clock.now += 200
    assert poller.poll_once().records_published == 1  # no 304: the ETag was not stored
    assert [r.record_id for r in published] == [news_record_id("g1")]


def test_oversized_feed_is_refused(feed_server: FeedServer, tmp_path: Path) -> None:
    url = feed_server.serve("/big.xml", rss([("h1", "Big", "x" * 5_000)]))
    sink: list[NewsRecord] = []
    poller = FeedPoller(
        [FeedConfig(name="big", url=url)], tmp_path / "s.json", sink.append, max_feed_bytes=1_000
    )
    assert poller.poll_once().feeds_failed == 1
    assert "larger than 1000 bytes" in (poller.state.feed("big").last_error or "")


def test_long_bodies_are_clipped(feed_server: FeedServer, tmp_path: Path) -> None:
    url = feed_server.serve("/long.xml", rss([("i1", "Long", "word " * 2_000)]))
    sink: list[NewsRecord] = []
    FeedPoller(
        [FeedConfig(name="long", url=url)], tmp_path / "s.json", sink.append, max_body_chars=500
    ).poll_once()
    assert 300 < len(sink[0].body) <= 500


@pytest.mark.parametrize("language,expected", [("ru-RU", "ru"), ("", None)])
def test_feed_language_header_wins_over_guess(
    feed_server: FeedServer, tmp_path: Path, language: str, expected: str | None
) -> None:
    url = feed_server.serve("/l.xml", rss([("j1", "Title", "zzz qqq")], language=language))
    sink: list[NewsRecord] = []
    FeedPoller([FeedConfig(name="l", url=url)], tmp_path / "s.json", sink.append).poll_once()
    assert sink[0].language == expected


def test_invalid_entries_are_dead_lettered_once_with_their_reason(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    no_link = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Orphan item, no link nor guid</title></item></channel></rss>"
    )
    url = feed_server.serve("/bad.xml", no_link)
    published: list[NewsRecord] = []
    rejected: list[RejectedEntry] = []
    poller = FeedPoller(
        [FeedConfig(name="wire", url=url, interval_seconds=60)],
        tmp_path / "s.json",
        published.append,
        reject=rejected.append,
        clock=(clock := Clock()),
    )
    assert poller.poll_once().records_rejected == 1
    [entry] = rejected
    assert entry.feed == "wire" and "no http(s) link or guid" in entry.reason
    assert json.loads(entry.raw)["title"] == "Orphan item, no link nor guid"
    clock.now += 120
    assert poller.poll_once().records_rejected == 0  # the same bad entry is not sent again
    assert len(rejected) == 1 and published == []
