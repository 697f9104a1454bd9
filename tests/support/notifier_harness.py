"""Run the notifier in a background thread (its own event loop) or as a real process, for tests."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from services.common.embedded_broker import free_port
from services.common.kafka_settings import KafkaConnection
from services.notifier.__main__ import serve
from services.notifier.metrics import NotifierMetrics
from services.notifier.routing import RoutingConfig, load_routing
from services.notifier.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def fast_settings(bootstrap: str, namespace: str, group_id: str, **overrides: Any) -> Settings:
    """Fast settings for tests: short pacing, backoff and session timeout."""
    values: dict[str, Any] = {
        "kafka": KafkaConnection(bootstrap_servers=bootstrap),
        "topic_namespace": namespace,
        "group_id": group_id,
        "topic_partitions": 1,
        "session_timeout_seconds": 6.0,
        "group_wait_seconds": 0.0,
        "group_interval_seconds": 0.0,
        "channel_interval_seconds": 0.01,
        "retry_initial_seconds": 0.2,
        "retry_max_seconds": 1.0,
        "http_host": "127.0.0.1",
        "http_port": free_port(),
        "public_http_host": "127.0.0.1",
        "public_http_port": free_port(),
        "log_json": True,
    }
    values.update(overrides)
    return Settings(**values)


def settings_env(settings: Settings) -> dict[str, str]:
    """The same settings as NOTIFIER_* environment variables, for a subprocess."""
    env = {"NOTIFIER_KAFKA__BOOTSTRAP_SERVERS": settings.kafka.bootstrap_servers}
    for name, value in settings.model_dump(exclude={"kafka"}, exclude_none=True).items():
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        if isinstance(value, dict):
            value = {k: getattr(v, "get_secret_value", lambda v=v: v)() for k, v in value.items()}
        env[f"NOTIFIER_{name.upper()}"] = (
            json.dumps(value) if isinstance(value, list | bool | dict) else str(value)
        )
    return env


def http_json(
    url: str, body: Any = None, method: str = "GET", token: str | None = None
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def wait_ready(port: int, timeout_seconds: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            if http_json(f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"notifier on port {port} not ready within {timeout_seconds}s")


class RunningNotifier:
    """`with RunningNotifier(settings) as n:` — serves until the block ends, then stops cleanly."""

    def __init__(self, settings: Settings, routing: RoutingConfig | None = None) -> None:
        self.settings = settings
        self.routing = routing or load_routing(settings.routing_file)
        self.metrics = NotifierMetrics()
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="notifier", daemon=True)

    @property
    def url(self) -> str:
        """The internal listener: ops endpoints and the admin API."""
        return f"http://127.0.0.1:{self.settings.http_port}"

    @property
    def public_url(self) -> str:
        """The public listener: Slack's interactivity endpoint."""
        return f"http://127.0.0.1:{self.settings.public_http_port}"

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            await serve(
                self.settings, self.routing, self._stop, handle_signals=False, metrics=self.metrics
            )

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced by __exit__
            self.error = exc

    def metric(self, name: str, **labels: str) -> float:
        return self.metrics.registry.get_sample_value(name, labels or None) or 0.0

    def __enter__(self) -> RunningNotifier:
        self._thread.start()
        wait_ready(self.settings.http_port)
        if self.error is not None:
            raise self.error
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        if self.error is not None:
            if exc is None:
                raise self.error
            traceback.print_exception(self.error)  # the crash behind the failed assertion


def start_process(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    """The notifier as its own process (`python -m services.notifier`), as in production."""
    env = {**os.environ, **settings_env(settings), "PYTHONPATH": str(REPO_ROOT)}
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "services.notifier"],
            env=env,
            stdout=log,
            stderr=log,
            cwd=REPO_ROOT,
        )
