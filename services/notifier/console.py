"""Alerts as readable terminal text (pure): the demo's output when no Slack token is set."""

from __future__ import annotations

from schemas import Alert
from services.notifier.text_hygiene import clean_text

SEVERITY_MARK = {"critical": "!!!!", "high": "!!! ", "medium": "!!  ", "low": "!   "}
RULE = "─" * 78


def render_console(alert: Alert, channel: str = "") -> str:
    """A boxed block: severity and headline, facets, every reason with its evidence, record id."""
    facets = alert.facets
    lines = [
        RULE,
        f"{SEVERITY_MARK.get(alert.severity, '')} {alert.severity.upper():<8} "
        f"score {alert.score:.2f}  {alert.headline}",
        f"     record  {alert.record.type} {alert.record.id}  "
        f"({alert.record.source or 'unknown source'})",
    ]
    if facets.parties:
        lines.append(f"     parties {', '.join(facets.parties)}")
    if facets.hs_code:
        tier = f"  CHPL tier {facets.hs_tier}" if facets.hs_tier else ""
        lines.append(f"     HS      {facets.hs_code}{tier}")
    if facets.countries:
        lines.append(f"     route   {' → '.join(c.upper() for c in facets.countries)}")
    lines.append("     reasons")
    for reason in alert.reasons:
        lines.append(f"       • [{reason.kind}] {reason.summary}")
        evidence = []
        if reason.matched or reason.target:
            evidence.append(
                f"“{reason.matched}” → {reason.target}"
                + (f" [{reason.entry_id}]" if reason.entry_id else "")
            )
        if reason.watchlist:
            version = alert.watchlist_versions.get(reason.watchlist)
            evidence.append(reason.watchlist + (f" v{version}" if version else ""))
        if reason.program:
            evidence.append(f"program {reason.program}")
        if reason.tier:
            evidence.append(f"CHPL tier {reason.tier}")
        if evidence:
            lines.append("         " + " · ".join(evidence))
    tail = f"     alert {alert.alert_id}"
    if alert.record.url:
        tail += f"  {alert.record.url}"
    if channel:
        tail += f"  → {channel}"
    lines.append(tail)
    return clean_text("\n".join(lines))
