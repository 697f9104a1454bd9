"""Shared fixtures: the local broker (once per session), per-test topic namespaces, shared data paths.

The broker is Apache Kafka where Java and Maven are present, else the embedded Tansu broker;
CHOKEPOINT_BROKER=kafka|tansu|auto chooses (see services/common/local_broker.py).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker, chosen_broker_kind, local_broker

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """`../shared/data` next to the checkout, or CHOKEPOINT_SHARED_DATA."""
    configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


SHARED_DATA_MISSING = (
    "needs the full public lists in ../shared/data (or CHOKEPOINT_SHARED_DATA), absent in this"
    " clone; CI runs it"
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The full shared lists; tests that need them are skipped (with why) when absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(SHARED_DATA_MISSING)
    return path


def shared_data_header() -> str:
    """Whether the full shared lists were found, and what is skipped without them."""
    path = shared_data_dir()
    if path.is_dir():
        return f"shared data: found at {path}; tests on the full public lists run"
    return (
        f"shared data: not found at {path} (set CHOKEPOINT_SHARED_DATA); tests needing the full"
        " public lists are skipped, the rest use the packaged excerpt and reference tables"
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The first lines of a run say which broker the integration tests use and whether the
    shared data is there."""
    kind = chosen_broker_kind()
    if kind == "kafka":
        from services.common.kafka_broker import kafka_version

        return [
            f"broker: Apache Kafka {kafka_version()} (KRaft, local JVM; CHOKEPOINT_BROKER={kind})",
            shared_data_header(),
        ]
    return [
        "broker: Tansu embedded broker (CHOKEPOINT_BROKER=tansu or no Java/Maven found);"
        " tests needing topic configs, compaction or a cluster are skipped",
        shared_data_header(),
    ]


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """One local broker (Kafka or Tansu) for the whole test session."""
    running = local_broker(tmp_path_factory.mktemp("broker")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def kafka_broker(broker: LocalBroker) -> LocalBroker:
    """The session broker when it is Apache Kafka; the test is skipped (with why) on Tansu."""
    if not broker.keeps_topic_configs:
        pytest.skip("needs Apache Kafka (topic configs, compaction, a cluster); Tansu runs")
    return broker


@pytest.fixture
def topics() -> Topics:
    """A fresh topic namespace per test."""
    return Topics(namespace=f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def group_id() -> str:
    return f"g{uuid.uuid4().hex[:12]}"
