"""Slack's auth check is retried until it passes; only then is the notifier ready."""

from __future__ import annotations

import asyncio

from services.notifier.readiness import wait_for_slack_auth
from tests.notifier.test_delivery_failures import FlakySink


class AuthFailsTwice(FlakySink):
    checks = 0

    async def check(self) -> bool:
        self.checks += 1
        return self.checks > 2


def test_auth_is_checked_again_until_it_passes() -> None:
    sink, ready = AuthFailsTwice(failures=0), []
    asyncio.run(wait_for_slack_auth(sink, 0.001, lambda: ready.append(True)))
    assert sink.checks == 3 and ready == [True]
