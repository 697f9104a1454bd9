"""docker-compose.yml: valid against the Compose Specification, and wired the way the docs say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.common.kafka_settings import KafkaConnection
from tests.support.ops_files import COMPOSE_FILE, REPO_ROOT, load_yaml

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
APP_SERVICES = {
    "ingest": "INGEST_",
    "detector": "DETECTOR_",
    "notifier": "NOTIFIER_",
    "refresher": "REFRESHER_",
}
_INTERPOLATION = re.compile(r"^\$\{(?P<name>[A-Z_]+)(?::-(?P<default>[^}]*)|:\?[^}]*)?\}$")


def validate_compose(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(COMPOSE_FILE)
    return data


def test_compose_file_matches_the_compose_specification() -> None:
    result = validate_compose(COMPOSE_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_misspelt_key(tmp_path: Path, compose: dict[str, Any]) -> None:
    compose["services"]["detector"]["containr_name"] = "detector"
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(compose), encoding="utf-8")
    result = validate_compose(broken)
    assert result.returncode != 0
    assert "containr_name" in result.stdout + result.stderr


def test_kafka_is_single_node_kraft_with_a_persistent_volume(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert kafka["image"].startswith("apache/kafka:")
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_MIN_INSYNC_REPLICAS",
    ):
        assert env[key] == 1, key
    volume, target = kafka["volumes"][0].split(":")[:2]
    assert volume in compose["volumes"] and target == env["KAFKA_LOG_DIRS"]
    assert "healthcheck" in kafka


def test_detector_can_be_scaled(compose: dict[str, Any]) -> None:
    detector = compose["services"]["detector"]
    # A fixed name or host port would make `docker compose up --scale detector=3` fail.
    assert "container_name" not in detector
    assert "ports" not in detector


def test_services_wait_for_a_healthy_kafka_and_created_topics(compose: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        depends = compose["services"][name]["depends_on"]
        assert depends["kafka"]["condition"] == "service_healthy", name
        assert depends["topics"]["condition"] == "service_completed_successfully", name
    topics = compose["services"]["topics"]
    assert topics["command"][-1] == "/opt/chokepoint/create_topics.py"


def test_every_partition_setting_uses_the_same_variable(compose: dict[str, Any]) -> None:
    services = compose["services"]
    values = {services["topics"]["environment"]["TOPICS_PARTITIONS"]}
    values |= {
        services[name]["environment"][f"{prefix}TOPIC_PARTITIONS"]
        for name, prefix in APP_SERVICES.items()
    }
    assert values == {"${TOPICS_PARTITIONS:-6}"}


def _settings_class(service: str) -> type:
    module = __import__(f"services.{service}.settings", fromlist=["_"])
    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and hasattr(value, "model_config")
        and value.model_config.get("env_prefix") == APP_SERVICES[service]
    ]
    assert len(classes) == 1, f"services.{service}.settings: expected one Settings class"
    return classes[0]


@pytest.mark.parametrize("service", sorted(APP_SERVICES))
def test_compose_sets_only_variables_the_service_reads(
    service: str, compose: dict[str, Any]
) -> None:
    # pydantic-settings ignores unknown variables, so a typo here would silently do nothing.
    fields = set(_settings_class(service).model_fields)  # type: ignore[attr-defined]
    prefix = APP_SERVICES[service]
    for key in compose["services"][service]["environment"]:
        assert key.startswith(prefix), key
        name = key.removeprefix(prefix).lower()
        if name.startswith("kafka__"):
            assert name.removeprefix("kafka__") in KafkaConnection.model_fields, key
        else:
            assert name in fields, f"{key}: {prefix}settings has no field {name!r}"


def test_ops_ports_match_the_scrape_config(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["ingest"]["environment"]["INGEST_HTTP_PORT"] == 8080
    assert services["detector"]["environment"]["DETECTOR_HTTP_PORT"] == 6066
    assert services["notifier"]["environment"]["NOTIFIER_HTTP_PORT"] == 8081
    assert services["refresher"]["environment"]["REFRESHER_HTTP_PORT"] == 8084


def test_watchlists_are_mounted_read_only_where_the_detector_looks(compose: dict[str, Any]) -> None:
    detector = compose["services"]["detector"]
    source, target, mode = detector["volumes"][0].rsplit(":", 2)
    match = _INTERPOLATION.match(source)
    assert (
        match and match["name"] == "CHOKEPOINT_SHARED_DATA" and match["default"] == "../shared/data"
    )
    assert mode == "ro"
    assert detector["environment"]["DETECTOR_SHARED_DATA_DIR"] == target


def test_files_mounted_from_the_repository_exist(compose: dict[str, Any]) -> None:
    for name in ("prometheus", "grafana"):
        for volume in compose["services"][name]["volumes"]:
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (REPO_ROOT / source).exists(), f"{name}: {source}"
