"""The notifier's one HTTP port: ops routes, Slack's interactive endpoint and the silences API."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from slack_sdk.signature import SignatureVerifier

from schemas import Feedback, Silence
from schemas.control import SilenceMatcher
from services.common.ops_http import add_ops_routes
from services.notifier.blocks import ACK_ACTION, FALSE_POSITIVE_ACTION, SlackMessage, mark_acted
from services.notifier.errors import DeliveryError
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook, expired, false_positive_silence, new_silence
from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)
Publish = Callable[[str, str, bytes], Awaitable[None]]  # (topic, key, value)
ACTIONS = {ACK_ACTION: "acknowledged", FALSE_POSITIVE_ACTION: "false_positive"}


class SilenceRequest(BaseModel):
    """POST /silences body."""

    model_config = ConfigDict(extra="forbid")

    matcher: SilenceMatcher
    created_by: str = Field(min_length=1)
    comment: str = ""
    duration_seconds: float = Field(gt=0)


class ReplayGuard:
    """Signatures seen within the verifier's window: a replayed request is refused even if fresh."""

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._seen: dict[str, float] = {}

    def first_time(self, signature: str) -> bool:
        now = time.monotonic()
        self._seen = {s: t for s, t in self._seen.items() if now - t < self._window}
        if signature in self._seen:
            return False
        self._seen[signature] = now
        return True


def build_app(
    *,
    settings: Settings,
    metrics: NotifierMetrics,
    ready_check: Callable[[], dict[str, bool]],
    publish: Publish,
    sink: Sink,
    silences: SilenceBook,
    feedback_topic: str,
    silences_topic: str,
) -> web.Application:
    """The aiohttp application; I/O comes in as callables so tests can drive it directly."""
    app = web.Application()
    add_ops_routes(app, metrics.registry, ready_check)
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret else None
    replays = ReplayGuard(settings.signature_max_age_seconds)
    background: set[asyncio.Task[None]] = set()

    def verified(body: bytes, headers: Any) -> bool:
        if verifier is None or not verifier.is_valid_request(body, headers):
            return False
        stamp = headers.get("X-Slack-Request-Timestamp", "0")
        if abs(time.time() - int(stamp)) > settings.signature_max_age_seconds:
            return False
        return replays.first_time(headers.get("X-Slack-Signature", ""))

    async def slack_actions(request: web.Request) -> web.Response:
        if verifier is None:
            return web.json_response({"error": "interactivity is not configured"}, status=503)
        body = await request.read()
        if not verified(body, request.headers):
            metrics.rejected_requests.inc()
            log.warning("slack.signature_rejected", remote=request.remote)
            return web.json_response({"error": "invalid signature"}, status=401)
        try:
            payload = json.loads(parse_qs(body.decode())["payload"][0])
        except (KeyError, IndexError, ValueError):
            return web.json_response({"error": "no payload"}, status=400)
        if payload.get("type") != "block_actions":
            return web.Response(status=200)
        for action in payload.get("actions", []):
            verdict = ACTIONS.get(action.get("action_id", ""))
            if verdict is not None:
                await _act(payload, action, verdict)
        return web.Response(status=200)

    async def _act(payload: dict[str, Any], action: dict[str, Any], verdict: str) -> None:
        value = json.loads(action.get("value") or "{}")
        user = payload.get("user", {})
        who = user.get("username") or user.get("name") or user.get("id") or "unknown"
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get(
            "channel_id"
        )
        message = payload.get("message") or {}
        ts = message.get("ts") or (payload.get("container") or {}).get("message_ts")
        now = datetime.now(UTC)
        feedback = Feedback(
            alert_id=value["alert_id"],
            action=verdict,
            user=who,
            at=now,
            channel=channel,
            message_ts=ts,
        )
        await publish(feedback_topic, feedback.alert_id, feedback.model_dump_json().encode())
        metrics.feedback.labels(action=verdict).inc()
        note = (
            f":white_check_mark: Acknowledged by @{who}"
            if verdict == "acknowledged"
            else f":no_entry_sign: False positive — marked by @{who}"
        )
        if verdict == "false_positive":
            silence = false_positive_silence(
                value.get("entity_id"), value.get("party"), user=who, alert_id=feedback.alert_id,
                duration_seconds=settings.false_positive_silence_seconds, now=now,
            )  # fmt: skip
            if silence is not None:
                await publish(
                    silences_topic, silence.silence_id, silence.model_dump_json().encode()
                )
                note += f" · silenced {value.get('entity_id')} × {value.get('party')}"
        log.info("feedback.published", alert_id=feedback.alert_id, action=verdict, user=who)
        if channel and ts and message.get("blocks"):
            updated = SlackMessage(
                text=message.get("text", ""),
                blocks=mark_acted(message["blocks"], feedback.alert_id, note),
            )
            task = asyncio.create_task(_update(channel, ts, updated))
            background.add(task)
            task.add_done_callback(background.discard)

    async def _update(channel: str, ts: str, message: SlackMessage) -> None:
        try:
            await sink.update(channel, ts, message)
        except DeliveryError as exc:
            log.error("slack.update_failed", channel=channel, ts=ts, code=exc.code)

    async def list_silences(_: web.Request) -> web.Response:
        now = datetime.now(UTC)
        return web.json_response(
            [
                {**s.model_dump(mode="json"), "active": s.starts_at <= now < s.ends_at}
                for s in silences.all()
            ]
        )

    async def add_silence(request: web.Request) -> web.Response:
        try:
            wanted = SilenceRequest.model_validate_json(await request.read())
            silence = new_silence(
                wanted.matcher, created_by=wanted.created_by, comment=wanted.comment,
                duration_seconds=wanted.duration_seconds, now=datetime.now(UTC),
            )  # fmt: skip
        except (ValidationError, ValueError) as exc:
            return web.json_response({"error": str(exc)}, status=422)
        await _publish_silence(silence)
        return web.json_response(silence.model_dump(mode="json"), status=201)

    async def expire_silence(request: web.Request) -> web.Response:
        silence_id = request.match_info["silence_id"]
        current = next((s for s in silences.all() if s.silence_id == silence_id), None)
        if current is None:
            return web.json_response({"error": f"no silence {silence_id}"}, status=404)
        ended = expired(current, datetime.now(UTC))
        await _publish_silence(ended)
        return web.json_response(ended.model_dump(mode="json"))

    async def _publish_silence(silence: Silence) -> None:
        silences.upsert(silence)  # visible at once here; other instances learn it from the topic
        await publish(silences_topic, silence.silence_id, silence.model_dump_json().encode())
        log.info(
            "silence.published", silence_id=silence.silence_id, ends_at=silence.ends_at.isoformat()
        )

    app.router.add_post("/slack/actions", slack_actions)
    app.router.add_get("/silences", list_silences)
    app.router.add_post("/silences", add_silence)
    app.router.add_post("/silences/{silence_id}/expire", expire_silence)
    return app
