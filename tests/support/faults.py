"""Service processes that fault tests can kill and restart one at a time, and read metrics from."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from services.demo import Services
from services.detector.exits import EXIT_STALLED

SERVICE_NAMES = ("ingest", "detector", "notifier")


class ServiceProcesses(Services):
    """`Services` plus starting, killing and probing one service at a time.

    Like the orchestrator (compose's `restart: unless-stopped`), it starts again a service that
    exits with EXIT_STALLED, the detector's exit when its input stopped advancing; `restarts`
    counts them, so a test can report them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.restarts: dict[str, int] = {}
        self._supervising = threading.Event()
        self._supervisor: threading.Thread | None = None

    def _supervise(self) -> None:
        while self._supervising.is_set():
            time.sleep(0.5)
            for name, process in list(self.processes.items()):
                if process.poll() == EXIT_STALLED:
                    self.restarts[name] = self.restarts.get(name, 0) + 1
                    self.start_one(name)

    def stop(self) -> None:
        if self._supervisor is not None:
            self._supervising.clear()
            self._supervisor.join(timeout=5)
            self._supervisor = None
        super().stop()

    def start_only(self, names: Iterable[str]) -> None:
        for name in names:
            self.start_one(name)

    def start(self) -> None:
        self.start_only(SERVICE_NAMES)

    def start_one(self, name: str) -> None:
        """Start (or start again) one service with the environment built for it."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("INGEST_", "DETECTOR_", "NOTIFIER_"))
        }
        env.update(self.env[name])
        log_file = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", f"services.{name}"],
            env=env,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
        log_file.close()
        if self._supervisor is None:
            self._supervising.set()
            self._supervisor = threading.Thread(target=self._supervise, daemon=True)
            self._supervisor.start()

    def kill(self, name: str) -> None:
        """SIGKILL a service's process group: no shutdown hooks, no final commit."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def status(self, name: str, path: str) -> int | None:
        """HTTP status of a GET, or None when nothing answers."""
        try:
            with urllib.request.urlopen(self.url(name, path), timeout=3) as response:
                return int(response.status)
        except urllib.error.HTTPError as err:
            return err.code
        except (urllib.error.URLError, OSError):
            return None

    def is_ready(self, name: str) -> bool:
        return self.status(name, "/readyz") == 200

    def metric(self, name: str, metric: str, **labels: str) -> float:
        """Sum of a metric's samples (matching `labels`) on a service's /metrics; 0 if absent."""
        try:
            with urllib.request.urlopen(self.url(name, "/metrics"), timeout=3) as response:
                text = response.read().decode()
        except (urllib.error.URLError, OSError):
            return 0.0
        return metric_sum(text, metric, **labels)

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def metric_sum(exposition: str, metric: str, **labels: str) -> float:
    """Sum the samples named `metric` whose labels include `labels`."""
    total = 0.0
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == metric and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def post_json(
    url: str, body: bytes, content_type: str = "application/x-ndjson"
) -> tuple[int, dict[str, Any]]:
    """POST a body; (status, JSON answer) for any status, (0, {}) when nothing answers."""
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), dict(json.loads(response.read()))
    except urllib.error.HTTPError as err:
        payload = err.read()
        return err.code, dict(json.loads(payload)) if payload.startswith(b"{") else {}
    except (urllib.error.URLError, OSError):
        return 0, {}


def sample_shipments(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def numbered_samples(prefix: str, count: int) -> tuple[list[dict[str, Any]], set[str]]:
    """`count` sample shipments cycled with unique ids (`<prefix><cycle>-<id>`), and the ids of
    those expected to raise a record alert (samples/shipments.expected.json)."""
    samples_dir = Path(__file__).resolve().parents[2] / "samples"
    expected = json.loads((samples_dir / "shipments.expected.json").read_text())["records"]
    samples = sample_shipments(samples_dir / "shipments.ndjson")
    records, alerting = [], set()
    for i in range(count):
        sample = samples[i % len(samples)]
        record_id = f"{prefix}{i // len(samples)}-{sample['record_id']}"
        spec = expected[sample["record_id"]]["expect"]
        if spec != "none" and spec.get("record"):
            alerting.add(record_id)
        records.append(dict(sample, record_id=record_id))
    return records, alerting


class Submitter(threading.Thread):
    """A client posting NDJSON batches in order, retrying each until it gets a 202."""

    def __init__(
        self, url: str, batches: list[list[dict[str, Any]]], pause_seconds: float = 0.05
    ) -> None:
        super().__init__(daemon=True)
        self.pause_seconds = pause_seconds
        self.url = url
        self.batches = batches
        self.accepted: list[str] = []
        # (record id, time.monotonic() of its 202), appended by this thread: read with [:] copies
        self.accepted_at: list[tuple[str, float]] = []
        self.statuses: list[int] = []
        self.refused = 0  # records ingest turned down with a reason (207), e.g. unknown HS codes
        self.stop = threading.Event()

    def run(self) -> None:
        for batch in self.batches:
            body = "\n".join(json.dumps(r) for r in batch).encode()
            while not self.stop.is_set():
                status, answer = post_json(self.url, body)
                self.statuses.append(status)
                if status in (
                    202,
                    207,
                ):  # 207: the records ingest refuses (e.g. unknown HS code) are not accepted
                    self.accepted.extend(answer["record_ids"])
                    self.refused += int(answer.get("rejected", 0))
                    now = time.monotonic()
                    self.accepted_at.extend((rid, now) for rid in answer["record_ids"])
                    break
                self.stop.wait(0.2)  # 503 (Kafka down) or no answer: retry like a client would
            time.sleep(self.pause_seconds)  # a steady trickle, so the broker dies mid-stream
