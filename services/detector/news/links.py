"""Cross-record links: a listed entity named in the news and seen in a shipment within a window.

State lives in a MutableMapping keyed by entity id (a faust Table in the stream, a dict offline).
Values are plain JSON and are replaced, never mutated in place, so a faust changelog sees them.
Windows run on the records' own dates (publication, declaration), not on arrival time.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC, date, datetime, time
from typing import Any

from schemas import Alert, AlertFacets, AlertRecord, Reason, Severity, alert_id_for

_OTHER = {"news": "shipment", "shipment": "news"}


def _day(value: str) -> date:
    return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)


class LinkTracker:
    """`observe` one sighting of a listed entity; a link alert per new news ↔ shipment pair."""

    def __init__(
        self,
        window_days: int = 90,
        *,
        max_sightings: int = 200,
        score: float = 0.75,
        severity: Severity = "high",
    ) -> None:
        if window_days < 1:
            raise ValueError("window_days must be at least 1")
        self.window_days = window_days
        self.max_sightings = max_sightings
        self.score = score
        self.severity = severity

    def observe(
        self,
        entity_id: str,
        sighting: dict[str, Any],
        store: MutableMapping[str, Any],
        *,
        now: datetime,
    ) -> list[Alert]:
        """Record the sighting; alert for each sighting of the other record type in the window."""
        kind = sighting["record_type"]
        if kind not in _OTHER:
            raise ValueError(f"sighting record_type must be news or shipment, got {kind!r}")
        when = _day(sighting["date"])
        state = store.get(entity_id) or {"sightings": [], "linked": []}
        sightings: list[dict[str, Any]] = list(state["sightings"])
        linked: list[str] = list(state["linked"])
        alerts: list[Alert] = []
        for other in sightings:
            if other["record_type"] != _OTHER[kind]:
                continue
            apart = abs((_day(other["date"]) - when).days)
            pair = "|".join(sorted((sighting["record_id"], other["record_id"])))
            if apart > self.window_days or pair in linked:
                continue
            linked.append(pair)
            alerts.append(self._alert(entity_id, sighting, other, apart, now))
        if all(s["record_id"] != sighting["record_id"] for s in sightings):
            sightings.append(dict(sighting))
        newest = max(_day(s["date"]) for s in sightings)
        kept = [s for s in sightings if (newest - _day(s["date"])).days <= self.window_days]
        store[entity_id] = {
            "sightings": kept[-self.max_sightings :],
            "linked": linked[-self.max_sightings * 4 :],
        }
        return alerts

    def _alert(
        self,
        entity_id: str,
        sighting: dict[str, Any],
        other: dict[str, Any],
        apart: int,
        now: datetime,
    ) -> Alert:
        news, shipment = (
            (sighting, other) if sighting["record_type"] == "news" else (other, sighting)
        )
        reason = Reason(
            kind="link",
            summary=(
                f"listed entity {entity_id} is named in news {news['record_id']} and involved in "
                f"shipment {shipment['record_id']}, {apart} days apart"
            ),
            matched=entity_id,
            target=f"{news['record_id']} ↔ {shipment['record_id']}",
            entry_id=entity_id,
            subscore=1.0,
            weight=self.score,
            related_record_ids=[news["record_id"], shipment["record_id"]],
            evidence={
                "news": str(news.get("summary", "")),
                "shipment": str(shipment.get("summary", "")),
                "days_apart": str(apart),
                "window_days": str(self.window_days),
            },
        )
        record = AlertRecord(
            id=sighting["record_id"],
            type=sighting["record_type"],
            summary=str(sighting.get("summary", ""))[:300] or sighting["record_id"],
            occurred_at=datetime.combine(_day(sighting["date"]), time(), tzinfo=UTC),
        )
        return Alert(
            alert_id=alert_id_for(
                sighting["record_type"], sighting["record_id"], "link", other["record_id"]
            ),
            kind="link",
            record=record,
            score=self.score,
            severity=self.severity,
            headline=f"{entity_id}: in the news and in a shipment {apart} days apart",
            reasons=[reason],
            facets=AlertFacets(entity_ids=[entity_id]),
            created_at=now,
        )
