from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import Alert, ShipmentRecord, alert_id_for
from services.detector.scoring import PatternTracker, RiskConfig
from services.detector.state import PartyLegs, decode_state, encode_state
from services.lists.products import ProductCatalog
from tests.support.factories import party_dict
from tests.support.scoring import shipment

NOW = datetime(2024, 7, 1, tzinfo=UTC)
TRADER = party_dict(
    "Gulf Bridge General Trading L.L.C.", "ae", identifiers={"registration_number": "DMCC-187734"}
)


def inbound(
    record_id: str = "in-1", when: str = "2024-01-10", hs_code: str = "8542.31.00"
) -> ShipmentRecord:
    return shipment(record_id=record_id, importer=TRADER, hs_code=hs_code, declaration_date=when)


def onward(
    record_id: str = "out-1",
    when: str = "2024-02-20",
    hs_code: str = "854239",
    name: str = "GULF BRIDGE GENERAL TRADING LLC",
) -> ShipmentRecord:
    return shipment(
        record_id=record_id,
        exporter={**TRADER, "name": name},
        importer=party_dict("OOO Tekhnosfera Komplekt", "ru"),
        hs_code=hs_code,
        declaration_date=when,
        origin_country="ae",
        departure_country="ae",
        destination_country="ru",
    )


def feed(
    tracker: PatternTracker, store: dict[str, PartyLegs], *records: ShipmentRecord
) -> list[Alert]:
    alerts: list[Alert] = []
    for record in records:
        for key, leg in tracker.legs(record):
            alerts.extend(tracker.observe(key, leg, store, now=NOW))
    return list({alert.alert_id: alert for alert in alerts}.values())


def test_legs_are_keyed_by_name_and_identifier(catalog: ProductCatalog, config: RiskConfig) -> None:
    tracker = PatternTracker(catalog, config)
    keys = [key for key, _ in tracker.legs(inbound())]
    assert keys == ["name:bridge general gulf llc trading", "registration_number:DMCC187734"]
    assert [leg.direction for _, leg in tracker.legs(onward())] == ["out", "out"]
    assert tracker.legs(shipment(hs_code="9403.60")) == []  # unlisted goods form no legs


def test_either_arrival_order_gives_the_same_pattern_alert(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker = PatternTracker(catalog, config)
    forward = feed(tracker, {}, inbound(), onward())
    backward = feed(tracker, {}, onward(), inbound())
    assert len(forward) == len(backward) == 1
    assert forward[0].model_dump() == backward[0].model_dump()
    alert = forward[0]
    assert alert.kind == "pattern" and alert.alert_id == alert_id_for(
        "shipment", "out-1", "pattern", "in-1"
    )
    assert alert.severity == "critical" and alert.record.id == "out-1"
    pattern = next(r for r in alert.reasons if r.kind == "pattern")
    assert pattern.related_record_ids == ["in-1", "out-1"]
    assert (
        "41 days later" in pattern.summary
        and "into AE" in pattern.summary
        and "to RU" in pattern.summary
    )


def test_identifier_alone_links_differently_spelled_names(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker = PatternTracker(catalog, config)
    assert len(feed(tracker, {}, inbound(), onward(name="ООО Галф Бридж"))) == 1


def test_outside_the_window_other_hs4_or_wrong_order_is_no_pattern(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker = PatternTracker(catalog, config)
    assert feed(tracker, {}, inbound(when="2024-01-10"), onward(when="2024-04-10")) == []  # 91 days
    assert (
        len(feed(tracker, {}, inbound(when="2024-01-10"), onward(when="2024-04-09"))) == 1
    )  # 90 days
    assert feed(tracker, {}, inbound(), onward(hs_code="8517.62")) == []
    shipped_before = feed(tracker, {}, inbound(when="2024-03-01"), onward(when="2024-02-01"))
    assert not [a for a in shipped_before if any(r.kind == "pattern" for r in a.reasons)]


@pytest.mark.parametrize("order", ["inbound_first", "onward_first"])
def test_listed_goods_into_a_hub_for_a_party_that_shipped_onwards_before_alert_once(
    catalog: ProductCatalog, config: RiskConfig, order: str
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    earlier_onward, later_inbound = onward("out-1", "2024-02-01"), inbound("in-1", "2024-03-01")
    records = (
        [later_inbound, earlier_onward]
        if order == "inbound_first"
        else [earlier_onward, later_inbound]
    )
    alerts = feed(tracker, store, *records)
    history = {a.alert_id: a for a in alerts}
    assert len(history) == 1
    [alert] = history.values()
    assert alert.record.id == "in-1"
    route = next(r for r in alert.reasons if r.kind == "route")
    assert route.target == "transshipment_hubs" and "out-1" in route.related_record_ids
    # Replays (at-least-once redelivery) send the same alert again, never a new one.
    replayed = feed(tracker, store, earlier_onward, later_inbound)
    assert [a.alert_id for a in replayed] == list(history)


def test_old_legs_are_pruned_by_declaration_date(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    feed(tracker, store, inbound("in-old", "2024-01-01"), inbound("in-new", "2024-05-01"))
    assert store and all(
        [leg.record_id for leg in state.inbound] == ["in-new"] for state in store.values()
    )


def test_store_values_round_trip_through_their_json_and_stay_small(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    feed(tracker, store, inbound(), onward())
    assert store
    for value in store.values():
        assert decode_state(PartyLegs, encode_state(value)) == value
        assert len(encode_state(value)) < 1_500


@pytest.mark.parametrize("repeated", ["onward", "inbound"])
def test_a_leg_delivered_again_sends_its_pattern_alert_again_under_the_same_id(
    catalog: ProductCatalog, config: RiskConfig, repeated: str
) -> None:
    """At least once: the state may have been saved before the alert went out; a redelivered
    leg must not be taken as 'already handled' and swallow the alert."""
    tracker = PatternTracker(catalog, config)
    store: dict[str, PartyLegs] = {}
    first = feed(tracker, store, inbound(), onward())
    again = feed(tracker, store, onward() if repeated == "onward" else inbound())
    assert [a.alert_id for a in again] == [a.alert_id for a in first]
    legs_kept = {
        key: [leg.record_id for leg in state.inbound + state.outbound]
        for key, state in store.items()
    }
    assert all(ids.count("in-1") == 1 and ids.count("out-1") == 1 for ids in legs_kept.values())
