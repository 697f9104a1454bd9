"""Grouping into threads, a 30-second Slack outage, and a crash mid-burst with a restart."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker
from tests.integration.test_notifier_delivery import alert_ids_in, publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings, start_process, wait_ready
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration


def test_fifty_alerts_on_one_entity_become_one_message_with_a_thread(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    alerts = [make_alert(f"SHP-{i:03d}") for i in range(50)]
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            group_wait_seconds=2.0, group_interval_seconds=0.5,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings):
            publish_alerts(broker, topics, alerts)
            wait_for(
                lambda: sum(len(alert_ids_in(m)) for m in slack.snapshot()) >= 50,
                timeout_seconds=30,
            )
            [parent] = slack.top_level()
            assert "50 alerts" in str(parent["blocks"]) and "OFAC-12345" in str(parent["blocks"])
            replies = slack.replies(parent["ts"])
            assert len(replies) <= 5  # 49 alerts, 12 per reply
            in_thread = [a for m in replies for a in alert_ids_in(m)]
            assert sorted([*alert_ids_in(parent), *in_thread]) == sorted(a.alert_id for a in alerts)

            later = [make_alert(f"SHP-L{i}") for i in range(5)]
            publish_alerts(broker, topics, later)
            wait_for(
                lambda: any("55 alerts" in str(u["blocks"]) for u in slack.updates),
                timeout_seconds=30,
            )
            assert len(slack.top_level()) == 1
            assert slack.updates[-1]["ts"] == parent["ts"]
            assert {a.alert_id for a in later} <= {
                a for m in slack.replies(parent["ts"]) for a in alert_ids_in(m)
            }


def test_a_thirty_second_outage_is_caught_up_afterwards(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    alerts = [make_alert(f"SHP-{i:03d}", entity_id=f"E{i}") for i in range(20)]
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, retry_max_seconds=2.0,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            slack.start_outage(30)
            started = time.monotonic()
            publish_alerts(broker, topics, alerts)
            wait_for(lambda: len(slack.messages) >= 20, timeout_seconds=50)
            assert time.monotonic() - started >= 29
            assert slack.server_errors >= 10
            assert notifier.metric("chokepoint_notifier_retries_total") >= 10
    delivered = Counter(a for m in slack.snapshot() for a in alert_ids_in(m))
    assert set(delivered) == {a.alert_id for a in alerts} and max(delivered.values()) == 1
    assert [alert_ids_in(m)[0] for m in slack.snapshot()] == [a.alert_id for a in alerts]


def test_a_notifier_killed_mid_burst_restarts_without_duplicates_in_the_same_threads(
    broker: EmbeddedBroker, topics: Topics, group_id: str, tmp_path: Path
) -> None:
    entities = [f"OFAC-{n}" for n in range(6)]
    first = [make_alert(f"SHP-{e}-{i}", entity_id=e) for i in range(10) for e in entities]
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            group_wait_seconds=0.2, group_interval_seconds=0.2, channel_interval_seconds=0.05,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        log = tmp_path / "notifier.log"
        process = start_process(settings, log)
        try:
            wait_ready(settings.http_port)
            publish_alerts(broker, topics, first)
            wait_for(lambda: len(slack.messages) >= 10, timeout_seconds=30)
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            posted_before_kill = len(slack.messages)
            assert sum(len(alert_ids_in(m)) for m in slack.snapshot()) < len(first), (
                "kill came too late"
            )
            second = [make_alert(f"SHP-{e}-late", entity_id=e) for e in entities]
            publish_alerts(broker, topics, second)
            process = start_process(settings, log)
            wait_ready(settings.http_port)
            everything = {a.alert_id for a in [*first, *second]}
            wait_for(
                lambda: {a for m in slack.snapshot() for a in alert_ids_in(m)} >= everything,
                timeout_seconds=40,
            )
        finally:
            process.terminate()
            process.wait(15)
    delivered = Counter(a for m in slack.snapshot() for a in alert_ids_in(m))
    assert max(delivered.values()) == 1, [a for a, n in delivered.items() if n > 1]
    assert len(slack.messages) > posted_before_kill
    parents = slack.top_level()
    assert len(parents) == len(entities), "a restart must continue the existing threads"
    for parent in parents:
        thread = [a for m in slack.replies(parent["ts"]) for a in alert_ids_in(m)]
        assert len(alert_ids_in(parent)) + len(thread) == 11
