"""The detector's faust topics and tables, declared once and handed to the agents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from schemas import Topics
from schemas.topics import CHANGELOG_SUFFIX
from services.detector.decoding import RecordType
from services.detector.settings import DetectorSettings
from services.detector.state import ModelStore, PartyMemory, RescreenMark

RAW: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}


@dataclass(frozen=True)
class Channels:
    alerts: faust.TopicT
    legs: faust.TopicT
    sightings: faust.TopicT
    dead_letters: dict[RecordType, faust.TopicT]
    kinds: dict[str, RecordType]  # input topic name → record type
    # Compacted changelogs of the pattern and link tables (held by agents/state_loop.py).
    pattern_changelog: faust.TopicT
    link_changelog: faust.TopicT
    # Continuous monitoring (docs/monitoring.md): sightings keyed by party name key, the party
    # memory table fed by them, and per-partition rescreen requests with their done-marks.
    parties: faust.TopicT
    rescreens: faust.TopicT
    party_table: Any  # the raw faust Table behind party_memory (scanned when a list changes)
    party_memory: ModelStore[PartyMemory]
    rescreen_marks: ModelStore[RescreenMark]


def changelog_topic(settings: DetectorSettings, table: str) -> str:
    """A table's changelog, named as faust names them (the pattern and link tables were faust's)."""
    return f"{settings.group_id}-{table}{CHANGELOG_SUFFIX}"


def state_changelogs(settings: DetectorSettings) -> list[str]:
    """The changelogs of the tables the detector holds itself (created and checked at start)."""
    return [changelog_topic(settings, "patterns"), changelog_topic(settings, "links")]


def declare_channels(app: faust.App, settings: DetectorSettings) -> Channels:
    topics = Topics(settings.topic_namespace)
    partitions = settings.topic_partitions
    # Table values are model JSON (raw bytes, read back through the models, which also read the
    # unversioned format); keys are party keys / entity ids.
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
        pattern_changelog=app.topic(
            changelog_topic(settings, "patterns"), partitions=partitions, compacting=True, **RAW
        ),
        link_changelog=app.topic(
            changelog_topic(settings, "links"), partitions=partitions, compacting=True, **RAW
        ),
        parties=app.topic(topics.detector_parties, partitions=partitions, **RAW),
        rescreens=app.topic(topics.detector_rescreens, partitions=partitions, **RAW),
        party_table=party_table,
        party_memory=ModelStore(party_table, PartyMemory),
        rescreen_marks=ModelStore(mark_table, RescreenMark),
    )
