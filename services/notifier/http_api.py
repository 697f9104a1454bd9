"""The notifier's public listener: Slack's interactive endpoint (`POST /slack/actions`), the
`/chokepoint` slash command (`POST /slack/commands`) and `/healthz`, nothing else; admin and
metrics live on the internal listener (admin_api.py)."""

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
from pydantic import ValidationError
from slack_sdk.signature import SignatureVerifier

from schemas import Feedback
from services.common.http_guard import RateLimiter, client_address
from services.common.http_server import json_error, json_errors, read_body_within
from services.notifier.blocks import (
    ACK_ACTION,
    FALSE_POSITIVE_ACTION,
    SlackMessage,
    escape,
    mark_acted,
)
from services.notifier.daily_counts import CONSUMED, POSTED
from services.notifier.errors import DeliveryError
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook, false_positive_silence
from services.notifier.sinks import Sink
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
Publish = Callable[[str, str, bytes], Awaitable[None]]  # (topic, key, value)
ACTIONS = {ACK_ACTION: "acknowledged", FALSE_POSITIVE_ACTION: "false_positive"}
COMMAND_DEADLINE_SECONDS = 2.5  # Slack shows an error after 3 s without an answer


class ReplayGuard:
    """Signatures seen within the verifier's window: a replayed request is refused even if fresh."""

    max_entries = 100_000

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._seen: dict[str, float] = {}

    def first_time(self, signature: str) -> bool:
        now = time.monotonic()
        self._seen = {s: t for s, t in self._seen.items() if now - t < self._window}
        if len(self._seen) >= self.max_entries:
            return False  # a flood of distinct valid signatures cannot grow memory without bound
        if signature in self._seen:
            return False
        self._seen[signature] = now
        return True


def build_public_app(
    *,
    settings: Settings,
    metrics: NotifierMetrics,
    publish: Publish,
    sink: Sink,
    feedback_topic: str,
    silences_topic: str,
    silences: SilenceBook | None = None,
    slack_ready: Callable[[], bool] | None = None,
) -> web.Application:
    """The aiohttp application; I/O comes in as callables so tests can drive it directly."""
    app = web.Application(client_max_size=1024 * 1024, middlewares=[json_errors])
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret else None
    replays = ReplayGuard(settings.signature_max_age_seconds)
    limiter = RateLimiter(settings.http_rate_limit_per_second, settings.http_rate_limit_burst)
    background: set[asyncio.Task[None]] = set()
    screening = (
        ScreeningClient(
            settings.screening_url,
            settings.screening_token.get_secret_value() if settings.screening_token else None,
            settings.screening_timeout_seconds,
        )
        if settings.screening_url
        else None
    )

    def verified(body: bytes, headers: Any) -> bool:
        try:
            body.decode("utf-8")  # the SDK's verifier decodes it and would raise
        except UnicodeDecodeError:
            return False
        if verifier is None or not verifier.is_valid_request(body, headers):
            return False
        stamp = headers.get("X-Slack-Request-Timestamp", "0")
        if (
            not stamp.isdigit()
            or abs(time.time() - int(stamp)) > settings.signature_max_age_seconds
        ):
            return False
        return replays.first_time(headers.get("X-Slack-Signature", ""))

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def signed_body(request: web.Request) -> bytes | web.Response:
        """The body of a rate-limited, signature-checked Slack request, or the refusal."""
        client = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), settings.trusted_proxies
        )
        wait = limiter.allow(f"addr:{client}")
        if wait > 0:
            response = json_error(429, "rate_limited", "too many requests; retry later")
            response.headers["Retry-After"] = str(max(int(wait + 0.999), 1))
            return response
        if verifier is None:
            return json_error(503, "not_configured", "interactivity is not configured")
        body = await read_body_within(request, settings.http_body_timeout_seconds)
        if not verified(body, request.headers):
            metrics.rejected_requests.inc()
            log.warning("slack.signature_rejected", client=client)
            return json_error(401, "invalid_signature", "the Slack signature is not valid")
        return body

    async def slack_actions(request: web.Request) -> web.Response:
        body = await signed_body(request)
        if isinstance(body, web.Response):
            return body
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
                await _act(payload, action, verdict)
            except (KeyError, TypeError, ValueError, AttributeError, ValidationError):
                log.warning("slack.action_invalid", action=verdict)
                return json_error(400, "invalid_action", "the action payload is not one of ours")
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
        who_text = escape(str(who))
        note = (
            f":white_check_mark: Acknowledged by @{who_text}"
            if verdict == "acknowledged"
            else f":no_entry_sign: False positive — marked by @{who_text}"
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
                note += f" · silenced {escape(str(value.get('entity_id')))} × " + escape(
                    str(value.get("party"))
                )
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

    async def slack_commands(request: web.Request) -> web.Response:
        body = await signed_body(request)
        if isinstance(body, web.Response):
            return body
        form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items() if v}
        command = parse_command(form.get("text", ""))
        try:
            answer = await asyncio.wait_for(
                _command(command, form), timeout=COMMAND_DEADLINE_SECONDS
            )
        except CommandError as exc:
            answer = ephemeral(f":warning: {escape(str(exc))}")
        except TimeoutError:
            answer = ephemeral(":hourglass: That took too long; try again in a moment.")
        except Exception:  # an answer, never a 5xx: Slack would show the user a bare failure
            log.exception("slack.command_failed", subcommand=command.name)
            answer = ephemeral(":warning: Something went wrong; the notifier's log has the detail.")
        log.info("slack.command", subcommand=command.name, user=form.get("user_id"))
        return web.json_response(answer)

    async def _command(command: Command, form: dict[str, str]) -> dict[str, Any]:
        now = datetime.now(UTC)
        if command.name == "screen" and command.screen is not None:
            if screening is None:
                return ephemeral(NOT_CONFIGURED)
            return screen_answer(command.screen, await screening.match(command.screen))
        if command.name == "hs":
            if screening is None:
                return ephemeral(NOT_CONFIGURED)
            return hs_answer(await screening.hs(command.args[0]))
        if command.name == "silences":
            return silences_answer(silences, now)
        if command.name == "silence":
            who = form.get("user_name") or form.get("user_id") or "unknown"
            return await silence_command(
                command.args, user=who, publish=publish, silences_topic=silences_topic, now=now
            )
        if command.name == "status":
            catalog, note = None, NOT_CONFIGURED
            if screening is not None:
                try:
                    catalog = await screening.catalog()
                except CommandError as exc:
                    note = str(exc)
            return status_answer(_view(), catalog, note)
        return usage_answer(command.problem)

    def _view() -> NotifierView:
        now = datetime.now(UTC)
        today = metrics.today.today(now)
        return NotifierView(
            alerts_consumed_today=today.get(CONSUMED, 0),
            alerts_posted_today=today.get(POSTED, 0),
            counted_since=metrics.today.counted_since(now),
            consumer_lag=metrics.registry.get_sample_value(
                "chokepoint_notifier_consumer_lag_messages", {"topic": "alerts"}
            ),
            slack_ready=slack_ready() if slack_ready is not None else None,
        )

    app.router.add_post("/slack/actions", slack_actions)
    app.router.add_post("/slack/commands", slack_commands)
    app.router.add_get("/healthz", healthz)
    return app
