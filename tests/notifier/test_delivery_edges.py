"""Delivery at its edges: what each message carries, the records written around it, the logs and
metrics an operator reads, the dead letters' reasons, pacing under a second, the race window's
default, and where a retry posts after a failed attempt."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from structlog.testing import capture_logs

from schemas import Alert
from schemas.notifier import DeliveryDone, DeliveryIntent
from services.notifier import delivery
from services.notifier.blocks import SlackMessage, render_parent, render_replies
from services.notifier.daily_counts import POSTED
from services.notifier.delivery import ChannelWorker, DeadLetterError
from services.notifier.errors import (
    PermanentDeliveryError,
    TransientDeliveryError,
    UnexpectedDeliveryError,
)
from services.notifier.grouping import Batch, Thread
from services.notifier.ledger import DeliveryLedger, message_id_for
from services.notifier.metrics import NotifierMetrics
from services.notifier.parent_race import group_token
from tests.support.alert_factory import make_alert


@dataclass
class Post:
    channel: str
    message: SlackMessage
    alert_ids: list[str]
    thread_ts: str | None
    message_id: str
    group: str


@dataclass
class WatchedSink:
    """Answers like Slack and keeps every call; scripted errors are raised first, in order."""

    supports_threads: bool = True
    no_ts: bool = False
    first_ts: int = 1
    post_errors: list[Exception] = field(default_factory=list)
    update_errors: list[Exception] = field(default_factory=list)
    delete_errors: list[Exception] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    updates: list[tuple[str, str, SlackMessage]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)

    async def check(self) -> bool:
        return True

    async def post(
        self,
        channel: str,
        message: SlackMessage,
        *,
        alerts: list[Alert],
        thread_ts: str | None,
        message_id: str,
        group: str = "",
    ) -> str | None:
        if self.post_errors:
            raise self.post_errors.pop(0)
        ids = [a.alert_id for a in alerts]
        self.posts.append(Post(channel, message, ids, thread_ts, message_id, group))
        return None if self.no_ts else f"{len(self.posts) + self.first_ts - 1}.000"

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        if self.update_errors:
            raise self.update_errors.pop(0)
        self.updates.append((channel, ts, message))

    async def delete(self, channel: str, ts: str) -> None:
        if self.delete_errors:
            raise self.delete_errors.pop(0)
        self.deletes.append((channel, ts))

    async def find_group_parents(self, channel: str, group: str, oldest: float) -> list[str]:
        return list(self.parents)

    async def find_posted(
        self, channel: str, message_id: str, thread_ts: str | None, oldest: float
    ) -> str | None:
        return None

    async def close(self) -> None:
        return None


@dataclass
class Outbox:
    """What the worker hands back: state records, dead letters (with their channel), settlements."""

    state: list[DeliveryIntent | DeliveryDone] = field(default_factory=list)
    dead: list[tuple[str, str, DeadLetterError]] = field(default_factory=list)
    settled: list[tuple[Batch, list[str]]] = field(default_factory=list)

    async def write_state(self, record: DeliveryIntent | DeliveryDone) -> None:
        self.state.append(record)

    async def dead_letter(self, alert: Alert, channel: str, error: DeadLetterError) -> None:
        self.dead.append((alert.alert_id, channel, error))

    def on_settled(self, batch: Batch, alerts: list[Alert]) -> None:
        self.settled.append((batch, [a.alert_id for a in alerts]))

    def intents(self) -> list[DeliveryIntent]:
        return [r for r in self.state if isinstance(r, DeliveryIntent)]

    def dones(self) -> list[DeliveryDone]:
        return [r for r in self.state if isinstance(r, DeliveryDone)]


def _worker(
    sink: WatchedSink, outbox: Outbox, ledger: DeliveryLedger | None = None, **options: Any
) -> tuple[ChannelWorker, NotifierMetrics]:
    metrics = NotifierMetrics()
    settings: dict[str, Any] = {"interval": 0.0, "retry_initial": 0.0, "retry_max": 0.0}
    worker = ChannelWorker(
        "#c",
        sink=sink,
        ledger=ledger if ledger is not None else DeliveryLedger(),
        write_state=outbox.write_state,
        dead_letter=outbox.dead_letter,
        settled=outbox.on_settled,
        metrics=metrics,
        **{**settings, **options},
    )
    return worker, metrics


def _sample(metrics: NotifierMetrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def _events(logs: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "event"} for e in logs if e["event"] == event]


def _transient(method: str) -> TransientDeliveryError:
    return TransientDeliveryError("busy", channel="#c", method=method, code="ratelimited")


def _permanent(method: str = "chat.postMessage") -> PermanentDeliveryError:
    return PermanentDeliveryError("gone", channel="#c", method=method, code="no_channel")


def _ingested(alert: Alert, at: datetime) -> Alert:
    return alert.model_copy(update={"record": alert.record.model_copy(update={"ingested_at": at})})


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the worker asks for, instead of waiting."""
    asked: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(delivery.asyncio, "sleep", fake_sleep)
    return asked


# --- what is posted -------------------------------------------------------------------------


def test_a_new_group_parent_shows_the_group_count_and_replies_carry_the_rest() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert(f"M-{i}") for i in range(3)]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    parent, reply = sink.posts
    assert parent.message == render_parent(alerts[0], 3)
    assert [reply.message] == render_replies(alerts[1:])
    assert {p.channel for p in sink.posts} == {"#c"}
    assert {p.group for p in sink.posts} == {group_token("#c", "k")}


def test_each_post_carries_the_message_id_of_its_intent() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("N-1"), make_alert("N-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    expected = [
        message_id_for("#c", "parent", [alerts[0].alert_id]),
        message_id_for("#c", "reply", [alerts[1].alert_id]),
    ]
    assert [p.message_id for p in sink.posts] == expected
    assert [i.message_id for i in outbox.intents()] == expected


def test_on_a_sink_without_threads_each_alert_is_a_parent_counting_one() -> None:
    sink, outbox = WatchedSink(supports_threads=False, no_ts=True), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("S-1"), make_alert("S-2"), make_alert("S-3")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert sink.posts[0].message == render_parent(alerts[0], 1)
    assert [p.message for p in sink.posts[1:]] == render_replies(alerts[1:])
    assert [p.thread_ts for p in sink.posts] == [None, None]


def test_a_known_thread_on_a_sink_without_threads_still_gets_standalone_messages() -> None:
    sink, outbox = WatchedSink(supports_threads=False), Outbox()
    worker, _ = _worker(sink, outbox)
    thread = Thread("5.000", make_alert("S-0"), 1, 0.0, 0.0)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("S-4")], thread)))
    assert [p.thread_ts for p in sink.posts] == [None]
    assert [d.role for d in outbox.dones()] == ["standalone"]
    assert sink.updates == []


def test_a_thread_whose_parent_has_no_ts_gets_a_new_parent() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    thread = Thread(None, make_alert("G-0"), 1, 0.0, 0.0)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("G-1")], thread)))
    assert [p.thread_ts for p in sink.posts] == [None]
    assert [d.role for d in outbox.dones()] == ["parent"]


def test_replies_to_a_known_thread_carry_the_rendered_alerts() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("H-1"), make_alert("H-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, Thread("7.000", None, 1, 0.0, 0.0))))
    assert [p.message for p in sink.posts] == render_replies(alerts)


def test_a_thread_the_ledger_does_not_know_is_counted_from_the_batch() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, metrics = _worker(sink, outbox)
    parent = make_alert("C-0")
    alerts = [make_alert("C-1"), make_alert("C-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, Thread("7.000", parent, 4, 0.0, 0.0))))
    assert sink.updates == [("#c", "7.000", render_parent(parent, 6))]
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="updated") == 1


# --- state records, settlement and metrics ----------------------------------------------------


def test_intents_record_the_thread_and_the_parent_alert() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("I-1"), make_alert("I-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    parent_intent, reply_intent = outbox.intents()
    assert (parent_intent.thread_ts, parent_intent.parent_alert) == (None, alerts[0])
    assert (reply_intent.thread_ts, reply_intent.parent_alert) == ("1.000", None)


def test_state_records_are_stamped_in_utc() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("J-1")], None)))
    assert [r.at.utcoffset() for r in outbox.state] == [timedelta(0), timedelta(0)]


def test_the_settled_batch_is_the_one_queued_with_all_its_alerts() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    batch = Batch("#c", "k", [make_alert("K-1"), make_alert("K-2")], None)
    asyncio.run(worker.send_batch(batch))
    [(settled, ids)] = outbox.settled
    assert settled is batch and ids == [a.alert_id for a in batch.alerts]


def test_posted_alerts_count_for_today_and_their_age_is_observed() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, metrics = _worker(sink, outbox)
    ingested = datetime.now(UTC) - timedelta(hours=1)
    alerts = [_ingested(make_alert(f"L-{i}"), ingested) for i in range(3)]
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert metrics.today.today()[POSTED] == 3
    assert _sample(metrics, "chokepoint_notifier_record_age_seconds_count") == 3
    assert _sample(metrics, "chokepoint_notifier_record_age_seconds_sum") >= 3 * 3600
    assert _events(logs, "slack.unexpected_error") == []


def test_a_record_ingested_in_the_future_has_age_zero() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, metrics = _worker(sink, outbox)
    alert = _ingested(make_alert("L-9"), datetime.now(UTC) + timedelta(hours=1))
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert _sample(metrics, "chokepoint_notifier_record_age_seconds_count") == 1
    assert _sample(metrics, "chokepoint_notifier_record_age_seconds_sum") == 0.0


def test_a_record_without_an_ingestion_time_is_posted_without_an_age() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, metrics = _worker(sink, outbox)
    alert = _ingested(make_alert("L-8"), None)  # type: ignore[arg-type]
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert _sample(metrics, "chokepoint_notifier_record_age_seconds_count") == 0
    assert _events(logs, "slack.unexpected_error") == [] and outbox.dead == []


# --- logs ---------------------------------------------------------------------------------------


def test_each_message_sent_is_logged_with_its_channel_role_size_ts_and_group() -> None:
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("O-1"), make_alert("O-2"), make_alert("O-3")]
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert _events(logs, "alert.sent") == [
        {"log_level": "info", "channel": "#c", "role": "parent", "alerts": 1, "ts": "1.000",
         "group": "k"},
        {"log_level": "info", "channel": "#c", "role": "reply", "alerts": 2, "ts": "2.000",
         "group": "k"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("errors", "method"), [("post_errors", "chat.postMessage"), ("update_errors", "chat.update")]
)
def test_a_retried_call_is_logged_with_its_method_code_and_wait(
    sleeps: list[float], errors: str, method: str
) -> None:
    thread = Thread("7.000", make_alert("U-0"), 1, 0.0, 0.0) if method == "chat.update" else None
    sink, outbox = WatchedSink(**{errors: [_transient(method)]}), Outbox()
    worker, _ = _worker(sink, outbox, retry_initial=2.0, retry_max=8.0)
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("U-1")], thread)))
    assert _events(logs, "slack.retry") == [
        {"log_level": "warning", "channel": "#c", "call": method, "code": "ratelimited",
         "retry_in_seconds": 2.0},
    ]  # fmt: skip
    assert sleeps == [2.0]


def test_a_failed_counter_update_is_logged_with_the_parent_ts_and_code() -> None:
    sink, outbox = WatchedSink(update_errors=[_permanent("chat.update")]), Outbox()
    worker, _ = _worker(sink, outbox)
    thread = Thread("7.000", make_alert("V-0"), 1, 0.0, 0.0)
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("V-1")], thread)))
    assert _events(logs, "slack.update_failed") == [
        {"log_level": "error", "channel": "#c", "ts": "7.000", "code": "no_channel"}
    ]


def test_dead_letters_are_logged_with_the_code_and_every_alert() -> None:
    sink, outbox = WatchedSink(post_errors=[_permanent()]), Outbox()
    worker, _ = _worker(sink, outbox)
    alert = make_alert("D-1")
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert _events(logs, "alert.dead_lettered") == [
        {"log_level": "error", "channel": "#c", "code": "no_channel", "alerts": [alert.alert_id]}
    ]
    assert [(alert_id, channel) for alert_id, channel, _ in outbox.dead] == [(alert.alert_id, "#c")]


# --- dead letters' reasons --------------------------------------------------------------------


def test_alerts_after_a_parent_without_ts_are_dead_lettered_as_a_failed_parent() -> None:
    sink, outbox = WatchedSink(no_ts=True), Outbox()
    worker, _ = _worker(sink, outbox)
    alerts = [make_alert("E-1"), make_alert("E-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    [(alert_id, channel, error)] = outbox.dead
    assert (alert_id, channel) == (alerts[1].alert_id, "#c")
    assert isinstance(error, PermanentDeliveryError)
    assert (error.channel, error.method, error.code) == ("#c", "chat.postMessage", "parent_failed")
    assert str(error) == "chat.postMessage to #c failed: parent_failed (parent message failed)"


class LongFailure(Exception):
    """An exception whose repr is far longer than a dead letter keeps."""

    def __repr__(self) -> str:
        return "L" * 300


def test_an_unexpected_failure_dead_letters_with_the_first_200_characters_of_its_repr(
    sleeps: list[float],
) -> None:
    sink, outbox = WatchedSink(post_errors=[LongFailure() for _ in range(3)]), Outbox()
    worker, _ = _worker(sink, outbox)
    alert = make_alert("F-1")
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    [(alert_id, channel, error)] = outbox.dead
    assert (alert_id, channel) == (alert.alert_id, "#c")
    assert isinstance(error, UnexpectedDeliveryError)
    assert (error.channel, error.method, error.code) == ("#c", "send", "LongFailure")
    assert str(error) == f"send to #c failed: LongFailure ({'L' * 200})"
    logged = _events(logs, "slack.unexpected_error")
    assert logged == [
        {"log_level": "error", "channel": "#c", "attempt": n, "error": str(error), "exc_info": True}
        for n in (1, 2, 3)
    ]


def test_unexpected_failures_back_off_doubling(sleeps: list[float]) -> None:
    sink, outbox = WatchedSink(post_errors=[RuntimeError("bug") for _ in range(4)]), Outbox()
    worker, _ = _worker(sink, outbox, retry_initial=1.0, retry_max=10.0, unexpected_attempts=4)
    with capture_logs():
        asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("F-2")], None)))
    assert sleeps == [1.0, 2.0, 4.0]


# --- where a retry posts ----------------------------------------------------------------------


def test_a_retry_keeps_the_known_thread_of_its_batch(sleeps: list[float]) -> None:
    sink, outbox = WatchedSink(post_errors=[RuntimeError("bug")]), Outbox()
    worker, _ = _worker(sink, outbox)
    alert = make_alert("R-1")
    with capture_logs():
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], Thread("7.000", None, 1, 0, 0))))
    assert [(p.thread_ts, p.alert_ids) for p in sink.posts] == [("7.000", [alert.alert_id])]


def test_a_retry_after_nothing_was_posted_still_opens_a_new_parent(sleeps: list[float]) -> None:
    """Grouping chose a new parent (the old thread is past repeat_interval); a retry keeps that."""
    ledger = DeliveryLedger()
    old = make_alert("R-0")
    ledger.apply(
        DeliveryDone(
            message_id="p", channel="#c", role="parent", group_key="k", alert_ids=[old.alert_id],
            ts="3.000", parent_alert=old, at=old.created_at,
        )
    )  # fmt: skip
    sink, outbox = WatchedSink(post_errors=[RuntimeError("bug")], first_ts=5), Outbox()
    worker, _ = _worker(sink, outbox, ledger)
    alert = make_alert("R-2")
    with capture_logs():
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert [(p.thread_ts, p.alert_ids) for p in sink.posts] == [(None, [alert.alert_id])]


# --- pacing and the parent race ------------------------------------------------------------------


def test_pacing_under_a_second_still_spaces_calls(
    sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery.time, "monotonic", lambda: 1000.0)
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox, interval=0.5)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("P-1"), make_alert("P-2")], None)))
    assert sleeps == [0.5]


def test_without_an_interval_calls_never_wait(
    sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery.time, "monotonic", lambda: 1000.0)
    sink, outbox = WatchedSink(), Outbox()
    worker, _ = _worker(sink, outbox, interval=0.0)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("P-3"), make_alert("P-4")], None)))
    assert sleeps == [] and len(sink.posts) == 2


def test_by_default_a_new_parent_is_not_checked_for_rivals() -> None:
    sink, outbox = WatchedSink(parents=["1.000"], first_ts=5), Outbox()
    worker, _ = _worker(sink, outbox)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("W-1")], None)))
    assert sink.deletes == [] and [p.thread_ts for p in sink.posts] == [None]


def test_a_race_window_under_a_second_still_yields_to_an_earlier_parent() -> None:
    sink, outbox = WatchedSink(parents=["1.000"], first_ts=5), Outbox()
    worker, _ = _worker(sink, outbox, parent_race_window=0.5)
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("W-2")], None)))
    assert sink.deletes == [("#c", "5.000")]
    assert _events(logs, "parent_race.lost") == [
        {"log_level": "info", "channel": "#c", "ours": "5.000", "winner": "1.000"}
    ]


def test_a_retried_delete_of_a_losing_parent_is_logged_as_chat_delete(sleeps: list[float]) -> None:
    sink = WatchedSink(parents=["1.000"], first_ts=5, delete_errors=[_transient("chat.delete")])
    outbox = Outbox()
    worker, _ = _worker(sink, outbox, parent_race_window=60.0)
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("W-3")], None)))
    assert [e["call"] for e in _events(logs, "slack.retry")] == ["chat.delete"]
    assert sink.deletes == [("#c", "5.000")]


def test_an_adopted_winning_parent_is_dated_now_and_flushed_by_the_replies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery.time, "time", lambda: 1000.0)
    sink, outbox = WatchedSink(parents=["1.000"], first_ts=5), Outbox()
    ledger = DeliveryLedger()
    worker, _ = _worker(sink, outbox, ledger, parent_race_window=60.0)
    alerts = [make_alert("W-4"), make_alert("W-5")]
    with capture_logs() as logs:
        asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    thread = ledger.threads[("#c", "k")]
    reply_at = outbox.dones()[-1].at.timestamp()
    assert (thread.ts, thread.count, thread.posted_at) == ("1.000", 2, 1000.0)
    assert thread.last_flush_at == max(1000.0, reply_at)
    assert _events(logs, "slack.unexpected_error") == []
