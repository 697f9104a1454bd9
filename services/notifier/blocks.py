"""Alerts → Slack Block Kit messages (pure), within Slack's limits.

Limits honoured: 50 blocks per message, 3,000 characters per text object, 150 in a header,
2,000 per button value, 10 fields per section; the `text` fallback is always set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from schemas import Alert, Reason
from services.notifier.text_hygiene import clean_blocks, clean_text

MAX_BLOCKS = 50
MAX_TEXT = 3_000
MAX_HEADER = 150
MAX_FIELD = 2_000
MAX_BUTTON_VALUE = 2_000
MAX_FALLBACK = 3_000
MAX_REASON_BLOCKS = 20
ALERTS_PER_REPLY = 12  # 4 blocks each: stays under 50 blocks per reply

SEVERITY_EMOJI = {
    "critical": ":red_circle:",
    "high": ":large_orange_circle:",
    "medium": ":large_yellow_circle:",
    "low": ":white_circle:",
}
ACK_ACTION = "chokepoint_ack"
FALSE_POSITIVE_ACTION = "chokepoint_false_positive"
OPEN_ACTION = "chokepoint_open_record"
COUNTER_BLOCK_ID = "group_counter"

Block = dict[str, Any]


@dataclass(frozen=True)
class SlackMessage:
    """What one chat.postMessage/chat.update carries."""

    text: str
    blocks: list[Block]


def _clean(message: SlackMessage) -> SlackMessage:
    """Every rendered string through the one hygiene function (blocks and the fallback)."""
    return SlackMessage(text=clean_text(message.text), blocks=clean_blocks(message.blocks))


def truncate(text: str, limit: int) -> str:
    """Cut to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def escape(text: str) -> str:
    """Escape Slack mrkdwn control characters so record text cannot ping or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn(text: str, limit: int = MAX_TEXT) -> Block:
    return {"type": "mrkdwn", "text": truncate(text, limit)}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def reason_line(reason: Reason, versions: dict[str, str]) -> str:
    """One reason with evidence: matched text → list entry, program, tier, list version."""
    parts = [f"*{reason.kind}* — {escape(reason.summary)}"]
    if reason.matched or reason.target:
        entry = f" `{escape(reason.entry_id)}`" if reason.entry_id else ""
        parts.append(f"“{escape(reason.matched)}” → {escape(reason.target)}{entry}")
    meta: list[str] = []
    if reason.watchlist:
        version = versions.get(reason.watchlist)
        meta.append(f"{escape(reason.watchlist)}" + (f" v{escape(version)}" if version else ""))
    if reason.program:
        meta.append(f"program {escape(reason.program)}")
    if reason.tier:
        meta.append(f"CHPL tier {escape(reason.tier)}")
    meta.append(f"subscore {reason.subscore:.2f}")
    parts.append(" · ".join(meta))
    return "\n".join(parts)


def _fields(alert: Alert) -> Block:
    facets = alert.facets
    hs = facets.hs_code or "—"
    tier = f"tier {facets.hs_tier}" if facets.hs_tier else "—"
    values = {
        "Record type": alert.record.type,
        "Parties": ", ".join(facets.parties) or "—",
        "HS code": f"{hs} ({tier})",
        "Route": " → ".join(c.upper() for c in facets.countries) or "—",
        "Score": f"{alert.score:.2f} ({alert.severity})",
        "Lists": ", ".join(facets.watchlists) or "—",
    }
    return {
        "type": "section",
        "fields": [
            _mrkdwn(f"*{name}*\n{escape(value)}", MAX_FIELD) for name, value in values.items()
        ],
    }


MAX_PAST_RECORDS = 20


def past_records(alert: Alert) -> list[str]:
    """Retro / delisted alerts: the past records each reason lists ('id — date · HS · route')."""
    if alert.kind not in ("retro", "delisted"):
        return []
    return [
        f"`{escape(key.removeprefix('record:'))}` — {escape(line)}"
        for reason in alert.reasons
        for key, line in reason.evidence.items()
        if key.startswith("record:")
    ]


def _past_records_block(alert: Alert) -> list[Block]:
    lines = past_records(alert)
    if not lines:
        return []
    shown = lines[:MAX_PAST_RECORDS]
    more = f"\n…and {len(lines) - len(shown)} more" if len(lines) > len(shown) else ""
    return [_section("*Past records*\n" + "\n".join(f"• {line}" for line in shown) + more)]


def _context(alert: Alert) -> Block:
    record = alert.record
    when = (record.occurred_at or alert.created_at).isoformat(timespec="minutes")
    items = [f"record `{escape(record.id)}`", f"source {escape(record.source or '—')}", when]
    if record.url:
        items.append(f"<{record.url}|open source>")
    return {"type": "context", "elements": [_mrkdwn(" · ".join(items))]}


def button_value(alert: Alert) -> str:
    """What a button carries back: enough to publish feedback and a silence without a lookup."""
    entity = next((r for r in alert.reasons if r.kind == "entity" and r.entry_id), None)
    facets = alert.facets
    payload: dict[str, str | None] = {
        "alert_id": alert.alert_id,
        "entity_id": entity.entry_id if entity else next(iter(facets.entity_ids), None),
        "party": entity.matched if entity and entity.matched else next(iter(facets.parties), None),
        "record_id": alert.record.id[:128],
    }
    return truncate(json.dumps(payload, ensure_ascii=False), MAX_BUTTON_VALUE)


def actions_block(alert: Alert) -> Block:
    """Acknowledge / False positive / Open record."""
    value = button_value(alert)
    elements: list[Block] = [
        {
            "type": "button",
            "action_id": ACK_ACTION,
            "text": {"type": "plain_text", "text": "Acknowledge"},
            "style": "primary",
            "value": value,
        },
        {
            "type": "button",
            "action_id": FALSE_POSITIVE_ACTION,
            "text": {"type": "plain_text", "text": "False positive"},
            "style": "danger",
            "value": value,
        },
    ]
    if alert.record.url:
        elements.append(
            {
                "type": "button",
                "action_id": OPEN_ACTION,
                "text": {"type": "plain_text", "text": "Open record"},
                "url": alert.record.url[:3000],
                "value": value,
            }
        )
    return {"type": "actions", "block_id": f"actions:{alert.alert_id}", "elements": elements}


def fallback_text(alert: Alert, group_count: int = 1) -> str:
    """The notification and screen-reader text."""
    extra = f" (+{group_count - 1} more in thread)" if group_count > 1 else ""
    return clean_text(
        truncate(
            f"[{alert.severity.upper()}] {alert.headline} — record {alert.record.id}{extra}",
            MAX_FALLBACK,
        )
    )


def render_parent(alert: Alert, group_count: int = 1) -> SlackMessage:
    """The channel message for a group: the first alert in full, plus the group's counter."""
    header = truncate(f"{alert.severity.upper()} · {alert.headline}", MAX_HEADER)
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}},
        _fields(alert),
    ]
    room = MAX_BLOCKS - len(blocks) - 4  # context, counter, actions, overflow note
    shown = alert.reasons[: min(room, MAX_REASON_BLOCKS)]
    blocks += [
        _section(
            f"{SEVERITY_EMOJI.get(alert.severity, '')} " + reason_line(r, alert.watchlist_versions)
        )
        for r in shown
    ]
    if len(alert.reasons) > len(shown):
        blocks.append(_section(f"…and {len(alert.reasons) - len(shown)} more reasons"))
    blocks += _past_records_block(alert)
    blocks.append(_context(alert))
    if group_count > 1:
        note = f":link: *{group_count} alerts* in this group — the others are in the thread"
        blocks.append(
            {"type": "context", "block_id": COUNTER_BLOCK_ID, "elements": [_mrkdwn(note)]}
        )
    blocks.append(actions_block(alert))
    return _clean(SlackMessage(text=fallback_text(alert, group_count), blocks=blocks[:MAX_BLOCKS]))


def _compact(alert: Alert) -> list[Block]:
    lines = [
        f"{SEVERITY_EMOJI.get(alert.severity, '')} *{escape(alert.severity.upper())}* · "
        f"{escape(alert.headline)}"
    ]
    lines += [
        "• " + reason_line(r, alert.watchlist_versions).replace("\n", " · ")
        for r in alert.reasons[:5]
    ]
    if len(alert.reasons) > 5:
        lines.append(f"…and {len(alert.reasons) - 5} more reasons")
    records = past_records(alert)
    lines += [f"• {line}" for line in records[:MAX_PAST_RECORDS]]
    return [_section("\n".join(lines)), _context(alert), actions_block(alert), {"type": "divider"}]


def render_replies(alerts: list[Alert]) -> list[SlackMessage]:
    """Thread replies for later alerts of a group, up to ALERTS_PER_REPLY alerts per message."""
    messages = []
    for start in range(0, len(alerts), ALERTS_PER_REPLY):
        chunk = alerts[start : start + ALERTS_PER_REPLY]
        blocks = [block for alert in chunk for block in _compact(alert)][:MAX_BLOCKS]
        text = "\n".join(fallback_text(a) for a in chunk)
        messages.append(_clean(SlackMessage(text=truncate(text, MAX_FALLBACK), blocks=blocks)))
    return messages


def mark_acted(blocks: list[Block], alert_id: str, note: str) -> list[Block]:
    """Replace an alert's buttons with who acted, keeping the rest of the message as it was."""
    acted = {"type": "context", "block_id": f"acted:{alert_id}", "elements": [_mrkdwn(note)]}
    out = [acted if b.get("block_id") == f"actions:{alert_id}" else b for b in blocks]
    marked: list[Block] = clean_blocks(out if acted in out else [*out, acted][:MAX_BLOCKS])
    return marked
