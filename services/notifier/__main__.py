"""`chokepoint-notifier`: Settings() → logging → the notifier and its HTTP port until a signal."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

import structlog
from aiohttp import web

from services.common.http_server import GuardedAppRunner
from services.common.logs import configure_logging
from services.common.startup import load_or_exit, run_or_exit
from services.notifier.admin_api import build_admin_app
from services.notifier.errors import ConfigError
from services.notifier.http_api import build_public_app
from services.notifier.metrics import NotifierMetrics
from services.notifier.routing import RoutingConfig, load_routing
from services.notifier.service import Notifier
from services.notifier.settings import Settings
from services.notifier.simple_sinks import ConsoleSink, WebhookSink
from services.notifier.sinks import Sink, SlackWebSink

log = structlog.get_logger(__name__)
CLOSE_SECONDS = 30.0  # how long stopping may take before the process leaves anyway

DESCRIPTION = """Read alerts from Kafka and post them to Slack (Block Kit, threads,
silences, buttons).
Configured by NOTIFIER_* environment variables (see the README's notifier table). Without
NOTIFIER_SLACK_BOT_TOKEN or NOTIFIER_SLACK_WEBHOOK_URL it prints alerts on the console."""


def build_sink(settings: Settings, metrics: NotifierMetrics) -> Sink:
    """The destination the settings ask for."""
    if settings.slack_bot_token is not None:
        return SlackWebSink(
            settings.slack_bot_token.get_secret_value(),
            base_url=settings.slack_base_url,
            timeout=settings.slack_timeout_seconds,
            metrics=metrics,
            max_rate_limit_retries=settings.rate_limit_max_retries,
        )
    if settings.slack_webhook_url is not None:
        return WebhookSink(
            settings.slack_webhook_url.get_secret_value(),
            timeout=settings.slack_timeout_seconds,
            metrics=metrics,
            max_rate_limit_retries=settings.rate_limit_max_retries,
        )
    return ConsoleSink()


async def _listen(
    app: web.Application, settings: Settings, host: str, port: int, name: str
) -> web.AppRunner:
    runner = GuardedAppRunner(app, settings.http_limits(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("http.listening", listener=name, host=host, port=port)
    return runner


async def serve(
    settings: Settings,
    routing: RoutingConfig,
    stop: asyncio.Event | None = None,
    *,
    handle_signals: bool = True,
    metrics: NotifierMetrics | None = None,
) -> None:
    """Run until SIGTERM/SIGINT (or `stop` is set): the notifier loop plus the HTTP port."""
    metrics = metrics or NotifierMetrics()
    notifier = Notifier(settings, build_sink(settings, metrics), routing, metrics)

    async def publish(topic: str, key: str, value: bytes) -> None:
        await notifier.producer.send_and_wait(topic, key=key.encode(), value=value)

    admin = build_admin_app(
        settings=settings,
        metrics=metrics,
        ready_check=notifier.ready_checks,
        publish=publish,
        silences=notifier.silences,
        silences_topic=notifier.topics.silences,
    )
    runners = [await _listen(admin, settings, settings.http_host, settings.http_port, "internal")]
    if settings.slack_signing_secret is not None:  # interactivity configured: Slack must reach it
        public = build_public_app(
            settings=settings,
            metrics=metrics,
            publish=publish,
            sink=notifier.sink,
            feedback_topic=notifier.topics.feedback,
            silences_topic=notifier.topics.silences,
            silences=notifier.silences,
            slack_ready=lambda: notifier.slack_ready,
        )
        runners.append(
            await _listen(
                public, settings, settings.public_http_host, settings.public_http_port, "public"
            )
        )

    stop = stop or asyncio.Event()
    if handle_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
    try:
        await notifier.start()
        run = asyncio.create_task(notifier.run(stop))
        stopped = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({run, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stop.set()
        if run in done:
            run.result()  # re-raise a crash
        else:
            await run
    finally:
        log.info("notifier.stopping")
        try:  # bounded: a client stuck on an unreachable broker must not keep the process alive
            await asyncio.wait_for(notifier.close(), CLOSE_SECONDS)
        except Exception as exc:
            log.warning("notifier.close_failed", error=repr(exc)[:300])
        for runner in runners:
            await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chokepoint-notifier", description=DESCRIPTION)
    parser.add_argument(
        "--check-config", action="store_true", help="validate settings and routing, then exit"
    )
    args = parser.parse_args(argv)
    settings = load_or_exit(Settings, "NOTIFIER_", "chokepoint-notifier")
    try:
        routing = load_routing(settings.routing_file)
    except ConfigError as exc:
        print(f"chokepoint-notifier: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_json)
    if args.check_config:
        print(
            f"configuration ok: mode={settings.mode}, routes={len(routing.routes)}, "
            f"default={settings.default_channel}"
        )
        return 0
    log.info(
        "notifier.config",
        mode=settings.mode,
        routes=len(routing.routes),
        group_by=settings.group_by,
    )
    return run_or_exit("chokepoint-notifier", lambda: _serve_until_stopped(settings, routing))


def _serve_until_stopped(settings: Settings, routing: RoutingConfig) -> int:
    asyncio.run(serve(settings, routing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
