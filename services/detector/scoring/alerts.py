"""Turning an assessment into the wire Alert."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from schemas import Alert, AlertRecord, NewsRecord, ShipmentRecord, alert_id_for
from services.detector.scoring.assessment import Assessment
from services.lists.products.hs_lists import dotted_code


def summarize_record(record: ShipmentRecord | NewsRecord) -> AlertRecord:
    """The record an alert is about, in one line."""
    if isinstance(record, NewsRecord):
        return AlertRecord(
            id=record.record_id,
            type="news",
            summary=record.title[:300],
            source=record.source,
            url=record.url,
            occurred_at=record.published_at,
            ingested_at=record.ingested_at,
        )
    sender = record.exporter.name if record.exporter else "?"
    receiver = next(
        (p.name for p in (record.importer, record.consignee, record.notify_party) if p), "?"
    )
    route = " → ".join(
        c.upper()
        for c in dict.fromkeys(
            x
            for x in (record.origin_country, record.departure_country, record.destination_country)
            if x
        )
    )
    goods = record.goods_description[:80] or "goods"
    return AlertRecord(
        id=record.record_id,
        type="shipment",
        summary=f"HS {dotted_code(record.hs_code)} {goods!r}: {sender} → {receiver}"
        + (f" ({route})" if route else ""),
        source=record.source,
        occurred_at=datetime.combine(record.declaration_date, time(0), tzinfo=UTC),
        ingested_at=record.ingested_at,
    )


def build_alert(
    record: ShipmentRecord | NewsRecord,
    assessment: Assessment,
    *,
    watchlist_versions: dict[str, str],
    now: datetime,
) -> Alert | None:
    """The alert for a scored record, or None when the score is under the alert threshold."""
    if not assessment.alerted:
        return None
    return Alert(
        alert_id=alert_id_for(record.record_type, record.record_id),
        kind="record",
        record=summarize_record(record),
        score=assessment.score,
        severity=assessment.severity,
        headline=assessment.headline,
        reasons=assessment.reasons,
        facets=assessment.facets,
        watchlist_versions=dict(watchlist_versions),
        created_at=now,
    )


def pattern_alert(
    alert_id: str,
    record_id: str,
    summary: str,
    assessment: Assessment,
    *,
    occurred_on: str,
    watchlist_versions: dict[str, str],
    now: datetime,
) -> Alert:
    """An alert found in the pattern state (re-export pair, hub with onward history) about one shipment."""
    occurred = datetime.combine(date.fromisoformat(occurred_on), time(0), tzinfo=now.tzinfo)
    return Alert(
        alert_id=alert_id,
        kind="pattern",
        record=AlertRecord(
            id=record_id, type="shipment", summary=summary, source="pattern", occurred_at=occurred
        ),
        score=assessment.score,
        severity=assessment.severity,
        headline=assessment.headline,
        reasons=assessment.reasons,
        facets=assessment.facets,
        watchlist_versions=watchlist_versions,
        created_at=now,
    )
