"""Sending batches to one channel: pacing, retries with backoff, idempotency records, dead letters.

One worker per channel, so a slow or broken channel never blocks the others, and messages to a
channel leave in the order their batches were queued.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import structlog

from schemas import Alert
from schemas.notifier import DeliveryDone, DeliveryIntent, MessageRole
from services.notifier.blocks import ALERTS_PER_REPLY, SlackMessage, render_parent, render_replies
from services.notifier.daily_counts import POSTED
from services.notifier.errors import (
    PermanentDeliveryError,
    TransientDeliveryError,
    UnexpectedDeliveryError,
)
from services.notifier.grouping import Batch, Thread
from services.notifier.ledger import DeliveryLedger, message_id_for
from services.notifier.metrics import NotifierMetrics
from services.notifier.parent_race import ParentSupersededError, earlier_parent, group_token
from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)
T = TypeVar("T")

StateWriter = Callable[[DeliveryIntent | DeliveryDone], Awaitable[None]]
DeadLetterError = PermanentDeliveryError | UnexpectedDeliveryError
DeadLetterWriter = Callable[[Alert, str, DeadLetterError], Awaitable[None]]
Settled = Callable[[Batch, list[Alert]], None]


class ChannelWorker:
    """Sends one channel's batches in order, paced to `interval` seconds between Slack calls."""

    def __init__(
        self,
        channel: str,
        *,
        sink: Sink,
        ledger: DeliveryLedger,
        write_state: StateWriter,
        dead_letter: DeadLetterWriter,
        settled: Settled,
        metrics: NotifierMetrics,
        interval: float,
        retry_initial: float,
        retry_max: float,
        unexpected_attempts: int = 3,
        parent_race_window: float = 0.0,
    ) -> None:
        self.channel = channel
        self.queue: asyncio.Queue[Batch] = asyncio.Queue()
        self._sink, self._ledger, self._metrics = sink, ledger, metrics
        self._write_state, self._dead_letter, self._settled = write_state, dead_letter, settled
        self._interval, self._retry_initial, self._retry_max = interval, retry_initial, retry_max
        self._unexpected_attempts = unexpected_attempts
        self._race_window = parent_race_window
        self._last_call = 0.0

    async def run(self) -> None:
        while True:
            batch = await self.queue.get()
            try:
                await self.send_batch(batch)
            finally:
                self.queue.task_done()

    async def _paced(self, call: Callable[[], Awaitable[T]], what: str) -> T:
        """Pace, then call; transient failures retry with capped exponential backoff, forever."""
        delay = self._retry_initial
        while True:
            wait = self._last_call + self._interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_call = time.monotonic()
            try:
                return await call()
            except TransientDeliveryError as exc:
                self._metrics.retries.inc()
                log.warning(
                    "slack.retry",
                    channel=self.channel,
                    call=what,
                    code=exc.code,
                    retry_in_seconds=delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._retry_max)

    async def send_batch(self, batch: Batch) -> None:
        """A new parent (+ replies), or replies to the thread and a counter update.

        The batch is settled (its offsets may be committed) only once every alert was posted,
        found to be a duplicate, or dead-lettered: never on a failure we did not handle.
        """
        alerts = self._undelivered(batch.alerts)
        if len(alerts) < len(batch.alerts):
            self._metrics.alerts_suppressed.labels(reason="duplicate").inc(
                len(batch.alerts) - len(alerts)
            )
        if alerts:
            await self._send_or_dead_letter(batch, alerts)
        self._settled(batch, batch.alerts)

    def _undelivered(self, alerts: list[Alert]) -> list[Alert]:
        return [a for a in alerts if not self._ledger.is_delivered(a.alert_id, self.channel)]

    async def _send_or_dead_letter(self, batch: Batch, alerts: list[Alert]) -> None:
        """Retry an unexpected failure with backoff; after the last attempt, dead-letter the rest."""
        delay = self._retry_initial
        for attempt in range(1, self._unexpected_attempts + 1):
            try:
                await self._send(batch, alerts)
                return
            except Exception as exc:  # a bug or a broken sink: never settle silently
                error = UnexpectedDeliveryError(
                    repr(exc)[:200], channel=self.channel, method="send", code=type(exc).__name__
                )
                log.error(
                    "slack.unexpected_error",
                    channel=self.channel,
                    attempt=attempt,
                    error=str(error),
                    exc_info=True,
                )
            batch, alerts = self._remaining(batch, alerts)
            if not alerts:
                return
            if attempt < self._unexpected_attempts:
                self._metrics.retries.inc()
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._retry_max)
        await self._dead_letter_all(batch, alerts, str(error), error)

    def _remaining(self, batch: Batch, alerts: list[Alert]) -> tuple[Batch, list[Alert]]:
        """What is left after a failed attempt, threaded under a parent it may have posted."""
        left = self._undelivered(alerts)
        thread = batch.thread
        if thread is None and len(left) < len(alerts):
            thread = self._ledger.threads.get((self.channel, batch.group_key))
        return Batch(batch.channel, batch.group_key, batch.alerts, thread), left

    async def _send(self, batch: Batch, alerts: list[Alert]) -> None:
        threads = self._sink.supports_threads
        thread = batch.thread
        if thread is None or thread.ts is None or not threads:
            first, rest = alerts[0], alerts[1:]
            role: MessageRole = "parent" if threads else "standalone"
            try:
                ts = await self._deliver(
                    batch,
                    role,
                    [first],
                    render_parent(first, len(alerts) if threads else 1),
                    None,
                    first,
                )
            except ParentSupersededError as lost:
                await self._thread_under(batch, alerts, lost.winner_ts)
                return
            if ts is None and threads:
                await self._dead_letter_all(batch, rest, "parent message failed")
                return
            for chunk, message in zip(_chunks(rest), render_replies(rest), strict=True):
                await self._deliver(
                    batch, "reply" if threads else "standalone", chunk, message, ts, None
                )
            return
        for chunk, message in zip(_chunks(alerts), render_replies(alerts), strict=True):
            await self._deliver(batch, "reply", chunk, message, thread.ts, None)
        if thread.parent_alert is not None:
            current = self._ledger.threads.get((self.channel, batch.group_key))
            count = current.count if current is not None else thread.count + len(alerts)
            await self._update(thread.ts, render_parent(thread.parent_alert, count))

    async def _deliver(
        self,
        batch: Batch,
        role: MessageRole,
        alerts: list[Alert],
        message: SlackMessage,
        thread_ts: str | None,
        parent: Alert | None,
    ) -> str | None:
        """Intent → post → done; the message ts (None if dead-lettered or the sink has none)."""
        ids = [a.alert_id for a in alerts]
        message_id = message_id_for(self.channel, role, ids)
        now = datetime.now(UTC)
        common = {
            "message_id": message_id,
            "channel": self.channel,
            "role": role,
            "group_key": batch.group_key,
        }
        await self._write_state(
            DeliveryIntent(
                **common, alert_ids=ids, thread_ts=thread_ts, parent_alert=parent, at=now
            )
        )

        async def post() -> str | None:
            return await self._sink.post(
                self.channel,
                message,
                alerts=alerts,
                thread_ts=thread_ts,
                message_id=message_id,
                group=group_token(self.channel, batch.group_key),
            )

        try:
            ts = await self._paced(post, "chat.postMessage")
        except PermanentDeliveryError as exc:
            await self._dead_letter_all(batch, alerts, str(exc), exc)
            return None
        if role == "parent" and ts is not None:
            await self._yield_if_beaten(batch.group_key, ts)
        done = DeliveryDone(
            **common,
            alert_ids=ids,
            ts=ts,
            thread_ts=thread_ts,
            parent_alert=parent,
            at=datetime.now(UTC),
        )
        await self._write_state(done)
        self._ledger.apply(done)
        self._record_sent(alerts)
        log.info(
            "alert.sent",
            channel=self.channel,
            role=role,
            alerts=len(ids),
            ts=ts,
            group=batch.group_key,
        )
        return ts

    async def _yield_if_beaten(self, group_key: str, ts: str) -> None:
        """Another instance's parent for this group came first: delete ours (not yet recorded)."""
        if self._race_window <= 0:
            return
        group = group_token(self.channel, group_key)
        winner = await earlier_parent(self._sink, self.channel, group, ts, self._race_window)
        if winner is None:
            return

        async def delete() -> None:
            await self._sink.delete(self.channel, ts)

        await self._paced(delete, "chat.delete")
        log.info("parent_race.lost", channel=self.channel, ours=ts, winner=winner)
        raise ParentSupersededError(winner)

    async def _thread_under(self, batch: Batch, alerts: list[Alert], winner_ts: str) -> None:
        """Adopt the winning parent as this group's thread and post every alert as a reply."""
        now = time.time()
        self._ledger.threads[(self.channel, batch.group_key)] = Thread(winner_ts, None, 0, now, now)
        for chunk, message in zip(_chunks(alerts), render_replies(alerts), strict=True):
            await self._deliver(batch, "reply", chunk, message, winner_ts, None)

    async def _update(self, ts: str, message: SlackMessage) -> None:
        async def update() -> None:
            await self._sink.update(self.channel, ts, message)

        try:
            await self._paced(update, "chat.update")
            self._metrics.messages.labels(status="updated").inc()
        except PermanentDeliveryError as exc:  # the alerts are delivered; only the counter is stale
            self._metrics.messages.labels(status="failed").inc()
            log.error("slack.update_failed", channel=self.channel, ts=ts, code=exc.code)

    def _record_sent(self, alerts: list[Alert]) -> None:
        self._metrics.messages.labels(status="sent").inc()
        now = datetime.now(UTC)
        self._metrics.today.add(POSTED, len(alerts), now)
        self._metrics.last_processed.set(now.timestamp())
        for alert in alerts:
            if alert.record.ingested_at is not None:
                self._metrics.record_age.observe(
                    max((now - alert.record.ingested_at).total_seconds(), 0.0)
                )

    async def _dead_letter_all(
        self, batch: Batch, alerts: list[Alert], why: str, exc: DeadLetterError | None = None
    ) -> None:
        if not alerts:
            return
        error = exc or PermanentDeliveryError(
            why, channel=self.channel, method="chat.postMessage", code="parent_failed"
        )
        self._metrics.messages.labels(status="dead_lettered").inc()
        log.error(
            "alert.dead_lettered",
            channel=self.channel,
            code=error.code,
            alerts=[a.alert_id for a in alerts],
        )
        for alert in alerts:
            await self._dead_letter(alert, self.channel, error)


def _chunks(alerts: list[Alert]) -> list[list[Alert]]:
    return [alerts[i : i + ALERTS_PER_REPLY] for i in range(0, len(alerts), ALERTS_PER_REPLY)]


def reconcile_window_start(intent_at: datetime) -> float:
    """How far back to look in Slack for a message with a pending intent (allows clock skew)."""
    return (intent_at - timedelta(minutes=5)).timestamp()
