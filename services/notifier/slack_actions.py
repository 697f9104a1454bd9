"""Buttons pressed in Slack (`POST /slack/actions`): feedback, false-positive silences, message updates."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import structlog
from aiohttp import web
from pydantic import ValidationError

from schemas import Feedback
from services.common.http_server import json_error
from services.notifier.blocks import (
    ACK_ACTION,
    FALSE_POSITIVE_ACTION,
    SlackMessage,
    escape,
    mark_acted,
)
from services.notifier.errors import DeliveryError
from services.notifier.kafka_io import Publish
from services.notifier.metrics import NotifierMetrics
from services.notifier.silences import false_positive_silence
from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)
ACTIONS = {ACK_ACTION: "acknowledged", FALSE_POSITIVE_ACTION: "false_positive"}


class SlackActions:
    """Turns a block_actions payload into Feedback (+ a silence for a false positive)."""

    def __init__(
        self,
        *,
        publish: Publish,
        sink: Sink,
        metrics: NotifierMetrics,
        feedback_topic: str,
        silences_topic: str,
        false_positive_silence_seconds: float,
    ) -> None:
        self._publish = publish
        self._sink = sink
        self._metrics = metrics
        self._feedback_topic = feedback_topic
        self._silences_topic = silences_topic
        self._silence_seconds = false_positive_silence_seconds
        self._background: set[asyncio.Task[None]] = set()

    async def handle(self, body: bytes) -> web.Response:
        """The response to a verified request body."""
        try:
            payload = json.loads(parse_qs(body.decode())["payload"][0])
        except (KeyError, IndexError, ValueError):
            return json_error(400, "no_payload", "the form has no JSON payload field")
        if not isinstance(payload, dict) or payload.get("type") != "block_actions":
            return web.Response(status=200)
        actions = payload.get("actions")
        for action in actions if isinstance(actions, list) else []:
            verdict = ACTIONS.get(action.get("action_id", "")) if isinstance(action, dict) else None
            if verdict is None:
                continue
            try:
                await self._act(payload, action, verdict)
            except (KeyError, TypeError, ValueError, AttributeError, ValidationError):
                log.warning("slack.action_invalid", action=verdict)
                return json_error(400, "invalid_action", "the action payload is not one of ours")
        return web.Response(status=200)

    async def _act(self, payload: dict[str, Any], action: dict[str, Any], verdict: str) -> None:
        value = json.loads(action.get("value") or "{}")
        user = payload.get("user", {})
        who = user.get("username") or user.get("name") or user.get("id") or "unknown"
        container = payload.get("container") or {}
        channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
        message = payload.get("message") or {}
        ts = message.get("ts") or container.get("message_ts")
        now = datetime.now(UTC)
        feedback = Feedback(
            alert_id=value["alert_id"],
            action=verdict,
            user=who,
            at=now,
            channel=channel,
            message_ts=ts,
        )
        await self._publish(
            self._feedback_topic, feedback.alert_id, feedback.model_dump_json().encode()
        )
        self._metrics.feedback.labels(action=verdict).inc()
        who_text = escape(str(who))
        note = (
            f":white_check_mark: Acknowledged by @{who_text}"
            if verdict == "acknowledged"
            else f":no_entry_sign: False positive — marked by @{who_text}"
        )
        if verdict == "false_positive":
            note += await self._silence(value, who, feedback.alert_id, now)
        log.info("feedback.published", alert_id=feedback.alert_id, action=verdict, user=who)
        if channel and ts and message.get("blocks"):
            updated = SlackMessage(
                text=message.get("text", ""),
                blocks=mark_acted(message["blocks"], feedback.alert_id, note),
            )
            task = asyncio.create_task(self._update(channel, ts, updated))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _silence(self, value: dict[str, Any], who: str, alert_id: str, now: datetime) -> str:
        """Silence the entity × party of a false positive; the note added to the message."""
        silence = false_positive_silence(
            value.get("entity_id"), value.get("party"), user=who, alert_id=alert_id,
            duration_seconds=self._silence_seconds, now=now,
        )  # fmt: skip
        if silence is None:
            return ""
        await self._publish(
            self._silences_topic, silence.silence_id, silence.model_dump_json().encode()
        )
        entity, party = escape(str(value.get("entity_id"))), escape(str(value.get("party")))
        return f" · silenced {entity} × {party}"

    async def _update(self, channel: str, ts: str, message: SlackMessage) -> None:
        try:
            await self._sink.update(channel, ts, message)
        except DeliveryError as exc:
            log.error("slack.update_failed", channel=channel, ts=ts, code=exc.code)
