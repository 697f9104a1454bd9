"""The detector's topics (as faust topics: the producer sends through them) and its tables'
changelogs, declared once and handed to the stages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from schemas import Topics
from schemas.topics import CHANGELOG_SUFFIX
from services.detector.decoding import RecordType
from services.detector.settings import DetectorSettings

RAW: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
# The tables the detector holds (agents/state_loop.py), each with a compacted changelog.
TABLES = ("patterns", "links", "parties", "rescreens")


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
    party_changelog: faust.TopicT
    rescreen_changelog: faust.TopicT


def changelog_topic(settings: DetectorSettings, table: str) -> str:
    """A table's changelog, named as faust names them (the pattern and link tables were faust's)."""
    return f"{settings.group_id}-{table}{CHANGELOG_SUFFIX}"


def state_changelogs(settings: DetectorSettings) -> list[str]:
    """The changelogs of the tables the detector holds (created and checked at start)."""
    return [changelog_topic(settings, table) for table in TABLES]


def declare_channels(app: faust.App, settings: DetectorSettings) -> Channels:
    topics = Topics(settings.topic_namespace)
    partitions = settings.topic_partitions
    # Table values are model JSON (raw bytes, read back through the models, which also read the
    # unversioned format); keys are party keys / entity ids / '<list>#<partition>'.

    def changelog(table: str) -> faust.TopicT:
        name = changelog_topic(settings, table)
        return app.topic(name, partitions=partitions, compacting=True, **RAW)

    return Channels(
        alerts=app.topic(topics.alerts, **RAW),
        legs=app.topic(topics.detector_legs, partitions=partitions, **RAW),
        sightings=app.topic(topics.detector_sightings, partitions=partitions, **RAW),
        dead_letters={
            "shipment": app.topic(topics.shipments_dlq, **RAW),
            "news": app.topic(topics.news_dlq, **RAW),
        },
        kinds={topics.shipments: "shipment", topics.news: "news"},
        pattern_changelog=changelog("patterns"),
        link_changelog=changelog("links"),
        parties=app.topic(topics.detector_parties, partitions=partitions, **RAW),
        rescreens=app.topic(topics.detector_rescreens, partitions=partitions, **RAW),
        party_changelog=changelog("parties"),
        rescreen_changelog=changelog("rescreens"),
    )
