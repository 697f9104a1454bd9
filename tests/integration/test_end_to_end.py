"""The whole flow over the embedded broker: HTTP ingest → detector → notifier → (local) Slack Web API."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from services.demo import SAMPLES, Services
from tests.support.kafka_io import publish, read_topic, wait_for
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
TOKEN = secrets.token_urlsafe(24)


class Stack:
    def __init__(
        self, broker: LocalBroker, services: Services, slack: FakeSlack, topics: Topics
    ) -> None:
        self.broker = broker
        self.services = services
        self.slack = slack
        self.topics = topics

    def post(
        self, kind: str, body: bytes, content_type: str = "application/x-ndjson"
    ) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            self.services.url("ingest", f"/v1/{kind}"),
            data=body,
            headers={"Content-Type": content_type, "Authorization": f"Bearer {TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def messages_mentioning(self, text: str) -> list[dict[str, Any]]:
        return [m for m in self.slack.snapshot() if text in json.dumps(m, ensure_ascii=False)]


@pytest.fixture(scope="module")
def stack(broker: LocalBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    topics = Topics(namespace=f"e2e{secrets.token_hex(4)}")
    log_dir: Path = tmp_path_factory.mktemp("e2e-logs")
    with FakeSlack() as slack:
        services = Services(
            broker,
            log_dir,
            namespace=topics.namespace,
            extra_env={
                "ingest": {"INGEST_API_TOKEN": TOKEN, "INGEST_ALLOW_ANONYMOUS": "false"},
                "detector": {"DETECTOR_GROUP_ID": f"detector-{topics.namespace}"},
                "notifier": {
                    "NOTIFIER_SLACK_BOT_TOKEN": "xoxb-test-token",
                    "NOTIFIER_SLACK_BASE_URL": slack.base_url,
                    "NOTIFIER_DEFAULT_CHANNEL": "#sanctions-alerts",
                    "NOTIFIER_GROUP_ID": f"notifier-{topics.namespace}",
                    "NOTIFIER_CHANNEL_INTERVAL_SECONDS": "0.05",
                    "NOTIFIER_GROUP_INTERVAL_SECONDS": "1",
                },
            },
        )
        services.start()
        try:
            services.wait_ready(timeout_seconds=120)
            yield Stack(broker, services, slack, topics)
        finally:
            services.stop()
            for name in ("ingest", "detector", "notifier"):
                log = log_dir / f"{name}.log"
                if log.exists():
                    print(f"--- {name} log (tail) ---\n" + log.read_text(errors="replace")[-3000:])


def test_sanctioned_importer_shipment_reaches_slack_naming_sdn_entry_and_chpl_tier(
    stack: Stack,
) -> None:
    status, body = stack.post("shipments", (SAMPLES / "shipments.ndjson").read_bytes())
    assert status == 202, body
    wait_for(lambda: bool(stack.messages_mentioning("demo-shp-0001")), timeout_seconds=90)
    message = json.dumps(stack.messages_mentioning("demo-shp-0001")[0], ensure_ascii=False)
    assert "SPECIAL TECHNOLOGY CENTER" in message.upper()
    assert "CYBER2" in message
    assert "chpl tier 3.b" in message.lower()  # the CHPL tier of HS 8807.30
    assert stack.slack.messages[0]["blocks"], "Block Kit blocks expected"
    assert stack.slack.messages[0]["text"], "a text fallback expected"
    wait_for(lambda: bool(stack.messages_mentioning("demo-shp-0002")), timeout_seconds=60)
    assert "chpl tier 1" in json.dumps(stack.messages_mentioning("demo-shp-0002")[0]).lower()
    # The clean shipments were scored (consumed by the detector) but never alerted.
    alerts = read_topic(
        stack.broker.bootstrap_servers,
        stack.topics.alerts,
        until=lambda found: (
            {a["record"]["id"] for a in found} >= {"demo-shp-0001", "demo-shp-0002"}
        ),
    )
    alerted = {a["record"]["id"] for a in alerts}
    assert not alerted & {"demo-shp-0003", "demo-shp-0004", "demo-shp-0005"}
    for clean in ("demo-shp-0003", "demo-shp-0004", "demo-shp-0005"):
        assert not stack.messages_mentioning(clean)


def test_bad_record_is_refused_with_field_path_and_dead_lettered(stack: Stack) -> None:
    bad = {
        "record_id": "bad-hs-1",
        "source": "e2e",
        "declaration_date": "2026-10-02",
        "hs_code": "7712.31",
        "importer": {"name": "OOO Romashka", "country": "RU"},
    }
    status, body = stack.post("shipments", json.dumps(bad).encode(), "application/json")
    assert status == 422, body
    assert "hs_code" in json.dumps(body)
    letters = read_topic(
        stack.broker.bootstrap_servers,
        stack.topics.shipments_dlq,
        until=lambda found: any("bad-hs-1" in d["original"] for d in found),
    )
    letter = next(d for d in letters if "bad-hs-1" in d["original"])
    assert letter["reason"] == "unknown_hs_code"
    assert letter["field_path"] == "hs_code"
    assert json.loads(letter["original"]) == bad


def test_poison_message_on_the_topic_goes_to_dlq_and_the_detector_keeps_going(stack: Stack) -> None:
    good = json.loads((SAMPLES / "shipments.ndjson").read_text().splitlines()[0])
    good["record_id"] = "direct-after-poison"
    publish(
        stack.broker.bootstrap_servers,
        stack.topics.shipments,
        [
            ("poison-1", b"{not json"),
            ("poison-2", b"\xff\xfe\x00garbage"),
            ("poison-3", json.dumps({"record_type": "invoice", "record_id": "x"}).encode()),
            ("direct-after-poison", json.dumps(good).encode()),
        ],
    )
    letters = read_topic(
        stack.broker.bootstrap_servers,
        stack.topics.shipments_dlq,
        until=lambda found: {d.get("key") for d in found} >= {"poison-1", "poison-2", "poison-3"},
    )
    reasons = {d["key"]: d["reason"] for d in letters if d.get("key", "").startswith("poison")}
    assert reasons == {
        "poison-1": "invalid_json",
        "poison-2": "invalid_encoding",
        "poison-3": "unknown_record_type",
    }
    read_topic(
        stack.broker.bootstrap_servers,
        stack.topics.alerts,
        until=lambda found: any(a["record"]["id"] == "direct-after-poison" for a in found),
    )
    # Same parties and HS-4 as an earlier alert: it lands in that group's thread.
    wait_for(lambda: bool(stack.messages_mentioning("direct-after-poison")), timeout_seconds=60)


def test_record_published_directly_is_scored_like_one_from_the_api(stack: Stack) -> None:
    record = json.loads((SAMPLES / "shipments.ndjson").read_text().splitlines()[1])
    via_api = dict(record, record_id="same-via-api")
    direct = dict(record, record_id="same-via-kafka")
    status, _ = stack.post("shipments", json.dumps(via_api).encode(), "application/json")
    assert status == 202
    publish(
        stack.broker.bootstrap_servers,
        stack.topics.shipments,
        [("same-via-kafka", json.dumps(direct).encode())],
    )
    alerts = read_topic(
        stack.broker.bootstrap_servers,
        stack.topics.alerts,
        until=lambda found: (
            {a["record"]["id"] for a in found} >= {"same-via-api", "same-via-kafka"}
        ),
    )
    by_id = {a["record"]["id"]: a for a in alerts}
    api, kafka = by_id["same-via-api"], by_id["same-via-kafka"]
    assert api["score"] == kafka["score"] and api["severity"] == kafka["severity"]
    assert [r["summary"] for r in api["reasons"]] == [r["summary"] for r in kafka["reasons"]]
