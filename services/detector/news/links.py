"""Cross-record links: a listed entity named in the news and seen in a shipment within a window.

State lives in a MutableMapping of EntityLinks keyed by entity id (a faust Table in the stream, a
dict offline; services/detector/state.py). Values are frozen and replaced, never mutated in place,
so a faust changelog sees them. Windows run on the records' own dates (publication, declaration),
not on arrival time.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC, datetime, time

from schemas import Alert, AlertFacets, AlertRecord, Reason, Severity, alert_id_for
from services.detector.state import EntityLinks, Sighting, SightingType

_OTHER: dict[SightingType, SightingType] = {"news": "shipment", "shipment": "news"}


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
        sighting: Sighting,
        store: MutableMapping[str, EntityLinks],
        *,
        now: datetime,
    ) -> list[Alert]:
        """Record the sighting; alert for each sighting of the other record type in the window."""
        state = store.get(entity_id, EntityLinks())
        sightings = list(state.sightings)
        linked = list(state.linked)
        alerts: list[Alert] = []
        for other in sightings:
            if other.record_type != _OTHER[sighting.record_type]:
                continue
            apart = abs((other.seen_on - sighting.seen_on).days)
            pair = "|".join(sorted((sighting.record_id, other.record_id)))
            if apart > self.window_days or pair in linked:
                continue
            linked.append(pair)
            alerts.append(self._alert(entity_id, sighting, other, apart, now))
        if all(s.record_id != sighting.record_id for s in sightings):
            sightings.append(sighting)
        newest = max(s.seen_on for s in sightings)
        kept = [s for s in sightings if (newest - s.seen_on).days <= self.window_days]
        store[entity_id] = EntityLinks(
            sightings=tuple(kept[-self.max_sightings :]),
            linked=tuple(linked[-self.max_sightings * 4 :]),
        )
        return alerts

    def _alert(
        self,
        entity_id: str,
        sighting: Sighting,
        other: Sighting,
        apart: int,
        now: datetime,
    ) -> Alert:
        news, shipment = (sighting, other) if sighting.record_type == "news" else (other, sighting)
        reason = Reason(
            kind="link",
            summary=(
                f"listed entity {entity_id} is named in news {news.record_id} and involved in "
                f"shipment {shipment.record_id}, {apart} days apart"
            ),
            matched=entity_id,
            target=f"{news.record_id} ↔ {shipment.record_id}",
            entry_id=entity_id,
            subscore=1.0,
            weight=self.score,
            related_record_ids=[news.record_id, shipment.record_id],
            evidence={
                "news": news.summary,
                "shipment": shipment.summary,
                "days_apart": str(apart),
                "window_days": str(self.window_days),
            },
        )
        record = AlertRecord(
            id=sighting.record_id,
            type=sighting.record_type,
            summary=sighting.summary[:300] or sighting.record_id,
            occurred_at=datetime.combine(sighting.seen_on, time(), tzinfo=UTC),
        )
        return Alert(
            alert_id=alert_id_for(
                sighting.record_type, sighting.record_id, "link", other.record_id
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
