"""`POST /slack/commands`: the `/chokepoint` slash command answered within Slack's 3 s."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import structlog
from aiohttp import web

from services.notifier.blocks import escape
from services.notifier.daily_counts import CONSUMED, POSTED
from services.notifier.kafka_io import Publish
from services.notifier.metrics import NotifierMetrics
from services.notifier.silences import SilenceBook
from services.notifier.slash_command import (
    NOT_CONFIGURED,
    Command,
    CommandError,
    NotifierView,
    ScreeningClient,
    ephemeral,
    hs_answer,
    parse_command,
    screen_answer,
    silence_command,
    silences_answer,
    status_answer,
    usage_answer,
)

log = structlog.get_logger(__name__)
COMMAND_DEADLINE_SECONDS = 2.5  # Slack shows an error after 3 s without an answer


class SlashCommands:
    """Answers `/chokepoint screen|hs|silences|silence|status|help` as ephemeral messages."""

    def __init__(
        self,
        *,
        publish: Publish,
        metrics: NotifierMetrics,
        silences_topic: str,
        silences: SilenceBook | None,
        screening: ScreeningClient | None,
        slack_ready: Callable[[], bool] | None,
    ) -> None:
        self._publish = publish
        self._metrics = metrics
        self._silences_topic = silences_topic
        self._silences = silences
        self._screening = screening
        self._slack_ready = slack_ready

    async def handle(self, body: bytes) -> web.Response:
        """The answer to a verified request body: always a 200 with a message, never a 5xx."""
        form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items() if v}
        command = parse_command(form.get("text", ""))
        try:
            answer = await asyncio.wait_for(
                self._answer(command, form), timeout=COMMAND_DEADLINE_SECONDS
            )
        except CommandError as exc:
            answer = ephemeral(f":warning: {escape(str(exc))}")
        except TimeoutError:
            answer = ephemeral(":hourglass: That took too long; try again in a moment.")
        except Exception:  # Slack would show the user a bare failure
            log.exception("slack.command_failed", subcommand=command.name)
            answer = ephemeral(":warning: Something went wrong; the notifier's log has the detail.")
        log.info("slack.command", subcommand=command.name, user=form.get("user_id"))
        return web.json_response(answer)

    async def _answer(self, command: Command, form: dict[str, str]) -> dict[str, Any]:
        now = datetime.now(UTC)
        screening = self._screening
        if command.name == "screen" and command.screen is not None:
            if screening is None:
                return ephemeral(NOT_CONFIGURED)
            return screen_answer(command.screen, await screening.match(command.screen))
        if command.name == "hs":
            if screening is None:
                return ephemeral(NOT_CONFIGURED)
            return hs_answer(await screening.hs(command.args[0]))
        if command.name == "silences":
            return silences_answer(self._silences, now)
        if command.name == "silence":
            who = form.get("user_name") or form.get("user_id") or "unknown"
            return await silence_command(
                command.args, user=who, publish=self._publish,
                silences_topic=self._silences_topic, now=now,
            )  # fmt: skip
        if command.name == "status":
            return await self._status()
        return usage_answer(command.problem)

    async def _status(self) -> dict[str, Any]:
        catalog, note = None, NOT_CONFIGURED
        if self._screening is not None:
            try:
                catalog = await self._screening.catalog()
            except CommandError as exc:
                note = str(exc)
        return status_answer(self._view(), catalog, note)

    def _view(self) -> NotifierView:
        now = datetime.now(UTC)
        today = self._metrics.today.today(now)
        return NotifierView(
            alerts_consumed_today=today.get(CONSUMED, 0),
            alerts_posted_today=today.get(POSTED, 0),
            counted_since=self._metrics.today.counted_since(now),
            consumer_lag=self._metrics.registry.get_sample_value(
                "chokepoint_notifier_consumer_lag_messages", {"topic": "alerts"}
            ),
            slack_ready=self._slack_ready() if self._slack_ready is not None else None,
        )
