"""The ops endpoints every service serves: /metrics, /healthz (alive), /readyz (503 until ready)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

ReadyCheck = Callable[[], dict[str, bool]]


def add_ops_routes(
    app: web.Application, registry: CollectorRegistry, ready_check: ReadyCheck
) -> None:
    """Mount the three endpoints on an aiohttp application.

    ready_check returns named conditions (e.g. {"kafka": True, "watchlists": False}); all must hold.
    """

    async def metrics(_: web.Request) -> web.Response:
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        checks = ready_check()
        ready = bool(checks) and all(checks.values())
        return web.json_response(
            {"status": "ready" if ready else "not_ready", "checks": checks},
            status=200 if ready else 503,
        )

    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
