"""`chokepoint demo`: a local broker, the three services as separate processes, sample data, alerts.

The broker is Apache Kafka where Java and Maven are present, else the embedded Tansu broker
(CHOKEPOINT_BROKER=kafka|tansu|auto chooses); the first line printed says which.

Ctrl-C (or --once after the sample alerts were delivered) stops everything; no process is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from schemas import Topics
from services.common.embedded_broker import free_port
from services.common.local_broker import LocalBroker, local_broker
from services.common.shared_data import packaged_hs_nomenclature_path
from services.lists.watchlists import resolve_default_watchlists

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = REPO_ROOT / "samples" / "demo"


def broker_env(broker: LocalBroker) -> dict[str, dict[str, str]]:
    """Per service, where the broker is."""
    return {
        "ingest": {"INGEST_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers},
        "detector": {"DETECTOR_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers},
        "notifier": {"NOTIFIER_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers},
    }


class Services:
    """The three service processes, each in its own process group so nothing is orphaned."""

    def __init__(
        self,
        broker: LocalBroker,
        log_dir: Path,
        *,
        namespace: str = "",
        extra_env: dict[str, dict[str, str]] | None = None,
        notifier_stdout: Any = None,
    ) -> None:
        self.ports = {"ingest": free_port(), "detector": free_port(), "notifier": free_port()}
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.notifier_stdout = notifier_stdout
        common = {"PYTHONUNBUFFERED": "1"}
        self.env = {
            "ingest": {
                "INGEST_HTTP_PORT": str(self.ports["ingest"]),
                "INGEST_HTTP_HOST": "127.0.0.1",
                "INGEST_ALLOW_ANONYMOUS": "true",
                "INGEST_TOPIC_PARTITIONS": "3",
                "INGEST_HS_NOMENCLATURE_PATH": str(packaged_hs_nomenclature_path()),
                **common,
            },
            "detector": {
                "DETECTOR_HTTP_PORT": str(self.ports["detector"]),
                "DETECTOR_HTTP_HOST": "127.0.0.1",
                "DETECTOR_TOPIC_PARTITIONS": "3",
                "DETECTOR_SESSION_TIMEOUT_SECONDS": "6",
                "DETECTOR_HEARTBEAT_INTERVAL_SECONDS": "1",
                "DETECTOR_DATA_DIR": str(log_dir / "detector-data"),
                **common,
            },
            "notifier": {
                "NOTIFIER_HTTP_PORT": str(self.ports["notifier"]),
                "NOTIFIER_HTTP_HOST": "127.0.0.1",
                "NOTIFIER_TOPIC_PARTITIONS": "3",
                "NOTIFIER_SESSION_TIMEOUT_SECONDS": "6",
                "NOTIFIER_GROUP_WAIT_SECONDS": "0",
                **common,
            },
        }
        for name, env in self.env.items():
            env.update(broker_env(broker)[name])
            env[f"{name.upper()}_TOPIC_NAMESPACE"] = namespace
            env.update((extra_env or {}).get(name, {}))

    def start(self) -> None:
        for name in ("ingest", "detector", "notifier"):
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("INGEST_", "DETECTOR_", "NOTIFIER_"))
            }
            env.update(self.env[name])
            if name == "notifier" and os.environ.get("NOTIFIER_SLACK_BOT_TOKEN"):
                env["NOTIFIER_SLACK_BOT_TOKEN"] = os.environ["NOTIFIER_SLACK_BOT_TOKEN"]
            log_file = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"],
                env=env,
                stdout=(self.notifier_stdout if name == "notifier" else log_file),
                stderr=log_file,
                start_new_session=True,
            )

    def url(self, name: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def wait_ready(self, timeout_seconds: float) -> None:
        deadline = time.monotonic() + timeout_seconds
        pending = set(self.processes)
        while pending and time.monotonic() < deadline:
            for name in list(pending):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited early; see {self.log_dir / (name + '.log')}")
                try:
                    with urllib.request.urlopen(self.url(name, "/readyz"), timeout=2) as response:
                        if response.status == 200:
                            pending.discard(name)
                            print(f"demo: {name} ready on port {self.ports[name]}", flush=True)
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.3)
        if pending:
            raise TimeoutError(
                f"not ready after {timeout_seconds}s: {sorted(pending)}; logs in {self.log_dir}"
            )

    def metric(self, name: str, metric: str) -> float:
        """Sum of one metric's samples on a service's /metrics (0 when unreachable)."""
        try:
            with urllib.request.urlopen(self.url(name, "/metrics"), timeout=2) as response:
                text = response.read().decode()
        except (urllib.error.URLError, OSError):
            return 0.0
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith((metric + "{", metric + " "))
        )

    def wait_for_notifier(self, alerts: int, timeout_seconds: float) -> None:
        """Until the notifier has taken in `alerts` alerts (printed or posted them), or the timeout."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if self.metric("notifier", "chokepoint_notifier_alerts_consumed_total") >= alerts:
                time.sleep(0.5)  # the console line is written right after the count moves
                return
            time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def post_ndjson(url: str, path: Path) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=path.read_bytes(), headers={"Content-Type": "application/x-ndjson"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


def watch_alerts(
    bootstrap: str, topics: Topics, expected: dict[str, list[str]], timeout_seconds: float
) -> tuple[bool, set[str]]:
    """Read alerts until every expected record alerted (and a short grace for unexpected ones)."""
    consumer = KafkaConsumer(
        topics.alerts,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        consumer_timeout_ms=500,
        isolation_level="read_committed",
    )
    seen: dict[str, str] = {}
    alert_ids: set[str] = set()
    deadline = time.monotonic() + timeout_seconds
    done_at: float | None = None
    try:
        while time.monotonic() < deadline:
            for message in consumer:
                alert = json.loads(message.value)
                seen.setdefault(alert["record"]["id"], alert["severity"])
                alert_ids.add(alert["alert_id"])
            if done_at is None and all(r in seen for r in expected["alert"]):
                done_at = time.monotonic()
            if done_at is not None and time.monotonic() - done_at > 3:
                break
    finally:
        consumer.close()
    wrong = [r for r in expected["no_alert"] if r in seen]
    missing = [r for r in expected["alert"] if r not in seen]
    print(
        f"\ndemo: {len(seen)} records alerted: "
        + ", ".join(f"{k} ({v})" for k, v in sorted(seen.items()))
    )
    if missing:
        print(f"demo: MISSING expected alerts: {missing}")
    if wrong:
        print(f"demo: UNEXPECTED alerts for clean records: {wrong}")
    return not missing and not wrong, alert_ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chokepoint demo", description=__doc__)
    parser.add_argument(
        "--once", action="store_true", help="exit 0 once the sample alerts were shown"
    )
    parser.add_argument("--timeout-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    log_dir = REPO_ROOT / "demo-out"
    log_dir.mkdir(exist_ok=True)
    started = time.monotonic()
    broker = local_broker(log_dir / "broker")
    print(f"demo: starting {broker.describe()}", flush=True)
    broker.start()
    print(f"demo: broker on {broker.bootstrap_servers}; service logs in {log_dir}", flush=True)
    print(f"demo: watchlists: {resolve_default_watchlists().describe()}", flush=True)
    services = Services(broker, log_dir)
    interrupted = False

    def on_signal(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        services.start()
        services.wait_ready(args.timeout_seconds)
        for kind, name in (("shipments", "shipments.ndjson"), ("news", "news.ndjson")):
            answer = post_ndjson(services.url("ingest", f"/v1/{kind}"), SAMPLES / name)
            print(f"demo: POST /v1/{kind} → {answer}", flush=True)
        expected = json.loads((SAMPLES / "expected.json").read_text())
        ok, alert_ids = watch_alerts(
            broker.bootstrap_servers, Topics(), expected, args.timeout_seconds
        )
        print(
            f"demo: sample alerts shown {time.monotonic() - started:.1f}s after start", flush=True
        )
        if args.once:
            services.wait_for_notifier(len(alert_ids), timeout_seconds=30)
            return 0 if ok else 1
        print("demo: running; publish more records to the ingest API, Ctrl-C to stop", flush=True)
        while all(p.poll() is None for p in services.processes.values()):
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        interrupted = True
        return 0
    finally:
        services.stop()
        broker.stop()
        print("demo: stopped" + (" (interrupted)" if interrupted else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
