"""`chokepoint-ingest serve`: HTTP API, Kafka link in the background, feed poller, clean stop."""

from __future__ import annotations

import asyncio
import signal
import threading

import structlog
from aiohttp import web

from schemas import Topics
from services.common.http_guard import ApiTokens, RateLimiter
from services.common.http_server import GuardedAppRunner
from services.ingest.api import IngestRuntime, create_app
from services.ingest.feeds_bridge import start_feed_thread
from services.ingest.kafka_link import connect_until_ready, kafka_answers
from services.ingest.metrics import IngestMetrics
from services.ingest.nomenclature import load_hs6_codes
from services.ingest.parsing import RecordValidator
from services.ingest.publisher import KafkaPublisher
from services.ingest.settings import Settings

log = structlog.get_logger(__name__)


def build_validator(settings: Settings) -> RecordValidator:
    """The validator, with the HS-6 set loaded once if a nomenclature is configured."""
    path = settings.hs_nomenclature_path
    known = load_hs6_codes(path) if path is not None else None
    if known is not None:
        log.info("nomenclature.loaded", path=str(path), subheadings=len(known))
    return RecordValidator(known_hs6=known, max_record_bytes=settings.max_record_bytes)


def build_runtime(settings: Settings, metrics: IngestMetrics | None = None) -> IngestRuntime:
    """Everything the API needs except the Kafka publisher, which arrives once Kafka answers."""
    return IngestRuntime(
        settings=settings,
        validator=build_validator(settings),
        metrics=metrics or IngestMetrics(),
        topics=Topics(settings.topic_namespace),
        limiter=RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst),
        tokens=ApiTokens(settings.named_tokens()),
    )


async def _keep_kafka_link(runtime: IngestRuntime, stop: threading.Event) -> None:
    """Connect (topics + publisher), then probe the broker so /readyz tells the truth."""
    settings = runtime.settings
    publisher = await asyncio.to_thread(connect_until_ready, settings, stop)
    if publisher is None:
        return
    runtime.sink = publisher
    runtime.topics_ready = True
    runtime.set_kafka_ready(True)
    interval = settings.readiness_probe_interval_seconds
    while not stop.is_set():
        await asyncio.to_thread(stop.wait, interval)
        if stop.is_set():
            return
        ready = await asyncio.to_thread(kafka_answers, settings.kafka, interval)
        if ready != runtime.kafka_ready:
            log.warning("kafka.ready_changed", ready=ready)
        runtime.set_kafka_ready(ready)


async def serve(settings: Settings, runtime: IngestRuntime, stop: asyncio.Event) -> None:
    """Serve until `stop` is set, then stop accepting, drain requests and flush the producer."""
    halt = threading.Event()
    feeds = start_feed_thread(runtime, halt) if settings.feeds_config_path else None
    app = create_app(runtime)
    runner = GuardedAppRunner(
        app, settings.http_limits(), shutdown_timeout=settings.shutdown_timeout_seconds
    )
    link: asyncio.Task[None] | None = None
    try:
        await runner.setup()
        site = web.TCPSite(runner, settings.http_host, settings.http_port)
        await site.start()
        log.info("ingest.listening", host=settings.http_host, port=settings.http_port)
        link = asyncio.create_task(_keep_kafka_link(runtime, halt))
        await stop.wait()
    finally:
        log.info("ingest.stopping")
        runtime.accepting = False
        halt.set()
        await runner.cleanup()  # closes the listener and waits for requests in flight
        if link is not None:
            await link
        if feeds is not None:
            await asyncio.to_thread(feeds.join, settings.shutdown_timeout_seconds)
        if isinstance(runtime.sink, KafkaPublisher):
            await asyncio.to_thread(runtime.sink.close, settings.shutdown_timeout_seconds)
        log.info("ingest.stopped")


def run_server(settings: Settings) -> int:
    """Run `serve` until SIGTERM or SIGINT."""
    runtime = build_runtime(settings)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, runtime, stop)

    asyncio.run(main())
    return 0
