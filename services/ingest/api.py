"""The HTTP API: `POST /v1/shipments` and `POST /v1/news` (one JSON object or an NDJSON batch).

Answers 202 only after Kafka acknowledged every accepted record; 503 when it cannot.
A batch is all-or-nothing unless `?partial=true` (then 207 lists what was and was not accepted).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import structlog
from aiohttp import web

from schemas import Topics
from services.common.http_guard import ApiTokens, Caller, RateLimiter, client_address
from services.common.http_server import BodyTimeoutError, json_error, json_errors
from services.common.ops_http import add_ops_routes
from services.ingest.dead_letters import dead_letter_message, record_topic
from services.ingest.errors import PublishError
from services.ingest.metrics import IngestMetrics
from services.ingest.parsing import (
    ParseResult,
    RecordError,
    RecordType,
    RecordValidator,
    body_format,
)
from services.ingest.publisher import MessageSink, OutgoingMessage
from services.ingest.settings import Settings

log = structlog.get_logger(__name__)
DLQ_PREFIX_BYTES = 64 * 1024
RETRY_AFTER_UNAVAILABLE_SECONDS = 5
Handler = Callable[[web.Request], Awaitable[web.Response]]
ROUTES: dict[str, RecordType] = {"/v1/shipments": "shipment", "/v1/news": "news"}


@dataclass
class IngestRuntime:
    """What the handlers share; the server sets `sink` and readiness once Kafka answers."""

    settings: Settings
    validator: RecordValidator
    metrics: IngestMetrics
    topics: Topics
    limiter: RateLimiter
    tokens: ApiTokens
    sink: MessageSink | None = None
    kafka_ready: bool = False
    topics_ready: bool = False
    accepting: bool = True

    def readiness(self) -> dict[str, bool]:
        return {"kafka": self.kafka_ready and self.sink is not None, "topics": self.topics_ready}

    def set_kafka_ready(self, ready: bool) -> None:
        self.kafka_ready = ready
        self.metrics.kafka_ready.set(1 if ready else 0)


_error = json_error


def _status_for(errors: Sequence[RecordError]) -> tuple[int, str]:
    """413 beats 400 beats 422, so the most basic problem is the one reported."""
    reasons = {e.reason for e in errors}
    if "too_large" in reasons:
        return 413, "too_large"
    for reason in ("invalid_encoding", "invalid_json"):
        if reason in reasons:
            return 400, reason
    if any(e.type == "empty_body" for e in errors):
        return 400, "empty_body"
    return 422, "validation_error"


async def _read_limited(request: web.Request, limit: int, timeout: float) -> tuple[bytes, bool]:
    """The body, or its first bytes and True once it passes `limit` (never holds a 10 MB body).

    Raises BodyTimeoutError when the whole body has not arrived within `timeout` seconds.
    """
    try:
        async with asyncio.timeout(timeout):
            return await _read_capped(request, limit)
    except TimeoutError as exc:
        raise BodyTimeoutError from exc


async def _read_capped(request: web.Request, limit: int) -> tuple[bytes, bool]:
    if request.content_length is not None and request.content_length > limit:
        return await request.content.read(DLQ_PREFIX_BYTES), True
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            return b"".join(chunks)[:DLQ_PREFIX_BYTES], True
    return b"".join(chunks), False


class IngestHandlers:
    """The request handlers, bound to one runtime."""

    def __init__(self, runtime: IngestRuntime) -> None:
        self.rt = runtime

    def for_route(self, route: str) -> Handler:
        """The handler of one route, counting requests by route and status."""

        async def post_records(request: web.Request) -> web.Response:
            started = time.monotonic()
            caller = self.caller(request)
            self.rt.metrics.token_requests.labels(caller.token or "none").inc()
            with structlog.contextvars.bound_contextvars(token=caller.token):
                try:
                    response = await self._post_records(request, ROUTES[route], caller)
                except BodyTimeoutError:
                    response = _error(408, "request_timeout", "the body did not arrive in time")
                    response.force_close()
            self.rt.metrics.http_requests.labels(route, str(response.status)).inc()
            self.rt.metrics.http_request_duration.labels(route).observe(time.monotonic() - started)
            return response

        return post_records

    def caller(self, request: web.Request) -> Caller:
        """The token's name (if any) and the client address (behind trusted proxies)."""
        settings = self.rt.settings
        address = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), settings.trusted_proxies
        )
        return Caller(self.rt.tokens.identify(request.headers.get("Authorization")), address)

    async def _post_records(
        self, request: web.Request, record_type: RecordType, caller: Caller
    ) -> web.Response:
        rt, settings = self.rt, self.rt.settings
        wait = rt.limiter.allow(caller.rate_key)
        if wait > 0:
            response = _error(429, "rate_limited", "too many requests; retry later")
            response.headers["Retry-After"] = str(math.ceil(wait))
            return response
        if rt.tokens and caller.token is None:
            response = _error(401, "unauthorized", "a valid bearer token is required")
            response.headers["WWW-Authenticate"] = 'Bearer realm="chokepoint-ingest"'
            return response
        if not rt.accepting or rt.sink is None or not rt.kafka_ready:
            response = _error(
                503, "unavailable", "Kafka is not reachable; nothing was accepted, retry later"
            )
            response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE_SECONDS)
            return response
        sink = rt.sink
        fmt = body_format(request.content_type)
        body, too_large = await _read_limited(
            request, settings.max_body_bytes, settings.http_body_timeout_seconds
        )
        if fmt is None:
            message = (
                "this Content-Type is not supported; use application/json or application/x-ndjson"
            )
            error = RecordError("validation_error", message, "unsupported_media_type", body)
            await self._dead_letter(sink, [error], record_type)
            return _error(
                415, "unsupported_media_type", message, errors=[error.as_json()], accepted=0
            )
        if too_large:
            message = f"the body exceeds the {settings.max_body_bytes}-byte limit"
            error = RecordError("too_large", message, "body_too_large", body)
            await self._dead_letter(sink, [error], record_type)
            return _error(413, "too_large", message, errors=[error.as_json()], accepted=0)
        result = rt.validator.parse_body(
            body, fmt, record_type, max_records=settings.max_batch_records
        )
        return await self._answer(
            sink, result, record_type, partial=_flag(request.query.get("partial"))
        )

    async def _answer(
        self, sink: MessageSink, result: ParseResult, record_type: RecordType, *, partial: bool
    ) -> web.Response:
        rt = self.rt
        rt.metrics.records_received.labels("http", record_type).inc(
            len(result.accepted) + len(result.errors)
        )
        for rejected in result.errors:
            rt.metrics.records_rejected.labels("http", record_type, rejected.reason).inc()
        errors_json = [e.as_json() for e in result.errors]
        if result.errors and not partial:
            await self._dead_letter(sink, result.errors, record_type)
            if result.accepted:
                rt.metrics.records_rejected.labels("http", record_type, "batch_rejected").inc(
                    len(result.accepted)
                )
            status, error = _status_for(result.errors)
            log.info(
                "ingest.rejected", record_type=record_type, errors=len(result.errors), status=status
            )
            message = f"{len(result.errors)} record(s) rejected; nothing was published"
            return _error(status, error, message, errors=errors_json, accepted=0)
        if not result.accepted:  # partial mode and nothing valid
            await self._dead_letter(sink, result.errors, record_type)
            status, error = _status_for(result.errors)
            return _error(status, error, "no valid records", errors=errors_json, accepted=0)
        topic = record_topic(rt.topics, record_type)
        messages = [OutgoingMessage(topic, a.key, a.value) for a in result.accepted]
        try:
            await asyncio.to_thread(sink.publish, messages)
        except PublishError as exc:
            rt.metrics.publish_failures.labels("http", record_type).inc(len(messages))
            rt.set_kafka_ready(False)
            log.error(
                "ingest.publish_failed",
                record_type=record_type,
                count=len(messages),
                error=str(exc),
            )
            response = _error(
                503,
                "unavailable",
                "Kafka did not acknowledge; nothing may be assumed accepted, retry",
            )
            response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE_SECONDS)
            return response
        rt.metrics.published("http", record_type, len(messages))
        record_ids = [a.key for a in result.accepted]
        log.info(
            "ingest.accepted",
            record_type=record_type,
            count=len(record_ids),
            rejected=len(result.errors),
        )
        if result.errors:
            await self._dead_letter(sink, result.errors, record_type)
            body = {
                "accepted": len(record_ids),
                "record_ids": record_ids,
                "rejected": len(result.errors),
            }
            return web.json_response({**body, "errors": errors_json}, status=207)
        return web.json_response(
            {"accepted": len(record_ids), "record_ids": record_ids}, status=202
        )

    async def _dead_letter(
        self, sink: MessageSink, errors: Sequence[RecordError], record_type: RecordType
    ) -> None:
        """Best effort: the caller has the error already; a failed DLQ write is logged, counted."""
        messages = [
            dead_letter_message(e, self.rt.topics, record_type, origin="http") for e in errors
        ]
        try:
            await asyncio.to_thread(sink.publish, messages)
        except PublishError as exc:
            self.rt.metrics.dead_letter_failures.labels("http").inc(len(messages))
            log.error("dead_letter.failed", count=len(messages), error=str(exc))
            return
        for error in errors:
            self.rt.metrics.dead_letters.labels(
                "http", record_type or "unknown", error.reason
            ).inc()
            log.info(
                "dead_letter.sent",
                key=error.key,
                reason=error.reason,
                path=error.path,
                line=error.line,
            )


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


def create_app(runtime: IngestRuntime) -> web.Application:
    """The aiohttp application: the API routes plus /metrics, /healthz and /readyz."""
    app = web.Application(
        client_max_size=runtime.settings.max_body_bytes, middlewares=[json_errors]
    )
    handlers = IngestHandlers(runtime)
    for path in ROUTES:
        app.router.add_post(path, handlers.for_route(path))
    add_ops_routes(app, runtime.metrics.registry, runtime.readiness)
    return app
