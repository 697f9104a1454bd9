"""The notifier's public listener: Slack's interactive endpoint (`POST /slack/actions`), the
`/chokepoint` slash command (`POST /slack/commands`) and `/healthz`, nothing else; admin and
metrics live on the internal listener (admin_api.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from services.common.http_server import json_errors
from services.notifier.kafka_io import Publish
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook
from services.notifier.sinks import Sink
from services.notifier.slack_actions import SlackActions
from services.notifier.slack_gate import SlackGate
from services.notifier.slash_command import ScreeningClient
from services.notifier.slash_handler import SlashCommands

BodyHandler = Callable[[bytes], Awaitable[web.Response]]


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
    gate = SlackGate(settings, metrics)
    actions = SlackActions(
        publish=publish, sink=sink, metrics=metrics, feedback_topic=feedback_topic,
        silences_topic=silences_topic,
        false_positive_silence_seconds=settings.false_positive_silence_seconds,
    )  # fmt: skip
    commands = SlashCommands(
        publish=publish, metrics=metrics, silences_topic=silences_topic, silences=silences,
        screening=screening_client(settings), slack_ready=slack_ready,
    )  # fmt: skip

    def behind_gate(handle: BodyHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def route(request: web.Request) -> web.Response:
            body = await gate.signed_body(request)
            return body if isinstance(body, web.Response) else await handle(body)

        return route

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=1024 * 1024, middlewares=[json_errors])
    app.router.add_post("/slack/actions", behind_gate(actions.handle))
    app.router.add_post("/slack/commands", behind_gate(commands.handle))
    app.router.add_get("/healthz", healthz)
    return app


def screening_client(settings: Settings) -> ScreeningClient | None:
    """The screening service's client when NOTIFIER_SCREENING_URL is set."""
    if not settings.screening_url:
        return None
    token = settings.screening_token.get_secret_value() if settings.screening_token else None
    return ScreeningClient(settings.screening_url, token, settings.screening_timeout_seconds)
