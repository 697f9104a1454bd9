"""deploy/create_topics.py (the compose `topics` one-shot) against the embedded broker."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from tests.support.ops_files import CREATE_TOPICS, REPO_ROOT

pytestmark = pytest.mark.integration


def run_create_topics(
    broker: LocalBroker, topics: Topics, partitions: int
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TOPICS_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "TOPICS_NAMESPACE": topics.namespace,
        "TOPICS_PARTITIONS": str(partitions),
        "TOPICS_TIMEOUT_SECONDS": "20",
    }
    return subprocess.run(
        [sys.executable, str(CREATE_TOPICS)],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def partitions_by_topic(broker: LocalBroker, names: list[str]) -> dict[str, int]:
    # kafka-python 3.0.12 warns (importlib.resources) on first import; filterwarnings=error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from kafka.admin import KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    try:
        return {item["name"]: len(item["partitions"]) for item in admin.describe_topics(names)}
    finally:
        admin.close()


def test_creates_every_topic_with_the_partitions_asked(broker: LocalBroker, topics: Topics) -> None:
    result = run_create_topics(broker, topics, partitions=4)
    assert result.returncode == 0, result.stderr
    assert partitions_by_topic(broker, topics.all()) == {name: 4 for name in topics.all()}


def test_rerun_is_idempotent(broker: LocalBroker, topics: Topics) -> None:
    assert run_create_topics(broker, topics, partitions=3).returncode == 0
    again = run_create_topics(broker, topics, partitions=3)
    assert again.returncode == 0, again.stderr


def test_refuses_topics_with_fewer_partitions_than_asked(
    broker: LocalBroker, topics: Topics
) -> None:
    assert run_create_topics(broker, topics, partitions=2).returncode == 0
    result = run_create_topics(broker, topics, partitions=6)
    assert result.returncode == 1
    assert topics.shipments in result.stderr and "fewer than 6 partitions" in result.stderr
