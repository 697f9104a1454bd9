"""Scoring a batch of records into the messages it produces (alerts, legs, sightings, party
memory, dead letters); record_loop.py fetches the batches, sends their output and commits.

A bad record is dead-lettered on its own and never stops the batch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import faust
import structlog

from services.detector.channels import Channels
from services.detector.decoding import RecordType, decode_record
from services.detector.engine import DetectorEngine, ScoreOutcome
from services.detector.errors import PoisonRecord
from services.detector.metric_children import Children
from services.detector.metrics import DetectorMetrics
from services.detector.publishing import Outgoing, Publisher, SourceRecord
from services.detector.state import (
    PartySighting,
    encode_state,
    encode_states,
    party_sighting_runs,
)

log = structlog.get_logger(__name__)
# A key's values of one batch go as one message up to this size (well under the broker's limit),
# a party's sightings up to this many records (about 120 bytes each).
GROUPED_BYTES = 128 * 1024
RUN_RECORDS = 500


@dataclass
class _KeyGroup:
    topic: faust.TopicT
    key: str
    values: list[bytes] = field(default_factory=list)
    size: int = 0

    def message(self) -> Outgoing:
        return Outgoing(self.topic, self.key.encode(), encode_states(self.values))


class KeyedValues:
    """A batch's messages to the internal topics, grouped: one message per topic and key with the
    key's values in record order (state.encode_states), and a party's sightings as runs of one
    spelling (state.PartySightings), so a party seen in many records of a batch costs one
    message, one read and one table update instead of one each."""

    def __init__(self, parties: faust.TopicT, limit_bytes: int = GROUPED_BYTES) -> None:
        self._limit = limit_bytes
        self._groups: dict[tuple[int, str], _KeyGroup] = {}
        self._full: list[Outgoing] = []  # groups that reached the limit, sent before the rest
        self._parties_topic = parties
        self._parties: dict[str, list[PartySighting]] = {}

    def add(self, topic: faust.TopicT, key: str, value: bytes) -> None:
        group = self._groups.get((id(topic), key))
        if group is not None and group.size + len(value) > self._limit:
            self._full.append(group.message())
            group = None
        if group is None:
            group = self._groups[(id(topic), key)] = _KeyGroup(topic, key)
        group.values.append(value)
        group.size += len(value)

    def add_party(self, key: str, sighting: PartySighting) -> None:
        self._parties.setdefault(key, []).append(sighting)

    def messages(self) -> list[Outgoing]:
        """The grouped messages, each key's in record order."""
        grouped = self._full + [group.message() for group in self._groups.values()]
        for key, sightings in self._parties.items():
            grouped += [
                Outgoing(self._parties_topic, key.encode(), encode_state(run))
                for run in party_sighting_runs(sightings, RUN_RECORDS)
            ]
        return grouped


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

    def add_outcome(
        self, outcome: ScoreOutcome, messages: list[Outgoing], internal: KeyedValues
    ) -> None:
        """A ScoreOutcome's alerts as messages, its legs, sightings and parties to their keys."""
        messages += self._publisher.alert_messages(outcome.alerts)
        encoded: dict[int, bytes] = {}  # one party's legs share one Leg under each of its keys
        for party_key, leg in outcome.legs:
            value = encoded.get(id(leg)) or encoded.setdefault(
                id(leg), leg.model_dump_json().encode()
            )
            internal.add(self._channels.legs, party_key, value)
        for entity_id, sighting in outcome.sightings:
            internal.add(self._channels.sightings, entity_id, sighting.model_dump_json().encode())
        for party_key, party in outcome.parties:  # the party memory (continuous monitoring)
            internal.add_party(party_key, party)

    def score(self, records: Sequence[SourceRecord]) -> list[Outgoing]:
        """The messages a batch of records produces (dead letters for the bad ones)."""
        now = datetime.now(UTC)
        messages: list[Outgoing] = []
        internal = KeyedValues(self._channels.parties)
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
            self.add_outcome(outcome, messages, internal)
            scored[kind] = scored.get(kind, 0) + 1
            if record.ingested_at is not None:
                age = (now - record.ingested_at.astimezone(UTC)).total_seconds()
                self._age(kind).observe(max(age, 0.0))
        for kind, count in _count_kinds(self._channels.kinds, records).items():
            self._consumed(kind).inc(count)
        for kind, count in scored.items():
            self._scored(kind).inc(count)
        return messages + internal.messages()

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
