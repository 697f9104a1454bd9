"""A detector process for integration tests: start, wait until ready, read its metrics, stop."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from schemas import Topics
from services.common.embedded_broker import free_port
from services.common.local_broker import LocalBroker
from services.demo import broker_env
from tests.support.kafka_io import wait_for


class Detector:
    """One detector process with a fixed group id, so a restart resumes the same state."""

    def __init__(
        self,
        broker: LocalBroker,
        topics: Topics,
        group_id: str,
        log_dir: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.log = log_dir / f"detector-{self.port}.log"
        self.env = {
            **os.environ,
            **broker_env(broker)["detector"],
            "DETECTOR_TOPIC_NAMESPACE": topics.namespace,
            "DETECTOR_GROUP_ID": group_id,
            "DETECTOR_HTTP_PORT": str(self.port),
            "DETECTOR_HTTP_HOST": "127.0.0.1",
            "DETECTOR_TOPIC_PARTITIONS": "3",
            "DETECTOR_SESSION_TIMEOUT_SECONDS": "6",
            "DETECTOR_HEARTBEAT_INTERVAL_SECONDS": "1",
            "DETECTOR_PRODUCER_MAX_BATCH_SIZE": "1",
            "DETECTOR_DATA_DIR": str(log_dir / "data"),
            **(extra_env or {}),
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

    def metric(self, prefix: str) -> float:
        """Sum of every sample whose line starts with `prefix` (name plus an optional label part)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
            text = response.read().decode()
        return sum(
            float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix)
        )

    def status(self, path: str) -> int:
        """HTTP status of a GET on the detector's web port."""
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}{path}", timeout=5
            ) as response:
                return int(response.status)
        except urllib.error.HTTPError as err:
            return err.code

    def scored(self) -> float:
        return self.metric("chokepoint_detector_records_scored_total{")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
