"""A real cluster fault: three KRaft brokers (replication 3, min.insync.replicas 2, acks=all); the
leader of the records topic's partitions is SIGKILLed in the middle of a 5,000-record stream
through ingest → detector → notifier → the local Slack API. Nothing accepted may be lost and
nothing posted twice; the test prints how long the pipeline took to flow again."""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient

from schemas import Topics, alert_id_for
from services.common.kafka_broker import KafkaCluster, KafkaNode
from services.common.local_broker import LocalBroker
from services.lists.products import example_custom_hs_list
from tests.support.faults import (
    ServiceProcesses,
    Submitter,
    numbered_samples,
)
from tests.support.kafka_io import wait_for
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
CUSTOM_HS = example_custom_hs_list()
RECORDS = 5_000
BATCH = 50


@pytest.fixture
def cluster(shared_data: Path, kafka_broker: LocalBroker, tmp_path: Path) -> Iterator[KafkaCluster]:
    with KafkaCluster(tmp_path / "cluster", nodes_count=3) as running:
        yield running


def busiest_leader(cluster: KafkaCluster, topic: str) -> KafkaNode:
    """The node leading most partitions of the topic."""
    admin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap_servers)
    try:
        [described] = admin.describe_topics([topic])
    finally:
        admin.close()
    leaders = Counter(p["leader_id"] for p in described["partitions"])
    node_id = leaders.most_common(1)[0][0]
    return next(n for n in cluster.nodes if n.node_id == node_id)


def record_ids_on(bootstrap: str, topic: str) -> Counter[str]:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=3000,
        isolation_level="read_committed",
    )
    try:
        return Counter(m.key.decode() for m in consumer)
    finally:
        consumer.close()


def posted_alert_ids(slack: FakeSlack) -> Counter[str]:
    """Alert id → how many Slack messages carried it."""
    return Counter(slack.posted_alert_ids())


@pytest.mark.timeout(900)
def test_killing_the_partition_leader_of_a_three_broker_cluster_loses_and_repeats_nothing(
    shared_data: Path, cluster: KafkaCluster, tmp_path: Path
) -> None:
    topics = Topics(namespace=f"cluster{secrets.token_hex(4)}")
    records, alerting = numbered_samples("cl", RECORDS)
    expected_alert_ids = {alert_id_for("shipment", rid) for rid in alerting}
    with FakeSlack() as slack:
        services = ServiceProcesses(
            cluster,
            tmp_path,
            namespace=topics.namespace,
            extra_env={
                "ingest": {
                    "INGEST_RATE_LIMIT_PER_SECOND": "0",
                    "INGEST_TOPIC_REPLICATION_FACTOR": "3",
                    "INGEST_PUBLISH_TIMEOUT_SECONDS": "10",
                },
                "detector": {
                    "DETECTOR_GROUP_ID": f"detector-{topics.namespace}",
                    "DETECTOR_TOPIC_REPLICATION_FACTOR": "3",
                    "DETECTOR_CUSTOM_HS_LISTS": json.dumps([str(CUSTOM_HS)]),
                    # A worker whose input stops advancing exits and is started again (below).
                    "DETECTOR_STALL_TIMEOUT_SECONDS": "45",
                },
                "notifier": {
                    "NOTIFIER_TOPIC_REPLICATION_FACTOR": "3",
                    "NOTIFIER_SLACK_BOT_TOKEN": "xoxb-test-token",
                    "NOTIFIER_SLACK_BASE_URL": slack.base_url,
                    "NOTIFIER_GROUP_ID": f"notifier-{topics.namespace}",
                    "NOTIFIER_CHANNEL_INTERVAL_SECONDS": "0",
                    # Grouped as in production (a parent per entity, replies in its thread), so
                    # ~1,000 alerts make far fewer posts; each post lists its alert ids.
                    "NOTIFIER_GROUP_WAIT_SECONDS": "1",
                    "NOTIFIER_GROUP_INTERVAL_SECONDS": "1",
                },
            },
        )
        batches = [records[i : i + BATCH] for i in range(0, len(records), BATCH)]
        submitter = Submitter(
            services.url("ingest", "/v1/shipments?partial=true"), batches, pause_seconds=0.1
        )
        services.start()
        try:
            services.wait_ready(timeout_seconds=180)
            submitter.start()
            wait_for(lambda: len(submitter.accepted) >= RECORDS // 3, timeout_seconds=120)
            victim = busiest_leader(cluster, topics.shipments)
            killed_at = time.monotonic()
            cluster.kill_node(victim)

            def flows_again() -> bool:
                after = {
                    alert_id_for("shipment", rid)
                    for rid, at in submitter.accepted_at[:]
                    if at > killed_at and rid in alerting
                }
                return bool(after & set(posted_alert_ids(slack)))

            wait_for(flows_again, timeout_seconds=180, interval=0.2)
            recovered_after = time.monotonic() - killed_at
            submitter.join(timeout=300)
            assert not submitter.is_alive(), "not every batch was accepted after the kill"
            accepted = set(submitter.accepted)
            accepted_alerting = {alert_id_for("shipment", r) for r in accepted & alerting}
            wait_for(lambda: set(posted_alert_ids(slack)) >= accepted_alerting, timeout_seconds=300)

            on_topic = record_ids_on(cluster.bootstrap_servers, topics.shipments)
            lost = accepted - set(on_topic)
            posted = posted_alert_ids(slack)
            duplicates = {a: n for a, n in posted.items() if n > 1}
            print(
                f"\ncluster fault: killed node {victim.node_id} (leader of most "
                f"{topics.shipments} partitions) after {RECORDS // 3}+ records; "
                f"accepted {len(accepted)}/{RECORDS} ({submitter.refused} refused by ingest:"
                " unknown HS codes), "
                f"lost {len(lost)}, "
                f"duplicate Slack posts {len(duplicates)}, "
                f"alerts posted {len(set(posted) & expected_alert_ids)}; "
                f"flowing again {recovered_after:.1f}s after the kill; "
                f"restarts after a stalled input: {services.restarts or 'none'}"
            )
            assert len(accepted) + submitter.refused == RECORDS  # every record answered for
            assert lost == set()
            assert duplicates == {}
            assert set(posted) & expected_alert_ids == accepted_alerting
        finally:
            submitter.stop.set()
            services.stop()
            for name in ("ingest", "detector", "notifier"):
                print(f"--- {name} log (tail) ---\n{services.log_tail(name)}")
