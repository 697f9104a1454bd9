"""The link tracker's limits: sightings kept per entity (200 by default), alerted pairs kept (four
times as many), sightings kept exactly `window_days` before the newest one; a sighting pairs with
every sighting of the other type, whatever comes before it; the refusal of a window under a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.detector.news import LinkTracker
from services.detector.state import EntityLinks, Sighting, SightingType

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _sighting(record_id: str, kind: SightingType, day: str) -> Sighting:
    return Sighting(record_id=record_id, record_type=kind, seen_on=date.fromisoformat(day))


def _kept(store: dict[str, EntityLinks]) -> list[str]:
    return [s.record_id for s in store["e"].sightings]


def test_only_the_newest_sightings_up_to_the_limit_are_kept_and_linked() -> None:
    tracker, store = LinkTracker(max_sightings=2), dict[str, EntityLinks]()
    for record_id in ("n-1", "n-2", "n-3"):
        tracker.observe("e", _sighting(record_id, "news", "2024-03-01"), store, now=NOW)
    assert _kept(store) == ["n-2", "n-3"]
    alerts = tracker.observe("e", _sighting("s-1", "shipment", "2024-03-01"), store, now=NOW)
    assert [a.reasons[0].related_record_ids[0] for a in alerts] == ["n-2", "n-3"]
    assert _kept(store) == ["n-3", "s-1"]


def test_two_hundred_sightings_are_kept_by_default() -> None:
    tracker, store = LinkTracker(), dict[str, EntityLinks]()
    for n in range(201):
        tracker.observe("e", _sighting(f"n-{n:03d}", "news", "2024-03-01"), store, now=NOW)
    kept = _kept(store)
    assert (len(kept), kept[0], kept[-1]) == (200, "n-001", "n-200")


def test_alerted_pairs_are_kept_up_to_four_times_the_sighting_limit() -> None:
    tracker = LinkTracker(max_sightings=2)
    earlier = tuple(f"a|b{n}" for n in range(9))
    store = {"e": EntityLinks(sightings=(_sighting("n-1", "news", "2024-03-01"),), linked=earlier)}
    [_] = tracker.observe("e", _sighting("s-1", "shipment", "2024-03-02"), store, now=NOW)
    assert store["e"].linked == (*earlier[-7:], "n-1|s-1")


def test_a_sighting_exactly_the_window_before_the_newest_is_kept() -> None:
    tracker, store = LinkTracker(window_days=10), dict[str, EntityLinks]()
    start = date(2024, 1, 1)
    for record_id, days in (("n-1", 0), ("n-2", 1), ("n-3", 11)):
        seen_on = (start + timedelta(days=days)).isoformat()
        tracker.observe("e", _sighting(record_id, "news", seen_on), store, now=NOW)
    assert _kept(store) == ["n-2", "n-3"]


def test_a_sighting_recorded_again_is_kept_once() -> None:
    tracker, store = LinkTracker(), dict[str, EntityLinks]()
    for _ in range(2):
        tracker.observe("e", _sighting("n-1", "news", "2024-03-01"), store, now=NOW)
    assert _kept(store) == ["n-1"]


def test_a_sighting_links_with_every_other_type_sighting_past_same_type_ones() -> None:
    tracker = LinkTracker()
    earlier = (_sighting("s-0", "shipment", "2024-03-01"), _sighting("n-1", "news", "2024-03-01"))
    store = {"e": EntityLinks(sightings=earlier)}
    alerts = tracker.observe("e", _sighting("s-1", "shipment", "2024-03-02"), store, now=NOW)
    assert [a.reasons[0].target for a in alerts] == ["n-1 ↔ s-1"]


def test_a_pair_already_linked_or_out_of_the_window_does_not_stop_the_next() -> None:
    tracker = LinkTracker(window_days=30)
    earlier = (
        _sighting("n-1", "news", "2024-03-01"),
        _sighting("n-0", "news", "2024-01-01"),
        _sighting("n-2", "news", "2024-03-01"),
    )
    store = {"e": EntityLinks(sightings=earlier, linked=("n-1|s-1",))}
    alerts = tracker.observe("e", _sighting("s-1", "shipment", "2024-03-02"), store, now=NOW)
    assert [a.reasons[0].target for a in alerts] == ["n-2 ↔ s-1"]
    assert store["e"].linked == ("n-1|s-1", "n-2|s-1")


def test_a_window_under_one_day_is_refused_with_its_reason() -> None:
    with pytest.raises(ValueError) as refused:
        LinkTracker(window_days=0)
    assert str(refused.value) == "window_days must be at least 1"
