"""The HTTP API: yente-compatible /match, /search, /entities, /catalog; /hs; ops endpoints.

Every API route answers JSON; errors are `{"error", "message"}` (services/common/http_server.py).
/healthz, /readyz, /metrics and /openapi.json need no token; everything else does when tokens
are configured. yente clients send `Authorization: ApiKey <token>`; that is accepted too.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web

from services.common.http_guard import ApiTokens, Caller, RateLimiter, client_address
from services.common.http_server import json_error, json_errors, read_body_within
from services.common.ops_http import add_ops_routes
from services.lists.matching import MatchIndex
from services.lists.products import ProductCatalog
from services.lists.watchlists.registry import WatchlistRegistry
from services.screening import hs, yente
from services.screening.metrics import ScreeningMetrics
from services.screening.openapi import openapi_document
from services.screening.settings import ScreeningSettings

log = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.Response]]
Answer = Callable[[web.Request, MatchIndex], Awaitable[tuple[web.Response, int]]]


@dataclass
class ScreeningRuntime:
    """What the handlers share; the follower swaps the registry's index underneath."""

    settings: ScreeningSettings
    registry: WatchlistRegistry
    catalog: ProductCatalog
    metrics: ScreeningMetrics = field(default_factory=ScreeningMetrics)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(0, 1))
    tokens: ApiTokens = field(default_factory=lambda: ApiTokens({}))
    follower_caught_up: Callable[[], bool] = lambda: True

    def readiness(self) -> dict[str, bool]:
        return {"watchlists": self.registry.ready, "watchlist_topic": self.follower_caught_up()}


def _authorization(request: web.Request) -> str | None:
    header = request.headers.get("Authorization")
    if header is not None and header[:7].lower() == "apikey ":
        return "Bearer " + header[7:]
    return header


class ScreeningHandlers:
    def __init__(self, runtime: ScreeningRuntime) -> None:
        self.rt = runtime

    def caller(self, request: web.Request) -> Caller:
        address = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), self.rt.settings.trusted_proxies
        )
        return Caller(self.rt.tokens.identify(_authorization(request)), address)

    def guarded(self, endpoint: str, answer: Answer) -> Handler:
        """Rate limit, auth, a live index, metrics and JSON errors around one endpoint."""

        async def handle(request: web.Request) -> web.Response:
            started = time.monotonic()
            caller = self.caller(request)
            self.rt.metrics.token_requests.labels(caller.token or "none").inc()
            returned = 0
            with structlog.contextvars.bound_contextvars(token=caller.token):
                response = self._refusal(caller)
                if response is None:
                    index = self.rt.registry.index
                    if index is None:
                        response = json_error(503, "unavailable", "no watchlists loaded yet")
                        response.headers["Retry-After"] = "5"
                    else:
                        try:
                            response, returned = await answer(request, index)
                        except yente.QueryError as exc:
                            response = json_error(400, "bad_request", str(exc), detail=str(exc))
                        except LookupError as exc:
                            reason = str(exc).strip("'\"")
                            response = json_error(404, "not_found", reason, detail=reason)
            self.rt.metrics.requests.labels(endpoint, str(response.status)).inc()
            self.rt.metrics.request_duration.labels(endpoint).observe(time.monotonic() - started)
            self.rt.metrics.matches.labels(endpoint).inc(returned)
            return response

        return handle

    def _refusal(self, caller: Caller) -> web.Response | None:
        wait = self.rt.limiter.allow(caller.rate_key)
        if wait > 0:
            response = json_error(429, "rate_limited", "too many requests; retry later")
            response.headers["Retry-After"] = str(math.ceil(wait))
            return response
        if self.rt.tokens and caller.token is None:
            response = json_error(401, "unauthorized", "a valid bearer token is required")
            response.headers["WWW-Authenticate"] = 'Bearer realm="chokepoint-screening"'
            return response
        return None

    async def match(self, request: web.Request, index: MatchIndex) -> tuple[web.Response, int]:
        settings = self.rt.settings
        params = yente.parse_match_params(request.query, settings.max_limit)
        raw = await read_body_within(request, settings.http_body_timeout_seconds)
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise yente.QueryError("the body must be JSON") from None
        queries = yente.parse_match_body(body, settings.max_queries)
        answer = yente.match_response(index, queries, params, request.match_info["dataset"])
        returned = sum(len(r["results"]) for r in answer["responses"].values())
        return web.json_response(answer), returned

    async def search(self, request: web.Request, index: MatchIndex) -> tuple[web.Response, int]:
        query = request.query
        text = query.get("q", "")
        if len(text) > yente.MAX_VALUE_CHARS:
            raise yente.QueryError(f"'q' is longer than {yente.MAX_VALUE_CHARS} characters")
        answer = yente.search_response(
            index,
            text,
            request.match_info["dataset"],
            limit=yente.parse_int(query.get("limit"), "limit", 10, 1, self.rt.settings.max_limit),
            offset=yente.parse_int(query.get("offset"), "offset", 0, 0, 10_000),
            schema=query.get("schema") or None,
        )
        return web.json_response(answer), len(answer["results"])

    async def entity(self, request: web.Request, index: MatchIndex) -> tuple[web.Response, int]:
        entry = index.get(request.match_info["entity_id"])
        if entry is None:
            raise LookupError("no entity with this id")
        return web.json_response(yente.entity_json(entry, index.versions)), 1

    async def catalog(self, _: web.Request, index: MatchIndex) -> tuple[web.Response, int]:
        return web.json_response(yente.catalog_json(index, self.rt.registry.loaded_at)), 0

    async def hs_code(self, request: web.Request, _: MatchIndex) -> tuple[web.Response, int]:
        try:
            answer = hs.hs_lookup(self.rt.catalog, request.match_info["code"])
        except hs.HsNotFound as exc:
            raise LookupError(str(exc)) from None
        except ValueError as exc:
            raise yente.QueryError(str(exc)) from None
        return web.json_response(answer), len(answer["listed"])


def create_app(runtime: ScreeningRuntime) -> web.Application:
    """The aiohttp application: the API routes, /openapi.json and /metrics, /healthz, /readyz."""
    app = web.Application(
        client_max_size=runtime.settings.max_body_bytes, middlewares=[json_errors]
    )
    handlers = ScreeningHandlers(runtime)
    routes: list[tuple[str, str, str, Answer]] = [
        ("POST", "/match/{dataset}", "match", handlers.match),
        ("GET", "/search/{dataset}", "search", handlers.search),
        ("GET", "/entities/{entity_id}", "entities", handlers.entity),
        ("GET", "/catalog", "catalog", handlers.catalog),
        ("GET", "/hs/{code}", "hs", handlers.hs_code),
    ]
    for method, path, endpoint, answer in routes:
        app.router.add_route(method, path, handlers.guarded(endpoint, answer))
    document: dict[str, Any] = openapi_document()

    async def openapi(_: web.Request) -> web.Response:
        return web.json_response(document)

    app.router.add_get("/openapi.json", openapi)
    add_ops_routes(app, runtime.metrics.registry, runtime.readiness)
    return app
