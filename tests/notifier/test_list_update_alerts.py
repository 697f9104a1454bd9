"""Retro and delisted alerts in Slack: one message per entity and list update, records listed."""

from __future__ import annotations

import json

from services.notifier.blocks import render_parent, render_replies
from services.notifier.grouping import group_field, group_key
from tests.support.alert_factory import make_alert

FIELDS = ["entity", "counterparty", "hs4"]


def test_a_list_updates_retro_alerts_group_per_entity_whatever_the_fields() -> None:
    base = make_alert("SHP-1")
    retro = base.model_copy(
        update={
            "kind": "retro",
            "watchlist_versions": {"blocklist": "v2"},
            "facets": base.facets.model_copy(update={"entity_ids": ["blocklist:x"]}),
        }
    )
    other_party = retro.model_copy(update={"alert_id": "other", "record": base.record})
    next_version = retro.model_copy(update={"watchlist_versions": {"blocklist": "v3"}})
    assert group_key(retro, FIELDS) == group_key(other_party, []) == group_key(other_party, FIELDS)
    assert group_key(retro, FIELDS).startswith("retro|update=blocklist@v2|entity=blocklist:x")
    assert group_key(next_version, FIELDS) != group_key(retro, FIELDS)
    delisted = retro.model_copy(update={"kind": "delisted"})
    assert group_key(delisted, FIELDS) != group_key(retro, FIELDS)
    assert group_key(base, FIELDS) == "|".join(f"{f}={group_field(base, f)}" for f in FIELDS)


def test_retro_alerts_list_their_past_records_in_the_parent_and_the_thread() -> None:
    base = make_alert("SHP-1")
    line = "2026-05-01 · HS 854231 · CN → RU · importer"
    reason = base.reasons[0].model_copy(
        update={"evidence": {"listed_on": "2026-11-28", "record:r1": line}}
    )
    retro = base.model_copy(update={"kind": "retro", "reasons": [reason]})
    parent = json.dumps(render_parent(retro).blocks, ensure_ascii=False)
    assert "Past records" in parent and f"`r1` — {line}" in parent
    [reply] = render_replies([retro])
    assert line in json.dumps(reply.blocks, ensure_ascii=False)
    assert "Past records" not in json.dumps(render_parent(base).blocks)  # record alerts unchanged
