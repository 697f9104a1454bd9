"""Grouping at its edges: the new-parent wait replaces the reply pacing from exactly
repeat_interval, clocks far from zero, and which reasons take a party out of the counterparty key."""

from __future__ import annotations

from schemas import Reason
from services.notifier.grouping import Grouper, Thread, group_field
from tests.support.alert_factory import make_alert


def _thread(posted_at: float, last_flush_at: float) -> Thread:
    return Thread("1.0", None, 1, posted_at, last_flush_at)


def test_at_exactly_repeat_interval_a_new_parent_waits_group_wait_not_group_interval() -> None:
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    threads = {("#c", "k"): _thread(posted_at=1000, last_flush_at=4590)}  # just flushed
    grouper.add("#c", "k", make_alert(), now=4590)
    assert grouper.next_due_in(4600, threads) == 0.0
    [batch] = grouper.due(4600, threads)
    assert batch.thread is None


def test_a_young_thread_paces_replies_by_group_interval_at_wall_clock_times() -> None:
    start = 1_764_547_200.0  # 2025-12-01 00:00 UTC, as time.time() gives
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    threads = {("#c", "k"): _thread(posted_at=start, last_flush_at=start + 30)}
    grouper.add("#c", "k", make_alert(), now=start + 40)
    assert grouper.next_due_in(start + 40, threads) == 50
    assert grouper.due(start + 50, threads) == []
    [batch] = grouper.due(start + 90, threads)
    assert batch.thread is threads[("#c", "k")]


def test_only_entity_matches_take_a_party_out_of_the_counterparty_key() -> None:
    alert = make_alert(party="OOO Arteks", counterparty="Skyline Trading FZE")
    pattern = Reason(kind="pattern", summary="re-export via a hub", matched="Skyline Trading FZE")
    alert = alert.model_copy(update={"reasons": [*alert.reasons, pattern]})
    assert group_field(alert, "counterparty") == "skyline trading fze"
