"""Consumer lag comes from the broker: it shows what a stopped detector or a held-up notifier
has not yet committed, and returns to 0 once they catch up."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from schemas import Topics
from services.common.consumer_lag import LagProbe, Partition
from services.common.kafka_settings import KafkaConnection
from services.common.local_broker import LocalBroker
from tests.integration.test_notifier_delivery import publish_alerts
from tests.support.alert_factory import make_alert
from tests.support.detector_process import Detector
from tests.support.kafka_io import publish, wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
PARTITIONS = 3  # the Detector harness's DETECTOR_TOPIC_PARTITIONS
LAG = 'chokepoint_detector_consumer_lag_messages{topic="shipments"}'


def shipments(prefix: str, count: int) -> list[tuple[str | None, bytes]]:
    record = {
        "source": "test",
        "declaration_date": "2026-10-20",
        "exporter": {"name": "Jiangsu Lianxin Furniture Co., Ltd.", "country": "cn"},
        "importer": {"name": "Baltic Timber Wholesale", "country": "lv"},
        "hs_code": "9403.60",
        "goods_description": "wooden office furniture",
        "destination_country": "lv",
    }
    return [
        (f"{prefix}-{i}", json.dumps({**record, "record_id": f"{prefix}-{i}"}).encode())
        for i in range(count)
    ]


def test_lag_grows_while_the_detector_is_stopped_and_falls_once_it_is_back(
    broker: LocalBroker, topics: Topics, tmp_path: Path
) -> None:
    group_id = f"detector-{uuid.uuid4().hex[:8]}"
    records_group = f"{group_id}-records"  # the group that reads the record topics
    probe = LagProbe(KafkaConnection(bootstrap_servers=broker.bootstrap_servers), records_group)
    every_partition = [Partition(topics.shipments, p) for p in range(PARTITIONS)]
    detector = Detector(broker, topics, group_id, tmp_path)
    detector.start()
    try:
        publish(broker.bootstrap_servers, topics.shipments, shipments("warm", 5))
        wait_for(lambda: detector.scored() >= 5, timeout_seconds=60)
        wait_for(lambda: probe.lag(every_partition).get(topics.shipments) == 0, timeout_seconds=60)
        wait_for(lambda: detector.metric(LAG) == 0, timeout_seconds=30)
    finally:
        detector.stop()

    publish(broker.bootstrap_servers, topics.shipments, shipments("while-down", 40))
    behind = probe.lag(every_partition)[topics.shipments]
    if broker.kind == "kafka":
        assert behind == 40
    else:  # Tansu's end offsets can trail within a batch; it must still see the backlog
        assert behind > 0

    restarted = Detector(broker, topics, group_id, tmp_path)
    restarted.start()
    try:
        wait_for(lambda: restarted.scored() >= 40, timeout_seconds=90)
        wait_for(lambda: probe.lag(every_partition).get(topics.shipments) == 0, timeout_seconds=60)
        wait_for(lambda: restarted.metric(LAG) == 0, timeout_seconds=30)
    finally:
        restarted.stop()
        probe.close()


def test_notifier_lag_shows_alerts_held_during_a_slack_outage_and_clears_after(
    broker: LocalBroker, topics: Topics, group_id: str
) -> None:
    alerts = [make_alert(f"SHP-LAG-{i}", entity_id=f"E{i}") for i in range(10)]
    lag = "chokepoint_notifier_consumer_lag_messages"
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, group_id, retry_max_seconds=1.0,
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        with RunningNotifier(settings) as notifier:
            slack.start_outage(20)
            publish_alerts(broker, topics, alerts)
            wait_for(
                lambda: notifier.metric(lag, topic="alerts") >= len(alerts), timeout_seconds=30
            )
            wait_for(lambda: len(slack.messages) >= len(alerts), timeout_seconds=60)
            wait_for(lambda: notifier.metric(lag, topic="alerts") == 0, timeout_seconds=30)
