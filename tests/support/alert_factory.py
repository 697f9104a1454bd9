"""Alerts for notifier tests: an SDN entity match plus a CHPL product reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from schemas import Alert, AlertFacets, AlertRecord, Reason, alert_id_for


def make_alert(
    record_id: str = "SHP-0001",
    *,
    entity_id: str = "OFAC-12345",
    entity_name: str = "OOO ARTEKS",
    party: str = "OOO Arteks",
    counterparty: str = "Skyline Trading FZE",
    hs_code: str = "85423100",
    severity: str = "critical",
    countries: tuple[str, ...] = ("cn", "ae", "ru"),
    **overrides: Any,
) -> Alert:
    """One shipment alert; every field the notifier renders is filled."""
    now = datetime.now(UTC)
    reasons = [
        Reason(
            kind="entity",
            summary=f'importer "{party}" ~ SDN entry {entity_name}',
            matched=party,
            target=entity_name,
            watchlist="us_ofac_sdn",
            entry_id=entity_id,
            program="RUSSIA-EO14024",
            subscore=0.93,
        ),
        Reason(
            kind="product",
            summary=f"HS {hs_code} is on the Common High Priority List",
            matched=hs_code,
            target="8542.31",
            tier="1",
            subscore=0.8,
        ),
    ]
    fields: dict[str, Any] = {
        "alert_id": alert_id_for("shipment", record_id),
        "record": AlertRecord(
            id=record_id,
            type="shipment",
            summary=f"{counterparty} → {party}: integrated circuits",
            source="test-customs",
            url=f"https://records.example/{record_id}",
            occurred_at=now - timedelta(days=2),
            ingested_at=now - timedelta(seconds=3),
        ),
        "score": 0.95,
        "severity": severity,
        "headline": f"{party} (SDN {entity_name}) imports CHPL tier 1 chips via UAE",
        "reasons": reasons,
        "facets": AlertFacets(
            parties=[counterparty, party],
            countries=list(countries),
            hs_code=hs_code,
            hs_tier="1",
            entity_ids=[entity_id],
            watchlists=["us_ofac_sdn"],
            programs=["RUSSIA-EO14024"],
        ),
        "watchlist_versions": {"us_ofac_sdn": "20260227"},
        "created_at": now,
    }
    fields.update(overrides)
    return Alert(**fields)
