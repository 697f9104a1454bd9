"""The refresher process: ops endpoints in asyncio, the refresh loop in a thread, until SIGTERM.

A download or publish in flight gets `shutdown_timeout_seconds` to finish after SIGTERM; then the
process exits without it (a download never replaces the cached copy unless it completed).
"""

from __future__ import annotations

import asyncio
import signal
import threading

import structlog
from aiohttp import web

from services.common.http_server import GuardedAppRunner, json_errors
from services.common.ops_http import add_ops_routes
from services.common.topics_admin import ensure_topics
from services.refresher.refresh import Refresher
from services.refresher.settings import RefresherSettings

log = structlog.get_logger(__name__)


def create_app(refresher: Refresher) -> web.Application:
    app = web.Application(middlewares=[json_errors])
    add_ops_routes(
        app, refresher.metrics.registry, lambda: {"watchlist_topic": refresher.caught_up}
    )
    return app


class RefreshThread:
    """Runs `refresher.run` in a daemon thread; a crash sets `crashed` and calls `on_exit`."""

    def __init__(self, refresher: Refresher, on_exit: asyncio.Event) -> None:
        self.refresher = refresher
        self.stop = threading.Event()
        self.crashed: BaseException | None = None
        self._loop = asyncio.get_running_loop()
        self._on_exit = on_exit
        self._thread = threading.Thread(target=self._run, name="refresher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self.refresher.run(self.stop)
        except Exception as exc:
            log.exception("refresher.crashed")
            self.crashed = exc
        finally:
            self._loop.call_soon_threadsafe(self._on_exit.set)

    def join(self, timeout_seconds: float) -> bool:
        """Ask the loop to stop and wait; False if a download or publish is still in flight."""
        self.stop.set()
        self._thread.join(timeout_seconds)
        return not self._thread.is_alive()


async def serve(
    refresher: Refresher, stop: asyncio.Event, started: asyncio.Event | None = None
) -> bool:
    """Serve the ops endpoints and refresh until `stop` is set; False if the loop crashed."""
    settings = refresher.settings
    worker = RefreshThread(refresher, stop)
    runner = GuardedAppRunner(create_app(refresher), settings.http_limits(), shutdown_timeout=2.0)
    try:
        await runner.setup()
        site = web.TCPSite(runner, settings.http_host, settings.http_port)
        await site.start()
        log.info("refresher.listening", host=settings.http_host, port=settings.http_port)
        worker.start()
        if started is not None:
            started.set()
        await stop.wait()
    finally:
        log.info("refresher.stopping")
        if not await asyncio.to_thread(worker.join, settings.shutdown_timeout_seconds):
            log.warning("refresher.abandoned_in_flight", seconds=settings.shutdown_timeout_seconds)
        await runner.cleanup()
        log.info("refresher.stopped")
    return worker.crashed is None


def run_refresher(settings: RefresherSettings) -> int:
    """Create the watchlists topic as declared, then `serve` until SIGTERM or SIGINT."""
    refresher = Refresher(settings)
    ensure_topics(
        settings.kafka,
        [refresher.topic],
        partitions=settings.topic_partitions,
        replication_factor=settings.topic_replication_factor,
    )

    async def main() -> bool:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        return await serve(refresher, stop)

    return 0 if asyncio.run(main()) else 1
