"""The faust app: agents that score records, track re-export patterns and news ↔ shipment links.

Flow:  shipments/news ──score_records──► alerts (+ dead letters)
                           ├── legs (keyed by party) ──track_patterns──► pattern alerts
                           └── sightings (keyed by listed entity) ──track_links──► link alerts
Each stateful agent reads a topic keyed like its table, so any number of workers share the work.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import faust
import structlog
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas import Alert, DeadLetter, Topics
from services.common.consumer_lag import LagProbe, Partition
from services.detector.decoding import RecordType, decode_record
from services.detector.engine import DetectorEngine
from services.detector.errors import PoisonRecord
from services.detector.metrics import DetectorMetrics
from services.detector.settings import DetectorSettings
from services.detector.state import EntityLinks, Leg, ModelStore, PartyLegs, Sighting, decode_state

log = structlog.get_logger(__name__)
Observe = Callable[[str, bytes], list[Alert]]


def faust_credentials(settings: DetectorSettings) -> Any:
    """SASL/SSL credentials for faust from the shared Kafka settings (None for PLAINTEXT)."""
    kafka = settings.kafka
    if kafka.security_protocol == "PLAINTEXT":
        return None
    ssl_context = None
    if kafka.security_protocol in ("SSL", "SASL_SSL"):
        import ssl

        ssl_context = ssl.create_default_context(cafile=kafka.ssl_cafile)
        if kafka.ssl_certfile:
            ssl_context.load_cert_chain(kafka.ssl_certfile, kafka.ssl_keyfile)
    if kafka.security_protocol == "SSL":
        return faust.SSLCredentials(ssl_context)
    password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else ""
    return faust.SASLCredentials(
        username=kafka.sasl_username,
        password=password,
        ssl_context=ssl_context,
        mechanism=kafka.sasl_mechanism,
    )


def create_app(
    settings: DetectorSettings,
    engine: DetectorEngine,
    metrics: DetectorMetrics,
    ready_checks: Callable[[], dict[str, bool]],
) -> faust.App:
    """Build the faust app with its agents, tables and ops pages."""
    topics = Topics(settings.topic_namespace)
    app = faust.App(
        settings.group_id,
        broker=settings.kafka.faust_broker_url(),
        broker_credentials=faust_credentials(settings),
        store=settings.store,
        datadir=str(settings.data_dir),
        processing_guarantee="at_least_once",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication_factor,
        broker_session_timeout=settings.session_timeout_seconds,
        broker_heartbeat_interval=settings.heartbeat_interval_seconds,
        producer_acks=-1,
        producer_max_batch_size=settings.producer_max_batch_size,
        producer_linger=settings.producer_linger_seconds,
        broker_commit_interval=settings.commit_interval_seconds,
        web_enabled=True,
        # Only our /metrics, /healthz and /readyz: faust's own views would hand table contents
        # (pattern and link state) and the cluster layout to anyone who can reach the port.
        web_router_enabled=False,
        web_tables_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
        web_metrics_enabled=False,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
    )
    raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    records_topic = app.topic(topics.shipments, topics.news, **raw)
    alerts_topic = app.topic(topics.alerts, **raw)
    legs_topic = app.topic(topics.detector_legs, partitions=settings.topic_partitions, **raw)
    sightings_topic = app.topic(
        topics.detector_sightings, partitions=settings.topic_partitions, **raw
    )
    dlq_topics = {
        "shipment": app.topic(topics.shipments_dlq, **raw),
        "news": app.topic(topics.news_dlq, **raw),
    }
    kinds: dict[str, RecordType] = {topics.shipments: "shipment", topics.news: "news"}
    # Table values are PartyLegs / EntityLinks as model JSON (raw bytes, read back through the
    # models, which also read the unversioned format); keys are party keys / entity ids.
    pattern_table = app.Table("patterns", partitions=settings.topic_partitions, value_type=bytes)
    link_table = app.Table("links", partitions=settings.topic_partitions, value_type=bytes)
    pattern_store = ModelStore(pattern_table, PartyLegs)
    link_store = ModelStore(link_table, EntityLinks)

    # at_least_once: sends are buffered and faust flushes the producer before it commits offsets,
    # so a crash re-scores and re-sends. Alert ids are deterministic and the notifier drops
    # repeats; the pattern tracker re-emits a repeated leg's alerts (docs: delivery guarantees).
    def publish_alerts(alerts: list[Alert]) -> None:
        for alert in alerts:
            alerts_topic.send_soon(
                key=alert.alert_id.encode(), value=alert.model_dump_json().encode()
            )
            metrics.alerts_emitted.labels(alert.severity, alert.kind).inc()
            for reason in alert.reasons:
                metrics.alert_reasons.labels(reason.kind, reason.watchlist or "none").inc()
            log.info(
                "alert.emitted",
                alert_id=alert.alert_id,
                record_id=alert.record.id,
                severity=alert.severity,
            )

    async def dead_letter(event: Any, kind: RecordType, exc: PoisonRecord) -> None:
        message = event.message
        key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else None
        envelope = DeadLetter.wrap(
            message.value or b"",
            reason=exc.reason,
            detail=exc.detail,
            field_path=exc.field_path,
            service="detector",
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=key,
        )
        await dlq_topics[kind].send(key=message.key, value=envelope.model_dump_json().encode())
        metrics.dead_letters.labels(kind, exc.reason).inc()
        metrics.records_failed.labels(kind, exc.reason).inc()
        log.warning(
            "record.dead_lettered",
            key=key,
            topic=message.topic,
            reason=exc.reason,
            detail=exc.detail[:300],
        )

    @app.agent(records_topic, name="score_records")
    async def score_records(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            kind = kinds.get(event.message.topic, "shipment")
            metrics.records_consumed.labels(kind).inc()
            started = time.perf_counter()
            try:
                record = decode_record(event.value, kind)
                outcome = engine.score(record)
            except PoisonRecord as exc:
                await dead_letter(event, kind, exc)
                continue
            except (
                Exception
            ) as exc:  # a scorer bug must not stop the stream; the record is kept in the DLQ
                log.exception(
                    "record.scoring_failed", topic=event.message.topic, offset=event.message.offset
                )
                await dead_letter(
                    event, kind, PoisonRecord("processing_error", f"{type(exc).__name__}: {exc}")
                )
                continue
            metrics.scoring_duration.labels(kind).observe(time.perf_counter() - started)
            publish_alerts(outcome.alerts)
            for party_key, leg in outcome.legs:
                legs_topic.send_soon(key=party_key.encode(), value=leg.model_dump_json().encode())
            for entity_id, sighting in outcome.sightings:
                sightings_topic.send_soon(
                    key=entity_id.encode(), value=sighting.model_dump_json().encode()
                )
            metrics.records_scored.labels(kind).inc()
            if record.ingested_at is not None:
                age = (datetime.now(UTC) - record.ingested_at.astimezone(UTC)).total_seconds()
                metrics.record_age.labels(kind).observe(max(age, 0.0))
            metrics.last_processed.set(time.time())
            yield None

    def stateful_agent(name: str, observe: Observe) -> Callable[..., Any]:
        """An agent over a re-keyed internal topic: each event updates its key's table entry."""

        async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
            async for event in stream.events():
                key = event.key.decode() if isinstance(event.key, bytes) else str(event.key)
                try:
                    alerts = observe(key, event.value)
                except Exception:  # a bad leg/sighting must not stop the agent
                    log.exception("state.observe_failed", agent=name, key=key)
                    continue
                publish_alerts(alerts)
                yield None

        return agent

    app.agent(legs_topic, name="track_patterns")(
        stateful_agent(
            "track_patterns",
            lambda key, raw: engine.observe_leg(key, decode_state(Leg, raw), pattern_store),
        )
    )
    app.agent(sightings_topic, name="track_links")(
        stateful_agent(
            "track_links",
            lambda key, raw: engine.observe_sighting(key, decode_state(Sighting, raw), link_store),
        )
    )

    lag_probe = LagProbe(settings.kafka, settings.group_id)
    input_topics = {topics.shipments: "shipments", topics.news: "news"}

    @app.timer(interval=5.0)
    async def export_lag() -> None:
        """Lag of this worker's input partitions, from the broker (end − committed offset)."""
        assigned = [
            Partition(tp.topic, tp.partition)
            for tp in app.consumer.assignment()
            if tp.topic in input_topics
        ]
        try:
            totals = await asyncio.get_running_loop().run_in_executor(None, lag_probe.lag, assigned)
        except Exception as exc:  # the broker may be away; the next tick tries again
            log.warning("lag.probe_failed", error=str(exc)[:300])
            return
        for topic_name, label in input_topics.items():
            metrics.consumer_lag.labels(label).set(totals.get(topic_name, 0))

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(
            generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0]
        )

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "ok"})

    # faust serves HTTP while the worker still declares changelogs and joins the group (losing the
    # broker then stops it); app tasks start only once it has finished, so readiness waits for one.
    worker_started: list[bool] = []

    @app.task
    async def mark_worker_started() -> None:
        worker_started.append(True)

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        kafka_ok = bool(worker_started) and app.consumer is not None and not app.rebalancing
        checks = {**ready_checks(), "kafka": kafka_ok}
        ready = all(checks.values())
        return web.json(
            {"status": "ready" if ready else "not_ready", "checks": checks},
            status=200 if ready else 503,
        )

    return app
