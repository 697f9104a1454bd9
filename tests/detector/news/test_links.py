"""News ↔ shipment links kept in a plain dict (a faust Table in the stream)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas import alert_id_for
from services.detector.news import LinkTracker
from services.detector.state import EntityLinks, Sighting, SightingType

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _sighting(record_id: str, kind: SightingType, day: str) -> Sighting:
    return Sighting(
        record_id=record_id,
        record_type=kind,
        seen_on=date.fromisoformat(day),
        summary=f"{kind} {record_id}",
    )


@pytest.mark.parametrize("first,second", [("news", "shipment"), ("shipment", "news")])
def test_news_and_shipment_of_one_entity_within_the_window_link_in_either_order(
    first: SightingType, second: SightingType
) -> None:
    tracker, store = LinkTracker(window_days=30), dict[str, EntityLinks]()
    assert tracker.observe("e1", _sighting("a", first, "2024-03-01"), store, now=NOW) == []
    [alert] = tracker.observe("e1", _sighting("b", second, "2024-03-20"), store, now=NOW)
    assert alert.kind == "link"
    assert alert.alert_id == alert_id_for(second, "b", "link", "a")
    [reason] = alert.reasons
    assert reason.kind == "link" and reason.entry_id == "e1"
    news_id = "a" if first == "news" else "b"
    assert reason.related_record_ids[0] == news_id and set(reason.related_record_ids) == {"a", "b"}
    assert reason.evidence["days_apart"] == "19"


def test_outside_the_window_same_type_or_other_entity_do_not_link() -> None:
    tracker, store = LinkTracker(window_days=30), dict[str, EntityLinks]()
    tracker.observe("e1", _sighting("n1", "news", "2024-01-01"), store, now=NOW)
    assert tracker.observe("e1", _sighting("s1", "shipment", "2024-03-01"), store, now=NOW) == []
    assert tracker.observe("e1", _sighting("s2", "shipment", "2024-03-02"), store, now=NOW) == []
    assert tracker.observe("e2", _sighting("n2", "news", "2024-03-02"), store, now=NOW) == []


def test_a_replayed_sighting_links_once() -> None:
    tracker, store = LinkTracker(window_days=30), dict[str, EntityLinks]()
    tracker.observe("e1", _sighting("n1", "news", "2024-03-01"), store, now=NOW)
    assert (
        len(tracker.observe("e1", _sighting("s1", "shipment", "2024-03-02"), store, now=NOW)) == 1
    )
    assert tracker.observe("e1", _sighting("s1", "shipment", "2024-03-02"), store, now=NOW) == []
    assert tracker.observe("e1", _sighting("n1", "news", "2024-03-01"), store, now=NOW) == []
    assert len(store["e1"].sightings) == 2


def test_old_sightings_are_pruned_by_record_dates() -> None:
    tracker, store = LinkTracker(window_days=10), dict[str, EntityLinks]()
    tracker.observe("e1", _sighting("n1", "news", "2024-01-01"), store, now=NOW)
    tracker.observe("e1", _sighting("n2", "news", "2024-02-01"), store, now=NOW)
    assert [s.record_id for s in store["e1"].sightings] == ["n2"]
