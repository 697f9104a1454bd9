"""Re-export patterns: a party receives listed goods, then ships the same HS-4 to high risk.

State is a MutableMapping of small JSON dicts keyed by party key (a faust Table in the stream,
a dict offline): `{"in": [leg, ...], "out": [leg, ...]}`. A pair is found when its second leg
arrives, whichever that is, so arrival order does not matter; windows use declaration dates.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date, datetime, timedelta
from typing import Any

from schemas import Alert, AlertFacets, Reason, ShipmentRecord, alert_id_for
from services.detector.scoring.alerts import pattern_alert
from services.detector.scoring.assessment import assess_reasons
from services.detector.scoring.config import RiskConfig
from services.detector.scoring.hs_lists import dotted_code
from services.detector.scoring.onward_history import hub_history_alert
from services.detector.scoring.party_keys import party_keys
from services.detector.scoring.products import ProductCatalog
from services.detector.scoring.signals import destination_of, entry_subscore, list_title

RECEIVING_ROLES = ("importer", "consignee", "notify_party")


class PatternTracker:
    """Turns shipments into legs and finds inbound/onward pairs per party key."""

    def __init__(self, catalog: ProductCatalog, config: RiskConfig) -> None:
        self.catalog = catalog
        self.config = config

    def legs(self, record: ShipmentRecord) -> list[tuple[str, dict[str, Any]]]:
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
        legs: list[tuple[str, dict[str, Any]]] = []
        seen: set[str] = set()
        for role, party in record.parties():
            if role not in roles:
                continue
            for key in party_keys(party):
                if key in seen:
                    continue
                seen.add(key)
                leg = {
                    "id": record.record_id,
                    "dir": "out" if outbound else "in",
                    "date": record.declaration_date.isoformat(),
                    "hs": record.hs_code,
                    "hs4": record.hs_code[:4],
                    "grade": entry.tier or entry.severity or "",
                    "list": entry.list_name,
                    "subscore": subscore,
                    "from": source or "",
                    "to": destination or "",
                    "party": party.name,
                    "role": role,
                }
                legs.append((key, leg))
        return legs

    def observe(
        self, party_key: str, leg: dict[str, Any], store: MutableMapping[str, Any], *, now: datetime
    ) -> list[Alert]:
        """Add a leg to the party's state; return a pattern alert per new pair it completes."""
        state = store.get(party_key) or {"in": [], "out": []}
        inbound, outbound = list(state.get("in", [])), list(state.get("out", []))
        mine, theirs = (outbound, inbound) if leg["dir"] == "out" else (inbound, outbound)
        alerts = self._pairs(party_key, leg, theirs, now)
        seen = next((existing for existing in mine if existing["id"] == leg["id"]), None)
        if seen is not None:
            # A leg delivered again (at-least-once: the state may have been saved before its
            # alerts were sent) sends its alerts again, under the same ids; the notifier drops
            # the ones already posted.
            return alerts + self._hub_history_again(party_key, seen, outbound, now)
        mine.append(leg)
        alerts.extend(self._hub_history(party_key, leg, inbound, outbound, now))
        store[party_key] = self._pruned(inbound, outbound)
        return alerts

    def _pairs(
        self, party_key: str, leg: dict[str, Any], theirs: list[dict[str, Any]], now: datetime
    ) -> list[Alert]:
        """A pattern alert for each leg of the other direction this one closes within the window."""
        window = self.config.pattern.window_days
        alerts = []
        for other in theirs:
            first, onward = (other, leg) if leg["dir"] == "out" else (leg, other)
            if first["hs4"] != onward["hs4"] or first["id"] == onward["id"]:
                continue
            days = (date.fromisoformat(onward["date"]) - date.fromisoformat(first["date"])).days
            if 0 <= days <= window:
                alerts.append(self._alert(party_key, first, onward, days, now))
        return alerts

    def _hub_history_again(
        self, party_key: str, seen: dict[str, Any], outbound: list[dict[str, Any]], now: datetime
    ) -> list[Alert]:
        """The hub-history alert an inbound leg already raised, for a repeated delivery of it."""
        if seen["dir"] != "in" or not seen.get("hub_alerted"):
            return []
        alert = hub_history_alert(
            party_key, seen, outbound, self.config, dict(self.catalog.versions), now
        )
        return [alert] if alert is not None else []

    def _hub_history(
        self,
        party_key: str,
        leg: dict[str, Any],
        inbound: list[dict[str, Any]],
        outbound: list[dict[str, Any]],
        now: datetime,
    ) -> list[Alert]:
        """Hub-with-onward-history alerts, once per inbound leg, whichever leg arrives first."""
        alerts = []
        for index, candidate in enumerate(inbound):
            if candidate.get("hub_alerted") or (leg["dir"] == "in" and candidate is not leg):
                continue
            alert = hub_history_alert(
                party_key, candidate, outbound, self.config, dict(self.catalog.versions), now
            )
            if alert is not None:
                inbound[index] = {**candidate, "hub_alerted": True}
                alerts.append(alert)
        return alerts

    def _pruned(
        self, inbound: list[dict[str, Any]], outbound: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Drop legs older than the window before the newest date seen; cap the count per side."""
        newest = max(date.fromisoformat(leg["date"]) for leg in (*inbound, *outbound))
        cutoff = (newest - timedelta(days=self.config.pattern.window_days)).isoformat()
        cap = self.config.pattern.max_legs_per_party

        def keep(legs: list[dict[str, Any]]) -> list[dict[str, Any]]:
            recent = sorted(
                (leg for leg in legs if leg["date"] >= cutoff), key=lambda leg: leg["date"]
            )
            return recent[-cap:]

        return {"in": keep(inbound), "out": keep(outbound)}

    def _alert(
        self,
        party_key: str,
        first: dict[str, Any],
        onward: dict[str, Any],
        days: int,
        now: datetime,
    ) -> Alert:
        weights = self.config.weights
        party = onward["party"]
        subscore = max(first["subscore"], onward["subscore"])
        hub = (first["to"] or "?").upper()
        destination = onward["to"].upper()
        grade = f"{list_title(first['list'])} {first['grade']}"
        summary = (
            f"{party!r} received HS {dotted_code(first['hs'])} ({grade}) "
            f"from {(first['from'] or '?').upper()} into {hub} on {first['date']} ({first['id']}) "
            f"and shipped HS-4 {onward['hs4']} onwards to "
            f"{destination} on {onward['date']} ({onward['id']}), {days} days later"
        )
        related = [first["id"], onward["id"]]
        reasons = [
            Reason(
                kind="pattern",
                summary=summary,
                matched=party_key,
                target=f"re-export within {self.config.pattern.window_days} days",
                watchlist=first["list"],
                tier=first["grade"] or None,
                subscore=subscore,
                weight=weights.pattern,
                related_record_ids=related,
                evidence={
                    "short": f"re-export of {onward['hs4']} via {hub} to {destination} by {party}",
                    "inbound_record_id": first["id"],
                    "onward_record_id": onward["id"],
                    "days_between": str(days),
                    "inbound_party": first["party"],
                },
            ),
            Reason(
                kind="route",
                summary=(
                    f"onward leg {onward['id']} ships {grade} goods "
                    f"into high-risk destination {destination}"
                ),
                matched=destination,
                target="high_risk_destinations",
                subscore=round(
                    onward["subscore"] * self.config.routes.listed_goods_to_high_risk, 4
                ),
                weight=weights.route,
                related_record_ids=[onward["id"]],
                evidence={"short": f"onward to {destination}", "via_hub": hub},
            ),
        ]
        countries = [c for c in (first["from"], first["to"], onward["to"]) if c]
        facets = AlertFacets(
            parties=sorted({first["party"], party}),
            countries=list(dict.fromkeys(countries)),
            hs_code=dotted_code(onward["hs"]),
            hs_tier=onward["grade"] or None,
        )
        assessment = assess_reasons(
            reasons, self.config, facets=facets, subject="Re-export pattern"
        )
        return pattern_alert(
            alert_id_for("shipment", onward["id"], "pattern", first["id"]),
            onward["id"],
            f"{party} re-exported HS-4 {onward['hs4']}: {first['id']} → {onward['id']}",
            assessment,
            occurred_on=onward["date"],
            watchlist_versions=dict(self.catalog.versions),
            now=now,
        )
