"""Serve an aiohttp app on the hardened runner and talk raw bytes to it (malformed HTTP, slow
clients), for the ingest and notifier HTTP tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from services.common.embedded_broker import free_port
from services.common.http_server import GuardedAppRunner, HttpLimits


@asynccontextmanager
async def serving(app: web.Application, limits: HttpLimits) -> AsyncIterator[int]:
    """The app on 127.0.0.1:<port> for the duration of the block; yields the port."""
    runner = GuardedAppRunner(app, limits, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield port
    finally:
        await runner.cleanup()


@dataclass
class RawReply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def parse_replies(data: bytes) -> list[RawReply]:
    """Every HTTP/1.1 response in `data` (Content-Length framed, as our servers answer)."""
    replies = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])
        }
        length = int(headers.get("content-length", len(rest)))
        replies.append(RawReply(int(lines[0].split()[1]), headers, rest[:length]))
        data = rest[length:]
    return replies


async def exchange(port: int, payload: bytes, timeout: float = 10.0) -> bytes:
    """Send `payload`, then read until the server closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(payload)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
