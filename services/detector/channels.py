"""The detector's faust topics and tables, declared once and handed to the agents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from schemas import Topics
from services.detector.decoding import RecordType
from services.detector.settings import DetectorSettings
from services.detector.state import EntityLinks, ModelStore, PartyLegs, PartyMemory, RescreenMark

RAW: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}


@dataclass(frozen=True)
class Channels:
    alerts: faust.TopicT
    legs: faust.TopicT
    sightings: faust.TopicT
    dead_letters: dict[RecordType, faust.TopicT]
    kinds: dict[str, RecordType]  # input topic name → record type
    patterns: ModelStore[PartyLegs]
    links: ModelStore[EntityLinks]
    # Continuous monitoring (docs/monitoring.md): sightings keyed by party name key, the party
    # memory table fed by them, and per-partition rescreen requests with their done-marks.
    parties: faust.TopicT
    rescreens: faust.TopicT
    party_table: Any  # the raw faust Table behind party_memory (scanned when a list changes)
    party_memory: ModelStore[PartyMemory]
    rescreen_marks: ModelStore[RescreenMark]


def declare_channels(app: faust.App, settings: DetectorSettings) -> Channels:
    topics = Topics(settings.topic_namespace)
    partitions = settings.topic_partitions
    # Table values are PartyLegs / EntityLinks as model JSON (raw bytes, read back through the
    # models, which also read the unversioned format); keys are party keys / entity ids.
    pattern_table = app.Table("patterns", partitions=partitions, value_type=bytes)
    link_table = app.Table("links", partitions=partitions, value_type=bytes)
    party_table = app.Table("parties", partitions=partitions, value_type=bytes)
    mark_table = app.Table("rescreens", partitions=partitions, value_type=bytes)
    return Channels(
        alerts=app.topic(topics.alerts, **RAW),
        legs=app.topic(topics.detector_legs, partitions=partitions, **RAW),
        sightings=app.topic(topics.detector_sightings, partitions=partitions, **RAW),
        dead_letters={
            "shipment": app.topic(topics.shipments_dlq, **RAW),
            "news": app.topic(topics.news_dlq, **RAW),
        },
        kinds={topics.shipments: "shipment", topics.news: "news"},
        patterns=ModelStore(pattern_table, PartyLegs),
        links=ModelStore(link_table, EntityLinks),
        parties=app.topic(topics.detector_parties, partitions=partitions, **RAW),
        rescreens=app.topic(topics.detector_rescreens, partitions=partitions, **RAW),
        party_table=party_table,
        party_memory=ModelStore(party_table, PartyMemory),
        rescreen_marks=ModelStore(mark_table, RescreenMark),
    )
