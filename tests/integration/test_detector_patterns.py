"""Re-export patterns through Kafka: two legs in either order, with a detector restart between them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker, free_port
from tests.kafka_helpers import publish, read_topic, wait_for

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "shipments.ndjson"


def _legs() -> tuple[dict[str, object], dict[str, object]]:
    """The inbound (DE → AE hub) and onward (AE → RU) legs of one generated re-export chain."""
    records = {
        json.loads(line)["record_id"]: json.loads(line) for line in SAMPLES.read_text().splitlines()
    }
    return records["CUS-000495"], records["CUS-000496"]


class Detector:
    """One detector process with a fixed group id, so a restart resumes the same state."""

    def __init__(
        self, broker: EmbeddedBroker, topics: Topics, group_id: str, log_dir: Path
    ) -> None:
        self.port = free_port()
        self.log = log_dir / f"detector-{self.port}.log"
        self.env = {
            **os.environ,
            "DETECTOR_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "DETECTOR_TOPIC_NAMESPACE": topics.namespace,
            "DETECTOR_GROUP_ID": group_id,
            "DETECTOR_WEB_PORT": str(self.port),
            "DETECTOR_WEB_HOST": "127.0.0.1",
            "DETECTOR_TOPIC_PARTITIONS": "3",
            "DETECTOR_SESSION_TIMEOUT_SECONDS": "6",
            "DETECTOR_HEARTBEAT_INTERVAL_SECONDS": "1",
            "DETECTOR_PRODUCER_MAX_BATCH_SIZE": "1",
            "DETECTOR_DATA_DIR": str(log_dir / "data"),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services.detector"], env=self.env, stderr=log, stdout=log
            )
        wait_for(self._ready, timeout_seconds=120, interval=0.3)

    def _ready(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log.read_text()[
            -3000:
        ]
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}/readyz", timeout=1
            ) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def scored(self) -> float:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
            text = response.read().decode()
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("chokepoint_detector_records_scored_total{")
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


@pytest.mark.parametrize("order", ["inbound_first", "onward_first"])
def test_reexport_pattern_survives_a_restart_in_either_order(
    broker: EmbeddedBroker, topics: Topics, tmp_path: Path, order: str
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
