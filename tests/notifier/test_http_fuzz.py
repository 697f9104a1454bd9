"""Property-based fuzzing of the notifier's endpoints (admin and public listeners): no 5xx, every
4xx a JSON body with a reason; Slack actions are fuzzed with valid signatures so the payload
handling is reached (CHOKEPOINT_FUZZ_EXAMPLES sets the count; default 2,000)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier

from tests.notifier.test_http_surfaces import OPS, SECRET, _apps, _settings
from tests.support.fuzz import (
    EXAMPLES,
    assert_answer_is_sound,
    body_strategy,
    content_types,
    header_text,
    json_values,
)
from tests.support.ingest_api import SyncClient, serving_app

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MATCHER = ["entity_id", "party", "record_type", "severity", "watchlist", "hs_prefix", "x"]


@pytest.fixture(scope="module")
def clients() -> Iterator[tuple[SyncClient, SyncClient]]:
    config = _settings()
    admin, public, _, _ = _apps(config)
    with (
        serving_app(admin, config.http_limits()) as a,
        serving_app(public, config.http_limits()) as p,
    ):
        yield a, p


silence_requests = st.fixed_dictionaries(
    {},
    optional={
        "matcher": st.dictionaries(st.sampled_from(MATCHER), json_values, max_size=3),
        "created_by": json_values,
        "comment": json_values,
        "duration_seconds": st.one_of(st.floats(), st.integers(), json_values),
        "extra": json_values,
    },
)
auth = st.one_of(
    st.just({"Authorization": f"Bearer {OPS}"}),
    st.just({}),
    header_text.map(lambda t: {"Authorization": f"Bearer {t}"}),
)


@pytest.mark.parametrize("path", ["/silences", "/silences/some-id/expire"])
def test_admin_routes_never_answer_5xx(clients: tuple[SyncClient, SyncClient], path: str) -> None:
    admin, _ = clients

    @FUZZ
    @given(
        body=body_strategy(silence_requests),
        content_type=content_types,
        headers=auth,
        method=st.sampled_from(["POST", "POST", "GET", "DELETE"]),
    )
    def one_request(body: bytes, content_type: str, headers: dict[str, str], method: str) -> None:
        reply = admin.request(method, path, body, {"Content-Type": content_type, **headers})
        assert_answer_is_sound(reply)

    one_request()


actions = st.fixed_dictionaries(
    {"type": st.sampled_from(["block_actions", "view_submission"]) | json_values},
    optional={
        "actions": st.lists(
            st.fixed_dictionaries(
                {"action_id": st.sampled_from(["chokepoint_ack", "chokepoint_false_positive"])},
                optional={"value": st.one_of(json_values.map(json.dumps), json_values)},
            )
            | json_values,
            max_size=2,
        )
        | json_values,
        "user": json_values,
        "channel": json_values,
        "container": json_values,
        "message": json_values,
    },
)


def _signed(body: bytes) -> dict[str, str]:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:  # Slack signs form bodies, which are text; send it unsigned
        return {}
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature or ""}


def test_slack_actions_never_answer_5xx(clients: tuple[SyncClient, SyncClient]) -> None:
    _, public = clients

    @FUZZ
    @given(
        payload=st.one_of(
            actions.map(lambda a: urlencode({"payload": json.dumps(a)}).encode()),
            st.binary(max_size=200),
        ),
        signed=st.booleans(),
        unique=st.uuids(),
    )
    def one_request(payload: bytes, signed: bool, unique: Any) -> None:
        body = payload + f"&nonce={unique}".encode()  # distinct bodies: not refused as replays
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = public.request(
            "POST", "/slack/actions", body, {**headers, **(_signed(body) if signed else {})}
        )
        assert_answer_is_sound(reply)

    one_request()


def test_slash_commands_never_answer_5xx(clients: tuple[SyncClient, SyncClient]) -> None:
    _, public = clients
    words = st.sampled_from(["screen", "hs", "silence", "silences", "status", "help", "", '"'])

    @FUZZ
    @given(verb=words, rest=st.text(max_size=80), signed=st.booleans(), unique=st.uuids())
    def one_request(verb: str, rest: str, signed: bool, unique: Any) -> None:
        form = {"command": "/chokepoint", "text": f"{verb} {rest}", "user_id": "U1"}
        body = urlencode(form).encode() + f"&nonce={unique}".encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        reply = public.request(
            "POST", "/slack/commands", body, {**headers, **(_signed(body) if signed else {})}
        )
        assert_answer_is_sound(reply)
        if signed and reply.status != 401:  # 401: hypothesis re-ran an example, a replay
            assert reply.status == 200 and reply.body["response_type"] == "ephemeral"

    one_request()
