"""No control or bidi-override character reaches Slack or the console; the alert keeps them."""

from __future__ import annotations

import json

import pytest

from schemas import Reason
from services.notifier.blocks import mark_acted, render_parent, render_replies
from services.notifier.console import render_console
from services.notifier.text_hygiene import clean_text
from tests.support.alert_factory import make_alert

HOSTILE = "Evil\x00Corp\u202egnp.exe\u2066x\u2069\x1b[31m\x85"
UNSAFE = ["\x00", "\u202e", "\u2066", "\u2069", "\x1b", "\x85"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (HOSTILE, "EvilCorpgnp.exex[31m"),
        ("line one\nline two", "line one\nline two"),
        ("Шэньчжэнь 深圳 شركة\u200c", "Шэньчжэнь 深圳 شركة\u200c"),  # ZWNJ is part of Persian text
        ("a\u200fb\u061cc\ufeffd", "abcd"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def _texts(blocks: object) -> list[str]:
    """Every string Slack renders from blocks (the `text` fields; button values are not shown)."""
    if isinstance(blocks, list):
        return [t for item in blocks for t in _texts(item)]
    if isinstance(blocks, dict):
        return [
            t
            for key, item in blocks.items()
            for t in ([item] if key == "text" and isinstance(item, str) else _texts(item))
        ]
    return []


def _hostile_alert():  # type: ignore[no-untyped-def]
    alert = make_alert("SHP-BIDI", party=HOSTILE, counterparty=f"Gulf {HOSTILE}")
    reason = Reason(kind="route", summary=f"via {HOSTILE}", subscore=0.4)
    return alert.model_copy(
        update={"headline": f"headline {HOSTILE}", "reasons": [*alert.reasons, reason]}
    )


def test_blocks_fallbacks_replies_and_console_are_clean_and_the_alert_is_not() -> None:
    alert = _hostile_alert()
    parent = render_parent(alert, 3)
    [reply] = render_replies([alert, alert])
    acted = mark_acted(parent.blocks, alert.alert_id, f"by {HOSTILE}")
    rendered = [
        parent.text,
        *_texts(parent.blocks),
        reply.text,
        *_texts(reply.blocks),
        *_texts(acted),
        render_console(alert, "#c"),
    ]
    assert len(rendered) > 10
    for text in rendered:
        assert [c for c in UNSAFE if c in text] == [], text
    assert "EvilCorpgnp.exe" in json.dumps(_texts(parent.blocks), ensure_ascii=False)
    assert HOSTILE in alert.headline and HOSTILE in alert.facets.parties[0]
