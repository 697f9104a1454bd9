"""The gate in front of Slack's requests: rate limit, signature, timestamp and replay checks."""

from __future__ import annotations

import time
from collections.abc import Mapping

import structlog
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from services.common.http_guard import RateLimiter, client_address
from services.common.http_server import json_error, read_body_within
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings

log = structlog.get_logger(__name__)


class ReplayGuard:
    """Signatures seen within the verifier's window: a replayed request is refused even if fresh."""

    max_entries = 100_000

    def __init__(self, window_seconds: float) -> None:
        self._window = window_seconds
        self._seen: dict[str, float] = {}

    def first_time(self, signature: str) -> bool:
        now = time.monotonic()
        self._seen = {s: t for s, t in self._seen.items() if now - t < self._window}
        if len(self._seen) >= self.max_entries:
            return False  # a flood of distinct valid signatures cannot grow memory without bound
        if signature in self._seen:
            return False
        self._seen[signature] = now
        return True


class SlackGate:
    """`signed_body(request)`: the body of a genuine, fresh, first-seen Slack request, or the refusal."""

    def __init__(self, settings: Settings, metrics: NotifierMetrics) -> None:
        secret = settings.slack_signing_secret
        self._verifier = SignatureVerifier(secret.get_secret_value()) if secret else None
        self._replays = ReplayGuard(settings.signature_max_age_seconds)
        self._limiter = RateLimiter(
            settings.http_rate_limit_per_second, settings.http_rate_limit_burst
        )
        self._settings = settings
        self._metrics = metrics

    def verified(self, body: bytes, headers: Mapping[str, str]) -> bool:
        try:
            body.decode("utf-8")  # the SDK's verifier decodes it and would raise
        except UnicodeDecodeError:
            return False
        if self._verifier is None or not self._verifier.is_valid_request(body, headers):
            return False
        stamp = headers.get("X-Slack-Request-Timestamp", "0")
        max_age = self._settings.signature_max_age_seconds
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > max_age:
            return False
        return self._replays.first_time(headers.get("X-Slack-Signature", ""))

    async def signed_body(self, request: web.Request) -> bytes | web.Response:
        settings = self._settings
        client = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), settings.trusted_proxies
        )
        wait = self._limiter.allow(f"addr:{client}")
        if wait > 0:
            response = json_error(429, "rate_limited", "too many requests; retry later")
            response.headers["Retry-After"] = str(max(int(wait + 0.999), 1))
            return response
        if self._verifier is None:
            return json_error(503, "not_configured", "interactivity is not configured")
        body = await read_body_within(request, settings.http_body_timeout_seconds)
        if not self.verified(body, request.headers):
            self._metrics.rejected_requests.inc()
            log.warning("slack.signature_rejected", client=client)
            return json_error(401, "invalid_signature", "the Slack signature is not valid")
        return body
