"""The detector's scoring, apart from Kafka: one record in → alerts, pattern legs and entity sightings out.

The faust app and `chokepoint score` both drive this, so the stream and offline backtests agree.
Stateful steps (re-export patterns, news ↔ shipment links) take a MutableMapping store: a faust
Table in the stream (co-partitioned by key), a dict offline.
"""

from __future__ import annotations

import threading
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas import Alert, NewsRecord, ShipmentRecord
from services.detector.monitoring.memory import KeyedPartySighting, party_sightings
from services.detector.news import LinkTracker, NewsScorer
from services.detector.scoring import (
    Assessment,
    PatternTracker,
    RiskConfig,
    ShipmentScorer,
    build_alert,
)
from services.detector.state import EntityLinks, Leg, PartyLegs, Sighting
from services.lists.matching import MatchIndex
from services.lists.products import ProductCatalog

KeyedLeg = tuple[str, Leg]
KeyedSighting = tuple[str, Sighting]


@dataclass(frozen=True)
class ScoreOutcome:
    """What scoring one record produced."""

    alerts: list[Alert] = field(default_factory=list)
    legs: list[KeyedLeg] = field(default_factory=list)
    sightings: list[KeyedSighting] = field(default_factory=list)
    parties: list[KeyedPartySighting] = field(default_factory=list)  # for the party memory


@dataclass(frozen=True)
class _Scorers:
    index: MatchIndex
    shipments: ShipmentScorer
    news: NewsScorer


class DetectorEngine:
    """Scores records with the current watchlist index; `use_index` swaps the index atomically."""

    def __init__(self, index: MatchIndex, catalog: ProductCatalog, config: RiskConfig) -> None:
        self.catalog = catalog
        self.config = config
        self.patterns = PatternTracker(catalog, config)
        self.links = LinkTracker(window_days=config.link_window_days)
        self._lock = threading.Lock()
        self._scorers = self._build(index)

    def _build(self, index: MatchIndex) -> _Scorers:
        return _Scorers(
            index=index,
            shipments=ShipmentScorer(index, self.catalog, self.config),
            news=NewsScorer(index, self.catalog, self.config),
        )

    def use_index(self, index: MatchIndex) -> None:
        """Build scorers for a new index, then swap them in one assignment."""
        scorers = self._build(index)
        with self._lock:
            self._scorers = scorers

    @property
    def index(self) -> MatchIndex:
        return self._scorers.index

    def score(
        self, record: ShipmentRecord | NewsRecord, now: datetime | None = None
    ) -> ScoreOutcome:
        """Score one record: its alert (if any), its pattern legs and its entity sightings."""
        now = now or datetime.now(UTC)
        scorers = self._scorers  # one consistent index for the whole record
        if isinstance(record, ShipmentRecord):
            assessment = scorers.shipments.assess(record)
            legs = self.patterns.legs(record)
        else:
            assessment = scorers.news.assess(record)
            legs = []
        alert = build_alert(record, assessment, watchlist_versions=scorers.index.versions, now=now)
        sightings = _sightings(record, assessment)
        return ScoreOutcome(
            alerts=[alert] if alert else [],
            legs=legs,
            sightings=sightings,
            parties=party_sightings(record),
        )

    def observe_leg(
        self,
        party_key: str,
        leg: Leg,
        store: MutableMapping[str, PartyLegs],
        now: datetime | None = None,
    ) -> list[Alert]:
        return self.patterns.observe(party_key, leg, store, now=now or datetime.now(UTC))

    def observe_legs(
        self,
        party_key: str,
        legs: list[Leg],
        store: MutableMapping[str, PartyLegs],
        now: datetime | None = None,
    ) -> list[Alert]:
        """observe_leg for several legs of one party, in arrival order: one read, one write."""
        return self.patterns.observe_all(party_key, legs, store, now=now or datetime.now(UTC))

    def observe_sighting(
        self,
        entity_id: str,
        sighting: Sighting,
        store: MutableMapping[str, EntityLinks],
        now: datetime | None = None,
    ) -> list[Alert]:
        return self.links.observe(entity_id, sighting, store, now=now or datetime.now(UTC))


def _sightings(record: ShipmentRecord | NewsRecord, assessment: Assessment) -> list[KeyedSighting]:
    """Listed entities this record involves, for news ↔ shipment links."""
    entity_ids = sorted(
        {r.entry_id for r in assessment.reasons if r.kind in ("entity", "mention") and r.entry_id}
    )
    if not entity_ids:
        return []
    if isinstance(record, ShipmentRecord):
        when = record.declaration_date
        summary = f"shipment {record.record_id} HS {record.hs_code}"
    else:
        when = record.published_at.date()
        summary = record.title[:200]
    sighting = Sighting(
        record_id=record.record_id, record_type=record.record_type, seen_on=when, summary=summary
    )
    return [(entity_id, sighting) for entity_id in entity_ids]


class ScoringSession:
    """Offline scoring with in-memory state: the same steps the stream runs, in one process."""

    def __init__(self, engine: DetectorEngine) -> None:
        self.engine = engine
        self.pattern_store: dict[str, PartyLegs] = {}
        self.link_store: dict[str, EntityLinks] = {}

    def process(
        self, record: ShipmentRecord | NewsRecord, now: datetime | None = None
    ) -> list[Alert]:
        outcome = self.engine.score(record, now)
        alerts = list(outcome.alerts)
        for key, leg in outcome.legs:
            alerts.extend(self.engine.observe_leg(key, leg, self.pattern_store, now))
        for entity_id, sighting in outcome.sightings:
            alerts.extend(self.engine.observe_sighting(entity_id, sighting, self.link_store, now))
        return alerts
