"""What a new list version added, changed and removed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from services.detector.monitoring.delta import compute_delta, publication_date
from tests.detector.monitoring.factories import TODAY, entry, watchlist

KEPT = entry("1", "Kuznetsky Most Trading House")
GONE = entry("2", "Altai Heavy Machinery Works")
CHANGED_BEFORE = entry("3", "Baltic Star Shipping", programs=("RUSSIA-EO14024",))


def test_added_changed_and_removed_entries_are_told_apart() -> None:
    changed = replace(CHANGED_BEFORE, names=("Baltic Star Shipping", "Балтийская Звезда"))
    new = entry("4", "Severny Potok Elektronika")
    delta = compute_delta(
        [watchlist("v1", KEPT, GONE, CHANGED_BEFORE)], watchlist("v2", KEPT, changed, new), TODAY
    )
    assert [e.id for e in delta.added] == ["blocklist:4"]
    assert [e.id for e in delta.changed] == ["blocklist:3"]
    assert [e.id for e in delta.removed] == ["blocklist:2"]
    assert [e.id for e in delta.to_screen] == ["blocklist:4", "blocklist:3"]
    assert (delta.version, delta.previous_version) == ("v2", "v1")


def test_new_identifiers_and_programs_are_changes_but_reordered_ones_and_remarks_are_not() -> None:
    base = entry(
        "5", "Orion Trade", programs=("IRAN", "RUSSIA"), identifiers=(("innCode", "7701234567"),)
    )
    reordered = replace(base, programs=("RUSSIA", "IRAN"), remarks="a remark")
    with_identifier = replace(base, identifiers=(*base.identifiers, ("ogrnCode", "1027700132195")))
    with_program = replace(base, programs=("IRAN", "RUSSIA", "CYBER2"))
    for current, changed in ((reordered, False), (with_identifier, True), (with_program, True)):
        delta = compute_delta([watchlist("v1", base)], watchlist("v2", current), TODAY)
        assert bool(delta.changed) is changed
    assert compute_delta([watchlist("v1", base)], watchlist("v2", reordered), TODAY).empty


def test_the_same_content_under_a_new_version_is_an_empty_delta() -> None:
    delta = compute_delta([watchlist("v1", KEPT, GONE)], watchlist("v2", KEPT, GONE), TODAY)
    assert delta.empty


def test_ownership_nodes_are_not_designations() -> None:
    node = entry("6", "Holding Node", listed=False)
    delta = compute_delta([watchlist("v1")], watchlist("v2", node), TODAY)
    assert delta.empty
    listed_now = replace(node, listed=True)
    assert [
        e.id
        for e in compute_delta([watchlist("v1", node)], watchlist("v2", listed_now), TODAY).added
    ] == ["blocklist:6"]


def test_listing_date_is_the_entrys_own_else_the_lists_publication() -> None:
    dated = entry("7", "Dated Entity", listed_on=date(2026, 11, 28))
    undated = entry("8", "Undated Entity")
    delta = compute_delta([], watchlist("v2", dated, undated), date(2026, 11, 30))
    assert delta.listed_on(dated) == date(2026, 11, 28)
    assert delta.listed_on(undated) == date(2026, 11, 30)


def test_publication_date_reads_what_the_loader_set() -> None:
    @dataclass
    class Published:
        published_at: datetime | None

    assert publication_date(Published(datetime(2026, 11, 27, 9, 0)), TODAY) == date(2026, 11, 27)  # type: ignore[arg-type]
    assert publication_date(Published(None), TODAY) == TODAY  # type: ignore[arg-type]
    assert publication_date(watchlist("v1"), TODAY) == TODAY
