"""Scoring a batch of records into the messages it produces (alerts, legs, sightings, party
memory, dead letters); record_loop.py fetches the batches, sends their output and commits.

A bad record is dead-lettered on its own and never stops the batch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime

import structlog

from services.detector.channels import Channels
from services.detector.decoding import RecordType, decode_record
from services.detector.engine import DetectorEngine, ScoreOutcome
from services.detector.errors import PoisonRecord
from services.detector.metric_children import Children
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Outgoing, Publisher, SourceRecord

log = structlog.get_logger(__name__)


class BatchScorer:
    """Scores one batch of records into the messages it produces, counting as it goes."""

    def __init__(
        self,
        channels: Channels,
        engine: DetectorEngine,
        publisher: Publisher,
        metrics: DetectorMetrics,
    ) -> None:
        self._channels = channels
        self._engine = engine
        self._publisher = publisher
        self._consumed = Children(metrics.records_consumed)
        self._scored = Children(metrics.records_scored)
        self._duration = Children(metrics.scoring_duration)
        self._age = Children(metrics.record_age)
        self._last_processed = metrics.last_processed

    def outcome_messages(self, outcome: ScoreOutcome) -> list[Outgoing]:
        """Every field of a ScoreOutcome as messages: alerts, legs, sightings, parties."""
        messages = self._publisher.alert_messages(outcome.alerts)
        encoded: dict[int, bytes] = {}  # one party's legs share one Leg under each of its keys
        for party_key, leg in outcome.legs:
            value = encoded.get(id(leg)) or encoded.setdefault(
                id(leg), leg.model_dump_json().encode()
            )
            messages.append(Outgoing(self._channels.legs, party_key.encode(), value))
        for entity_id, sighting in outcome.sightings:
            messages.append(
                Outgoing(
                    self._channels.sightings,
                    entity_id.encode(),
                    sighting.model_dump_json().encode(),
                )
            )
        for party_key, party in outcome.parties:  # the party memory (continuous monitoring)
            messages.append(
                Outgoing(
                    self._channels.parties, party_key.encode(), party.model_dump_json().encode()
                )
            )
        return messages

    def score(self, records: Sequence[SourceRecord]) -> list[Outgoing]:
        """The messages a batch of records produces (dead letters for the bad ones)."""
        now = datetime.now(UTC)
        messages: list[Outgoing] = []
        scored: dict[RecordType, int] = {}
        for message in records:
            kind = self._channels.kinds.get(message.topic, "shipment")
            started = time.perf_counter()
            try:
                record = decode_record(message.value, kind)
                outcome = self._engine.score(record, now)
            except PoisonRecord as exc:
                messages.append(self._publisher.dead_letter_message(message, kind, exc))
                continue
            except Exception as exc:  # a scorer bug must not stop the stream; the DLQ keeps it
                log.exception("record.scoring_failed", topic=message.topic, offset=message.offset)
                failure = PoisonRecord("processing_error", f"{type(exc).__name__}: {exc}")
                messages.append(self._publisher.dead_letter_message(message, kind, failure))
                continue
            self._duration(kind).observe(time.perf_counter() - started)
            messages += self.outcome_messages(outcome)
            scored[kind] = scored.get(kind, 0) + 1
            if record.ingested_at is not None:
                age = (now - record.ingested_at.astimezone(UTC)).total_seconds()
                self._age(kind).observe(max(age, 0.0))
        for kind, count in _count_kinds(self._channels.kinds, records).items():
            self._consumed(kind).inc(count)
        for kind, count in scored.items():
            self._scored(kind).inc(count)
        return messages

    def processed(self) -> None:
        """Mark the batch's records processed once its output is on the broker."""
        self._last_processed.set(time.time())


def _count_kinds(
    kinds: dict[str, RecordType], records: Sequence[SourceRecord]
) -> dict[RecordType, int]:
    counts: dict[RecordType, int] = {}
    for record in records:
        kind = kinds.get(record.topic, "shipment")
        counts[kind] = counts.get(kind, 0) + 1
    return counts
