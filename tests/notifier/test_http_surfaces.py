"""The notifier's two listeners: the public one serves only Slack's actions; the internal one's
silences API needs a named admin token; errors are JSON and never echo input."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from services.notifier.admin_api import build_admin_app
from services.notifier.http_api import build_public_app
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook
from tests.notifier.test_delivery_failures import FlakySink
from tests.support.raw_http import RawReply, exchange, parse_replies, serving

OPS, CI = "ops-token-0123456789", "ci-token-0123456789ab"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
MARKER = "do-not-echo-51c2"


@dataclass
class Published:
    messages: list[tuple[str, str, bytes]] = field(default_factory=list)

    async def __call__(self, topic: str, key: str, value: bytes) -> None:
        self.messages.append((topic, key, value))


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "admin_tokens": {"ops": OPS, "ci": CI},
        "slack_signing_secret": SECRET,
        "http_rate_limit_per_second": 0,
        **overrides,
    }
    return Settings(**values)


def _apps(
    settings: Settings,
) -> tuple[web.Application, web.Application, Published, NotifierMetrics]:
    metrics, published = NotifierMetrics(), Published()
    admin = build_admin_app(
        settings=settings, metrics=metrics, ready_check=lambda: {"kafka": True},
        publish=published, silences=SilenceBook(), silences_topic="silences",
    )  # fmt: skip
    public = build_public_app(
        settings=settings, metrics=metrics, publish=published, sink=FlakySink(failures=0),
        feedback_topic="feedback", silences_topic="silences",
    )  # fmt: skip
    return admin, public, published, metrics


def _request(
    method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: notifier", "Connection: close",
             f"Content-Length: {len(body)}"]  # fmt: skip
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _call(app: web.Application, settings: Settings, *requests: bytes) -> list[RawReply]:
    async def scenario() -> list[RawReply]:
        async with serving(app, settings.http_limits()) as port:
            return [parse_replies(await exchange(port, r))[0] for r in requests]

    return asyncio.run(scenario())


def _silence(created_by: str = "ana", duration: float = 3600) -> bytes:
    wanted = {
        "matcher": {"hs_prefix": "8542"},
        "created_by": created_by,
        "duration_seconds": duration,
    }
    return json.dumps(wanted).encode()


def test_silences_need_a_named_admin_token() -> None:
    settings = _settings()
    admin, _, published, metrics = _apps(settings)
    anonymous, wrong, ok, listed, open_metrics = _call(
        admin, settings,
        _request("POST", "/silences", _silence()),
        _request("POST", "/silences", _silence(), {"Authorization": "Bearer not-a-token-000000"}),
        _request("POST", "/silences", _silence(), {"Authorization": f"Bearer {OPS}"}),
        _request("GET", "/silences", headers={"Authorization": f"Bearer {CI}"}),
        _request("GET", "/metrics"),
    )  # fmt: skip
    assert (anonymous.status, anonymous.json()["error"]) == (401, "unauthorized")
    assert wrong.status == 401 and "Bearer" in wrong.headers["www-authenticate"]
    assert ok.status == 201 and len(published.messages) == 1
    assert listed.status == 200 and len(listed.json()) == 1
    assert open_metrics.status == 200
    sample = metrics.registry.get_sample_value
    assert (
        sample("chokepoint_notifier_admin_requests_total", {"token": "ops", "status": "201"}) == 1
    )
    assert (
        sample("chokepoint_notifier_admin_requests_total", {"token": "none", "status": "401"}) == 2
    )


def test_without_admin_tokens_the_silences_api_is_closed() -> None:
    settings = _settings(admin_tokens={})
    admin, _, published, _ = _apps(settings)
    [reply] = _call(admin, settings, _request("POST", "/silences", _silence()))
    assert (reply.status, reply.json()["error"]) == (503, "admin_disabled")
    assert published.messages == []


def test_each_admin_token_has_its_own_rate_limit_bucket() -> None:
    settings = _settings(http_rate_limit_per_second=0.001, http_rate_limit_burst=1)
    admin, _, _, _ = _apps(settings)
    ops, ci = {"Authorization": f"Bearer {OPS}"}, {"Authorization": f"Bearer {CI}"}
    replies = _call(
        admin, settings,
        _request("GET", "/silences", headers=ops),
        _request("GET", "/silences", headers=ops),
        _request("GET", "/silences", headers=ci),
    )  # fmt: skip
    assert [r.status for r in replies] == [200, 429, 200]


def test_an_invalid_silence_is_refused_without_echoing_it() -> None:
    settings = _settings()
    admin, _, _, _ = _apps(settings)
    [reply] = _call(
        admin, settings,
        _request("POST", "/silences", _silence(MARKER, -5), {"Authorization": f"Bearer {OPS}"}),
    )  # fmt: skip
    assert reply.status == 422 and reply.json()["errors"][0]["path"] == "duration_seconds"
    assert MARKER.encode() not in reply.body


def test_the_public_listener_serves_slack_actions_and_nothing_admin() -> None:
    settings = _settings()
    _, public, _, _ = _apps(settings)
    silences, metrics, health = _call(
        public, settings,
        _request("POST", "/silences", _silence(), {"Authorization": f"Bearer {OPS}"}),
        _request("GET", "/metrics"),
        _request("GET", "/healthz"),
    )  # fmt: skip
    assert (silences.status, silences.json()["error"]) == (404, "not_found")
    assert metrics.status == 404 and health.status == 200


def test_a_signed_action_that_is_not_ours_is_a_400_not_a_500() -> None:
    settings = _settings()
    _, public, published, _ = _apps(settings)
    payload = {
        "type": "block_actions",
        "actions": [{"action_id": "chokepoint_ack", "value": "[1]"}],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    headers = {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    [reply] = _call(public, settings, _request("POST", "/slack/actions", body, headers))
    assert (reply.status, reply.json()["error"]) == (400, "invalid_action")
    assert published.messages == []


def test_malformed_http_on_either_listener_gets_json_without_the_input() -> None:
    settings = _settings()
    admin, public, _, _ = _apps(settings)
    junk = b"\x16\x03\x01 " + MARKER.encode() + b"\r\n\r\n"
    for app in (admin, public):

        async def scenario(app: web.Application = app) -> bytes:
            async with serving(app, settings.http_limits()) as port:
                return await exchange(port, junk)

        data = asyncio.run(scenario())
        [reply] = parse_replies(data)
        assert reply.status == 400 and reply.json()["error"] == "bad_request"
        assert MARKER.encode() not in data


def test_a_body_that_is_not_utf8_is_refused_not_a_500() -> None:
    settings = _settings()
    _, public, _, _ = _apps(settings)
    headers = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"}
    [reply] = _call(public, settings, _request("POST", "/slack/actions", b"\x80\xff", headers))
    assert (reply.status, reply.json()["error"]) == (401, "invalid_signature")
