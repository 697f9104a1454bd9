"""Block Kit rendering: everything an analyst needs is there, and Slack's limits hold."""

from __future__ import annotations

import json

from schemas import Reason
from services.notifier.blocks import (
    ACK_ACTION,
    FALSE_POSITIVE_ACTION,
    MAX_BLOCKS,
    MAX_HEADER,
    MAX_TEXT,
    mark_acted,
    render_parent,
    render_replies,
)
from services.notifier.console import render_console
from tests.support.alert_factory import make_alert


def _all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_parent_names_the_sdn_entry_program_version_and_chpl_tier() -> None:
    message = render_parent(make_alert())
    text = _all_text(message.blocks)
    assert message.blocks[0]["type"] == "header"
    assert "CRITICAL" in message.blocks[0]["text"]["text"]
    for expected in (
        "OFAC-12345",
        "OOO ARTEKS",
        "RUSSIA-EO14024",
        "us_ofac_sdn v20260227",
        "CHPL tier 1",
        "SHP-0001",
    ):
        assert expected in text
    assert message.text.startswith("[CRITICAL]")


def test_parent_has_the_three_buttons_with_what_feedback_needs() -> None:
    actions = render_parent(make_alert()).blocks[-1]
    assert actions["type"] == "actions"
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids[:2] == [ACK_ACTION, FALSE_POSITIVE_ACTION]
    assert actions["elements"][2]["url"] == "https://records.example/SHP-0001"
    value = json.loads(actions["elements"][1]["value"])
    assert value == {
        "alert_id": make_alert().alert_id,
        "entity_id": "OFAC-12345",
        "party": "OOO Arteks",
        "record_id": "SHP-0001",
    }


def test_group_counter_appears_only_for_groups() -> None:
    assert "3 alerts" in _all_text(render_parent(make_alert(), group_count=3).blocks)
    assert "alerts* in this group" not in _all_text(render_parent(make_alert()).blocks)


def test_huge_alerts_stay_within_slack_limits() -> None:
    many = [
        Reason(kind="mention", summary="x" * 5_000, matched="y" * 5_000, target="z")
        for _ in range(120)
    ]
    alert = make_alert(headline="H" * 1_000, reasons=many)
    message = render_parent(alert)
    assert len(message.blocks) <= MAX_BLOCKS
    assert len(message.blocks[0]["text"]["text"]) <= MAX_HEADER
    for block in message.blocks:
        if "text" in block and block["type"] != "header":
            assert len(block["text"]["text"]) <= MAX_TEXT
        for field in block.get("fields", []) + block.get("elements", []):
            assert (
                len(field.get("text", "")) <= MAX_TEXT
                if isinstance(field.get("text"), str)
                else True
            )
    assert "more reasons" in _all_text(message.blocks)
    assert len(message.text) <= 3_000


def test_record_text_cannot_ping_the_channel() -> None:
    alert = make_alert(headline="<!channel> look", party="<@U123>")
    assert "<!channel>" not in _all_text(render_parent(alert).blocks[1:])
    assert "&lt;@U123&gt;" in _all_text(render_parent(alert).blocks)


def test_replies_chunk_alerts_under_the_block_limit() -> None:
    alerts = [make_alert(f"SHP-{i:04d}") for i in range(30)]
    replies = render_replies(alerts)
    assert len(replies) == 3
    assert all(len(r.blocks) <= MAX_BLOCKS for r in replies)
    assert "SHP-0029" in _all_text(replies[-1].blocks)


def test_mark_acted_replaces_only_that_alerts_buttons() -> None:
    a, b = make_alert("SHP-A"), make_alert("SHP-B")
    blocks = render_replies([a, b])[0].blocks
    updated = mark_acted(blocks, a.alert_id, "Acknowledged by @ana")
    assert f"actions:{a.alert_id}" not in _all_text(updated)
    assert f"actions:{b.alert_id}" in _all_text(updated)
    assert "Acknowledged by @ana" in _all_text(updated)


def test_console_rendering_shows_severity_headline_reasons_and_record() -> None:
    out = render_console(make_alert(), "#alerts")
    assert "CRITICAL" in out and "SHP-0001" in out and "OFAC-12345" in out and "CHPL tier 1" in out
    assert "CN → AE → RU" in out
