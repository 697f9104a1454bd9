"""`chokepoint-screening`: load the lists, follow the watchlists topic, serve until SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path

import structlog
from aiohttp import web

from schemas import Topics
from services.common.heap import settle_long_lived_objects
from services.common.http_guard import ApiTokens, RateLimiter
from services.common.http_server import GuardedAppRunner
from services.common.topics_admin import ensure_topics
from services.lists.products import ProductCatalog
from services.lists.watchlists import load_watchlists, resolve_default_watchlists
from services.lists.watchlists.follower import ReadySnapshot, WatchlistFollower
from services.lists.watchlists.registry import WatchlistRegistry
from services.screening.api import ScreeningRuntime, create_app
from services.screening.metrics import ScreeningMetrics
from services.screening.settings import ScreeningSettings

log = structlog.get_logger(__name__)


def watchlist_paths(settings: ScreeningSettings) -> list[Path]:
    """The configured lists, else the detector's defaults (shared lists, fetch cache, excerpt)."""
    if settings.watchlist_paths:
        return list(settings.watchlist_paths)
    default = resolve_default_watchlists(settings.shared_data_dir)
    log.info("watchlists.source", origin=default.origin, detail=default.describe())
    return default.paths


def build_runtime(
    settings: ScreeningSettings, metrics: ScreeningMetrics | None = None
) -> ScreeningRuntime:
    """Load the lists and the product catalogue once (raises on anything unusable)."""
    started = time.perf_counter()
    metrics = metrics or ScreeningMetrics()
    paths = watchlist_paths(settings)
    if not paths:
        raise FileNotFoundError("no watchlists: set SCREENING_WATCHLIST_PATHS")
    registry = WatchlistRegistry(load_watchlists(paths), on_swap=metrics.record_lists)
    catalog = ProductCatalog.load(
        settings.resolved_chpl_path(),
        settings.resolved_hs_nomenclature_path(),
        custom_lists=settings.custom_hs_lists,
    )
    log.info(
        "screening.index_built",
        versions=registry.versions,
        entries=len(registry.index) if registry.index is not None else 0,
        seconds=round(time.perf_counter() - started, 2),
    )
    return ScreeningRuntime(
        settings=settings,
        registry=registry,
        catalog=catalog,
        metrics=metrics,
        limiter=RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst),
        tokens=ApiTokens(settings.named_tokens()),
    )


def apply_snapshot(runtime: ScreeningRuntime) -> Callable[[ReadySnapshot], None]:
    """A follower callback: load a published snapshot and swap the rebuilt index in."""

    def apply(ready: ReadySnapshot) -> None:
        try:
            runtime.registry.apply_snapshot(ready.snapshot, ready.content)
        except Exception:
            runtime.metrics.watchlist_updates.labels("failed").inc()
            raise
        runtime.metrics.watchlist_updates.labels("applied").inc()
        settle_long_lived_objects()  # the new index out of the collector's full passes

    return apply


def start_follower(runtime: ScreeningRuntime) -> WatchlistFollower | None:
    settings = runtime.settings
    if not settings.follow_watchlists:
        return None
    topics = Topics(settings.topic_namespace)

    def create_watchlists_topic() -> None:
        """As declared (compacted), never left to the broker's auto-creation."""
        ensure_topics(
            settings.kafka,
            [topics.watchlists],
            partitions=settings.topic_partitions,
            replication_factor=settings.topic_replication_factor,
        )

    follower = WatchlistFollower(
        settings.kafka, topics, apply_snapshot(runtime), prepare=create_watchlists_topic
    )
    runtime.follower_caught_up = lambda: follower.caught_up
    follower.start()
    return follower


async def serve(
    runtime: ScreeningRuntime, stop: asyncio.Event, started: asyncio.Event | None = None
) -> None:
    """Serve until `stop` is set, then stop accepting, drain requests and stop the follower."""
    settings = runtime.settings
    follower = start_follower(runtime)
    runner = GuardedAppRunner(
        create_app(runtime),
        settings.http_limits(),
        shutdown_timeout=settings.shutdown_timeout_seconds,
    )
    try:
        await runner.setup()
        site = web.TCPSite(runner, settings.http_host, settings.http_port)
        await site.start()
        log.info("screening.listening", host=settings.http_host, port=settings.http_port)
        if started is not None:
            started.set()
        await stop.wait()
    finally:
        log.info("screening.stopping")
        await runner.cleanup()
        if follower is not None:
            await asyncio.to_thread(follower.stop)
        log.info("screening.stopped")


def run_server(settings: ScreeningSettings) -> int:
    """Run `serve` until SIGTERM or SIGINT."""
    runtime = build_runtime(settings)
    settle_long_lived_objects()  # the index out of the collector's full passes

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(runtime, stop)

    asyncio.run(main())
    return 0
