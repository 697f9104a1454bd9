"""The sinks without a Web API token: an incoming webhook (one channel, no threads) and the
console (the demo default)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.webhook.async_client import AsyncWebhookClient

from schemas import Alert
from services.notifier.blocks import SlackMessage
from services.notifier.console import render_console
from services.notifier.errors import PermanentDeliveryError, TransientDeliveryError
from services.notifier.metrics import NotifierMetrics
from services.notifier.sinks import NETWORK_ERRORS, CountingRateLimitHandler, classify


class ThreadlessSink:
    """What a destination without threads, edits or history answers: nothing to update,
    delete or find, so delivery posts every batch as a new message."""

    supports_threads = False

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        return None

    async def delete(self, channel: str, ts: str) -> None:
        return None

    async def find_group_parents(self, channel: str, group: str, oldest: float) -> list[str]:
        return []

    async def find_posted(
        self, channel: str, message_id: str, thread_ts: str | None, oldest: float
    ) -> str | None:
        return None

    async def close(self) -> None:
        return None


class WebhookSink(ThreadlessSink):
    """An incoming webhook: the simplest set-up; one fixed channel, no threads, no updates."""

    def __init__(
        self, url: str, *, timeout: float, metrics: NotifierMetrics, max_rate_limit_retries: int
    ) -> None:
        handlers: list[AsyncRetryHandler] = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            CountingRateLimitHandler(metrics, max_rate_limit_retries),
        ]
        self.client = AsyncWebhookClient(url, timeout=int(timeout), retry_handlers=handlers)
        self._metrics = metrics

    async def check(self) -> bool:
        return True  # a webhook has no auth.test; a bad URL shows up as a dead letter

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
        started = time.perf_counter()
        try:
            response = await self.client.send(
                text=message.text, blocks=message.blocks, unfurl_links=False
            )
        except NETWORK_ERRORS as exc:
            self._metrics.slack_requests.labels(method="webhook", status="error").inc()
            raise classify(exc, channel=channel, method="webhook") from exc
        finally:
            self._metrics.request_latency.labels(method="webhook").observe(
                time.perf_counter() - started
            )
        outcome = (
            "ok"
            if response.status_code < 300
            else "rate_limited"
            if response.status_code == 429
            else "error"
        )
        self._metrics.slack_requests.labels(method="webhook", status=outcome).inc()
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientDeliveryError(
                response.body[:200],
                channel=channel,
                method="webhook",
                code=f"http_{response.status_code}",
            )
        if response.status_code != 200:
            raise PermanentDeliveryError(
                response.body[:200],
                channel=channel,
                method="webhook",
                code=response.body[:60] or f"http_{response.status_code}",
            )
        return None


class ConsoleSink(ThreadlessSink):
    """No token: print each alert readably (the demo default)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    async def check(self) -> bool:
        return True

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
        for alert in alerts:
            self.stream.write(render_console(alert, channel) + "\n")
        self.stream.flush()
        return None
