"""The delivery ledger and offset commits: no double posts, commits only past settled alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.notifier import DeliveryDone, DeliveryIntent, parse_state_record
from services.notifier.ledger import DeliveryLedger
from services.notifier.offsets import OffsetTracker
from tests.support.alert_factory import make_alert

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _done(
    mid: str, role: str, ids: list[str], ts: str, thread_ts: str | None = None, at: datetime = NOW
) -> DeliveryDone:
    parent = make_alert() if role == "parent" else None
    return DeliveryDone(
        message_id=mid,
        channel="#c",
        role=role,
        group_key="k",
        alert_ids=ids,
        ts=ts,
        thread_ts=thread_ts,
        parent_alert=parent,
        at=at,
    )  # type: ignore[arg-type]


def test_ledger_tracks_threads_counts_and_ignores_echoes() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], "1.0"))
    reply = _done("m2", "reply", ["a2", "a3"], "1.1", "1.0", NOW + timedelta(seconds=5))
    ledger.apply(reply)
    ledger.apply(
        parse_state_record(reply.model_dump_json())
    )  # our own record read back from the topic
    thread = ledger.threads[("#c", "k")]
    assert (thread.ts, thread.count) == ("1.0", 3)
    assert ledger.is_delivered("a3", "#c") and not ledger.is_delivered("a3", "#other")


def test_intent_without_done_is_pending_and_done_clears_it() -> None:
    ledger = DeliveryLedger()
    ledger.apply(
        DeliveryIntent(
            message_id="m1", channel="#c", role="parent", group_key="k", alert_ids=["a1"], at=NOW
        )
    )
    assert "m1" in ledger.intents
    ledger.apply(_done("m1", "parent", ["a1"], "1.0"))
    assert ledger.intents == {}


def test_commit_position_stops_at_the_first_unsettled_alert() -> None:
    tracker = OffsetTracker()
    p = ("alerts", 0)
    tracker.track(p, 0, "a0", ["#c"])
    tracker.track(p, 1, "a1", ["#c", "#d"])
    tracker.skip(p, 2)
    tracker.settle("a0", "#c")
    assert tracker.commit_positions() == {p: 1}
    tracker.mark_committed({p: 1})
    tracker.settle("a1", "#c")
    assert tracker.commit_positions() == {}
    tracker.settle("a1", "#d")
    assert tracker.commit_positions() == {p: 3}


def test_a_position_whose_commit_failed_is_handed_out_again_until_committed() -> None:
    tracker = OffsetTracker()
    partition = ("alerts", 0)
    tracker.track(partition, 0, "a0", ["#c"])
    tracker.settle("a0", "#c")
    assert tracker.commit_positions() == {partition: 1}
    # The commit failed (a rebalance, a broker restart): nothing was marked committed.
    assert tracker.commit_positions() == {partition: 1}
    tracker.mark_committed({partition: 1})
    assert tracker.commit_positions() == {}
    assert tracker.committed == {partition: 1}


def test_a_revoked_partition_hands_out_no_failed_position() -> None:
    tracker = OffsetTracker()
    partition = ("alerts", 2)
    tracker.skip(partition, 0)
    assert tracker.commit_positions() == {partition: 1}
    tracker.forget([partition])
    assert tracker.commit_positions() == {}
