"""The crash window between Slack taking a message and the notifier recording it: the notifier is
SIGKILLed at that instant (from inside the local Slack API), restarted, and the alert is in Slack
exactly once (found by its metadata with conversations.history, not posted again)."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker
from tests.integration.test_notifier_delivery import alert_ids_in, publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import wait_for
from tests.support.notifier_harness import fast_settings, start_process, wait_ready
from tests.support.slack_api import FakeSlack, Payload

pytestmark = pytest.mark.integration


def test_a_kill_between_slack_ok_and_the_delivery_record_posts_exactly_once(
    broker: EmbeddedBroker, topics: Topics, group_id: str, tmp_path: Path
) -> None:
    log = tmp_path / "notifier.log"
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        process: subprocess.Popen[bytes] = start_process(settings, log)

        def kill_once(_: Payload) -> None:
            slack.after_post = None
            process.send_signal(signal.SIGKILL)  # before the 200 reaches the notifier

        try:
            wait_ready(settings.http_port)
            slack.after_post = kill_once
            first = make_alert("SHP-WINDOW", entity_id="E-1")
            publish_alerts(broker, topics, [first])
            process.wait(30)
            assert process.returncode == -signal.SIGKILL and len(slack.messages) == 1

            process = start_process(settings, log)
            wait_ready(settings.http_port)
            second = make_alert("SHP-AFTER", entity_id="E-2")
            publish_alerts(broker, topics, [second])
            wait_for(lambda: len(slack.messages) >= 2, timeout_seconds=30)
            looked_up = [m for m, _ in slack.requests if m == "conversations.history"]
        finally:
            process.terminate()
            process.wait(15)
    delivered = Counter(a for m in slack.snapshot() for a in alert_ids_in(m))
    assert delivered == Counter({first.alert_id: 1, second.alert_id: 1})
    assert looked_up, "the restarted notifier must look for the pending message in Slack"
