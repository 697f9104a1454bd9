"""Slack readiness: `auth.test` until it passes, so /readyz recovers when Slack comes back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import structlog

from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)


async def wait_for_slack_auth(
    sink: Sink, interval_seconds: float, on_ready: Callable[[], None]
) -> None:
    """Call the sink's auth check every `interval_seconds` until it passes, then `on_ready()`."""
    attempts = 1
    while not await sink.check():
        log.warning("slack.auth_retry", attempts=attempts, retry_in_seconds=interval_seconds)
        await asyncio.sleep(interval_seconds)
        attempts += 1
    log.info("slack.auth_ok", attempts=attempts)
    on_ready()
