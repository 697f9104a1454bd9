"""The running notifier: alerts → silences → routing → grouping → channel workers → commits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata
from pydantic import ValidationError

from schemas import Alert, DeadLetter, Topics
from schemas.notifier import DeliveryDone
from services.common.topics_admin import ensure_topics
from services.notifier.daily_counts import CONSUMED
from services.notifier.delivery import ChannelWorker, DeadLetterError, reconcile_window_start
from services.notifier.errors import DeliveryError, UnexpectedDeliveryError
from services.notifier.grouping import Batch, Grouper, group_key
from services.notifier.kafka_io import SilenceFeed, StateStore
from services.notifier.ledger import DeliveryLedger
from services.notifier.metrics import NotifierMetrics
from services.notifier.offsets import OffsetTracker
from services.notifier.origins import Origin, OriginBook
from services.notifier.readiness import wait_for_slack_auth
from services.notifier.routing import RoutingConfig
from services.notifier.settings import Settings
from services.notifier.silences import SilenceBook
from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)
LAG_EXPORT_SECONDS = 5.0
PRUNE_INTERVAL_SECONDS = 60.0


class _Revoked(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        await self._notifier.commit()
        partitions = [(tp.topic, tp.partition) for tp in revoked]
        self._notifier.offsets.forget(partitions)
        self._notifier.origins.forget(partitions)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        return None


class Notifier:
    """Owns the Kafka clients, the ledger, the grouper and one worker per channel."""

    def __init__(
        self, settings: Settings, sink: Sink, routing: RoutingConfig, metrics: NotifierMetrics
    ) -> None:
        self.settings, self.sink, self.routing, self.metrics = settings, sink, routing, metrics
        self.topics = Topics(settings.topic_namespace)
        self.kafka_config: dict[str, Any] = settings.kafka.aiokafka_config()
        self.ledger = DeliveryLedger()
        self.silences = SilenceBook()
        self.offsets = OffsetTracker()
        self.grouper = Grouper(
            settings.group_wait_seconds,
            settings.group_interval_seconds,
            settings.repeat_interval_seconds,
        )
        self.producer = AIOKafkaProducer(acks="all", **self.kafka_config)
        self.state = StateStore(
            self.topics.notifier_state, self.producer, self.ledger, self.kafka_config
        )
        self.silence_feed = SilenceFeed(self.topics.silences, self.silences, self.kafka_config)
        self.consumer: AIOKafkaConsumer | None = None
        self._lag_exported_at = 0.0
        self.workers: dict[str, ChannelWorker] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self.origins = OriginBook()
        self.kafka_ready = False
        self.slack_ready = False
        self._pruned_at = time.time()

    def _slack_is_ready(self) -> None:
        self.slack_ready = True

    def ready_checks(self) -> dict[str, bool]:
        return {"kafka": self.kafka_ready, "slack": self.slack_ready}

    async def start(self) -> None:
        """Topics, state replay, silences, Slack auth, reconcile, then join the consumer group."""
        s = self.settings
        await asyncio.to_thread(
            ensure_topics,
            s.kafka,
            self.topics.all(),
            partitions=s.topic_partitions,
            replication_factor=s.topic_replication_factor,
        )
        await self.producer.start()
        await self.state.load(s.instance_id)
        await self.silence_feed.load()
        self.slack_ready = await self.sink.check()
        if not self.slack_ready:
            log.error("slack.auth_failed", mode=s.mode)
            self._tasks.append(
                asyncio.create_task(
                    wait_for_slack_auth(self.sink, s.slack_auth_retry_seconds, self._slack_is_ready)
                )
            )
        await self._reconcile()
        self.consumer = AIOKafkaConsumer(
            group_id=s.group_id,
            enable_auto_commit=False,
            isolation_level="read_committed",  # the detector writes alerts in transactions
            auto_offset_reset="earliest",
            session_timeout_ms=int(s.session_timeout_seconds * 1000),
            heartbeat_interval_ms=max(int(s.session_timeout_seconds * 1000) // 3, 100),
            **self.kafka_config,
        )
        self.consumer.subscribe([self.topics.alerts], listener=_Revoked(self))
        await self.consumer.start()
        self._tasks += [
            asyncio.create_task(f.follower.follow()) for f in (self.state, self.silence_feed)
        ]
        self.kafka_ready = True
        log.info("notifier.started", mode=s.mode, topic=self.topics.alerts, group=s.group_id)

    async def _reconcile(self) -> None:
        """Intents without a delivery: ask Slack whether the message made it before the crash."""
        for intent in list(self.ledger.intents.values()):
            ts = None
            if self.settings.reconcile_pending and self.sink.supports_threads:
                try:
                    oldest = reconcile_window_start(intent.at)
                    ts = await self.sink.find_posted(
                        intent.channel, intent.message_id, intent.thread_ts, oldest
                    )
                except DeliveryError as exc:
                    log.warning("reconcile.failed", channel=intent.channel, code=exc.code)
            if ts is not None:
                done = DeliveryDone(
                    **intent.model_dump(exclude={"kind", "at"}), ts=ts, at=intent.at
                )
                await self.state.write(done)
                self.ledger.apply(done)
                log.info(
                    "reconcile.found", channel=intent.channel, ts=ts, alerts=len(intent.alert_ids)
                )
        self.ledger.intents.clear()

    def worker(self, channel: str) -> ChannelWorker:
        if channel not in self.workers:
            s = self.settings
            worker = ChannelWorker(
                channel,
                sink=self.sink,
                ledger=self.ledger,
                write_state=self.state.write,
                dead_letter=self.dead_letter,
                settled=self._settled,
                metrics=self.metrics,
                interval=s.channel_interval_seconds,
                retry_initial=s.retry_initial_seconds,
                retry_max=s.retry_max_seconds,
                unexpected_attempts=s.unexpected_error_attempts,
                parent_race_window=s.parent_race_window_seconds,
            )
            self.workers[channel] = worker
            self._tasks.append(asyncio.create_task(worker.run()))
        return self.workers[channel]

    def _settled(self, batch: Batch, alerts: list[Alert]) -> None:
        for alert in alerts:
            self.offsets.settle(alert.alert_id, batch.channel)
        self.grouper.release(batch.channel, batch.group_key)

    async def dead_letter(self, alert: Alert, channel: str, error: DeadLetterError) -> None:
        """An alert that cannot be posted: its original bytes, channel and reason go to the DLQ."""
        origin = self.origins.get(alert.alert_id)
        unexpected = isinstance(error, UnexpectedDeliveryError)
        letter = DeadLetter.wrap(
            origin.raw if origin is not None and origin.raw else alert.model_dump_json().encode(),
            reason="processing_error" if unexpected else "slack_permanent_error",
            detail=f"{error.code}: {error.method} to {channel}",
            field_path="channel",
            service="notifier",
            topic=origin.topic if origin is not None else self.topics.alerts,
            partition=origin.partition if origin is not None else None,
            offset=origin.offset if origin is not None else None,
            key=alert.alert_id,
        )
        await self.producer.send_and_wait(
            self.topics.alerts_dlq,
            key=alert.alert_id.encode(),
            value=letter.model_dump_json().encode(),
        )
        label = "processing_error" if unexpected else error.code
        self.metrics.dead_letters.labels(reason=label if label in _DLQ_CODES else "other").inc()

    async def _invalid(self, record: ConsumerRecord[bytes, bytes], exc: ValidationError) -> None:
        letter = DeadLetter.wrap(
            record.value or b"", reason="validation_error", detail=str(exc), service="notifier",
            topic=record.topic, partition=record.partition, offset=record.offset,
            key=record.key.decode(errors="replace") if record.key else None,
        )  # fmt: skip
        await self.producer.send_and_wait(
            self.topics.alerts_dlq, key=record.key, value=letter.model_dump_json().encode()
        )
        self.metrics.dead_letters.labels(reason="validation_error").inc()
        log.error("alert.invalid", topic=record.topic, offset=record.offset, error=str(exc)[:300])

    async def handle(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """One alert message: validate, silence, route, de-duplicate, queue for grouping."""
        partition = (record.topic, record.partition)
        try:
            alert = Alert.model_validate_json(record.value or b"")
        except ValidationError as exc:
            await self._invalid(record, exc)
            self.offsets.skip(partition, record.offset)
            return
        self.metrics.alerts_received.labels(severity=alert.severity).inc()
        self.metrics.today.add(CONSUMED)
        now = datetime.now(UTC)
        silence = self.silences.covering(alert, now)
        if silence is not None:
            self.metrics.alerts_suppressed.labels(reason="silence").inc()
            log.info("alert.silenced", alert_id=alert.alert_id, silence_id=silence.silence_id)
            self.offsets.skip(partition, record.offset)
            return
        channels = self.routing.channels_for(alert, self.settings.default_channel)
        self.origins.add(
            alert.alert_id, Origin(record.topic, record.partition, record.offset, record.value)
        )
        self.offsets.track(partition, record.offset, alert.alert_id, channels)
        key = group_key(alert, self.settings.group_by)
        for channel in channels:
            if self.ledger.is_delivered(alert.alert_id, channel):
                self.metrics.alerts_suppressed.labels(reason="duplicate").inc()
                self.offsets.settle(alert.alert_id, channel)
            else:
                self.grouper.add(channel, key, alert, time.time())

    async def commit(self) -> None:
        positions = self.offsets.commit_positions()
        if positions and self.consumer is not None:
            offsets = {
                TopicPartition(t, p): OffsetAndMetadata(o, "") for (t, p), o in positions.items()
            }
            try:
                await self.consumer.commit(offsets)
            except KafkaError as exc:
                # A rebalance or a broker restart in between: the positions stay uncommitted and
                # are tried again next turn; a partition now owned elsewhere is re-read there and
                # its delivered alerts are skipped by the ledger.
                log.warning(
                    "offsets.commit_failed", error=type(exc).__name__, partitions=len(offsets)
                )
                return
            self.offsets.mark_committed(positions)
            self.origins.prune(positions)
        if time.monotonic() - self._lag_exported_at >= LAG_EXPORT_SECONDS:
            await self._export_lag()

    async def _export_lag(self) -> None:
        """End (last stable) offset minus the group's committed offset, both from the broker,
        over this instance's partitions: a stalled or lagging notifier shows its backlog."""
        assert self.consumer is not None
        self._lag_exported_at = time.monotonic()
        total = 0
        for tp in self.consumer.assignment():
            end = self.consumer.last_stable_offset(tp)
            if end is None:
                end = self.consumer.highwater(tp)
            if end is None:
                continue  # nothing fetched from this partition yet: its end is unknown
            committed = await self.consumer.committed(tp)
            total += max(end - (committed or 0), 0)
        self.metrics.consumer_lag.labels(topic="alerts").set(total)

    async def step(self) -> None:
        """One turn of the loop: fetch, dispatch due batches, commit what is settled."""
        assert self.consumer is not None
        wait = self.grouper.next_due_in(time.time(), self.ledger.threads)
        timeout_ms = 200 if wait is None else int(min(max(wait, 0.01), 0.2) * 1000)
        fetched = await self.consumer.getmany(timeout_ms=timeout_ms, max_records=500)
        for records in fetched.values():
            for record in records:
                await self.handle(record)
        for batch in self.grouper.due(time.time(), self.ledger.threads):
            self.worker(batch.channel).queue.put_nowait(batch)
        self.metrics.silences_active.set(len(self.silences.active(datetime.now(UTC))))
        self._prune_state()
        await self.commit()

    def _prune_state(self) -> None:
        """Every PRUNE_INTERVAL_SECONDS: drop in-memory state older than the retention."""
        now = time.time()
        if now - self._pruned_at < PRUNE_INTERVAL_SECONDS:
            return
        self._pruned_at = now
        retention = self.settings.state_retention_seconds
        forgotten = self.ledger.prune(now, retention)
        self.silences.prune(datetime.now(UTC), retention)
        if forgotten:
            log.info("state.pruned", forgotten=forgotten, retention_seconds=retention)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self.step()
            for task in self._tasks:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]

    async def close(self) -> None:
        """Stop workers (unsent alerts stay uncommitted), commit, close the clients."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.consumer is not None:
            with contextlib.suppress(Exception):
                await self.commit()
            await self.consumer.stop()
        for follower in (self.state.follower, self.silence_feed.follower):
            with contextlib.suppress(Exception):
                await follower.stop()
        await self.producer.stop()
        await self.sink.close()
        self.kafka_ready = False


_DLQ_CODES = frozenset(
    {
        "channel_not_found",
        "invalid_auth",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "msg_too_long",
        "invalid_blocks",
        "processing_error",
    }
)
