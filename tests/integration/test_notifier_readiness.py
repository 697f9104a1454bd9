"""/readyz follows Slack: unreachable at start-up → 503, back → 200 without a restart."""

from __future__ import annotations

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration


def test_readyz_turns_200_once_slack_answers_after_a_start_up_outage(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    with FakeSlack() as slack:
        slack.start_outage(4.0)
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
            slack_auth_retry_seconds=0.5,
        )  # fmt: skip
        with RunningNotifier(settings):  # waits for /readyz 200
            auth_calls = [m for m, _ in slack.requests if m == "auth.test"]
            assert len(auth_calls) >= 2
            assert slack.server_errors >= 1
