"""A Tansu broker keeping its data in a local S3 server (moto): it survives kill -9 and restart.

The session `broker` fixture uses memory storage, which a restart wipes; this one is for the test
that kills the broker mid-stream. It needs `moto[server]` (a dev dependency) for `moto_server`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType

from services.common.embedded_broker import EmbeddedBroker, free_port, wait_for_port

BUCKET = "tansu"


def moto_server_command() -> list[str]:
    """`moto_server` next to this interpreter, else on PATH; raises if moto[server] is missing."""
    beside = Path(sys.executable).with_name("moto_server")
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if not found:
        raise FileNotFoundError("moto_server not found: install the dev dependency moto[server]")
    return [found]


class S3BackedBroker:
    """moto S3 on one free port, Tansu on another with `s3://tansu/` storage; kill/restart Tansu."""

    kind = "tansu"
    keeps_topic_configs = False

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.port = free_port()
        self.s3_port = free_port()
        self._s3: subprocess.Popen[bytes] | None = None
        self._broker: EmbeddedBroker | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def start(self) -> S3BackedBroker:
        self._s3 = self._spawn(
            [*moto_server_command(), "-H", "127.0.0.1", "-p", str(self.s3_port)], "moto.log"
        )
        wait_for_port(self.s3_port, timeout_seconds=30)
        request = urllib.request.Request(f"{self.s3_endpoint}/{BUCKET}", method="PUT")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, f"could not create bucket {BUCKET}"
        self.start_broker()
        return self

    def start_broker(self) -> None:
        """Start Tansu on the same port as before, reading what it stored in S3."""
        self._broker = EmbeddedBroker(
            self.port,
            self.log_dir / "tansu.log",
            storage_engine=f"s3://{BUCKET}/",
            extra_env={
                "AWS_ENDPOINT": self.s3_endpoint,
                "AWS_ALLOW_HTTP": "true",
                "AWS_ACCESS_KEY_ID": "test",
                "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "us-east-1",
            },
        ).start()

    def kill(self) -> None:
        self.kill_broker()

    def restart_after_kill(self) -> None:
        self.start_broker()

    def kill_broker(self) -> None:
        """kill -9 the broker: no flush, no goodbye to clients."""
        if self._broker is not None:
            self._broker.kill()
        self._broker = None

    def stop(self) -> None:
        self.kill_broker()
        if self._s3 is not None and self._s3.poll() is None:
            os.killpg(self._s3.pid, signal.SIGTERM)
            try:
                self._s3.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._s3.pid, signal.SIGKILL)
                self._s3.wait()
        self._s3 = None

    def _spawn(self, command: list[str], log_name: str) -> subprocess.Popen[bytes]:
        """A child in its own process group, logging to a file in log_dir."""
        with open(self.log_dir / log_name, "ab") as log:
            return subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def __enter__(self) -> S3BackedBroker:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
