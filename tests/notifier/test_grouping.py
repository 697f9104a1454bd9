"""Grouping: group_wait collects, group_interval paces replies, repeat_interval re-notifies."""

from __future__ import annotations

from services.notifier.grouping import Grouper, Thread, group_key
from tests.support.alert_factory import make_alert

FIELDS = ["entity", "counterparty", "hs4"]


def test_group_key_is_entity_counterparty_and_hs4() -> None:
    a = make_alert("SHP-1")
    b = make_alert("SHP-2", hs_code="85423900")
    c = make_alert("SHP-3", counterparty="Other Ltd")
    assert (
        group_key(a, FIELDS)
        == group_key(b, FIELDS)
        == "entity=ofac-12345|counterparty=skyline trading fze|hs4=8542"
    )
    assert group_key(c, FIELDS) != group_key(a, FIELDS)
    assert group_key(a, []) != group_key(b, [])


def test_first_alerts_wait_group_wait_then_become_one_parent_batch() -> None:
    grouper = Grouper(group_wait=30, group_interval=300, repeat_interval=3600)
    for i in range(50):
        grouper.add("#c", "k", make_alert(f"SHP-{i}"), now=1000 + i * 0.1)
    assert grouper.due(1029, {}) == []
    [batch] = grouper.due(1030, {})
    assert batch.thread is None and len(batch.alerts) == 50


def test_later_alerts_join_the_thread_after_group_interval() -> None:
    grouper = Grouper(group_wait=30, group_interval=300, repeat_interval=3600)
    thread = Thread(
        ts="1.0", parent_alert=make_alert(), count=1, posted_at=1000, last_flush_at=1000
    )
    grouper.add("#c", "k", make_alert("SHP-9"), now=1100)
    assert grouper.due(1299, {("#c", "k"): thread}) == []
    [batch] = grouper.due(1300, {("#c", "k"): thread})
    assert batch.thread is thread


def test_repeat_interval_starts_a_new_parent() -> None:
    grouper = Grouper(group_wait=30, group_interval=300, repeat_interval=3600)
    thread = Thread(
        ts="1.0", parent_alert=make_alert(), count=1, posted_at=1000, last_flush_at=1000
    )
    grouper.add("#c", "k", make_alert("SHP-9"), now=5000)
    [batch] = grouper.due(5030, {("#c", "k"): thread})
    assert batch.thread is None


def test_one_batch_per_group_in_flight_and_duplicates_collapse() -> None:
    grouper = Grouper(group_wait=0, group_interval=0, repeat_interval=3600)
    grouper.add("#c", "k", make_alert("SHP-1"), now=1)
    grouper.add("#c", "k", make_alert("SHP-1"), now=1)
    [batch] = grouper.due(1, {})
    assert len(batch.alerts) == 1
    grouper.add("#c", "k", make_alert("SHP-2"), now=2)
    assert grouper.due(2, {}) == []
    grouper.release("#c", "k")
    assert len(grouper.due(2, {})) == 1
