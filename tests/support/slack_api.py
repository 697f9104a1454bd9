"""A local server that answers like Slack's Web API (and an incoming webhook), for tests and demos.

    with FakeSlack() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
        slack.rate_limit_every = 3            # every 3rd call: 429 + Retry-After
        slack.start_outage(30)                # 503 for 30 s
        slack.channel_errors["#gone"] = "channel_not_found"
        slack.auth_error = "invalid_auth"
        slack.after_post = lambda message: ...  # runs once Slack has taken a message, before
                                                # the 200 leaves (e.g. kill the poster there)
        ...
        slack.messages                        # accepted chat.postMessage payloads (+ "ts")

It runs aiohttp in its own thread, so synchronous tests and other event loops can use it.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from services.common.embedded_broker import free_port

Payload = dict[str, Any]


def alert_ids_in(message: Payload) -> list[str]:
    """The alerts a posted message carries (the notifier gives each alert its own actions block)."""
    return [
        b["block_id"].split(":", 1)[1]
        for b in message.get("blocks", [])
        if b.get("block_id", "").startswith("actions:")
    ]


class FakeSlack:
    """Slack Web API look-alike: auth.test, chat.post/update/delete, conversations.history/replies."""

    def __init__(self, *, retry_after_seconds: int = 1) -> None:
        self.port = free_port()
        self.retry_after_seconds = retry_after_seconds
        self.rate_limit_every: int | None = None
        self.outage_until = 0.0
        self.outage_status = 503
        self.channel_errors: dict[str, str] = {}
        self.auth_error: str | None = None
        self.after_post: Callable[[Payload], None] | None = None
        self.messages: list[Payload] = []
        self.updates: list[Payload] = []
        self.deleted: list[Payload] = []
        self.webhook_posts: list[Payload] = []
        self.requests: list[tuple[str, Payload]] = []
        self.rate_limited = 0
        self.server_errors = 0
        self._calls = 0
        self._ts = int(time.time()) * 1_000_000
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._started = threading.Event()

    # ---- what tests read -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook/T000/B000/XXXX"

    def top_level(self, channel: str | None = None) -> list[Payload]:
        """Messages posted to a channel itself (not in a thread)."""
        return [
            m for m in self.snapshot() if not m.get("thread_ts") and channel in (None, m["channel"])
        ]

    def replies(self, thread_ts: str) -> list[Payload]:
        return [m for m in self.snapshot() if m.get("thread_ts") == thread_ts]

    def snapshot(self) -> list[Payload]:
        with self._lock:
            return list(self.messages)

    def posted_alert_ids(self) -> list[str]:
        """Every alert id carried by a posted message, once per message that carried it."""
        return [alert_id for message in self.snapshot() for alert_id in alert_ids_in(message)]

    def start_outage(self, seconds: float, status: int = 503) -> None:
        """Answer every call with `status` for the next `seconds`."""
        self.outage_status = status
        self.outage_until = time.monotonic() + seconds

    # ---- the server ------------------------------------------------------------------------
    def _next_ts(self) -> str:
        self._ts += 100
        return f"{self._ts // 1_000_000}.{self._ts % 1_000_000:06d}"

    async def _payload(self, request: web.Request) -> Payload:
        body = await request.read()
        payload: Payload = dict(request.query)
        if not body:
            return payload
        if request.content_type == "application/json":
            payload.update(json.loads(body))
        else:
            payload.update(dict(parse_qsl(body.decode())))
            if isinstance(payload.get("blocks"), str):
                payload["blocks"] = json.loads(payload["blocks"])
        return payload

    def _failure(self) -> web.Response | None:
        """The programmed failure for this call, if any (counted over every API call)."""
        self._calls += 1
        if time.monotonic() < self.outage_until:
            self.server_errors += 1
            return web.Response(status=self.outage_status, text="upstream unavailable")
        if self.rate_limit_every and self._calls % self.rate_limit_every == 0:
            self.rate_limited += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.retry_after_seconds)},
            )
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await self._payload(request)
        with self._lock:
            self.requests.append((method, payload))
            failure = self._failure()
            if failure is not None:
                return failure
            if self.auth_error:
                return web.json_response({"ok": False, "error": self.auth_error})
            channel = str(payload.get("channel", ""))
            if channel in self.channel_errors and method.startswith(("chat.", "conversations.")):
                return web.json_response({"ok": False, "error": self.channel_errors[channel]})
            return web.json_response(self._answer(method, payload, channel))

    def _answer(self, method: str, payload: Payload, channel: str) -> Payload:
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": "UBOT",
                "team_id": "T000",
                "bot_id": "BBOT",
                "url": "https://fake.slack/",
            }
        if method == "chat.postMessage":
            message = {**payload, "ts": self._next_ts()}
            self.messages.append(message)
            if self.after_post is not None:
                self.after_post(message)
            return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
        if method == "chat.delete":
            ts = payload.get("ts")
            self.deleted.extend(m for m in self.messages if m["ts"] == ts)
            self.messages[:] = [m for m in self.messages if m["ts"] != ts]
            return {"ok": True, "channel": channel, "ts": ts}
        if method == "chat.update":
            self.updates.append(dict(payload))
            return {
                "ok": True,
                "channel": channel,
                "ts": payload.get("ts"),
                "text": payload.get("text", ""),
            }
        if method in ("conversations.history", "conversations.replies"):
            oldest = float(payload.get("oldest") or 0)
            thread = payload.get("ts")
            found = [
                m
                for m in self.messages
                if m["channel"] == channel
                and float(m["ts"]) >= oldest
                and (
                    m.get("thread_ts") == thread or m["ts"] == thread
                    if thread
                    else not m.get("thread_ts")
                )
            ]
            return {
                "ok": True,
                "messages": sorted(found, key=lambda m: m["ts"], reverse=True),
                "has_more": False,
            }
        return {"ok": False, "error": "unknown_method"}

    async def _webhook(self, request: web.Request) -> web.Response:
        payload = json.loads(await request.read())
        with self._lock:
            self.requests.append(("webhook", payload))
            failure = self._failure()
            if failure is not None:
                return failure
            if self.auth_error:
                return web.Response(status=403, text="invalid_token")
            self.webhook_posts.append(payload)
        return web.Response(text="ok")

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/webhook/{path:.*}", self._webhook)
        self._runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(self._runner.setup())
        loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        self._started.set()
        loop.run_forever()
        loop.run_until_complete(self._runner.cleanup())
        loop.close()

    def start(self) -> FakeSlack:
        self._thread = threading.Thread(target=self._serve, name="fake-slack", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("fake Slack did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
