"""Re-export patterns: a party receives listed goods, then ships the same HS-4 to high risk.

State is a MutableMapping of PartyLegs keyed by party key (a faust Table in the stream, a dict
offline): the party's recent inbound and outbound Legs (services/detector/state.py). A pair is
found when its second leg arrives, whichever that is, so arrival order does not matter; windows
use declaration dates.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import MutableMapping, Sequence
from datetime import datetime, timedelta
from operator import attrgetter

from schemas import Alert, AlertFacets, Reason, ShipmentRecord, alert_id_for
from services.detector.scoring.alerts import pattern_alert
from services.detector.scoring.assessment import assess_reasons
from services.detector.scoring.config import RiskConfig
from services.detector.scoring.onward_history import hub_history_alert
from services.detector.scoring.pairing import (
    nearest_inbound,
    onward_paired_with,
    reported_under_name_key,
    without_outranked_twins,
)
from services.detector.scoring.party_keys import party_keys
from services.detector.scoring.signals import destination_of, entry_subscore, list_title
from services.detector.state import Leg, PartyLegs
from services.lists.products.catalog import ProductCatalog
from services.lists.products.hs_lists import dotted_code

RECEIVING_ROLES = ("importer", "consignee", "notify_party")
_declared = attrgetter("declared_on")


class PatternTracker:
    """Turns shipments into legs and finds inbound/onward pairs per party key."""

    def __init__(self, catalog: ProductCatalog, config: RiskConfig) -> None:
        self.catalog = catalog
        self.config = config

    def legs(self, record: ShipmentRecord) -> list[tuple[str, Leg]]:
        """(party_key, leg) for every party of a record that could form a re-export pattern."""
        listed = self.catalog.listed(record.hs_code)
        if not listed:
            return []
        scored = max(
            ((entry_subscore(e, self.config), e) for e in listed), key=lambda pair: pair[0]
        )
        subscore, entry = scored
        if subscore < self.config.pattern.min_subscore:
            return []
        destination = destination_of(record)
        outbound = destination in self.config.routes.high_risk_destinations
        roles = ("exporter",) if outbound else RECEIVING_ROLES
        source = record.departure_country or record.origin_country
        if source is None and record.exporter is not None:
            source = record.exporter.country
        legs: list[tuple[str, Leg]] = []
        seen: set[str] = set()
        for role, party in record.parties():
            if role not in roles:
                continue
            for key in party_keys(party):
                if key in seen:
                    continue
                seen.add(key)
                leg = Leg(
                    record_id=record.record_id,
                    direction="out" if outbound else "in",
                    declared_on=record.declaration_date,
                    hs_code=record.hs_code,
                    hs4=record.hs_code[:4],
                    grade=entry.tier or entry.severity or "",
                    list_name=entry.list_name,
                    subscore=subscore,
                    origin=source or "",
                    destination=destination or "",
                    party=party.name,
                    role=role,
                )
                legs.append((key, leg))
        return legs

    def observe(
        self, party_key: str, leg: Leg, store: MutableMapping[str, PartyLegs], *, now: datetime
    ) -> list[Alert]:
        """Add a leg to the party's state; return a pattern alert per new pair it completes."""
        return self.observe_all(party_key, [leg], store, now=now)

    def observe_all(
        self,
        party_key: str,
        legs: Sequence[Leg],
        store: MutableMapping[str, PartyLegs],
        *,
        now: datetime,
    ) -> list[Alert]:
        """`observe` for several legs of one party in arrival order: one read and one write.

        Each side is kept in declaration-date order (ties in arrival order), so pruning cuts
        from the front instead of sorting again for every leg."""
        state = store.get(party_key, PartyLegs())
        inbound, outbound = (
            sorted(state.inbound, key=_declared),
            sorted(state.outbound, key=_declared),
        )
        known = {leg.record_id for leg in (*inbound, *outbound)}  # may keep pruned ids: a hint
        alerts: list[Alert] = []
        changed = False
        for leg in legs:
            alerts += self._pairs(party_key, leg, inbound, outbound, now)
            mine = outbound if leg.direction == "out" else inbound
            seen = None
            if leg.record_id in known:
                seen = next((kept for kept in mine if kept.record_id == leg.record_id), None)
            if seen is not None:
                # A leg delivered again (at-least-once: the state may have been saved before its
                # alerts were sent) sends its alerts again, under the same ids; the notifier
                # drops the ones already posted.
                alerts += self._hub_history_again(party_key, seen, outbound, now)
                continue
            insort(mine, leg, key=_declared)
            known.add(leg.record_id)
            hub_alerts = self._hub_history(party_key, leg, inbound, outbound, now)
            alerts += hub_alerts
            inbound_changed = leg.direction == "in" or bool(hub_alerts)
            inbound, outbound = self._pruned(inbound, outbound, inbound_changed)
            changed = True
        if changed:
            store[party_key] = PartyLegs(inbound=tuple(inbound), outbound=tuple(outbound))
        return alerts

    def _pairs(
        self,
        party_key: str,
        leg: Leg,
        inbound: Sequence[Leg],
        outbound: Sequence[Leg],
        now: datetime,
    ) -> list[Alert]:
        """A pattern alert for each pair this leg closes: onward legs pair with their nearest inbound leg."""
        window = self.config.pattern.window_days
        if leg.direction == "out":
            first = nearest_inbound(leg, inbound, window)
            pairs = [(first, leg)] if first is not None else []
        else:
            pairs = [(leg, onward) for onward in onward_paired_with(leg, inbound, outbound, window)]
        return [
            self._alert(
                party_key, first, onward, (onward.declared_on - first.declared_on).days, now
            )
            for first, onward in pairs
            if not reported_under_name_key(party_key, first, onward)
        ]

    def _hub_history_again(
        self, party_key: str, seen: Leg, outbound: Sequence[Leg], now: datetime
    ) -> list[Alert]:
        """The hub-history alert an inbound leg already raised, for a repeated delivery of it."""
        if seen.direction != "in" or not seen.hub_alerted:
            return []
        alert = hub_history_alert(
            party_key, seen, outbound, self.config, dict(self.catalog.versions), now
        )
        return [alert] if alert is not None else []

    def _hub_history(
        self,
        party_key: str,
        leg: Leg,
        inbound: list[Leg],
        outbound: Sequence[Leg],
        now: datetime,
    ) -> list[Alert]:
        """Hub-with-onward-history alerts, once per inbound leg, whichever leg arrives first."""
        if not outbound:
            return []
        hubs = self.config.routes.transshipment_hubs
        # An inbound leg dated before every onward leg has no onward history yet: skipped without
        # the scan hub_history_alert makes (a busy party keeps up to 2 × max_legs_per_party legs).
        earliest_onward = min(onward.declared_on for onward in outbound)
        alerts = []
        for index, candidate in enumerate(inbound):
            if (
                candidate.hub_alerted
                or candidate.destination not in hubs
                or candidate.declared_on < earliest_onward
                or (leg.direction == "in" and candidate.record_id != leg.record_id)
            ):
                continue
            alert = hub_history_alert(
                party_key, candidate, outbound, self.config, dict(self.catalog.versions), now
            )
            if alert is not None:
                inbound[index] = candidate.model_copy(update={"hub_alerted": True})
                alerts.append(alert)
        return alerts

    def _pruned(
        self, inbound: list[Leg], outbound: list[Leg], inbound_changed: bool
    ) -> tuple[list[Leg], list[Leg]]:
        """Drop legs older than the window before the newest date seen; cap the count per side;
        drop inbound legs no onward leg can ever pair with (an outranking twin) once their own
        hub-history alert is settled. Both sides are in date order; the twins are looked for
        only when an inbound leg was added or settled (otherwise none can have appeared)."""
        newest = max(side[-1].declared_on for side in (inbound, outbound) if side)
        cutoff = newest - timedelta(days=self.config.pattern.window_days)
        cap = self.config.pattern.max_legs_per_party

        def keep(legs: list[Leg]) -> list[Leg]:
            start = max(bisect_left(legs, cutoff, key=_declared), len(legs) - cap)
            return legs[start:] if start > 0 else legs

        if not inbound_changed:
            return keep(inbound), keep(outbound)
        hubs = self.config.routes.transshipment_hubs

        def hub_history_settled(leg: Leg) -> bool:
            return leg.hub_alerted or leg.destination not in hubs

        return without_outranked_twins(keep(inbound), hub_history_settled), keep(outbound)

    def _alert(
        self,
        party_key: str,
        first: Leg,
        onward: Leg,
        days: int,
        now: datetime,
    ) -> Alert:
        weights = self.config.weights
        party = onward.party
        subscore = max(first.subscore, onward.subscore)
        hub = (first.destination or "?").upper()
        destination = onward.destination.upper()
        grade = f"{list_title(first.list_name)} {first.grade}"
        summary = (
            f"{party!r} received HS {dotted_code(first.hs_code)} ({grade}) "
            f"from {(first.origin or '?').upper()} into {hub} on {first.declared_on.isoformat()} "
            f"({first.record_id}) and shipped HS-4 {onward.hs4} onwards to "
            f"{destination} on {onward.declared_on.isoformat()} ({onward.record_id}), "
            f"{days} days later"
        )
        related = [first.record_id, onward.record_id]
        reasons = [
            Reason(
                kind="pattern",
                summary=summary,
                matched=party_key,
                target=f"re-export within {self.config.pattern.window_days} days",
                watchlist=first.list_name,
                tier=first.grade or None,
                subscore=subscore,
                weight=weights.pattern,
                related_record_ids=related,
                evidence={
                    "short": f"re-export of {onward.hs4} via {hub} to {destination} by {party}",
                    "inbound_record_id": first.record_id,
                    "onward_record_id": onward.record_id,
                    "days_between": str(days),
                    "inbound_party": first.party,
                },
            ),
            Reason(
                kind="route",
                summary=(
                    f"onward leg {onward.record_id} ships {grade} goods "
                    f"into high-risk destination {destination}"
                ),
                matched=destination,
                target="high_risk_destinations",
                subscore=round(onward.subscore * self.config.routes.listed_goods_to_high_risk, 4),
                weight=weights.route,
                related_record_ids=[onward.record_id],
                evidence={"short": f"onward to {destination}", "via_hub": hub},
            ),
        ]
        countries = [c for c in (first.origin, first.destination, onward.destination) if c]
        facets = AlertFacets(
            parties=sorted({first.party, party}),
            countries=list(dict.fromkeys(countries)),
            hs_code=dotted_code(onward.hs_code),
            hs_tier=onward.grade or None,
        )
        assessment = assess_reasons(
            reasons, self.config, facets=facets, subject="Re-export pattern"
        )
        return pattern_alert(
            alert_id_for("shipment", onward.record_id, "pattern", first.record_id),
            onward.record_id,
            f"{party} re-exported HS-4 {onward.hs4}: {first.record_id} → {onward.record_id}",
            assessment,
            occurred_on=onward.declared_on.isoformat(),
            watchlist_versions=dict(self.catalog.versions),
            now=now,
        )
