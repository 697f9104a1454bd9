"""Topic names and versions: the one place they are spelled.

Topics are `chokepoint.<noun>.v<N>`; every input topic has a `.dlq` companion.
A namespace prefix (empty in production) lets tests and parallel demos use their own topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SHIPMENTS = "chokepoint.shipments.v1"
NEWS = "chokepoint.news.v1"
ALERTS = "chokepoint.alerts.v1"
WATCHLISTS = "chokepoint.watchlists.v1"
SILENCES = "chokepoint.silences.v1"
FEEDBACK = "chokepoint.feedback.v1"
NOTIFIER_STATE = "chokepoint.notifier-state.v1"
# Internal to the detector: records re-keyed by party / listed entity so stateful steps are co-partitioned.
DETECTOR_LEGS = "chokepoint.detector-legs.v1"
DETECTOR_SIGHTINGS = "chokepoint.detector-sightings.v1"
# Continuous monitoring: parties by name key (party memory), and list-change rescreen requests.
DETECTOR_PARTIES = "chokepoint.detector-parties.v1"
DETECTOR_RESCREENS = "chokepoint.detector-rescreens.v1"
DLQ_SUFFIX = ".dlq"
# A table's changelog (`<group id>-<table>-changelog`, as faust names them): keyed state.
CHANGELOG_SUFFIX = "-changelog"


DAY_SECONDS = 86_400
TopicRole = Literal["records", "alerts", "state", "internal", "dead_letters"]


@dataclass(frozen=True)
class TopicRetention:
    """How long each role's messages are kept (state topics are compacted: kept per key for good)."""

    records_seconds: int = 30 * DAY_SECONDS
    alerts_seconds: int = 90 * DAY_SECONDS
    dead_letters_seconds: int = 30 * DAY_SECONDS
    internal_seconds: int = 7 * DAY_SECONDS

    def seconds_for(self, role: TopicRole) -> int | None:
        return {
            "records": self.records_seconds,
            "alerts": self.alerts_seconds,
            "dead_letters": self.dead_letters_seconds,
            "internal": self.internal_seconds,
        }.get(role)


@dataclass(frozen=True)
class TopicDeclaration:
    """One topic's layout: its role decides cleanup policy and retention."""

    base: str
    role: TopicRole

    @property
    def compacted(self) -> bool:
        return self.role == "state"

    def config(self, retention: TopicRetention, replication_factor: int) -> dict[str, str]:
        """Kafka topic configs to create it with (string values, as the admin API takes them)."""
        config = {
            "cleanup.policy": "compact" if self.compacted else "delete",
            "min.insync.replicas": str(min_insync_replicas(replication_factor)),
        }
        seconds = retention.seconds_for(self.role)
        if seconds is not None:
            config["retention.ms"] = str(seconds * 1000)
        return config


def min_insync_replicas(replication_factor: int) -> int:
    """2 of 3 (or more) replicas must take a write; a single replica can only ask for itself."""
    return 2 if replication_factor >= 3 else 1


DECLARATIONS: tuple[TopicDeclaration, ...] = (
    TopicDeclaration(SHIPMENTS, "records"),
    TopicDeclaration(NEWS, "records"),
    TopicDeclaration(ALERTS, "alerts"),
    # Keyed state: the newest value per key is what matters, for as long as the key lives.
    TopicDeclaration(WATCHLISTS, "state"),
    TopicDeclaration(SILENCES, "state"),
    TopicDeclaration(FEEDBACK, "state"),
    TopicDeclaration(NOTIFIER_STATE, "state"),
    TopicDeclaration(DETECTOR_LEGS, "internal"),
    TopicDeclaration(DETECTOR_SIGHTINGS, "internal"),
    TopicDeclaration(DETECTOR_PARTIES, "internal"),
    TopicDeclaration(DETECTOR_RESCREENS, "internal"),
    TopicDeclaration(SHIPMENTS + DLQ_SUFFIX, "dead_letters"),
    TopicDeclaration(NEWS + DLQ_SUFFIX, "dead_letters"),
    TopicDeclaration(ALERTS + DLQ_SUFFIX, "dead_letters"),
)


def declaration_of(topic: str) -> TopicDeclaration | None:
    """The declaration of a topic name, with or without a namespace prefix."""
    if topic.endswith(CHANGELOG_SUFFIX):
        return TopicDeclaration(topic, "state")
    for declaration in DECLARATIONS:
        if topic == declaration.base or topic.endswith("." + declaration.base):
            return declaration
    return None


def dlq_of(topic: str) -> str:
    """The dead-letter companion of a topic."""
    return topic + DLQ_SUFFIX


@dataclass(frozen=True)
class Topics:
    """Every topic name, optionally under a namespace (`<ns>.chokepoint.shipments.v1`)."""

    namespace: str = ""

    def _name(self, base: str) -> str:
        return f"{self.namespace}.{base}" if self.namespace else base

    @property
    def shipments(self) -> str:
        return self._name(SHIPMENTS)

    @property
    def news(self) -> str:
        return self._name(NEWS)

    @property
    def alerts(self) -> str:
        return self._name(ALERTS)

    @property
    def watchlists(self) -> str:
        return self._name(WATCHLISTS)

    @property
    def silences(self) -> str:
        return self._name(SILENCES)

    @property
    def feedback(self) -> str:
        return self._name(FEEDBACK)

    @property
    def notifier_state(self) -> str:
        return self._name(NOTIFIER_STATE)

    @property
    def detector_legs(self) -> str:
        return self._name(DETECTOR_LEGS)

    @property
    def detector_sightings(self) -> str:
        return self._name(DETECTOR_SIGHTINGS)

    @property
    def detector_parties(self) -> str:
        return self._name(DETECTOR_PARTIES)

    @property
    def detector_rescreens(self) -> str:
        return self._name(DETECTOR_RESCREENS)

    @property
    def shipments_dlq(self) -> str:
        return dlq_of(self.shipments)

    @property
    def news_dlq(self) -> str:
        return dlq_of(self.news)

    @property
    def alerts_dlq(self) -> str:
        return dlq_of(self.alerts)

    def all(self) -> list[str]:
        """Every topic the system uses, dead-letter companions included."""
        return [self._name(declaration.base) for declaration in DECLARATIONS]
