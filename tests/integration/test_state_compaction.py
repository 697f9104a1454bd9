"""On Kafka the notifier's state topics are compacted: after compaction has run, a restarted
notifier still knows every delivered alert, every thread and every silence."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

from schemas import Silence, Topics
from schemas.control import SilenceMatcher
from services.common.embedded_broker import free_port
from services.common.local_broker import LocalBroker
from tests.integration.test_notifier_delivery import alert_ids_in, publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.kafka_io import publish, wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
# Segments roll after 200 ms and the cleaner takes any dirty segment: compaction within seconds.
EAGER_COMPACTION = {
    "cleanup.policy": "compact",
    "segment.ms": "200",
    "min.cleanable.dirty.ratio": "0.001",
    "min.compaction.lag.ms": "0",
    "delete.retention.ms": "100",
}


def create_eagerly_compacted(bootstrap: str, names: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(n, 1, 1, topic_configs=EAGER_COMPACTION) for n in names])
        admin.wait_for_topics(names, timeout_ms=30_000)
    finally:
        admin.close()


def records_and_end(bootstrap: str, topic: str) -> tuple[list[tuple[bytes, bytes]], int]:
    """Every record still in the (single-partition) topic, and its end offset."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        consumer_timeout_ms=1500,
    )
    partition = TopicPartition(topic, 0)
    try:
        consumer.assign([partition])
        consumer.seek_to_beginning(partition)
        end = consumer.end_offsets([partition])[partition]
        kept = [(m.key, m.value) for m in consumer]
    finally:
        consumer.close()
    return kept, end


def roll_and_wait_for_compaction(bootstrap: str, topic: str, timeout_seconds: float = 90) -> None:
    """Re-send the newest record now and then (same key, same value: a no-op for readers) so
    segments roll, until the cleaner has dropped superseded records."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    deadline = time.monotonic() + timeout_seconds
    try:
        while time.monotonic() < deadline:
            kept, end = records_and_end(bootstrap, topic)
            if len(kept) < end:
                return
            key, value = kept[-1]
            producer.send(topic, key=key, value=value, partition=0)
            producer.flush()
            time.sleep(0.5)
    finally:
        producer.close()
    raise AssertionError(f"{topic} was not compacted within {timeout_seconds}s")


def test_a_restarted_notifier_knows_deliveries_threads_and_silences_after_compaction(
    kafka_broker: LocalBroker, topics: Topics, group_id: str
) -> None:
    bootstrap = kafka_broker.bootstrap_servers
    create_eagerly_compacted(bootstrap, [topics.notifier_state, topics.silences])
    first = [make_alert(f"SHP-C{i}") for i in range(8)]  # one entity: one parent, a thread
    now = datetime.now(UTC)
    silence = Silence(
        silence_id="mute-e2",
        matcher=SilenceMatcher(entity_id="OFAC-MUTED"),
        created_by="analyst",
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(days=90),
    )
    with FakeSlack() as slack:
        settings = fast_settings(
            bootstrap, topics.namespace, group_id, group_wait_seconds=1.0,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings):
            publish(
                bootstrap,
                topics.silences,
                [(silence.silence_id, silence.model_dump_json().encode())],
            )
            publish_alerts(kafka_broker, topics, first)
            wait_for(lambda: sum(len(alert_ids_in(m)) for m in slack.snapshot()) >= 8)
        [parent] = slack.top_level()
        posted_before = len(slack.snapshot())

        roll_and_wait_for_compaction(bootstrap, topics.notifier_state)

        # Same group, fresh process state; the alerts are offered again as after a rewind.
        again = fast_settings(
            bootstrap, topics.namespace, f"{group_id}-again", group_wait_seconds=1.0,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(again) as notifier:
            muted = make_alert("SHP-MUTED", entity_id="OFAC-MUTED")
            later = make_alert("SHP-C-LATER")
            publish_alerts(kafka_broker, topics, [muted, later])
            wait_for(
                lambda: later.alert_id in {a for m in slack.snapshot() for a in alert_ids_in(m)}
            )
            wait_for(
                lambda: (
                    notifier.metric("chokepoint_notifier_alerts_suppressed_total", reason="silence")
                    >= 1
                )
            )
            wait_for(
                lambda: (
                    notifier.metric(
                        "chokepoint_notifier_alerts_consumed_total", severity="critical"
                    )
                    >= len(first) + 2
                )
            )
        new_posts = slack.snapshot()[posted_before:]
        # Every earlier alert was known as delivered (none posted twice), the later one went into
        # the existing thread, and the silence held.
        assert [a for m in new_posts for a in alert_ids_in(m)] == [later.alert_id]
        assert new_posts[0].get("thread_ts") == parent["ts"]
        assert muted.alert_id not in {a for m in slack.snapshot() for a in alert_ids_in(m)}


def test_a_service_refuses_to_start_on_a_state_topic_that_is_not_compacted(
    kafka_broker: LocalBroker, topics: Topics, group_id: str
) -> None:
    admin = KafkaAdminClient(bootstrap_servers=kafka_broker.bootstrap_servers)
    try:
        admin.create_topics(
            [NewTopic(topics.silences, 1, 1, topic_configs={"cleanup.policy": "delete"})]
        )
    finally:
        admin.close()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")},
        "NOTIFIER_KAFKA__BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers,
        "NOTIFIER_TOPIC_NAMESPACE": topics.namespace,
        "NOTIFIER_GROUP_ID": group_id,
        "NOTIFIER_HTTP_HOST": "127.0.0.1",
        "NOTIFIER_HTTP_PORT": str(free_port()),
    }
    result = subprocess.run(
        [sys.executable, "-m", "services.notifier"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "must be compacted" in result.stderr and topics.silences in result.stderr
    assert "Traceback" not in result.stderr
