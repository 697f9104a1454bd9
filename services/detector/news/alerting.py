"""A news assessment → an Alert (until `scoring.build_alert` covers news records)."""

from __future__ import annotations

from datetime import datetime

from schemas import Alert, AlertRecord, NewsRecord, alert_id_for
from services.detector.scoring.assessment import Assessment


def build_news_alert(
    record: NewsRecord, assessment: Assessment, *, watchlist_versions: dict[str, str], now: datetime
) -> Alert | None:
    """The alert for an article, or None when nothing listed was named in it."""
    if not assessment.alerted:
        return None
    return Alert(
        alert_id=alert_id_for("news", record.record_id),
        record=AlertRecord(
            id=record.record_id,
            type="news",
            summary=record.title[:300],
            source=record.source,
            url=record.url,
            occurred_at=record.published_at,
            ingested_at=record.ingested_at,
        ),
        score=assessment.score,
        severity=assessment.severity,
        headline=f"{record.title[:120]}: {assessment.headline}"[:300],
        reasons=assessment.reasons,
        facets=assessment.facets,
        watchlist_versions=dict(watchlist_versions),
        created_at=now,
    )
