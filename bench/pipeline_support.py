"""Shared by the pipeline benchmark: unique sample records, metric scraping, detector processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from services.common.embedded_broker import free_port
from tests.support.faults import metric_sum

__all__ = ["metric_sum"]  # the benchmarks read metrics the way the fault tests do

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = REPO_ROOT / "samples" / "shipments.ndjson"
SCORED = "chokepoint_detector_records_scored_total"
_ID = "\x00record-id\x00"


class UniqueRecords:
    """The 598 sample shipments, cycled, each with a fresh record id (`<prefix>-<n>`)."""

    def __init__(self, prefix: str, path: Path = SAMPLES) -> None:
        self.prefix = prefix
        lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        # Serialise once with a placeholder id; a new record is one string replace.
        self._templates = [json.dumps(dict(r, record_id=_ID)) for r in lines]
        self._placeholder = json.dumps(_ID)
        self.issued = 0

    def take(self, count: int) -> list[tuple[str, str]]:
        """The next `count` (record_id, JSON line) pairs."""
        out = []
        for _ in range(count):
            record_id = f"{self.prefix}-{self.issued}"
            template = self._templates[self.issued % len(self._templates)]
            out.append((record_id, template.replace(self._placeholder, json.dumps(record_id))))
            self.issued += 1
        return out

    def __iter__(self) -> Iterator[tuple[str, str]]:
        while True:
            yield from self.take(1)


def histogram_quantile(exposition: str, name: str, quantile: float) -> float | None:
    """Upper bound of the bucket holding `quantile` of a histogram (all label sets summed)."""
    buckets: dict[float, float] = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == f"{name}_bucket":
                bound = float(sample.labels["le"])
                buckets[bound] = buckets.get(bound, 0.0) + sample.value
    if not buckets or buckets.get(float("inf"), 0.0) == 0:
        return None
    total = buckets[float("inf")]
    for bound in sorted(buckets):
        if buckets[bound] >= quantile * total:
            return bound
    return None


def scrape(port: int) -> str:
    """A service's /metrics text, or "" when it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            return str(response.read().decode())
    except (urllib.error.URLError, OSError):
        return ""


def is_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=3) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def detector_env(
    bootstrap: str, namespace: str, group_id: str, data_dir: Path, partitions: int
) -> dict[str, str]:
    """A detector tuned for the local broker (fast group joins), warnings-only logs."""
    return {
        "DETECTOR_KAFKA__BOOTSTRAP_SERVERS": bootstrap,
        "DETECTOR_TOPIC_NAMESPACE": namespace,
        "DETECTOR_GROUP_ID": group_id,
        "DETECTOR_HTTP_HOST": "127.0.0.1",
        "DETECTOR_TOPIC_PARTITIONS": str(partitions),
        "DETECTOR_SESSION_TIMEOUT_SECONDS": "6",
        "DETECTOR_HEARTBEAT_INTERVAL_SECONDS": "1",
        "DETECTOR_DATA_DIR": str(data_dir),
        "DETECTOR_LOG_LEVEL": "WARNING",
    }


class DetectorProcess:
    """One `python -m services.detector` in its own process group, on a free web port."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("DETECTOR_")}
        self.env = {
            **inherited,
            **env,
            "DETECTOR_HTTP_PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
        }
        self.env["DETECTOR_DATA_DIR"] = f"{env['DETECTOR_DATA_DIR']}-{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> DetectorProcess:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services.detector"],
                env=self.env,
                stdout=log,
                stderr=log,
                cwd=REPO_ROOT,
                start_new_session=True,
            )
        return self

    def wait_ready(self, timeout_seconds: float = 180) -> None:
        deadline = time.monotonic() + timeout_seconds
        while not is_ready(self.port):
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"detector exited; see {self.log_path}")
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"detector not ready after {timeout_seconds}s; see {self.log_path}"
                )
            time.sleep(0.3)

    def scored(self) -> float:
        return metric_sum(scrape(self.port), SCORED)

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        if self.process is None:
            return 0.0
        return process_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process is not None:
            from bench.ceilings import stop_process_group

            stop_process_group(self.process)
        self.process = None


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
