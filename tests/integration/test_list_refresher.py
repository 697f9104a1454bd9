"""The refresher against a local list server and the real broker.

A 304 publishes nothing; changed content publishes exactly one snapshot; an HTML error page, a
truncated file or a list that shrank 60 % is refused (the published list stays, the refusal is
counted on /metrics); a restart reads back what is published and does not publish it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from schemas import Topics, WatchlistSnapshot
from services.common.embedded_broker import free_port
from services.common.kafka_settings import KafkaConnection
from services.common.local_broker import LocalBroker
from services.common.topics_admin import ensure_topics
from services.refresher.refresh import Refresher
from services.refresher.settings import RefresherSettings
from tests.support.faults import metric_sum
from tests.support.kafka_io import read_topic, wait_for
from tests.support.list_server import UN_EXCERPT, ListServer, un_list

pytestmark = pytest.mark.integration
NAME = "un_sc_sanctions"
NEWER = un_list(generated="2026-03-02T00:00:00Z")


def announcements(broker: LocalBroker, topic: str, at_least: int = 1) -> list[WatchlistSnapshot]:
    """Every WatchlistSnapshot on the topic, in order (all were acknowledged before: a read from
    the start that found `at_least` of them has found every one)."""
    found = read_topic(
        broker.bootstrap_servers,
        topic,
        until=lambda messages: sum("entry_count" in m for m in messages) >= at_least,
    )
    return [WatchlistSnapshot.model_validate(m) for m in found if "entry_count" in m]


def metric(refresher: Refresher, name: str, **labels: str) -> float:
    """A refresher metric as its /metrics endpoint shows it."""
    return metric_sum(generate_latest(refresher.metrics.registry).decode(), name, **labels)


@pytest.fixture
def server() -> Iterator[ListServer]:
    with ListServer(UN_EXCERPT, path="/consolidated.xml") as running:
        yield running


@pytest.fixture
def settings(
    broker: LocalBroker, topics: Topics, server: ListServer, tmp_path: Path
) -> RefresherSettings:
    return RefresherSettings(
        kafka=KafkaConnection(bootstrap_servers=broker.bootstrap_servers),
        topic_namespace=topics.namespace,
        topic_partitions=1,
        sources={NAME: server.url},
        cache_dir=tmp_path / "cache",
    )


def started(settings: RefresherSettings) -> Refresher:
    """A refresher as the process starts one: topic created as declared, published versions read."""
    refresher = Refresher(settings)
    ensure_topics(settings.kafka, [refresher.topic], partitions=1, replication_factor=1)
    assert refresher.read_back(threading.Event()) and refresher.caught_up
    return refresher


def test_304_publishes_nothing_changed_content_exactly_one_snapshot(
    broker: LocalBroker, settings: RefresherSettings, server: ListServer
) -> None:
    refresher = started(settings)
    (source,) = refresher.sources
    assert refresher.check(source) == "published"
    [first] = announcements(broker, refresher.topic)
    assert first.name == NAME and first.format == "un_xml" and first.entry_count == 75
    assert first.list_published_at is not None and first.list_published_at.isoformat().startswith(
        "2026-02-27T00:00:09"
    )

    assert refresher.check(source) == "not_modified"
    assert server.requests[-1]["If-None-Match"] == server.etag
    assert len(announcements(broker, refresher.topic)) == 1

    # A restart without the cache: a full download, the same content as published, nothing sent.
    restarted = started(settings.model_copy(update={"cache_dir": settings.cache_dir / "new"}))
    assert restarted.published[NAME] == first
    assert restarted.check(source) == "same_content"
    assert len(announcements(broker, refresher.topic)) == 1

    server.publish(NEWER)
    assert restarted.check(source) == "published"
    found = announcements(broker, refresher.topic, at_least=2)
    assert len(found) == 2 and found[0] == first
    assert found[1].sha256 != first.sha256 and found[1].version > first.version
    assert found[1].list_published_at is not None
    assert found[1].list_published_at.isoformat().startswith("2026-03-02")
    published = metric(
        restarted, "chokepoint_refresher_watchlist_published_timestamp_seconds", watchlist=NAME
    )
    assert published == found[1].list_published_at.timestamp()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("html", "html"), ("truncated_transfer", "truncated"), ("truncated_file", "unparsable")],
)
def test_an_error_page_or_a_truncated_file_keeps_the_published_list(
    broker: LocalBroker,
    settings: RefresherSettings,
    server: ListServer,
    fault: str,
    reason: str,
) -> None:
    refresher = started(settings)
    (source,) = refresher.sources
    assert refresher.check(source) == "published"
    server.publish(NEWER)
    if fault == "html":
        server.html = True
    elif fault == "truncated_transfer":
        server.cut_to = len(NEWER) // 2  # Content-Length says more than arrives
    else:
        server.publish(NEWER[: len(NEWER) // 2])  # a cut file, served whole
    assert refresher.check(source) == "refused"

    assert len(announcements(broker, refresher.topic)) == 1
    assert (settings.cache_dir / "un_consolidated.xml").read_bytes() == UN_EXCERPT
    refused = "chokepoint_refresher_downloads_refused_total"
    assert metric(refresher, refused, watchlist=NAME, reason=reason) == 1.0
    # Refused again at the next check while the source stays broken; a good file goes through.
    assert refresher.check(source) == "refused"
    assert metric(refresher, refused, watchlist=NAME, reason=reason) == 2.0
    server.html, server.cut_to = False, None
    server.publish(NEWER)
    assert refresher.check(source) == "published"


def test_a_list_that_shrank_60_percent_is_refused(
    broker: LocalBroker, settings: RefresherSettings, server: ListServer
) -> None:
    refresher = started(settings)
    (source,) = refresher.sources
    assert refresher.check(source) == "published"
    server.publish(un_list(keep=30))  # 75 → 30 entities
    assert refresher.check(source) == "refused"
    [only] = announcements(broker, refresher.topic)
    assert only.entry_count == 75
    refused = "chokepoint_refresher_downloads_refused_total"
    assert metric(refresher, refused, watchlist=NAME, reason="shrank") == 1.0
    server.publish(un_list(keep=70))  # 7 % fewer: within the allowed fifth
    assert refresher.check(source) == "published"
    assert [s.entry_count for s in announcements(broker, refresher.topic, 2)] == [75, 70]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def test_the_refresher_process_refreshes_on_schedule_and_stops_on_sigterm(
    broker: LocalBroker, topics: Topics, server: ListServer, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("REFRESHER_")},
        "REFRESHER_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "REFRESHER_TOPIC_NAMESPACE": topics.namespace,
        "REFRESHER_TOPIC_PARTITIONS": "1",
        "REFRESHER_SOURCES": f'{{"{NAME}": "{server.url}"}}',
        "REFRESHER_INTERVAL_SECONDS": "1",
        "REFRESHER_CACHE_DIR": str(tmp_path / "cache"),
        "REFRESHER_HTTP_PORT": str(port),
        "REFRESHER_LOG_JSON": "true",
    }
    log = tmp_path / "refresher.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.refresher"], env=env, stdout=out, stderr=out
        )
    metrics = f"http://127.0.0.1:{port}/metrics"

    def scraped(name: str, **labels: str) -> float:
        return metric_sum(_get(metrics)[1], name, watchlist=NAME, **labels)

    checks = "chokepoint_refresher_checks_total"
    try:
        wait_for(lambda: _get(f"http://127.0.0.1:{port}/readyz")[0] == 200, timeout_seconds=60)
        wait_for(lambda: scraped(checks, status="published") == 1, timeout_seconds=60)
        wait_for(lambda: scraped(checks, status="not_modified") >= 1, timeout_seconds=30)  # 1 s on
        server.html = True
        refused = "chokepoint_refresher_downloads_refused_total"
        wait_for(lambda: scraped(refused, reason="html") >= 1, timeout_seconds=30)
        assert scraped("chokepoint_refresher_last_success_timestamp_seconds") > 0
        assert len(announcements(broker, topics.watchlists)) == 1
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text()[-3000:]
    finally:
        if process.poll() is None:
            process.kill()
    assert '"event": "refresher.stopped"' in log.read_text()
