"""docker-compose.yml kept true: each service runs with the command and environment compose gives it.

No Docker engine runs here, so this reads the compose file and starts the same commands as local
processes against the real broker, with only what container networking would otherwise provide
substituted: the `kafka` host name → the test broker, a mounted volume's container path → the host
folder mounted there, a published port → a free loopback port, the image's /opt/chokepoint
scripts → the repository's deploy/ copies. Shell variables compose would read (the API token, the
Slack token and API address) are set as a user would set them before `docker compose up`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.common.embedded_broker import free_port
from services.common.local_broker import LocalBroker
from tests.support.faults import metric_sum
from tests.support.kafka_io import wait_for
from tests.support.list_server import ListServer, un_list
from tests.support.ops_files import COMPOSE_FILE, DEPLOY, load_yaml
from tests.support.slack_api import FakeSlack

pytestmark = pytest.mark.integration
APP_SERVICES = ("ingest", "detector", "notifier", "refresher")
BIN = Path(sys.executable).parent
IMAGE_HOME = "/var/lib/chokepoint"  # deploy/Dockerfile: the service user's home and working dir
_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")
REFRESHED_UN_DATE = datetime(2026, 3, 2, tzinfo=UTC)
REFRESHED_UN = un_list(generated="2026-03-02T00:00:00Z")
SHIPMENT = {
    "record_id": "compose-1",
    "source": "compose-test",
    "declaration_date": "2026-10-20",
    "exporter": {"name": "Shenzhen Skyline Electronics Co., Ltd.", "country": "cn"},
    "importer": {"name": "Special Technology Center", "country": "ru"},
    "hs_code": "8542.31",
    "goods_description": "integrated circuits, processors",
    "destination_country": "ru",
}


def interpolate(value: Any, shell: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} against the given shell variables."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        if shell.get(name):
            return shell[name]
        if op == ":?":
            raise AssertionError(f"compose needs {name}: {arg}")
        return arg if op == ":-" else ""

    return _VARIABLE.sub(one, str(value))


def service_environment(
    spec: dict[str, Any], shell: dict[str, str], substitutions: dict[str, str]
) -> dict[str, str]:
    """The environment compose passes: values interpolated, bare keys passed through from the
    shell when set there, then container-only addresses and paths substituted."""
    env: dict[str, str] = {}
    for key, value in (spec.get("environment") or {}).items():
        if value is None:
            if shell.get(key):
                env[key] = shell[key]
            continue
        text = interpolate(value, shell)
        for container_value, local_value in substitutions.items():
            text = text.replace(container_value, local_value)
        env[key] = text
    return env


def mounted_paths(spec: dict[str, Any], shell: dict[str, str]) -> dict[str, str]:
    """Container path → host path for each bind mount (relative to the compose file)."""
    paths = {}
    for volume in spec.get("volumes", []):
        source, target = interpolate(volume, shell).split(":")[:2]
        if source.startswith((".", "/")):
            paths[target] = str((COMPOSE_FILE.parent / source).resolve())
    return paths


def local_command(spec: dict[str, Any]) -> list[str]:
    """The service's command with the image's entry points mapped to this checkout's."""
    command = [str(part) for part in spec["command"]]
    if command[0] == "python":
        command[0] = sys.executable
    elif (BIN / command[0]).exists():
        command[0] = str(BIN / command[0])
    return [part.replace("/opt/chokepoint/", f"{DEPLOY}/") for part in command]


class ComposeProject:
    """Every app service of docker-compose.yml as a local process, in compose's start order."""

    def __init__(self, broker: LocalBroker, shell: dict[str, str], work_dir: Path) -> None:
        self.compose = load_yaml(COMPOSE_FILE)
        self.shell = shell
        self.work_dir = work_dir
        self.ports: dict[str, int] = {}
        self.substitutions = {"kafka:9092": broker.bootstrap_servers}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def environment(self, name: str) -> dict[str, str]:
        spec = self.compose["services"][name]
        substitutions = {**self.substitutions, **mounted_paths(spec, self.shell)}
        env = service_environment(spec, self.shell, substitutions)
        for key, value in list(env.items()):
            if key.endswith("_PORT"):
                env[key] = str(free_port())
                if not key.endswith("_PUBLIC_HTTP_PORT"):  # the port with /readyz
                    self.ports[name] = int(env[key])
            elif value.startswith(IMAGE_HOME):  # the image user's writable home
                home = self.work_dir / name / "home"
                home.mkdir(parents=True, exist_ok=True)
                env[key] = str(home) + value.removeprefix(IMAGE_HOME)
        return env

    def run_once(self, name: str) -> None:
        spec = self.compose["services"][name]
        result = subprocess.run(
            local_command(spec),
            env={**os.environ, **self.environment(name)},
            capture_output=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stderr.decode()[-3000:]

    def start(self, name: str) -> None:
        spec = self.compose["services"][name]
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(tuple(f"{s.upper()}_" for s in APP_SERVICES))
        }
        env.update(self.environment(name))
        log = open(self.work_dir / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
        self.processes[name] = subprocess.Popen(
            local_command(spec),
            env=env,
            stdout=log,
            stderr=log,
            cwd=self.work_dir,
            start_new_session=True,
        )
        log.close()

    def url(self, name: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def ready(self, name: str) -> bool:
        process = self.processes[name]
        assert process.poll() is None, (self.work_dir / f"{name}.log").read_text()[-3000:]
        try:
            with urllib.request.urlopen(self.url(name, "/readyz"), timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def project(
    kafka_broker: LocalBroker, tmp_path: Path
) -> Iterator[tuple[ComposeProject, FakeSlack]]:
    if not (COMPOSE_FILE.parent / "../shared/data").exists() and not os.environ.get(
        "CHOKEPOINT_SHARED_DATA"
    ):
        pytest.skip("compose mounts ../shared/data (CHOKEPOINT_SHARED_DATA), absent here")
    # The refresher fetches from a local mirror (REFRESHER_SOURCES, passed through as a user
    # would set it) instead of the official URLs: a UN list dated after the shared one.
    with FakeSlack() as slack, ListServer(REFRESHED_UN, path="/consolidated.xml") as mirror:
        shell = {
            "INGEST_API_TOKEN": "compose-test-token-0123456789",
            "NOTIFIER_SLACK_BOT_TOKEN": "xoxb-compose-test",
            "NOTIFIER_SLACK_BASE_URL": slack.base_url,
            "TOPICS_PARTITIONS": "3",
            "REFRESHER_SOURCES": json.dumps({"un_sc_sanctions": mirror.url}),
        }
        if os.environ.get("CHOKEPOINT_SHARED_DATA"):
            shell["CHOKEPOINT_SHARED_DATA"] = os.environ["CHOKEPOINT_SHARED_DATA"]
        running = ComposeProject(kafka_broker, shell, tmp_path)
        try:
            yield running, slack
        finally:
            running.stop()


def test_services_run_as_compose_starts_them_and_a_shipment_reaches_slack(
    project: tuple[ComposeProject, FakeSlack],
) -> None:
    compose, slack = project
    compose.run_once("topics")  # the one-shot every service waits for
    for name in APP_SERVICES:
        compose.start(name)
    for name in APP_SERVICES:
        wait_for(lambda name=name: compose.ready(name), timeout_seconds=180, interval=0.5)
    request = urllib.request.Request(
        compose.url("ingest", "/v1/shipments"),
        data=json.dumps(SHIPMENT).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {compose.shell['INGEST_API_TOKEN']}",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 202
    started = time.monotonic()
    wait_for(
        lambda: any("compose-1" in json.dumps(m) for m in slack.snapshot()), timeout_seconds=120
    )
    [message] = [m for m in slack.snapshot() if "compose-1" in json.dumps(m)]
    channel = interpolate(
        compose.compose["services"]["notifier"]["environment"]["NOTIFIER_DEFAULT_CHANNEL"],
        compose.shell,
    )
    assert message["channel"] == channel
    assert "SPECIAL TECHNOLOGY CENTER" in json.dumps(message).upper()
    print(f"shipment → Slack through the compose services in {time.monotonic() - started:.1f}s")
    # The refresher published the mirror's UN list; the detector swapped it in and exports the
    # list's own publication date.
    wait_for(
        lambda: (
            metric_sum(
                _text(compose.url("detector", "/metrics")),
                "chokepoint_detector_watchlist_published_timestamp_seconds",
                watchlist="un_sc_sanctions",
            )
            == REFRESHED_UN_DATE.timestamp()
        ),
        timeout_seconds=120,
    )


def _text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def test_interpolation_follows_compose_rules() -> None:
    shell = {"SET": "x"}
    assert interpolate("${SET:-d}", shell) == "x"
    assert interpolate("${UNSET:-d}", shell) == "d"
    assert interpolate("a-${UNSET}-b", shell) == "a--b"
    with pytest.raises(AssertionError, match="needs UNSET"):
        interpolate("${UNSET:?set it}", shell)
