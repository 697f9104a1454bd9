"""An aiohttp server that answers every error in JSON without echoing input, closes slow clients
and caps concurrent connections per client.

aiohttp answers a malformed request itself, in plain text that can contain the bytes it failed
to parse; the request handler below answers `{"error": …, "message": …}` instead. Timeouts:
a connection must deliver a complete request head within `header_timeout_seconds` of opening
(or of the previous response), and a handler reading the body uses `read_body_within`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Self

import structlog
from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest
from aiohttp.web_server import Server
from pydantic import BaseModel, Field, SecretStr, model_validator

from services.common.http_guard import MIN_TOKEN_CHARS, IPNetwork, check_named_tokens, is_trusted

log = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HttpServerFields(BaseModel):
    """Settings every service's HTTP server has (mixed into each service's Settings)."""

    http_header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="A connection must send a complete request head within this time (slowloris).",
    )
    http_body_timeout_seconds: float = Field(
        default=30.0, gt=0, description="A request body must arrive whole within this time."
    )
    http_max_connections_per_client: int = Field(
        default=32,
        ge=1,
        description="Open connections per client address; trusted proxies are exempt.",
    )
    trusted_proxies: list[IPNetwork] = Field(
        default_factory=list,
        description="Proxy addresses/networks whose X-Forwarded-For is believed (JSON list).",
    )

    def http_limits(self) -> HttpLimits:
        return HttpLimits(
            header_timeout_seconds=self.http_header_timeout_seconds,
            body_timeout_seconds=self.http_body_timeout_seconds,
            max_connections_per_client=self.http_max_connections_per_client,
            trusted_proxies=tuple(self.trusted_proxies),
        )


class ApiTokenFields(BaseModel):
    """Named bearer tokens for a public API (mixed into ingest's and the screening service's Settings).

    Without any token the API must be opened explicitly with `<PREFIX>ALLOW_ANONYMOUS=true`.
    """

    api_token: SecretStr | None = Field(
        default=None, description="Bearer token (at least 16 characters), named 'default'."
    )
    api_tokens: dict[str, SecretStr] = Field(
        default_factory=dict,
        description=(
            "Named bearer tokens, JSON {name: token}; the name shows in logs, metrics and the"
            " rate-limit key. The API_TOKEN setting, if set, is the token named 'default'."
        ),
    )
    allow_anonymous: bool = Field(default=False, description="Must be true to run without a token.")

    def named_tokens(self) -> dict[str, SecretStr]:
        """Every accepted token by name (API_TOKEN is 'default')."""
        default = {"default": self.api_token} if self.api_token is not None else {}
        return {**default, **self.api_tokens}

    @model_validator(mode="after")
    def _api_tokens_valid(self) -> Self:
        prefix = str(self.model_config.get("env_prefix", ""))
        if not self.named_tokens() and not self.allow_anonymous:
            raise ValueError(
                f"set {prefix}API_TOKEN or {prefix}API_TOKENS, or {prefix}ALLOW_ANONYMOUS=true"
                " for an open API"
            )
        if self.api_token is not None and len(self.api_token.get_secret_value()) < MIN_TOKEN_CHARS:
            raise ValueError(f"{prefix}API_TOKEN must have at least {MIN_TOKEN_CHARS} characters")
        if self.api_token is not None and "default" in self.api_tokens:
            raise ValueError(
                f"{prefix}API_TOKENS names a token 'default' and {prefix}API_TOKEN is set"
            )
        check_named_tokens(self.named_tokens())
        return self


@dataclass(frozen=True)
class HttpLimits:
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    max_connections_per_client: int = 32
    trusted_proxies: tuple[IPNetwork, ...] = field(default_factory=tuple)


class BodyTimeoutError(Exception):
    """The client did not send the whole body in time."""


def json_error(status: int, error: str, message: str, **extra: Any) -> web.Response:
    """The one error body shape: `{"error": <code>, "message": <text>}`; never the input."""
    return web.json_response({"error": error, "message": message, **extra}, status=status)


def _code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


async def read_body_within(request: web.Request, timeout_seconds: float) -> bytes:
    """`request.read()`, or BodyTimeoutError when the body stalls."""
    try:
        async with asyncio.timeout(timeout_seconds):
            return await request.read()
    except TimeoutError as exc:
        raise BodyTimeoutError from exc


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp's own 404/405/413 and body timeouts as JSON errors."""
    try:
        return await handler(request)
    except BodyTimeoutError:
        response = json_error(408, "request_timeout", "the request body did not arrive in time")
        response.force_close()
        return response
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = json_error(exc.status, _code(exc.status), exc.reason)
        for name in ("Allow", "Retry-After", "WWW-Authenticate"):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response


def _raw_json_response(status: int, error: str, message: str) -> bytes:
    body = json.dumps({"error": error, "message": message}).encode()
    phrase = HTTPStatus(status).phrase
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


class GuardedRequestHandler(RequestHandler):
    """JSON for aiohttp's own error answers; refuses a client's connection over the limit."""

    def __init__(self, manager: GuardedServer, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._guard = manager
        self._peer: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]) if isinstance(peer, tuple) and peer else None
        if not self._guard.admit(self._peer):
            log.warning("http.connection_refused", reason="too_many_connections")
            if isinstance(transport, asyncio.WriteTransport):
                transport.write(
                    _raw_json_response(503, "too_many_connections", "too many open connections")
                )
            transport.close()
            self._peer = None
            return
        super().connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        self._guard.release(self._peer)
        self._peer = None
        super().connection_lost(exc)

    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status >= 500:
            log.error("http.unhandled_error", status=status, exc_info=exc)
            error, text = "internal_error", "the server failed; nothing may be assumed done"
        else:
            log.info("http.malformed_request", status=status, error=type(exc).__name__)
            error, text = _code(status), "malformed HTTP request"
        if request.writer.output_size > 0:
            raise ConnectionError("a response was already sent")
        response = json_error(status, error, text)
        response.force_close()
        return response


class GuardedServer(Server):
    """aiohttp's low-level server with GuardedRequestHandler and per-client connection counts."""

    def __init__(self, handler: Any, *, limits: HttpLimits, **kwargs: Any) -> None:
        kwargs["keepalive_timeout"] = limits.header_timeout_seconds
        # After answering early (401, 408, 413), read what is left of a body for at most this
        # long before closing: enough for an honest client to see the answer, no more.
        kwargs["lingering_time"] = min(limits.header_timeout_seconds, 2.0)
        super().__init__(handler, **kwargs)
        self.limits = limits
        self._open: Counter[str] = Counter()

    def admit(self, peer: str | None) -> bool:
        if peer is None or is_trusted(peer, self.limits.trusted_proxies):
            return True
        if self._open[peer] >= self.limits.max_connections_per_client:
            return False
        self._open[peer] += 1
        return True

    def release(self, peer: str | None) -> None:
        if peer is not None and self._open.get(peer, 0) > 0:
            self._open[peer] -= 1
            if not self._open[peer]:
                del self._open[peer]

    def __call__(self) -> RequestHandler:
        return GuardedRequestHandler(self, loop=self._loop, **self._kwargs)


class GuardedAppRunner(web.AppRunner):
    """`web.AppRunner` serving through GuardedServer; add `json_errors` to the app's middlewares."""

    def __init__(self, app: web.Application, limits: HttpLimits, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._limits = limits

    async def _make_server(self) -> Server:
        plain = await super()._make_server()
        return GuardedServer(
            plain.request_handler,
            request_factory=plain.request_factory,
            limits=self._limits,
            loop=asyncio.get_running_loop(),
            **{k: v for k, v in plain._kwargs.items() if k != "keepalive_timeout"},
        )
