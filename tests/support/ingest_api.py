"""A fake Kafka sink and a way to drive the ingest app in-process (no broker, no network port)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from schemas import DeadLetter
from services.common.http_server import GuardedAppRunner, HttpLimits
from services.ingest.api import IngestRuntime, create_app
from services.ingest.errors import PublishError
from services.ingest.publisher import OutgoingMessage
from services.ingest.server import build_runtime
from services.ingest.settings import Settings

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NDJSON = {"Content-Type": "application/x-ndjson", **AUTH}
JSON = {"Content-Type": "application/json", **AUTH}


@dataclass
class FakeSink:
    """Keeps what was published; `down=True` makes it fail like an unreachable broker."""

    messages: list[OutgoingMessage] = field(default_factory=list)
    down: bool = False

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        if self.down:
            raise PublishError("broker down", pending=len(messages))
        self.messages.extend(messages)

    def on(self, topic: str) -> list[OutgoingMessage]:
        return [m for m in self.messages if m.topic == topic]

    def dead_letters(self, topic: str) -> list[DeadLetter]:
        return [DeadLetter.model_validate_json(m.value) for m in self.on(topic)]

    def records(self, topic: str) -> list[dict[str, Any]]:
        return [json.loads(m.value) for m in self.on(topic)]


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"api_token": TOKEN, "rate_limit_per_second": 0, **overrides}
    return Settings(**values)


def ready_runtime(settings: Settings, sink: FakeSink) -> IngestRuntime:
    runtime = build_runtime(settings)
    runtime.sink = sink
    runtime.topics_ready = True
    runtime.set_kafka_ready(True)
    return runtime


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]


class SyncClient:
    """Calls the app from synchronous tests (hypothesis needs that) on a private event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, client: TestClient) -> None:  # type: ignore[type-arg]
        self.loop = loop
        self.client = client

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Reply:
        async def call() -> Reply:
            data = io.BytesIO(body) if len(body) > 1_000_000 else body  # aiohttp warns on big bytes
            async with self.client.request(method, path, data=data, headers=headers) as resp:
                text = await resp.text()
                try:
                    parsed: Any = json.loads(text)
                except ValueError:
                    parsed = text
                return Reply(resp.status, parsed, dict(resp.headers))

        return self.loop.run_until_complete(call())

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> Reply:
        return self.request("POST", path, body, NDJSON if headers is None else headers)


class GuardedTestServer(TestServer):
    """aiohttp's TestServer on the services' hardened runner (JSON errors, timeouts, limits)."""

    def __init__(self, app: web.Application, limits: HttpLimits) -> None:
        super().__init__(app)
        self._limits = limits

    async def _make_runner(self, **kwargs: Any) -> web.AppRunner:
        return GuardedAppRunner(self.app, self._limits, **kwargs)


@contextmanager
def running_app(runtime: IngestRuntime) -> Iterator[SyncClient]:
    with serving_app(create_app(runtime), runtime.settings.http_limits()) as client:
        yield client


@contextmanager
def serving_app(app: web.Application, limits: HttpLimits) -> Iterator[SyncClient]:
    """Any aiohttp app on the hardened runner, called from synchronous tests."""
    loop = asyncio.new_event_loop()
    client = TestClient(GuardedTestServer(app, limits), loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        yield SyncClient(loop, client)
    finally:
        loop.run_until_complete(client.close())
        loop.close()
