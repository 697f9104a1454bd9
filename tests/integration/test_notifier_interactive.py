"""Slack buttons (signed requests), false-positive silences, the silences API and CLI."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker
from services.notifier import silence_cli
from tests.integration.test_notifier_delivery import publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import read_topic, wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings, http_json
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ADMIN = "admin-token-0123456789"


def post_signed(
    url: str, body: bytes, *, secret: str = SECRET, timestamp: int | None = None
) -> int:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    headers = {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature or "",
               "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def block_actions(message: dict, action_id: str) -> bytes:
    actions = next(b for b in message["blocks"] if b["type"] == "actions")
    button = next(e for e in actions["elements"] if e["action_id"] == action_id)
    payload = {
        "type": "block_actions",
        "user": {"id": "U1", "username": "ana"},
        "channel": {"id": message["channel"]},
        "message": {"ts": message["ts"], "text": message["text"], "blocks": message["blocks"]},
        "actions": [
            {"action_id": action_id, "block_id": actions["block_id"], "value": button["value"]}
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def test_buttons_publish_feedback_silence_false_positives_and_reject_forgeries(
    broker: EmbeddedBroker, topics: Topics, group_id: str
) -> None:
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, slack_signing_secret=SECRET,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            alert = make_alert("SHP-FP")
            publish_alerts(broker, topics, [alert])
            wait_for(lambda: len(slack.messages) == 1)
            url = f"{notifier.public_url}/slack/actions"
            assert (
                post_signed(
                    f"{notifier.url}/slack/actions",
                    block_actions(slack.messages[0], "chokepoint_ack"),
                )
                == 404
            )  # not on the internal listener
            body = block_actions(slack.messages[0], "chokepoint_false_positive")

            assert post_signed(url, body, secret="forged-secret") == 401
            assert post_signed(url, body, timestamp=int(time.time()) - 360) == 401
            assert post_signed(url, body) == 200
            assert post_signed(url, body) == 401  # the same signed request replayed

            [feedback] = read_topic(
                broker.bootstrap_servers, topics.feedback, until=lambda m: len(m) >= 1
            )
            assert (feedback["alert_id"], feedback["action"], feedback["user"]) == (
                alert.alert_id,
                "false_positive",
                "ana",
            )
            [silence] = read_topic(
                broker.bootstrap_servers, topics.silences, until=lambda m: len(m) >= 1
            )
            assert silence["matcher"] == {
                **silence["matcher"],
                "entity_id": "OFAC-12345",
                "party": "OOO Arteks",
            }
            wait_for(lambda: len(slack.updates) == 1)
            assert "marked by @ana" in json.dumps(slack.updates[0]["blocks"])
            assert notifier.metric("chokepoint_notifier_rejected_requests_total") == 3

            again = make_alert("SHP-FP-2")  # same entity × party: silenced now
            other = make_alert("SHP-OTHER", entity_id="OFAC-999")
            publish_alerts(broker, topics, [again, other])
            wait_for(lambda: len(slack.messages) == 2)
            wait_for(
                lambda: (
                    notifier.metric("chokepoint_notifier_alerts_suppressed_total", reason="silence")
                    == 1
                )
            )
            assert "SHP-OTHER" in slack.messages[1]["text"]


def test_silences_api_and_cli_add_list_and_expire(
    broker: EmbeddedBroker, topics: Topics, group_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
            admin_tokens={"ops": ADMIN},
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            wanted = {"matcher": {"hs_prefix": "8542"}, "created_by": "ana", "duration_seconds": 60}
            assert http_json(f"{notifier.url}/silences", wanted, "POST")[0] == 401
            assert (
                http_json(f"{notifier.url}/silences", wanted, "POST", "wrong-token-0123")[0] == 401
            )
            status, created = http_json(
                f"{notifier.url}/silences",
                {"matcher": {"hs_prefix": "8542"}, "created_by": "ana", "duration_seconds": 3600},
                "POST",
                ADMIN,
            )
            assert status == 201
            assert (
                notifier.metric(
                    "chokepoint_notifier_admin_requests_total", token="ops", status="201"
                )
                == 1
            )
            assert (
                http_json(
                    f"{notifier.url}/silences",
                    {"matcher": {}, "created_by": "a", "duration_seconds": 1},
                    "POST",
                    ADMIN,
                )[0]
                == 422
            )
            publish_alerts(broker, topics, [make_alert("SHP-SIL")])
            wait_for(
                lambda: (
                    notifier.metric("chokepoint_notifier_alerts_suppressed_total", reason="silence")
                    == 1
                )
            )
            status, ended = http_json(
                f"{notifier.url}/silences/{created['silence_id']}/expire", {}, "POST", ADMIN
            )
            assert status == 200 and ended["ends_at"] < created["ends_at"]
            publish_alerts(broker, topics, [make_alert("SHP-AFTER")])
            wait_for(lambda: len(slack.messages) == 1)
            assert slack.messages[0]["text"].endswith("SHP-AFTER")

    capsys.readouterr()  # drop the service's log lines
    args = ["--bootstrap-servers", broker.bootstrap_servers, "--namespace", topics.namespace]
    assert (
        silence_cli.main([*args, "add", "--entity-id", "OFAC-1", "--duration", "2h", "--by", "ana"])
        == 0
    )
    silence_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert silence_cli.main([*args, "list"]) == 0
    listed = capsys.readouterr().out
    assert silence_id in listed and "active" in listed and created["silence_id"] not in listed
    assert silence_cli.main([*args, "expire", silence_id]) == 0
    capsys.readouterr()
    assert silence_cli.main([*args, "list"]) == 0
    assert silence_id not in capsys.readouterr().out
    assert silence_cli.main([*args, "add", "--by", "ana"]) == 2  # no matcher field
