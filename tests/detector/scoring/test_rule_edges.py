"""Scoring's rules at their edges: the alert threshold, severity bands, the re-export window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import Reason
from services.detector.scoring import PatternTracker, RiskConfig
from services.detector.scoring.assessment import assess_reasons
from services.detector.state import PartyLegs
from services.lists.products import ProductCatalog
from tests.support.factories import party_dict
from tests.support.scoring import shipment

NOW = datetime(2024, 7, 1, tzinfo=UTC)

# --- alert threshold --------------------------------------------------------------------------


def _reason(subscore: float) -> Reason:
    return Reason(kind="product", summary="x", matched="x", target="x", subscore=subscore)


def test_a_score_exactly_at_the_alert_threshold_alerts(config: RiskConfig) -> None:
    threshold = config.thresholds.alert
    at = assess_reasons([_reason(threshold)], config)
    assert at.score == pytest.approx(threshold) and at.alerted
    below = assess_reasons([_reason(threshold - 0.01)], config)
    assert not below.alerted


def test_no_reasons_never_alert(config: RiskConfig) -> None:
    empty = assess_reasons([], config)
    assert (empty.score, empty.alerted) == (0.0, False)


def test_severity_bands_start_at_their_cut_off(config: RiskConfig) -> None:
    t = config.thresholds
    assert config.severity_for(t.critical) == "critical"
    assert config.severity_for(t.high) == "high"
    assert config.severity_for(t.medium) == "medium"
    assert config.severity_for(t.medium - 0.001) == "low"
    assert config.severity_for(t.critical - 0.001) == "high"


# --- re-export window -------------------------------------------------------------------------

TRADER = party_dict("Gulf Bridge General Trading L.L.C.", "ae")


def _pair_alerts(
    catalog: ProductCatalog, config: RiskConfig, inbound_on: str, onward_on: str
) -> int:
    inbound = shipment(
        record_id="in-1", importer=TRADER, hs_code="8542.31.00", declaration_date=inbound_on
    )
    onward = shipment(
        record_id="out-1",
        exporter=TRADER,
        importer=party_dict("OOO Tekhnosfera Komplekt", "ru"),
        hs_code="854239",
        declaration_date=onward_on,
        origin_country="ae",
        departure_country="ae",
        destination_country="ru",
    )
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    alerts = []
    for record in (inbound, onward):
        for key, leg in tracker.legs(record):
            alerts += tracker.observe(key, leg, store, now=NOW)
    # Re-export pairs only (an inbound leg at a hub may also raise an onward-history alert).
    return len({a.alert_id for a in alerts if any(r.kind == "pattern" for r in a.reasons)})


def test_a_re_export_on_the_same_day_is_a_pattern(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    assert _pair_alerts(catalog, config, "2024-03-01", "2024-03-01") >= 1


def test_a_re_export_on_the_windows_last_day_is_a_pattern_and_a_day_later_is_not(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    window = config.pattern.window_days
    start = datetime(2024, 1, 1).date()
    last = start.fromordinal(start.toordinal() + window).isoformat()
    after = start.fromordinal(start.toordinal() + window + 1).isoformat()
    assert _pair_alerts(catalog, config, start.isoformat(), last) >= 1
    assert _pair_alerts(catalog, config, start.isoformat(), after) == 0


def test_goods_shipped_out_before_they_came_in_are_no_re_export(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    assert _pair_alerts(catalog, config, "2024-03-02", "2024-03-01") == 0
