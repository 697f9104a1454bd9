"""Topic names and versions: the one place they are spelled.

Topics are `chokepoint.<noun>.v<N>`; every input topic has a `.dlq` companion.
A namespace prefix (empty in production) lets tests and parallel demos use their own topics.
"""

from __future__ import annotations

from dataclasses import dataclass

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
DLQ_SUFFIX = ".dlq"


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
        return [
            self.shipments,
            self.news,
            self.alerts,
            self.watchlists,
            self.silences,
            self.feedback,
            self.notifier_state,
            self.detector_legs,
            self.detector_sightings,
            self.shipments_dlq,
            self.news_dlq,
            self.alerts_dlq,
        ]
