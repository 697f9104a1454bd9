"""A local Apache Kafka cluster started in a folder an earlier cluster used (a second `make demo`)
starts: the earlier cluster's log dirs, under another cluster id, are cleared first."""

from __future__ import annotations

from pathlib import Path

import pytest
from kafka import KafkaAdminClient

from services.common.kafka_broker import KafkaCluster
from services.common.local_broker import LocalBroker

pytestmark = pytest.mark.integration


def test_a_new_cluster_starts_where_an_earlier_one_left_its_data(
    kafka_broker: LocalBroker, tmp_path: Path
) -> None:
    for _ in range(2):
        cluster = KafkaCluster(tmp_path / "broker").start()
        try:
            admin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap_servers)
            try:
                assert admin.describe_cluster()["brokers"]
            finally:
                admin.close()
        finally:
            cluster.stop()
        assert (tmp_path / "broker" / "node1" / "log" / "meta.properties").exists()
