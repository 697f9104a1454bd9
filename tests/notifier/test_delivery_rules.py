"""Delivery's rules: replies join a known thread and bump its counter, the worker drains its queue
in order, transient failures retry, permanent ones dead-letter, and replies come in chunks."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest
from structlog.testing import capture_logs

from schemas import Alert
from schemas.notifier import DeliveryDone, DeliveryIntent
from services.notifier import delivery
from services.notifier.blocks import ALERTS_PER_REPLY, SlackMessage, render_parent
from services.notifier.delivery import ChannelWorker
from services.notifier.errors import PermanentDeliveryError, TransientDeliveryError
from services.notifier.grouping import Batch, Thread
from services.notifier.ledger import DeliveryLedger
from services.notifier.metrics import NotifierMetrics
from tests.notifier.test_delivery_failures import Recorder
from tests.support.alert_factory import make_alert


@dataclass
class ScriptedSink:
    """Answers like Slack, after raising the scripted errors (one per post) in order."""

    errors: list[Exception] = field(default_factory=list)
    update_errors: list[Exception] = field(default_factory=list)
    supports_threads: bool = True
    posted: list[tuple[str, str | None, list[str]]] = field(default_factory=list)
    updated: list[tuple[str, str, SlackMessage]] = field(default_factory=list)
    no_ts: bool = False
    parents: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    first_ts: int = 1

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
        if self.errors:
            raise self.errors.pop(0)
        ts = f"{len(self.posted) + self.first_ts}.000"
        self.posted.append((ts, thread_ts, [a.alert_id for a in alerts]))
        return None if self.no_ts else ts

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        if self.update_errors:
            raise self.update_errors.pop(0)
        self.updated.append((channel, ts, message))

    async def delete(self, channel: str, ts: str) -> None:
        self.deleted.append(ts)

    async def find_group_parents(self, channel: str, group: str, oldest: float) -> list[str]:
        return list(self.parents)

    async def find_posted(
        self, channel: str, message_id: str, thread_ts: str | None, oldest: float
    ) -> str | None:
        return None

    async def close(self) -> None:
        return None


def _worker(
    sink: ScriptedSink,
    recorder: Recorder,
    ledger: DeliveryLedger | None = None,
    **options: float,
) -> tuple[ChannelWorker, NotifierMetrics]:
    metrics = NotifierMetrics()
    worker = ChannelWorker(
        "#c",
        sink=sink,
        ledger=ledger or DeliveryLedger(),
        write_state=recorder.write_state,
        dead_letter=recorder.dead_letter,
        settled=recorder.on_settled,
        metrics=metrics,
        **{"interval": 0.0, "retry_initial": 0.001, "retry_max": 0.002, **options},  # type: ignore[arg-type]
    )
    return worker, metrics


def _sample(metrics: NotifierMetrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def _transient() -> TransientDeliveryError:
    return TransientDeliveryError(
        "busy", channel="#c", method="chat.postMessage", code="ratelimited"
    )


def _permanent() -> PermanentDeliveryError:
    return PermanentDeliveryError(
        "gone", channel="#c", method="chat.postMessage", code="no_channel"
    )


def test_alerts_for_a_known_thread_are_replies_and_the_parent_counter_is_updated() -> None:
    parent = make_alert("T-0")
    ledger = DeliveryLedger()
    ledger.apply(
        DeliveryDone(
            message_id="p", channel="#c", role="parent", group_key="k", alert_ids=[parent.alert_id],
            ts="9.000", parent_alert=parent, at=parent.created_at,
        )
    )  # fmt: skip
    thread = ledger.threads[("#c", "k")]
    sink, recorder = ScriptedSink(), Recorder()
    worker, metrics = _worker(sink, recorder, ledger)
    alerts = [make_alert("T-1"), make_alert("T-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, thread)))
    assert [(thread_ts, ids) for _, thread_ts, ids in sink.posted] == [
        ("9.000", [a.alert_id for a in alerts])
    ]
    [(channel, ts, message)] = sink.updated
    assert (channel, ts) == ("#c", "9.000")
    assert message == render_parent(parent, 3)
    assert ledger.threads[("#c", "k")].count == 3
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 0


def test_a_thread_without_its_parent_alert_gets_replies_and_no_update() -> None:
    sink, recorder = ScriptedSink(), Recorder()
    worker, _ = _worker(sink, recorder)
    thread = Thread("5.000", None, 1, 0.0, 0.0)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("U-1")], thread)))
    assert [thread_ts for _, thread_ts, _ in sink.posted] == ["5.000"]
    assert sink.updated == []


def test_a_failed_counter_update_is_counted_and_leaves_the_alerts_delivered() -> None:
    sink, recorder = ScriptedSink(update_errors=[_permanent()]), Recorder()
    worker, metrics = _worker(sink, recorder)
    thread = Thread("5.000", make_alert("V-0"), 1, 0.0, 0.0)
    alert = make_alert("V-1")
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert], thread)))
    assert recorder.dead == [] and recorder.settled == [alert.alert_id]
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="failed") == 1
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="updated") == 0


def test_a_new_group_posts_one_parent_then_replies_in_chunks() -> None:
    sink, recorder = ScriptedSink(), Recorder()
    worker, metrics = _worker(sink, recorder)
    alerts = [make_alert(f"W-{i}") for i in range(ALERTS_PER_REPLY + 2)]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    sizes = [(thread_ts, len(ids)) for _, thread_ts, ids in sink.posted]
    assert sizes == [(None, 1), ("1.000", ALERTS_PER_REPLY), ("1.000", 1)]
    roles = [r.role for r in recorder.state if isinstance(r, DeliveryDone)]
    assert roles == ["parent", "reply", "reply"]
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="sent") == 3
    assert recorder.settled == [a.alert_id for a in alerts]
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 0
    assert recorder.dead == []


def test_a_sink_without_threads_posts_every_alert_standalone() -> None:
    sink, recorder = ScriptedSink(supports_threads=False, no_ts=True), Recorder()
    worker, metrics = _worker(sink, recorder)
    alerts = [make_alert("X-1"), make_alert("X-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    roles = [r.role for r in recorder.state if isinstance(r, DeliveryDone)]
    assert roles == ["standalone", "standalone"]
    assert [thread_ts for _, thread_ts, _ in sink.posted] == [None, None]
    assert [ids for _, _, ids in sink.posted] == [[a.alert_id] for a in alerts]
    assert recorder.dead == []
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 0


def test_a_parent_without_a_ts_dead_letters_the_rest_of_a_threaded_batch() -> None:
    sink, recorder = ScriptedSink(no_ts=True), Recorder()
    worker, metrics = _worker(sink, recorder)
    alerts = [make_alert("Y-1"), make_alert("Y-2"), make_alert("Y-3")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert len(sink.posted) == 1
    assert [alert_id for alert_id, _ in recorder.dead] == [a.alert_id for a in alerts[1:]]
    assert recorder.dead[0][1].code == "parent_failed"
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 0
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="dead_lettered") == 1


def test_transient_failures_are_retried_until_the_post_succeeds() -> None:
    sink, recorder = ScriptedSink(errors=[_transient(), _transient()]), Recorder()
    worker, metrics = _worker(sink, recorder)
    alert = make_alert("Z-1")
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert len(sink.posted) == 1 and recorder.dead == []
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 2


def test_a_permanent_failure_dead_letters_the_alert_and_settles_it() -> None:
    sink, recorder = ScriptedSink(errors=[_permanent()]), Recorder()
    worker, metrics = _worker(sink, recorder)
    alert = make_alert("Z-2")
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert sink.posted == []
    [(alert_id, error)] = recorder.dead
    assert alert_id == alert.alert_id and error.code == "no_channel"
    assert recorder.settled == [alert.alert_id]
    assert [type(r) for r in recorder.state] == [DeliveryIntent]  # no done: nothing was posted
    assert _sample(metrics, "chokepoint_notifier_messages_sent_total", status="dead_lettered") == 1


def test_duplicates_are_counted_as_suppressed() -> None:
    sink, recorder = ScriptedSink(), Recorder()
    worker, metrics = _worker(sink, recorder)
    alert = make_alert("Z-3")
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    asyncio.run(worker.send_batch(Batch("#c", "k", [alert, make_alert("Z-4")], None)))
    assert len(sink.posted) == 2
    suppressed = _sample(metrics, "chokepoint_notifier_alerts_suppressed_total", reason="duplicate")
    assert suppressed == 1


def test_the_worker_sends_queued_batches_in_order() -> None:
    sink, recorder = ScriptedSink(), Recorder()
    worker, _ = _worker(sink, recorder)
    batches = [Batch("#c", f"k{i}", [make_alert(f"Q-{i}")], None) for i in range(3)]

    async def drain() -> None:
        task = asyncio.create_task(worker.run())
        for batch in batches:
            worker.queue.put_nowait(batch)
        await asyncio.wait_for(worker.queue.join(), 5)
        task.cancel()

    asyncio.run(drain())
    assert [ids for _, _, ids in sink.posted] == [[b.alerts[0].alert_id] for b in batches]
    assert worker.queue.empty()


def _record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(delivery.asyncio, "sleep", fake_sleep)
    return sleeps


def test_transient_retries_back_off_doubling_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps = _record_sleeps(monkeypatch)
    sink, recorder = ScriptedSink(errors=[_transient() for _ in range(4)]), Recorder()
    worker, _ = _worker(sink, recorder, retry_initial=1.0, retry_max=3.0)
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("R-1")], None)))
    assert sleeps == [1.0, 2.0, 3.0, 3.0]
    assert len(sink.posted) == 1


def test_unexpected_failures_back_off_between_attempts_then_dead_letter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps = _record_sleeps(monkeypatch)
    sink, recorder = ScriptedSink(errors=[RuntimeError("bug") for _ in range(9)]), Recorder()
    worker, metrics = _worker(sink, recorder, retry_initial=1.0, retry_max=1.5)
    alert = make_alert("R-2")
    with capture_logs() as logs:  # captured, not rendered: drawing tracebacks takes seconds
        asyncio.run(worker.send_batch(Batch("#c", "k", [alert], None)))
    assert [e["attempt"] for e in logs if e["event"] == "slack.unexpected_error"] == [1, 2, 3]
    assert sleeps == [1.0, 1.5]  # three attempts, two waits
    assert [alert_id for alert_id, _ in recorder.dead] == [alert.alert_id]
    assert recorder.dead[0][1].code == "RuntimeError"
    assert _sample(metrics, "chokepoint_notifier_retries_total") == 2
    assert recorder.settled == [alert.alert_id]


def test_calls_to_a_channel_are_paced_by_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps = _record_sleeps(monkeypatch)
    sink, recorder = ScriptedSink(), Recorder()
    worker, _ = _worker(sink, recorder, interval=5.0)
    alerts = [make_alert("P-1"), make_alert("P-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0  # none before the first call


def test_a_parent_beaten_by_an_earlier_one_is_deleted_and_the_alerts_reply_to_the_winner() -> None:
    sink, recorder = ScriptedSink(parents=["1.000", "3.000"], first_ts=5), Recorder()
    ledger = DeliveryLedger()
    worker = ChannelWorker(
        "#c", sink=sink, ledger=ledger, write_state=recorder.write_state,
        dead_letter=recorder.dead_letter, settled=recorder.on_settled, metrics=NotifierMetrics(),
        interval=0.0, retry_initial=0.001, retry_max=0.002, parent_race_window=60.0,
    )  # fmt: skip
    alerts = [make_alert("B-1"), make_alert("B-2")]
    asyncio.run(worker.send_batch(Batch("#c", "k", alerts, None)))
    assert sink.deleted == ["5.000"]
    replies = [(thread_ts, ids) for _, thread_ts, ids in sink.posted[1:]]
    assert replies == [("1.000", [a.alert_id for a in alerts])]
    thread = ledger.threads[("#c", "k")]
    assert (thread.ts, thread.parent_alert) == ("1.000", None)
    assert thread.count == 2
    assert recorder.dead == [] and recorder.settled == [a.alert_id for a in alerts]


def test_a_parent_with_no_earlier_rival_stays() -> None:
    sink, recorder = ScriptedSink(parents=["9.000"], first_ts=5), Recorder()
    worker = ChannelWorker(
        "#c", sink=sink, ledger=DeliveryLedger(), write_state=recorder.write_state,
        dead_letter=recorder.dead_letter, settled=recorder.on_settled, metrics=NotifierMetrics(),
        interval=0.0, retry_initial=0.001, retry_max=0.002, parent_race_window=60.0,
    )  # fmt: skip
    asyncio.run(worker.send_batch(Batch("#c", "k", [make_alert("B-3")], None)))
    assert sink.deleted == []
