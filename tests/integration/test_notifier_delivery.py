"""Delivery against a Slack look-alike and the real broker: 429s, dead letters, one bad channel."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from schemas import Alert, Topics
from services.common.embedded_broker import EmbeddedBroker
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import publish, read_topic, wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack, alert_ids_in

pytestmark = pytest.mark.integration
COUNTRIES = [
    "ae",
    "tr",
    "kz",
    "am",
    "kg",
    "ge",
    "uz",
    "hk",
    "cn",
    "in",
    "th",
    "my",
    "rs",
    "az",
    "mn",
    "vn",
]


def publish_alerts(broker: EmbeddedBroker, topics: Topics, alerts: list[Alert]) -> None:
    publish(
        broker.bootstrap_servers,
        topics.alerts,
        [(a.alert_id, a.model_dump_json().encode()) for a in alerts],
    )


def routing_file(tmp_path: Path) -> Path:
    path = tmp_path / "routes.yaml"
    rules = [f"  - match: {{country: [{c}]}}\n    channels: ['#via-{c}']" for c in COUNTRIES]
    path.write_text("routes:\n" + "\n".join(rules) + "\n")
    return path


def test_burst_with_every_third_call_rate_limited_arrives_complete_once_and_in_order(
    broker: EmbeddedBroker, topics: Topics, group_id: str, tmp_path: Path
) -> None:
    alerts = [
        make_alert(
            f"SHP-{i:04d}",
            entity_id=f"OFAC-{i}",
            countries=("de", COUNTRIES[i % len(COUNTRIES)], "ru"),
        )
        for i in range(200)
    ]
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
            routing_file=routing_file(tmp_path),
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            slack.rate_limit_every = 3
            publish_alerts(broker, topics, alerts)
            wait_for(lambda: len(slack.messages) >= 200, timeout_seconds=50)
            posted = [alert_ids_in(m) for m in slack.snapshot()]
            assert notifier.metric("chokepoint_notifier_rate_limited_total") >= 60
    delivered = Counter(a for ids in posted for a in ids)
    assert set(delivered) == {a.alert_id for a in alerts}
    assert max(delivered.values()) == 1
    assert slack.rate_limited >= 66
    for country in COUNTRIES:
        expected = [a.alert_id for a in alerts if country in a.facets.countries]
        got = [
            ids[0]
            for m, ids in zip(slack.snapshot(), posted, strict=True)
            if m["channel"] == f"#via-{country}"
        ]
        assert got == expected, f"#via-{country} out of order"


def test_permanent_errors_go_to_the_dead_letter_topic_without_blocking_other_channels(
    broker: EmbeddedBroker, topics: Topics, group_id: str, tmp_path: Path
) -> None:
    routes = tmp_path / "routes.yaml"
    routes.write_text("routes:\n  - match: {country: [ae]}\n    channels: ['#gone']\n")
    with FakeSlack() as slack:
        slack.channel_errors["#gone"] = "channel_not_found"
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, default_channel="#ok",
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url, routing_file=routes,
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            to_gone = make_alert("SHP-GONE", entity_id="E1", countries=("ae",))
            to_ok = make_alert("SHP-OK", entity_id="E2", countries=("tr",))
            publish_alerts(broker, topics, [to_gone, to_ok])
            wait_for(lambda: len(slack.messages) == 1)
            assert slack.messages[0]["channel"] == "#ok"
            letters = read_topic(
                broker.bootstrap_servers, topics.alerts_dlq, until=lambda m: len(m) >= 1
            )
            assert letters[0]["reason"] == "slack_permanent_error"
            assert "channel_not_found" in letters[0]["detail"] and "#gone" in letters[0]["detail"]
            assert json.loads(letters[0]["original"])["alert_id"] == to_gone.alert_id

            slack.auth_error = "invalid_auth"
            revoked = make_alert("SHP-AUTH", entity_id="E3", countries=("tr",))
            publish_alerts(broker, topics, [revoked])
            letters = read_topic(
                broker.bootstrap_servers, topics.alerts_dlq, until=lambda m: len(m) >= 2
            )
            assert "invalid_auth" in letters[1]["detail"]
            assert json.loads(letters[1]["original"])["alert_id"] == revoked.alert_id
            assert (
                notifier.metric("chokepoint_notifier_dead_letters_total", reason="invalid_auth")
                == 1
            )
            assert (
                notifier.metric(
                    "chokepoint_notifier_dead_letters_total", reason="channel_not_found"
                )
                == 1
            )


def test_invalid_alert_json_is_dead_lettered_and_the_stream_goes_on(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings):
            good = make_alert("SHP-GOOD")
            publish(
                broker.bootstrap_servers,
                topics.alerts,
                [("bad", b'{"alert_id": 1}'), (good.alert_id, good.model_dump_json().encode())],
            )
            wait_for(lambda: len(slack.messages) == 1)
            letters = read_topic(
                broker.bootstrap_servers, topics.alerts_dlq, until=lambda m: len(m) >= 1
            )
            assert letters[0]["reason"] == "validation_error" and letters[0]["key"] == "bad"
