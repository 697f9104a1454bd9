"""Which local broker runs: Kafka where Java and Maven are found, Tansu otherwise, never a quiet
fallback when Kafka was asked for."""

from __future__ import annotations

import pytest

from services.common import kafka_broker
from services.common.local_broker import chosen_broker_kind


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kafka_broker.shutil, "which", lambda name: None)


@pytest.fixture
def java_and_maven(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kafka_broker.shutil, "which", lambda name: f"/opt/bin/{name}")


@pytest.mark.usefixtures("java_and_maven")
@pytest.mark.parametrize(
    ("setting", "kind"),
    [(None, "kafka"), ("auto", "kafka"), ("", "kafka"), ("tansu", "tansu"), ("KAFKA", "kafka")],
)
def test_with_java_auto_means_kafka(setting: str | None, kind: str) -> None:
    environ = {} if setting is None else {"CHOKEPOINT_BROKER": setting}
    assert chosen_broker_kind(environ) == kind


@pytest.mark.usefixtures("no_java")
def test_without_java_auto_means_tansu_and_kafka_is_an_error() -> None:
    assert chosen_broker_kind({}) == "tansu"
    assert chosen_broker_kind({"CHOKEPOINT_BROKER": "auto"}) == "tansu"
    with pytest.raises(RuntimeError, match="java and mvn"):
        chosen_broker_kind({"CHOKEPOINT_BROKER": "kafka"})


def test_an_unknown_broker_name_is_refused() -> None:
    with pytest.raises(ValueError, match="kafka, tansu or auto"):
        chosen_broker_kind({"CHOKEPOINT_BROKER": "redpanda"})


def test_the_kafka_version_is_the_one_compose_runs() -> None:
    from tests.support.ops_files import COMPOSE_FILE, load_yaml

    image = load_yaml(COMPOSE_FILE)["services"]["kafka"]["image"]
    assert image == f"apache/kafka:{kafka_broker.kafka_version()}"
