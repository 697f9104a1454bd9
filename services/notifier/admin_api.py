"""The notifier's internal listener: /metrics /healthz /readyz, open; the silences API, only with
a named admin token (NOTIFIER_ADMIN_TOKENS) and rate-limited per token or client address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from aiohttp import web
from aiohttp.typedefs import Middleware
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas import Silence
from schemas.control import SilenceMatcher
from services.common.http_guard import ApiTokens, Caller, RateLimiter, client_address
from services.common.http_server import (
    Handler,
    json_error,
    json_errors,
    read_body_within,
)
from services.common.ops_http import add_ops_routes
from services.notifier.kafka_io import Publish
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook, expired, new_silence

log = structlog.get_logger(__name__)
OPEN_PATHS = frozenset({"/metrics", "/healthz", "/readyz"})


class SilenceRequest(BaseModel):
    """POST /silences body."""

    model_config = ConfigDict(extra="forbid")

    matcher: SilenceMatcher
    created_by: str = Field(min_length=1, max_length=200)
    comment: str = Field(default="", max_length=2_000)
    duration_seconds: float = Field(gt=0, le=366 * 86400)


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Where and why, without the input values."""
    return [
        {"path": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
        for e in exc.errors(include_input=False, include_url=False)
    ]


def admin_guard(
    tokens: ApiTokens, limiter: RateLimiter, settings: Settings, metrics: NotifierMetrics
) -> Middleware:
    """Middleware: ops paths pass; anything else needs a named admin token."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        unrouted = getattr(request.match_info, "http_exception", None) is not None
        if request.path in OPEN_PATHS or unrouted:  # ops, or aiohttp's own 404/405
            return await handler(request)
        caller = Caller(
            tokens.identify(request.headers.get("Authorization")),
            client_address(
                request.remote, request.headers.get("X-Forwarded-For"), settings.trusted_proxies
            ),
        )
        wait = limiter.allow(caller.rate_key)
        if wait > 0:
            metrics.admin_requests.labels(token=caller.token or "none", status="429").inc()
            response = json_error(429, "rate_limited", "too many requests; retry later")
            response.headers["Retry-After"] = str(max(int(wait + 0.999), 1))
            return response
        if not tokens:
            return json_error(503, "admin_disabled", "set NOTIFIER_ADMIN_TOKENS to use this API")
        if caller.token is None:
            metrics.admin_requests.labels(token="none", status="401").inc()
            log.warning("admin.unauthorized", path=request.path, client=caller.address)
            response = json_error(401, "unauthorized", "a valid admin bearer token is required")
            response.headers["WWW-Authenticate"] = 'Bearer realm="chokepoint-notifier"'
            return response
        with structlog.contextvars.bound_contextvars(token=caller.token):
            answer = await handler(request)
        metrics.admin_requests.labels(token=caller.token, status=str(answer.status)).inc()
        return answer

    return guard


def build_admin_app(
    *,
    settings: Settings,
    metrics: NotifierMetrics,
    ready_check: Callable[[], dict[str, bool]],
    publish: Publish,
    silences: SilenceBook,
    silences_topic: str,
) -> web.Application:
    """Ops endpoints plus GET/POST /silences and POST /silences/{id}/expire."""
    limiter = RateLimiter(settings.http_rate_limit_per_second, settings.http_rate_limit_burst)
    guard = admin_guard(ApiTokens(settings.admin_tokens), limiter, settings, metrics)
    app = web.Application(client_max_size=64 * 1024, middlewares=[json_errors, guard])
    add_ops_routes(app, metrics.registry, ready_check)

    async def list_silences(_: web.Request) -> web.Response:
        now = datetime.now(UTC)
        return web.json_response(
            [
                {**s.model_dump(mode="json"), "active": s.starts_at <= now < s.ends_at}
                for s in silences.all()
            ]
        )

    async def add_silence(request: web.Request) -> web.Response:
        body = await read_body_within(request, settings.http_body_timeout_seconds)
        try:
            wanted = SilenceRequest.model_validate_json(body)
        except ValidationError as exc:
            message = "the silence request is invalid"
            return json_error(422, "validation_error", message, errors=validation_errors(exc))
        try:
            silence = new_silence(
                wanted.matcher, created_by=wanted.created_by, comment=wanted.comment,
                duration_seconds=wanted.duration_seconds, now=datetime.now(UTC),
            )  # fmt: skip
        except ValueError as exc:  # our own message (e.g. an empty matcher), no input in it
            return json_error(422, "validation_error", str(exc)[:200])
        await _publish_silence(silence)
        return web.json_response(silence.model_dump(mode="json"), status=201)

    async def expire_silence(request: web.Request) -> web.Response:
        silence_id = request.match_info["silence_id"]
        current = next((s for s in silences.all() if s.silence_id == silence_id), None)
        if current is None:
            return json_error(404, "not_found", "no silence with this id")
        ended = expired(current, datetime.now(UTC))
        await _publish_silence(ended)
        return web.json_response(ended.model_dump(mode="json"))

    async def _publish_silence(silence: Silence) -> None:
        silences.upsert(silence)  # visible at once here; other instances learn it from the topic
        await publish(silences_topic, silence.silence_id, silence.model_dump_json().encode())
        log.info(
            "silence.published", silence_id=silence.silence_id, ends_at=silence.ends_at.isoformat()
        )

    app.router.add_get("/silences", list_silences)
    app.router.add_post("/silences", add_silence)
    app.router.add_post("/silences/{silence_id}/expire", expire_silence)
    return app
