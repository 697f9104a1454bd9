"""Ingest end to end with the embedded broker: HTTP in → records and dead letters on the topics."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from schemas import DeadLetter, Topics, parse_record
from services.common.embedded_broker import EmbeddedBroker, free_port
from services.common.shared_data import packaged_hs_nomenclature_path
from tests.support.factories import json_bytes, ndjson_bytes, news_dict, shipment_dict

with warnings.catch_warnings():  # kafka-python 3.0 warns while importing (pyproject fix pending)
    warnings.simplefilter("ignore", DeprecationWarning)
    from services.ingest.api import IngestRuntime
    from services.ingest.server import build_runtime, serve
    from services.ingest.settings import Settings
    from tests.support.kafka_io import read_topic, wait_for

pytestmark = pytest.mark.integration
TOKEN = "integration-token-0123456789"


def http(
    method: str, url: str, body: bytes | None = None, content_type: str = "application/x-ndjson"
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read() or b"null")


@contextmanager
def running_server(settings: Settings) -> Iterator[tuple[str, IngestRuntime]]:
    """`serve` on a thread with its own loop; stopped (gracefully) on exit."""
    runtime = build_runtime(settings)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(
        target=lambda: loop.run_until_complete(serve(settings, runtime, stop))
    )
    thread.start()
    base = f"http://127.0.0.1:{settings.http_port}"
    try:
        wait_for(lambda: _answers(base + "/healthz"), timeout_seconds=15)
        yield base, runtime
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
        loop.close()
    assert not thread.is_alive(), "the server did not stop"


def _answers(url: str) -> bool:
    try:
        return http("GET", url)[0] in (200, 503)
    except OSError:
        return False


def settings_for(bootstrap: str, topics: Topics, **extra: Any) -> Settings:
    return Settings(
        kafka={"bootstrap_servers": bootstrap},
        topic_namespace=topics.namespace,
        topic_partitions=2,
        http_host="127.0.0.1",
        http_port=free_port(),
        api_token=TOKEN,
        hs_nomenclature_path=packaged_hs_nomenclature_path(),
        readiness_probe_interval_seconds=1.0,
        publish_timeout_seconds=5.0,
        **extra,
    )


def test_http_ingest_reaches_the_topics(broker: EmbeddedBroker, topics: Topics) -> None:
    settings = settings_for(broker.bootstrap_servers, topics)
    with running_server(settings) as (base, _):
        wait_for(lambda: http("GET", base + "/readyz")[0] == 200, timeout_seconds=30)
        batch = [
            shipment_dict(record_id="it-1"),
            shipment_dict(record_id="it-2", hs_code="8542.31"),
        ]
        assert http("POST", base + "/v1/shipments", ndjson_bytes(batch)) == (
            202,
            {"accepted": 2, "record_ids": ["it-1", "it-2"]},
        )
        news = news_dict(record_id="it-news")
        status, _ = http("POST", base + "/v1/news", json_bytes(news), "application/json")
        assert status == 202

        bad = json_bytes(shipment_dict(record_id="it-bad", hs_code="0101.99"))
        status, body = http("POST", base + "/v1/shipments", bad, "application/json")
        assert status == 422 and body["errors"][0]["path"] == "hs_code"

    shipments = read_topic(broker.bootstrap_servers, topics.shipments, until=lambda m: len(m) >= 2)
    assert sorted(parse_record(json.dumps(m)).record_id for m in shipments) == ["it-1", "it-2"]
    assert all(m["ingested_at"] for m in shipments)
    [article] = read_topic(broker.bootstrap_servers, topics.news, until=lambda m: len(m) >= 1)
    assert article["record_id"] == "it-news"
    [raw_letter] = read_topic(broker.bootstrap_servers, topics.shipments_dlq, until=bool)
    letter = DeadLetter.model_validate(raw_letter)
    assert (letter.reason, letter.field_path, letter.key) == (
        "unknown_hs_code",
        "hs_code",
        "it-bad",
    )
    assert letter.original_bytes() == bad
    assert "not in the HS nomenclature" in letter.detail


def test_readiness_probe_tells_up_from_down(broker: EmbeddedBroker) -> None:
    from services.common.kafka_settings import KafkaConnection
    from services.ingest.kafka_link import kafka_answers

    assert kafka_answers(KafkaConnection(bootstrap_servers=broker.bootstrap_servers), 5.0)
    assert not kafka_answers(KafkaConnection(bootstrap_servers=f"127.0.0.1:{free_port()}"), 0.5)


def test_unreachable_kafka_is_503_never_202(topics: Topics) -> None:
    settings = settings_for(f"127.0.0.1:{free_port()}", topics)
    with running_server(settings) as (base, runtime):
        assert http("GET", base + "/readyz")[0] == 503
        status, body = http("POST", base + "/v1/news", json_bytes(news_dict()), "application/json")
        assert status == 503 and body["error"] == "unavailable"
        assert runtime.sink is None


def test_cli_serve_stops_cleanly_on_sigterm(broker: EmbeddedBroker, topics: Topics) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INGEST_")},
        "INGEST_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "INGEST_TOPIC_NAMESPACE": topics.namespace,
        "INGEST_HTTP_HOST": "127.0.0.1",
        "INGEST_HTTP_PORT": str(port),
        "INGEST_API_TOKEN": TOKEN,
        "INGEST_LOG_JSON": "true",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "services.ingest", "serve"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base + "/readyz") and http("GET", base + "/readyz")[0] == 200, 30)
        record = json_bytes(news_dict(record_id="sigterm-1"))
        assert http("POST", base + "/v1/news", record, "application/json")[0] == 202
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    logs = process.stderr.read().decode() if process.stderr else ""
    process.stderr and process.stderr.close()
    assert '"event": "ingest.stopped"' in logs
    assert TOKEN not in logs  # the token never reaches the logs
    [article] = read_topic(broker.bootstrap_servers, topics.news, until=bool)
    assert article["record_id"] == "sigterm-1"
