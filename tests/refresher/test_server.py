"""The refresher process: /readyz waits for the read-back; a crashed refresh loop stops it."""

from __future__ import annotations

import asyncio
import threading
import urllib.error
import urllib.request

from services.common.embedded_broker import free_port
from services.refresher.refresh import Refresher
from services.refresher.server import serve
from services.refresher.settings import RefresherSettings


def _settings() -> RefresherSettings:
    return RefresherSettings(http_host="127.0.0.1", http_port=free_port())


def _status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_not_ready_until_the_topic_was_read_back_then_stops_cleanly() -> None:
    settings = _settings()
    refresher = Refresher(settings)
    reading = threading.Event()

    def wait_for_the_topic(stop: threading.Event) -> None:
        reading.set()
        stop.wait()  # a broker that does not answer: the read-back never finishes

    refresher.run = wait_for_the_topic  # type: ignore[method-assign]

    async def scenario() -> tuple[int, int, bool]:
        stop, started = asyncio.Event(), asyncio.Event()
        serving = asyncio.create_task(serve(refresher, stop, started))
        await started.wait()
        await asyncio.to_thread(reading.wait, 10)
        alive = await asyncio.to_thread(_status, settings.http_port, "/healthz")
        ready = await asyncio.to_thread(_status, settings.http_port, "/readyz")
        stop.set()
        return alive, ready, await serving

    assert asyncio.run(scenario()) == (200, 503, True)


def test_a_crash_in_the_refresh_loop_stops_the_service() -> None:
    refresher = Refresher(_settings())

    def crash(stop: threading.Event) -> None:
        raise RuntimeError("unexpected")

    refresher.run = crash  # type: ignore[method-assign]
    assert asyncio.run(asyncio.wait_for(serve(refresher, asyncio.Event()), 30)) is False
