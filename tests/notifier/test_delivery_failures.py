"""A channel worker never settles (lets the offset be committed) an alert it did not handle."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from schemas import Alert
from schemas.notifier import DeliveryDone, DeliveryIntent
from services.notifier.blocks import SlackMessage
from services.notifier.delivery import ChannelWorker, DeadLetterError
from services.notifier.errors import UnexpectedDeliveryError
from services.notifier.grouping import Batch
from services.notifier.ledger import DeliveryLedger
from services.notifier.metrics import NotifierMetrics
from services.notifier.simple_sinks import ThreadlessSink
from tests.support.alert_factory import make_alert


@dataclass
class FlakySink(ThreadlessSink):
    """Raises `error` on the first `failures` posts, then answers like Slack (with threads)."""

    failures: int
    error: Exception = field(default_factory=lambda: RuntimeError("sink bug"))
    posted: list[tuple[str, str | None]] = field(default_factory=list)
    supports_threads: bool = True

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
        if self.failures > 0:
            self.failures -= 1
            raise self.error
        ts = f"{len(self.posted) + 1}.000"
        self.posted.append((ts, thread_ts))
        return ts


@dataclass
class Recorder:
    settled: list[str] = field(default_factory=list)
    dead: list[tuple[str, DeadLetterError]] = field(default_factory=list)
    state: list[DeliveryIntent | DeliveryDone] = field(default_factory=list)

    async def write_state(self, record: DeliveryIntent | DeliveryDone) -> None:
        self.state.append(record)

    async def dead_letter(self, alert: Alert, channel: str, error: DeadLetterError) -> None:
        self.dead.append((alert.alert_id, error))

    def on_settled(self, batch: Batch, alerts: list[Alert]) -> None:
        self.settled += [a.alert_id for a in alerts]


def _worker(sink: FlakySink, recorder: Recorder, attempts: int = 3) -> ChannelWorker:
    return ChannelWorker(
        "#c",
        sink=sink,
        ledger=DeliveryLedger(),
        write_state=recorder.write_state,
        dead_letter=recorder.dead_letter,
        settled=recorder.on_settled,
        metrics=NotifierMetrics(),
        interval=0.0,
        retry_initial=0.001,
        retry_max=0.002,
        unexpected_attempts=attempts,
    )


def _batch(*record_ids: str) -> Batch:
    return Batch("#c", "k", [make_alert(r) for r in record_ids], None)


def test_a_sink_that_keeps_raising_dead_letters_every_alert_before_settling() -> None:
    sink, recorder = FlakySink(failures=100), Recorder()
    batch = _batch("A-1", "A-2")
    asyncio.run(_worker(sink, recorder).send_batch(batch))
    ids = [a.alert_id for a in batch.alerts]
    assert sorted(alert for alert, _ in recorder.dead) == sorted(ids)
    assert all(isinstance(e, UnexpectedDeliveryError) for _, e in recorder.dead)
    assert recorder.dead[0][1].code == "RuntimeError"
    assert recorder.settled == ids
    assert sink.failures == 97  # three attempts, then the dead letter


def test_a_transient_bug_is_retried_and_the_alerts_are_posted_once() -> None:
    sink, recorder = FlakySink(failures=1), Recorder()
    batch = _batch("B-1", "B-2")
    asyncio.run(_worker(sink, recorder).send_batch(batch))
    assert recorder.dead == []
    assert [thread for _, thread in sink.posted] == [None, "1.000"]  # one parent, one reply
    assert recorder.settled == [a.alert_id for a in batch.alerts]


def test_a_failure_after_the_parent_threads_the_rest_under_that_parent() -> None:
    sink, recorder = FlakySink(failures=0), Recorder()
    worker = _worker(sink, recorder)
    original_post = sink.post
    calls = 0

    async def parent_then_one_failure(*args: object, **kwargs: object) -> str | None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ConnectionResetError("broken pipe")
        return await original_post(*args, **kwargs)  # type: ignore[arg-type]

    sink.post = parent_then_one_failure  # type: ignore[method-assign]
    asyncio.run(worker.send_batch(_batch("C-1", "C-2")))
    assert [thread for _, thread in sink.posted] == [None, "1.000"]
    assert recorder.dead == []


def test_a_cancelled_send_is_not_settled() -> None:
    recorder = Recorder()

    class HangingSink(FlakySink):
        async def post(self, *args: object, **kwargs: object) -> str | None:
            await asyncio.Event().wait()
            return None

    worker = _worker(HangingSink(failures=0), recorder)

    async def cancel_mid_send() -> None:
        task = asyncio.create_task(worker.send_batch(_batch("D-1")))
        while not recorder.state:  # the intent is written just before the post
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(cancel_mid_send())
    assert recorder.settled == [] and recorder.dead == []
