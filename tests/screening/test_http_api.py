"""The HTTP API through aiohttp's test client: auth, rate limit, endpoints, metrics, OpenAPI."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from services.common.http_guard import RateLimiter
from services.screening.api import ScreeningRuntime, create_app
from services.screening.openapi import COMMITTED
from tests.support.screening import SANCTIONED_ID, SANCTIONED_PERSON, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
Check = Callable[[TestClient], Awaitable[None]]  # type: ignore[type-arg]


def with_client(runtime: ScreeningRuntime, check: Check) -> None:
    async def main() -> None:
        async with TestClient(TestServer(create_app(runtime))) as client:
            await check(client)

    asyncio.run(main())


def match_body(name: str = SANCTIONED_PERSON) -> dict[str, Any]:
    return {"queries": {"q1": {"schema": "Person", "properties": {"name": [name]}}}}


def test_match_answers_yente_shape_and_counts_metrics(screening_runtime: ScreeningRuntime) -> None:
    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        response = await client.post(
            "/match/default?threshold=0.7&limit=3&algorithm=best", json=match_body(), headers=AUTH
        )
        assert response.status == 200
        body = await response.json()
        assert body["limit"] == 3 and body["responses"]["q1"]["results"][0]["id"] == SANCTIONED_ID
        metrics = await (await client.get("/metrics")).text()
        assert 'chokepoint_screening_requests_total{endpoint="match",status="200"}' in metrics
        assert "chokepoint_screening_request_duration_seconds_bucket" in metrics
        assert 'chokepoint_screening_matches_returned_total{endpoint="match"}' in metrics
        assert 'chokepoint_screening_watchlist_entries{watchlist="us_ofac_sdn"}' in metrics

    with_client(screening_runtime, check)


def test_yente_apikey_scheme_is_accepted_and_a_missing_token_is_401(
    screening_runtime: ScreeningRuntime,
) -> None:
    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        ok = await client.get("/catalog", headers={"Authorization": f"ApiKey {TOKEN}"})
        assert ok.status == 200
        for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"}):
            refused = await client.get("/catalog", headers=headers)
            assert refused.status == 401 and refused.headers["WWW-Authenticate"].startswith(
                "Bearer"
            )
            assert (await refused.json())["error"] == "unauthorized"
        assert (await client.get("/healthz")).status == 200
        assert (await client.get("/readyz")).status == 200

    with_client(screening_runtime, check)


def test_errors_are_json_with_a_reason(screening_runtime: ScreeningRuntime) -> None:
    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        cases = [
            (client.post("/match/default", data=b"{", headers=AUTH), 400),
            (client.post("/match/default", json={"queries": {}}, headers=AUTH), 400),
            (client.post("/match/default?limit=0", json=match_body(), headers=AUTH), 400),
            (client.post("/match/nope", json=match_body(), headers=AUTH), 404),
            (client.get("/entities/nope", headers=AUTH), 404),
            (client.get("/hs/abc", headers=AUTH), 400),
            (client.get("/search/default?limit=x", headers=AUTH), 400),
            (client.get("/nowhere", headers=AUTH), 404),
            (client.delete("/catalog", headers=AUTH), 405),
        ]
        for call, status in cases:
            response = await call
            body = await response.json()
            assert response.status == status, body
            assert body["error"] and body["message"]

    with_client(screening_runtime, check)


def test_search_entities_catalog_and_hs(screening_runtime: ScreeningRuntime) -> None:
    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        found = await (await client.get("/search/us_ofac_sdn?q=Rogozin", headers=AUTH)).json()
        assert found["results"][0]["id"] == SANCTIONED_ID
        entity = await (await client.get(f"/entities/{SANCTIONED_ID}", headers=AUTH)).json()
        assert entity["caption"].startswith("ROGOZIN")
        catalog = await (await client.get("/catalog", headers=AUTH)).json()
        assert "default" in catalog["current"]
        code = await (await client.get("/hs/8542.31", headers=AUTH)).json()
        assert code["chpl_tier"] == "1" and code["phrase_categories"]

    with_client(screening_runtime, check)


def test_rate_limit_is_per_token(screening_runtime: ScreeningRuntime) -> None:
    limited = ScreeningRuntime(
        settings=screening_runtime.settings,
        registry=screening_runtime.registry,
        catalog=screening_runtime.catalog,
        limiter=RateLimiter(0.001, 2),
        tokens=screening_runtime.tokens,
    )

    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        statuses = [(await client.get("/catalog", headers=AUTH)).status for _ in range(3)]
        assert statuses == [200, 200, 429]
        refused = await client.get("/catalog", headers=AUTH)
        assert int(refused.headers["Retry-After"]) >= 1
        assert (await refused.json())["error"] == "rate_limited"

    with_client(limited, check)


def test_openapi_is_served_as_committed_and_valid(screening_runtime: ScreeningRuntime) -> None:
    from openapi_spec_validator import validate

    async def check(client: TestClient) -> None:  # type: ignore[type-arg]
        served = await (await client.get("/openapi.json")).json()
        assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))
        validate(served)
        paths = {p for p in served["paths"]}
        for route in client.app.router.routes():
            info = route.get_info()
            path = info.get("path") or info.get("formatter")
            if route.method != "HEAD" and path:
                assert path in paths, path

    with_client(screening_runtime, check)
