"""`/chokepoint` end to end: the screening service as its own process (lists loaded, following
the watchlists topic), a real notifier, signed Slack requests and the local Slack API server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from schemas import Topics
from services.common.embedded_broker import free_port
from services.common.local_broker import LocalBroker
from services.lists.watchlists.excerpt import excerpt_paths
from tests.support.kafka_io import read_topic, wait_for
from tests.support.notifier_harness import REPO_ROOT, RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "screening-e2e-token-0123456789"
SANCTIONED = "Special Technology Center"
CLEAN = "Maribel Okonkwo-Lindqvist"


@pytest.fixture
def screening_url(broker: LocalBroker, topics: Topics, tmp_path: Path) -> Iterator[str]:
    """`python -m services.screening` on the excerpt, following this test's watchlists topic
    (which it creates compacted, as declared; the notifier refuses any other)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env.update(
        SCREENING_API_TOKENS=json.dumps({"notifier": TOKEN}),
        SCREENING_HTTP_HOST="127.0.0.1",
        SCREENING_HTTP_PORT=str(port),
        SCREENING_KAFKA__BOOTSTRAP_SERVERS=broker.bootstrap_servers,
        SCREENING_TOPIC_NAMESPACE=topics.namespace,
        SCREENING_FOLLOW_WATCHLISTS="true",
        SCREENING_WATCHLIST_PATHS=json.dumps([str(p) for p in excerpt_paths()]),
        SCREENING_LOG_JSON="true",
        PYTHONPATH=str(REPO_ROOT),
    )
    log_path = tmp_path / "screening.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.screening"], env=env, stdout=log, stderr=log,
            cwd=REPO_ROOT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:

        def ready() -> bool:
            assert process.poll() is None, log_path.read_text()
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310
                    return bool(response.status == 200)
            except OSError:
                return False

        wait_for(ready, timeout_seconds=120, interval=0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def signed_headers(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> dict:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature or "",
            "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip


def command_body(text: str) -> bytes:
    """A slash-command form as Slack sends it; each carries its own trigger id, as Slack's do."""
    return urlencode({"command": "/chokepoint", "text": text, "user_id": "U1",
                      "user_name": "ana", "team_id": "T1", "channel_id": "C1",
                      "trigger_id": uuid.uuid4().hex}).encode()  # fmt: skip


def post(url: str, body: bytes, headers: dict) -> tuple[int, Any, float]:
    """(status, JSON answer or None, seconds taken)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read()), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, None, time.monotonic() - started


def command(url: str, text: str) -> dict[str, Any]:
    body = command_body(text)
    status, answer, took = post(url, body, signed_headers(body))
    assert status == 200 and took < 3.0, (status, took)
    assert answer["response_type"] == "ephemeral"
    return answer


def test_screen_silence_and_signatures_against_the_real_services(
    broker: LocalBroker, topics: Topics, group_id: str, screening_url: str
) -> None:
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, slack_signing_secret=SECRET,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
            screening_url=screening_url, screening_token=TOKEN,
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            url = f"{notifier.public_url}/slack/commands"

            found = json.dumps(command(url, f"screen {SANCTIONED}")["blocks"])
            assert "SPECIAL TECHNOLOGY CENTER" in found.upper()
            assert "us_ofac_sdn (" in found  # the list with its version in brackets

            clean = json.dumps(command(url, f"screen {CLEAN}")["blocks"])
            assert "No list matches" in clean

            body = command_body(f"screen {SANCTIONED}")
            assert post(url, body, signed_headers(body, secret="forged-secret"))[0] == 401
            stale = signed_headers(body, timestamp=int(time.time()) - 360)
            assert post(url, body, stale)[0] == 401
            headers = signed_headers(body)
            assert post(url, body, headers)[0] == 200
            assert post(url, body, headers)[0] == 401  # the same signed request replayed

            slack_calls = len(slack.requests)
            silenced = json.dumps(command(url, "silence us_ofac_sdn:99999 7d e2e check")["blocks"])
            assert "Silenced" in silenced and "us_ofac_sdn:99999" in silenced
            [silence] = read_topic(
                broker.bootstrap_servers, topics.silences, until=bool, timeout_seconds=30
            )
            assert silence["matcher"]["entity_id"] == "us_ofac_sdn:99999"
            assert (silence["created_by"], silence["comment"]) == ("ana", "e2e check")
            status_text = json.dumps(command(url, "status")["blocks"])
            assert "alerts consumed: 0" in status_text and "today" in status_text
            # the answers went back in the HTTP responses: the command posted nothing to Slack
            assert not [m for m, _ in slack.requests[slack_calls:] if m.startswith("chat.")]
            assert slack.messages == []
