"""The `/chokepoint` slash command: parsing, and signed requests against the public listener with
a stub screening service (aiohttp test servers, no Kafka)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from schemas import Silence
from schemas.control import SilenceMatcher
from services.notifier.daily_counts import CONSUMED, POSTED
from services.notifier.http_api import build_public_app
from services.notifier.metrics import NotifierMetrics
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook, new_silence
from services.notifier.slash_command import ScreenQuery, parse_command
from tests.notifier.test_delivery_failures import FlakySink
from tests.notifier.test_http_surfaces import SECRET, Published

TOKEN = "screening-token-0123456789"
MATCH = {
    "id": "us_ofac_sdn:16649",
    "caption": "ROGOZIN, Dmitry <!channel>\u202e",
    "schema": "Person",
    "datasets": ["us_ofac_sdn"],
    "dataset_versions": {"us_ofac_sdn": "2026-11-30"},
    "score": 0.97,
    "match": True,
    "explanation": "name 'Dmitry Rogozin' ~ 'ROGOZIN, Dmitry Olegovich'",
}


# ---- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("screen Dmitry Rogozin", ScreenQuery("Dmitry Rogozin")),
        ("screen Dmitry Rogozin ru", ScreenQuery("Dmitry Rogozin", "ru")),
        ("screen Dmitry Rogozin RU 1963-12-21", ScreenQuery("Dmitry Rogozin", "ru", "1963-12-21")),
        ("screen Dmitry Rogozin 1963", ScreenQuery("Dmitry Rogozin", None, "1963")),
        ('screen "Kim Jong Un" kp 1984', ScreenQuery("Kim Jong Un", "kp", "1984")),
        ('screen "Kim Jong Un"', ScreenQuery("Kim Jong Un")),
        ("SCREEN  Arteks", ScreenQuery("Arteks")),
        ("screen ru", ScreenQuery("ru")),  # a lone word is the name, not a country
        ("screen O'Brien Ltd", ScreenQuery("O'Brien Ltd")),  # unbalanced quote: plain words
        ("screen Ev\u202eil Corp", ScreenQuery("Evil Corp")),  # bidi override dropped
    ],
)
def test_screen_text_is_parsed(text: str, expected: ScreenQuery) -> None:
    command = parse_command(text)
    assert (command.name, command.screen) == ("screen", expected)


def test_other_subcommands_are_parsed() -> None:
    assert parse_command("hs 8542.31").args == ("8542.31",)
    assert parse_command("silence OFAC-1 7d false hit on name").args == (
        "OFAC-1",
        "7d",
        "false hit on name",
    )
    assert parse_command("silences").name == "silences"
    assert parse_command(" status ").name == "status"
    assert (parse_command("").name, parse_command("").problem) == ("help", None)
    assert parse_command("help").name == "help"


@pytest.mark.parametrize(
    "text", ["frobnicate x", "screen", "screen   ", "hs", "hs 1 2", "silence OFAC-1", '"x" y']
)
def test_what_is_not_understood_is_help_with_a_reason(text: str) -> None:
    command = parse_command(text)
    assert command.name == "help" and command.problem


def test_the_ftm_query_carries_country_and_birth_date() -> None:
    assert ScreenQuery("A B", "ru", "1963").ftm() == {
        "schema": "Person",
        "properties": {"name": ["A B"], "country": ["ru"], "birthDate": ["1963"]},
    }
    assert ScreenQuery("Arteks").ftm()["schema"] == "LegalEntity"


# ---- HTTP --------------------------------------------------------------------------------------


def _stub_screening(seen: list[web.Request], delay: float = 0.0) -> web.Application:
    async def match(request: web.Request) -> web.Response:
        seen.append(request)
        await asyncio.sleep(delay)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorized", "message": "token"}, status=401)
        body = await request.json()
        query = body["queries"]["q"]
        results = [MATCH] if "rogozin" in query["properties"]["name"][0].lower() else []
        return web.json_response({"responses": {"q": {"status": 200, "results": results}}})

    async def hs(request: web.Request) -> web.Response:
        if request.match_info["code"] != "8542.31":
            return web.json_response({"error": "not_found", "message": "no such code"}, status=404)
        return web.json_response(
            {
                "code": "854231",
                "dotted": "8542.31",
                "description": "Processors and controllers",
                "chpl_tier": 1,
                "chpl_label": "Tier 1",
                "listed": [{"list": "chpl", "prefix": "8542.31", "tier": 1, "severity": "high"}],
                "phrase_categories": [
                    {
                        "category": "ic",
                        "label": "Integrated circuits",
                        "phrases": [{"phrase": "microcontroller", "language_list": "en"}],
                    },
                ],  # fmt: skip
                "versions": {"chpl": "2024-02"},
            }
        )

    async def catalog(_: web.Request) -> web.Response:
        return web.json_response(
            {
                "datasets": [
                    {"name": "us_ofac_sdn", "version": "2026-11-30", "entity_count": 12,
                     "loaded_at": 1_764_547_200.0},
                    {"name": "default", "version": "x", "entity_count": 12},
                ]
            }
        )  # fmt: skip

    app = web.Application()
    app.router.add_post("/match/{dataset}", match)
    app.router.add_get("/hs/{code}", hs)
    app.router.add_get("/catalog", catalog)
    return app


def _signed(text: str, *, secret: str = SECRET, stamp: int | None = None) -> tuple[bytes, dict]:
    form = {"command": "/chokepoint", "text": text, "user_id": "U123", "user_name": "ana",
            "response_url": "https://hooks.example.invalid/x", "team_id": "T1"}  # fmt: skip
    body = urlencode(form).encode()
    ts = str(stamp if stamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return body, {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature or "",
        "Content-Type": "application/x-www-form-urlencoded",
    }


Scenario = Callable[[TestClient, Published], Awaitable[None]]


def _run(
    scenario: Scenario,
    *,
    screening: bool = True,
    delay: float = 0.0,
    book: SilenceBook | None = None,
    seen: list[web.Request] | None = None,
    **overrides: Any,
) -> None:
    async def main() -> None:
        stub = TestServer(_stub_screening(seen if seen is not None else [], delay))
        await stub.start_server()
        try:
            values: dict[str, Any] = {
                "slack_signing_secret": SECRET,
                "http_rate_limit_per_second": 0,
                **(
                    {"screening_url": str(stub.make_url("/")), "screening_token": TOKEN}
                    if screening
                    else {}
                ),  # fmt: skip
                **overrides,
            }
            metrics, published = NotifierMetrics(), Published()
            metrics.today.add(CONSUMED, 3)
            metrics.today.add(POSTED, 2)
            app = build_public_app(
                settings=Settings(**values), metrics=metrics, publish=published,
                sink=FlakySink(failures=0), feedback_topic="feedback", silences_topic="silences",
                silences=book if book is not None else SilenceBook(), slack_ready=lambda: True,
            )  # fmt: skip
            async with TestClient(TestServer(app)) as client:
                await scenario(client, published)
        finally:
            await stub.close()

    asyncio.run(main())


async def _command(client: TestClient, text: str) -> dict[str, Any]:
    body, headers = _signed(text)
    started = time.monotonic()
    response = await client.post("/slack/commands", data=body, headers=headers)
    assert time.monotonic() - started < 3.0
    assert response.status == 200
    answer = await response.json()
    assert answer["response_type"] == "ephemeral"
    return answer


def _text(answer: dict[str, Any]) -> str:
    return json.dumps(answer["blocks"], ensure_ascii=False)


def test_a_signed_screen_answers_within_3s_with_the_matches() -> None:
    seen: list[web.Request] = []

    async def scenario(client: TestClient, _: Published) -> None:
        answer = await _command(client, "screen Dmitry Rogozin ru 1963-12-21")
        text = _text(answer)
        assert "ROGOZIN, Dmitry" in text and "0.97" in text
        assert "us_ofac_sdn (2026-11-30)" in text and "Olegovich" in text
        assert "<!channel>" not in text and "&lt;!channel&gt;" in text  # escaped
        assert "\u202e" not in text  # cleaned

    _run(scenario, seen=seen)
    assert len(seen) == 1 and seen[0].path == "/match/default"


def test_a_clean_name_has_no_matches() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        assert "No list matches" in _text(await _command(client, "screen Jane Ordinary"))

    _run(scenario)


def test_forged_stale_and_replayed_commands_are_401() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        forged = _signed("screen Dmitry Rogozin", secret="forged-secret-0000")
        stale = _signed("screen Dmitry Rogozin", stamp=int(time.time()) - 360)
        good = _signed("screen Dmitry Rogozin")
        for body, headers in (forged, stale):
            response = await client.post("/slack/commands", data=body, headers=headers)
            assert response.status == 401
            assert (await response.json())["error"] == "invalid_signature"
        first = await client.post("/slack/commands", data=good[0], headers=good[1])
        replayed = await client.post("/slack/commands", data=good[0], headers=good[1])
        assert (first.status, replayed.status) == (200, 401)
        unsigned = await client.post("/slack/commands", data=good[0])
        assert unsigned.status == 401

    _run(scenario)


def test_hs_answers_from_the_screening_service() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        text = _text(await _command(client, "hs 8542.31"))
        assert "CHPL tier 1" in text and "microcontroller" in text and "Processors" in text
        missing = _text(await _command(client, "hs 9999.99"))
        assert "no such code" in missing

    _run(scenario)


def test_without_screening_configured_screen_says_so() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        assert "not configured" in _text(await _command(client, "screen Dmitry Rogozin"))
        assert "not configured" in _text(await _command(client, "hs 8542.31"))
        status = _text(await _command(client, "status"))
        assert "alerts consumed: 3" in status and "not configured" in status

    _run(scenario, screening=False)


def test_a_slow_or_absent_screening_service_is_an_answer_not_a_5xx() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        assert "did not answer in time" in _text(await _command(client, "screen Dmitry Rogozin"))

    _run(scenario, delay=2.0, screening_timeout_seconds=0.3)

    async def unreachable(client: TestClient, _: Published) -> None:
        assert "cannot be reached" in _text(await _command(client, "screen Dmitry Rogozin"))

    _run(unreachable, screening=False, screening_url="http://127.0.0.1:9/")


def test_silence_publishes_a_silence_by_the_slack_user() -> None:
    async def scenario(client: TestClient, published: Published) -> None:
        text = _text(await _command(client, "silence OFAC-12345 7d known false hit"))
        assert "Silenced" in text and "OFAC-12345" in text
        [(topic, key, value)] = published.messages
        silence = Silence.model_validate_json(value)
        assert topic == "silences" and key == silence.silence_id
        assert silence.matcher.entity_id == "OFAC-12345" and silence.created_by == "ana"
        assert silence.comment == "known false hit"
        assert silence.ends_at - silence.starts_at == timedelta(days=7)
        bad = _text(await _command(client, "silence OFAC-12345 forever"))
        assert "not a duration" in bad and len(published.messages) == 1

    _run(scenario)


def test_silences_lists_those_in_force() -> None:
    book = SilenceBook()
    now = datetime.now(UTC)
    book.upsert(new_silence(SilenceMatcher(hs_prefix="8542"), created_by="bob", comment="chips",
                            duration_seconds=3600, now=now))  # fmt: skip

    async def scenario(client: TestClient, _: Published) -> None:
        text = _text(await _command(client, "silences"))
        assert "1 silences in force" in text and "hs_prefix=8542" in text and "bob" in text

    _run(scenario, book=book)


def test_status_reports_the_notifier_and_the_lists() -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        text = _text(await _command(client, "status"))
        assert "alerts consumed: 3" in text and "alerts posted to Slack: 2" in text
        assert "today since" in text and "UTC" in text  # this process started today
        assert "Slack: authenticated" in text
        assert "us_ofac_sdn · version 2026-11-30" in text and "default" not in text

    _run(scenario)


@pytest.mark.parametrize("text", ["frobnicate", "", "help"])
def test_unknown_or_help_answers_usage(text: str) -> None:
    async def scenario(client: TestClient, _: Published) -> None:
        answer = await _command(client, text)
        assert "Usage" in _text(answer)
        if text == "frobnicate":
            assert "unknown subcommand" in _text(answer)

    _run(scenario)
