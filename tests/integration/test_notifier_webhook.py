"""Incoming-webhook mode: Block Kit messages without threads; console mode prints alerts."""

from __future__ import annotations

import asyncio
import io

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker
from services.notifier.blocks import render_parent
from services.notifier.simple_sinks import ConsoleSink
from tests.integration.test_notifier_delivery import publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration


def test_webhook_mode_posts_every_alert_as_its_own_message(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, group_wait_seconds=0.5,
            slack_webhook_url=slack.webhook_url,
        )  # fmt: skip
        with RunningNotifier(settings):
            publish_alerts(broker, topics, [make_alert("SHP-W1"), make_alert("SHP-W2")])
            wait_for(lambda: len(slack.webhook_posts) == 2)
    first = slack.webhook_posts[0]
    assert first["blocks"][0]["type"] == "header" and "OFAC-12345" in str(first["blocks"])
    assert "thread_ts" not in first and slack.messages == []


def test_console_mode_prints_alerts_readably() -> None:
    out = io.StringIO()
    alert = make_alert()
    asyncio.run(
        ConsoleSink(out).post(
            "#alerts", render_parent(alert), alerts=[alert], thread_ts=None, message_id="m"
        )
    )
    text = out.getvalue()
    assert (
        "CRITICAL" in text
        and alert.headline in text
        and "SHP-0001" in text
        and "OFAC-12345" in text
    )
