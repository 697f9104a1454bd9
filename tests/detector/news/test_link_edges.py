"""A news ↔ shipment link alert word for word, the tracker's defaults, and its window's edges."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.detector.news import LinkTracker
from services.detector.state import EntityLinks, Sighting, SightingType

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _sighting(record_id: str, kind: SightingType, day: str, summary: str = "") -> Sighting:
    return Sighting(
        record_id=record_id, record_type=kind, seen_on=date.fromisoformat(day), summary=summary
    )


def test_a_link_alert_names_the_entity_both_records_and_the_days_between() -> None:
    tracker, store = LinkTracker(), dict[str, EntityLinks]()
    tracker.observe(
        "ofac-1", _sighting("n-1", "news", "2024-03-01", "Drones via Dubai"), store, now=NOW
    )
    shipment = _sighting("s-1", "shipment", "2024-03-20", "HS 8806 'drones': A → B")
    [alert] = tracker.observe("ofac-1", shipment, store, now=NOW)
    assert (alert.score, alert.severity, alert.created_at) == (0.75, "high", NOW)
    assert alert.headline == "ofac-1: in the news and in a shipment 19 days apart"
    assert alert.facets.entity_ids == ["ofac-1"]
    assert (alert.record.id, alert.record.type, alert.record.summary) == (
        "s-1",
        "shipment",
        "HS 8806 'drones': A → B",
    )
    assert alert.record.occurred_at == datetime(2024, 3, 20, tzinfo=UTC)
    [reason] = alert.reasons
    assert reason.summary == (
        "listed entity ofac-1 is named in news n-1 and involved in shipment s-1, 19 days apart"
    )
    assert (reason.matched, reason.target, reason.subscore, reason.weight) == (
        "ofac-1",
        "n-1 ↔ s-1",
        1.0,
        0.75,
    )
    assert reason.evidence == {
        "news": "Drones via Dubai",
        "shipment": "HS 8806 'drones': A → B",
        "days_apart": "19",
        "window_days": "90",
    }


def test_a_record_without_summary_is_shown_by_its_id_and_long_ones_are_cut() -> None:
    tracker, store = LinkTracker(window_days=30), dict[str, EntityLinks]()
    tracker.observe("e", _sighting("s-1", "shipment", "2024-03-01", "x" * 400), store, now=NOW)
    [alert] = tracker.observe("e", _sighting("n-1", "news", "2024-03-01"), store, now=NOW)
    assert alert.record.summary == "n-1"
    tracker.observe("e2", _sighting("n-2", "news", "2024-03-01"), store, now=NOW)
    [long] = tracker.observe(
        "e2", _sighting("s-2", "shipment", "2024-03-02", "y" * 400), store, now=NOW
    )
    assert long.record.summary == "y" * 300


def test_records_exactly_the_window_apart_link_and_one_day_more_do_not() -> None:
    tracker, store = LinkTracker(window_days=30), dict[str, EntityLinks]()
    tracker.observe("e", _sighting("n-1", "news", "2024-03-01"), store, now=NOW)
    assert (
        len(tracker.observe("e", _sighting("s-1", "shipment", "2024-03-31"), store, now=NOW)) == 1
    )
    assert tracker.observe("e", _sighting("s-2", "shipment", "2024-04-01"), store, now=NOW) == []


def test_a_window_under_one_day_is_refused() -> None:
    with pytest.raises(ValueError, match="window_days must be at least 1"):
        LinkTracker(window_days=0)
    assert LinkTracker(window_days=1).window_days == 1
