"""score_records: decode, score, publish alerts and the re-keyed legs and sightings."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import faust
import structlog

from services.detector.channels import Channels
from services.detector.decoding import decode_record
from services.detector.engine import DetectorEngine
from services.detector.errors import PoisonRecord
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Publisher

log = structlog.get_logger(__name__)


def add_scoring_agent(
    app: faust.App,
    channels: Channels,
    engine: DetectorEngine,
    publisher: Publisher,
    metrics: DetectorMetrics,
) -> None:
    @app.agent(channels.records, name="score_records")
    async def score_records(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            kind = channels.kinds.get(event.message.topic, "shipment")
            metrics.records_consumed.labels(kind).inc()
            started = time.perf_counter()
            try:
                record = decode_record(event.value, kind)
                outcome = engine.score(record)
            except PoisonRecord as exc:
                await publisher.dead_letter(event, kind, exc)
                continue
            except Exception as exc:  # a scorer bug must not stop the stream; the DLQ keeps it
                log.exception(
                    "record.scoring_failed", topic=event.message.topic, offset=event.message.offset
                )
                await publisher.dead_letter(
                    event, kind, PoisonRecord("processing_error", f"{type(exc).__name__}: {exc}")
                )
                continue
            metrics.scoring_duration.labels(kind).observe(time.perf_counter() - started)
            publisher.publish_alerts(outcome.alerts)
            for party_key, leg in outcome.legs:
                channels.legs.send_soon(
                    key=party_key.encode(), value=leg.model_dump_json().encode()
                )
            for entity_id, sighting in outcome.sightings:
                channels.sightings.send_soon(
                    key=entity_id.encode(), value=sighting.model_dump_json().encode()
                )
            for party_key, party in outcome.parties:  # the party memory (continuous monitoring)
                channels.parties.send_soon(
                    key=party_key.encode(), value=party.model_dump_json().encode()
                )
            metrics.records_scored.labels(kind).inc()
            if record.ingested_at is not None:
                age = (datetime.now(UTC) - record.ingested_at.astimezone(UTC)).total_seconds()
                metrics.record_age.labels(kind).observe(max(age, 0.0))
            metrics.last_processed.set(time.time())
            yield None
