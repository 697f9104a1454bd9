"""The ingest HTTP server against hostile clients: malformed HTTP, slow clients, many connections,
spoofed X-Forwarded-For; every answer is JSON and never echoes what was sent."""

from __future__ import annotations

import asyncio
import time
from ipaddress import ip_network

from services.ingest.api import create_app
from tests.support.factories import json_bytes, shipment_dict
from tests.support.ingest_api import FakeSink, make_settings, ready_runtime, running_app
from tests.support.raw_http import exchange, parse_replies, serving

TOKEN = "test-token-0123456789abcdef"
MARKER = "do-not-echo-7f3a9c"


def _post(body: bytes, *, extra: str = "") -> bytes:
    head = (
        "POST /v1/shipments HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def _serve_ingest(**overrides: object) -> tuple[FakeSink, object]:
    sink = FakeSink()
    settings = make_settings(**overrides)
    return sink, ready_runtime(settings, sink)


def test_junk_after_a_valid_request_is_answered_in_json_without_echoing_anything() -> None:
    sink, runtime = _serve_ingest()
    record = json_bytes(shipment_dict(record_id="s-echo", goods_description=MARKER))
    junk = b"\x16\x03\x01 GARBAGE " + MARKER.encode() + b"\r\n\r\n"

    async def scenario() -> bytes:
        async with serving(create_app(runtime), runtime.settings.http_limits()) as port:  # type: ignore[attr-defined]
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(_post(record))
            first = await asyncio.wait_for(reader.readuntil(b"]}"), 10)  # the 202's record_ids
            writer.write(junk)
            rest = await asyncio.wait_for(reader.read(), 10)
            writer.close()
            return first + rest

    data = asyncio.run(scenario())
    accepted, refused = parse_replies(data)
    assert accepted.status == 202 and len(sink.messages) == 1
    assert refused.status == 400
    assert refused.headers["content-type"].startswith("application/json")
    assert refused.json() == {"error": "bad_request", "message": "malformed HTTP request"}
    assert MARKER.encode() not in data


def test_unknown_routes_and_methods_answer_json() -> None:
    _, runtime = _serve_ingest()
    with running_app(runtime) as api:  # type: ignore[arg-type]
        missing = api.request("GET", "/v1/nothing")
        wrong = api.request("GET", "/v1/shipments")
    assert (missing.status, missing.body["error"]) == (404, "not_found")
    assert (wrong.status, wrong.body["error"]) == (405, "method_not_allowed")
    assert "POST" in wrong.headers["Allow"]


def test_a_slowloris_connection_is_closed_after_the_header_timeout() -> None:
    _, runtime = _serve_ingest(http_header_timeout_seconds=0.5)

    async def scenario() -> float:
        async with serving(create_app(runtime), runtime.settings.http_limits()) as port:  # type: ignore[attr-defined]
            started = time.monotonic()
            await exchange(port, b"POST /v1/shipments HTTP/1.1\r\nHost: x\r\nX-Slow: 1", 10)
            return time.monotonic() - started

    assert asyncio.run(scenario()) < 5


def test_a_stalled_body_is_answered_408_after_the_body_timeout() -> None:
    sink, runtime = _serve_ingest(http_body_timeout_seconds=0.5)
    head = _post(b"", extra="").replace(b"Content-Length: 0", b"Content-Length: 4000000")

    async def scenario() -> tuple[bytes, float]:
        async with serving(create_app(runtime), runtime.settings.http_limits()) as port:  # type: ignore[attr-defined]
            started = time.monotonic()
            data = await exchange(port, head + b'{"record_id": "s-stall", ', 10)
            return data, time.monotonic() - started

    data, took = asyncio.run(scenario())
    [reply] = parse_replies(data)
    assert reply.status == 408 and reply.json()["error"] == "request_timeout"
    assert took < 5 and sink.messages == []


def test_connections_per_client_are_capped() -> None:
    _, runtime = _serve_ingest(http_max_connections_per_client=2)

    async def scenario() -> tuple[bytes, bytes]:
        async with serving(create_app(runtime), runtime.settings.http_limits()) as port:  # type: ignore[attr-defined]
            held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
            refused = await exchange(port, b"", 5)
            held[0][1].close()
            await held[0][1].wait_closed()
            for _ in range(100):  # the server sees the close a moment later
                again = await exchange(
                    port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5
                )
                if b"200 OK" in again:
                    break
                await asyncio.sleep(0.02)
            held[1][1].close()
            return refused, again

    refused, again = asyncio.run(scenario())
    [reply] = parse_replies(refused)
    assert reply.status == 503 and reply.json()["error"] == "too_many_connections"
    assert b"200 OK" in again


def test_rate_limit_follows_x_forwarded_for_only_from_trusted_proxies() -> None:
    limited = {"rate_limit_per_second": 0.001, "rate_limit_burst": 1}
    body = json_bytes(shipment_dict())
    auth = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}

    def statuses(**overrides: object) -> list[int]:
        _, runtime = _serve_ingest(**limited, **overrides)
        with running_app(runtime) as api:  # type: ignore[arg-type]
            return [
                api.post("/v1/shipments", body, {**auth, "X-Forwarded-For": client}).status
                for client in ("203.0.113.5", "203.0.113.5", "203.0.113.6")
            ]

    # Anonymous callers (no token) are keyed by address: spoofing the header must not help.
    open_api = {"api_token": None, "allow_anonymous": True}
    assert statuses(**open_api) == [202, 429, 429]
    behind_proxy = statuses(**open_api, trusted_proxies=[ip_network("127.0.0.1/32")])
    assert behind_proxy == [202, 429, 202]


def test_each_named_token_has_its_own_bucket_and_metric() -> None:
    alpha, beta = "alpha-token-0123456789", "beta-token-0123456789"
    _, runtime = _serve_ingest(
        api_token=None,
        api_tokens={"alpha": alpha, "beta": beta},
        rate_limit_per_second=0.001,
        rate_limit_burst=1,
    )
    body = json_bytes(shipment_dict())
    with running_app(runtime) as api:  # type: ignore[arg-type]

        def post(token: str) -> int:
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
            return api.post("/v1/shipments", body, headers).status

        assert [post(alpha), post(alpha), post(beta)] == [202, 429, 202]
        wrong = api.post("/v1/shipments", body, {"Authorization": "Bearer wrong-token-000000000"})
        assert wrong.status == 401
    registry = runtime.metrics.registry  # type: ignore[attr-defined]
    sample = registry.get_sample_value
    assert sample("chokepoint_ingest_token_requests_total", {"token": "alpha"}) == 2
    assert sample("chokepoint_ingest_token_requests_total", {"token": "none"}) == 1
