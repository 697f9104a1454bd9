"""A screening runtime over the packaged excerpt of official lists, and a server in a thread."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.lists.watchlists.excerpt import excerpt_paths
from services.screening.api import ScreeningRuntime
from services.screening.server import build_runtime, serve
from services.screening.settings import ScreeningSettings

TOKEN = "screening-test-token-0123"
OTHER_TOKEN = "screening-other-token-4567"
SANCTIONED_PERSON = "Dmitry Olegovich Rogozin"
SANCTIONED_ID = "us_ofac_sdn:16649"
CLEAN_PERSON = "Maribel Okonkwo-Lindqvist"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_settings(**overrides: Any) -> ScreeningSettings:
    fields: dict[str, Any] = {
        "api_tokens": {"analyst": TOKEN, "other": OTHER_TOKEN},
        "watchlist_paths": excerpt_paths(),
        "follow_watchlists": False,
        "http_host": "127.0.0.1",
        "http_port": free_port(),
        "rate_limit_per_second": 0,
        **overrides,
    }
    return ScreeningSettings(**fields)


def make_runtime(**overrides: Any) -> ScreeningRuntime:
    return build_runtime(make_settings(**overrides))


@contextmanager
def running(runtime: ScreeningRuntime) -> Iterator[str]:
    """Serve the runtime (serve(), follower included) on a thread; yields the base URL."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    started = threading.Event()

    async def main() -> None:
        ready = asyncio.Event()
        task = asyncio.create_task(serve(runtime, stop, ready))
        await ready.wait()
        started.set()
        await task

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    assert started.wait(30), "the screening server did not start"
    settings = runtime.settings
    try:
        yield f"http://{settings.http_host}:{settings.http_port}"
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()


def call(
    base: str,
    method: str,
    path: str,
    body: bytes | None = None,
    token: str | None = TOKEN,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base + path, data=body, method=method)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def call_json(base: str, method: str, path: str, payload: Any = None, **kw: Any) -> tuple[int, Any]:
    body = None if payload is None else json.dumps(payload).encode()
    status, _, raw = call(base, method, path, body, **kw)
    return status, json.loads(raw) if raw else None
