"""Re-export patterns through Kafka: two legs in either order, with a detector restart between them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from tests.support.detector_process import Detector
from tests.support.kafka_io import publish, read_topic, wait_for

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "shipments.ndjson"


def _legs() -> tuple[dict[str, object], dict[str, object]]:
    """The inbound (DE → AE hub) and onward (AE → RU) legs of one generated re-export chain."""
    records = {
        json.loads(line)["record_id"]: json.loads(line) for line in SAMPLES.read_text().splitlines()
    }
    return records["CUS-000495"], records["CUS-000496"]


@pytest.mark.parametrize("order", ["inbound_first", "onward_first"])
def test_reexport_pattern_survives_a_restart_in_either_order(
    broker: LocalBroker, topics: Topics, tmp_path: Path, order: str
) -> None:
    inbound, onward = _legs()
    first, second = (inbound, onward) if order == "inbound_first" else (onward, inbound)
    group_id = f"detector-{uuid.uuid4().hex[:8]}"
    detector = Detector(broker, topics, group_id, tmp_path)
    detector.start()
    try:
        publish(
            broker.bootstrap_servers,
            topics.shipments,
            [(str(first["record_id"]), json.dumps(first).encode())],
        )
        wait_for(lambda: detector.scored() >= 1, timeout_seconds=60)
    finally:
        detector.stop()

    restarted = Detector(broker, topics, group_id, tmp_path)
    restarted.start()
    try:
        publish(
            broker.bootstrap_servers,
            topics.shipments,
            [(str(second["record_id"]), json.dumps(second).encode())],
        )
        alerts = read_topic(
            broker.bootstrap_servers,
            topics.alerts,
            until=lambda found: any(a["kind"] == "pattern" for a in found),
            timeout_seconds=90,
        )
    finally:
        restarted.stop()
    patterns = [a for a in alerts if a["kind"] == "pattern"]
    assert len({a["alert_id"] for a in patterns}) == 1
    cited = {rid for reason in patterns[0]["reasons"] for rid in reason["related_record_ids"]}
    cited.add(patterns[0]["record"]["id"])
    assert {"CUS-000495", "CUS-000496"} <= cited
    assert patterns[0]["severity"] in ("high", "critical")
