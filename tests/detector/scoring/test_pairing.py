"""Re-export pairs: each onward leg pairs with its nearest inbound leg, whatever the arrival order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from schemas import Alert, ShipmentRecord, alert_id_for
from services.detector.scoring import PatternTracker, RiskConfig
from services.detector.state import PartyLegs
from services.lists.products import ProductCatalog
from tests.support.factories import party_dict
from tests.support.scoring import shipment

NOW = datetime(2024, 7, 1, tzinfo=UTC)
TRADER = party_dict(
    "Gulf Bridge General Trading L.L.C.", "ae", identifiers={"lei": "5493001KJTIIGC8Y1R12"}
)


def inbound(record_id: str, when: str) -> ShipmentRecord:
    return shipment(
        record_id=record_id, importer=TRADER, hs_code="8542.31.00", declaration_date=when
    )


def onward(record_id: str, when: str, name: str = TRADER["name"]) -> ShipmentRecord:
    return shipment(
        record_id=record_id,
        exporter={**TRADER, "name": name},
        importer=party_dict("OOO Tekhnosfera Komplekt", "ru"),
        hs_code="854239",
        declaration_date=when,
        origin_country="ae",
        departure_country="ae",
        destination_country="ru",
    )


def pattern_alerts(tracker: PatternTracker, records: list[ShipmentRecord]) -> list[Alert]:
    store: dict[str, PartyLegs] = {}
    alerts: list[Alert] = []
    for record in records:
        for key, leg in tracker.legs(record):
            alerts.extend(tracker.observe(key, leg, store, now=NOW))
    return [a for a in alerts if any(r.kind == "pattern" for r in a.reasons)]


def pair(onward_id: str, inbound_id: str) -> str:
    return alert_id_for("shipment", onward_id, "pattern", inbound_id)


RECORDS = [
    inbound("in-jan", "2024-01-05"),
    inbound("in-feb", "2024-02-01"),
    inbound("in-feb-b", "2024-02-01"),  # same day as in-feb: the smaller record id is nearer
    onward("out-mar", "2024-03-01"),
    inbound("in-apr", "2024-04-01"),
    onward("out-may", "2024-05-01"),
]
NEAREST = {pair("out-mar", "in-feb"), pair("out-may", "in-apr")}
POSSIBLE = {pair(o, i) for o in ("out-mar", "out-may") for i in ("in-jan", "in-feb", "in-feb-b")}
POSSIBLE |= {pair("out-may", "in-apr")}


def test_each_onward_leg_pairs_once_with_its_nearest_inbound_leg(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    # In date order each pair is final when found. The legs sit under the name key and the
    # LEI key, and the pair is reported once.
    alerts = pattern_alerts(PatternTracker(catalog, config), RECORDS)
    assert sorted(a.alert_id for a in alerts) == sorted(NEAREST)


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(RECORDS))))[::41])
def test_any_arrival_order_reports_the_nearest_pairs(
    catalog: ProductCatalog, config: RiskConfig, order: tuple[int, ...]
) -> None:
    alerts = pattern_alerts(PatternTracker(catalog, config), [RECORDS[i] for i in order])
    found = {a.alert_id for a in alerts}
    assert NEAREST <= found <= POSSIBLE


def test_an_identifier_alone_still_links_differently_spelled_names(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    records = [inbound("in-feb", "2024-02-01"), onward("out-mar", "2024-03-01", "Galf Brij FZE")]
    alerts = pattern_alerts(PatternTracker(catalog, config), records)
    assert [a.alert_id for a in alerts] == [pair("out-mar", "in-feb")]


def test_a_party_receiving_the_same_goods_on_the_same_day_keeps_one_inbound_leg(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    records = [
        onward("out-jan", "2024-01-10"),
        inbound("in-b", "2024-02-01"),
        inbound("in-a", "2024-02-01"),
        onward("out-mar", "2024-03-01"),
    ]
    alerts = []
    for record in records:
        for key, leg in tracker.legs(record):
            alerts.extend(tracker.observe(key, leg, store, now=NOW))
    ids = {a.alert_id for a in alerts}
    # Both inbound shipments into the hub still get their hub-history alert; only the nearer
    # twin is kept and paired.
    assert {alert_id_for("shipment", rid, "onward-history") for rid in ("in-a", "in-b")} <= ids
    assert pair("out-mar", "in-a") in ids and pair("out-mar", "in-b") not in ids
    assert {leg.record_id for state in store.values() for leg in state.inbound} == {"in-a"}
