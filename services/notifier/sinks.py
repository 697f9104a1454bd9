"""Where messages go: Slack's Web API, an incoming webhook, or the console.

Each sink turns failures into TransientDeliveryError (retry) or PermanentDeliveryError
(dead-letter).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from schemas import Alert
from services.notifier.blocks import SlackMessage
from services.notifier.errors import PermanentDeliveryError, TransientDeliveryError
from services.notifier.metrics import NotifierMetrics

# Slack error codes that go away by themselves; any other code is permanent for the message.
TRANSIENT_CODES = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
    }
)
METADATA_EVENT = "chokepoint_alerts"


class Sink(Protocol):
    supports_threads: bool

    async def check(self) -> bool: ...

    async def post(
        self,
        channel: str,
        message: SlackMessage,
        *,
        alerts: list[Alert],
        thread_ts: str | None,
        message_id: str,
        group: str = "",
    ) -> str | None: ...

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None: ...

    async def delete(self, channel: str, ts: str) -> None: ...

    async def find_group_parents(self, channel: str, group: str, oldest: float) -> list[str]: ...

    async def find_posted(
        self, channel: str, message_id: str, thread_ts: str | None, oldest: float
    ) -> str | None: ...

    async def close(self) -> None: ...


class CountingRateLimitHandler(AsyncRateLimitErrorRetryHandler):
    """slack-sdk's Retry-After handler, counting each 429 it waits out."""

    def __init__(self, metrics: NotifierMetrics, max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._metrics = metrics

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self._metrics.rate_limited.inc()
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


def classify(
    exc: Exception, *, channel: str, method: str
) -> TransientDeliveryError | PermanentDeliveryError:
    """Map an SDK or network failure to retry-or-dead-letter."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        code = str(data.get("error") or f"http_{status}")
        if status == 429 or status >= 500 or code in TRANSIENT_CODES:
            return TransientDeliveryError(str(exc)[:200], channel=channel, method=method, code=code)
        return PermanentDeliveryError(str(exc)[:200], channel=channel, method=method, code=code)
    return TransientDeliveryError(
        repr(exc)[:200], channel=channel, method=method, code=type(exc).__name__
    )


NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


class SlackWebSink:
    """chat.postMessage / chat.update through slack-sdk's AsyncWebClient."""

    supports_threads = True

    def __init__(
        self,
        token: str,
        *,
        base_url: str,
        timeout: float,
        metrics: NotifierMetrics,
        max_rate_limit_retries: int,
    ) -> None:
        handlers: list[AsyncRetryHandler] = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            CountingRateLimitHandler(metrics, max_rate_limit_retries),
        ]
        self.client = AsyncWebClient(
            token=token, base_url=base_url, timeout=int(timeout), retry_handlers=handlers
        )
        self._metrics = metrics

    async def _call(self, method: str, target: str, **kwargs: Any) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            response = (
                await self.client.api_call(method, json=kwargs)
                if method.startswith("chat.")
                else await self.client.api_call(method, http_verb="GET", params=kwargs)
            )
            self._metrics.slack_requests.labels(method=method, status="ok").inc()
            return dict(response.data) if isinstance(response.data, dict) else {}
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            status = "rate_limited" if _is_rate_limited(exc) else "error"
            self._metrics.slack_requests.labels(method=method, status=status).inc()
            raise classify(exc, channel=target, method=method) from exc
        finally:
            self._metrics.request_latency.labels(method=method).observe(
                time.perf_counter() - started
            )

    async def check(self) -> bool:
        try:
            await self._call("auth.test", "-")
            return True
        except (TransientDeliveryError, PermanentDeliveryError):
            return False

    async def post(
        self,
        channel: str,
        message: SlackMessage,
        *,
        alerts: list[Alert],
        thread_ts: str | None,
        message_id: str,
        group: str = "",
    ) -> str | None:
        payload = (
            {"message_id": message_id, "group": group} if group else {"message_id": message_id}
        )
        metadata = {"event_type": METADATA_EVENT, "event_payload": payload}
        args: dict[str, Any] = {
            "channel": channel,
            "text": message.text,
            "blocks": message.blocks,
            "metadata": metadata,
            "unfurl_links": False,
        }
        if thread_ts:
            args["thread_ts"] = thread_ts
        data = await self._call("chat.postMessage", channel, **args)
        return str(data["ts"])

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        await self._call(
            "chat.update", channel, channel=channel, ts=ts, text=message.text, blocks=message.blocks
        )

    async def delete(self, channel: str, ts: str) -> None:
        await self._call("chat.delete", channel, channel=channel, ts=ts)

    async def find_group_parents(self, channel: str, group: str, oldest: float) -> list[str]:
        """The ts of every channel-level message of this group posted since `oldest`."""
        args = {"channel": channel, "oldest": f"{oldest:.6f}", "include_all_metadata": True}
        data = await self._call("conversations.history", channel, **args, limit=200)
        return [
            str(m["ts"])
            for m in data.get("messages", [])
            if ((m.get("metadata") or {}).get("event_payload") or {}).get("group") == group
        ]

    async def find_posted(
        self, channel: str, message_id: str, thread_ts: str | None, oldest: float
    ) -> str | None:
        """The ts of a message we posted (found by its metadata) since `oldest`, if Slack has it."""
        args: dict[str, Any] = {
            "channel": channel,
            "oldest": f"{oldest:.6f}",
            "include_all_metadata": True,
            "limit": 200,
        }
        method = "conversations.history"
        if thread_ts:
            method, args["ts"] = "conversations.replies", thread_ts
        data = await self._call(method, channel, **args)
        for message in data.get("messages", []):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("message_id") == message_id:
                return str(message["ts"])
        return None

    async def close(self) -> None:
        if self.client.session is not None:
            await self.client.session.close()


def _is_rate_limited(exc: BaseException) -> bool:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None) == 429
