"""The re-export pattern alert word for word, what a leg carries (its source country and each
fallback, its roles, its grade and the stronger of two lists), how several legs of one party are
observed together, and the hub-history alerts kept in step with the party's inbound legs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from schemas import Alert, ShipmentRecord, alert_id_for
from services.common.shared_data import packaged_chpl_path, packaged_hs_nomenclature_path
from services.detector.scoring import PatternTracker, RiskConfig
from services.detector.state import Leg, PartyLegs
from services.lists.products import ProductCatalog
from tests.support.factories import party_dict
from tests.support.scoring import shipment

NOW = datetime(2024, 7, 1, tzinfo=UTC)
TRADER = party_dict(
    "Gulf Bridge General Trading L.L.C.", "ae", identifiers={"registration_number": "DMCC-187734"}
)
TRADER_KEY = "name:bridge general gulf llc trading"
KEY = "name:trader"


def _inbound(**overrides: Any) -> ShipmentRecord:
    fields: dict[str, Any] = {
        "record_id": "in-1",
        "importer": TRADER,
        "hs_code": "8542.31.00",
        "declaration_date": "2024-01-10",
    }
    return shipment(**{**fields, **overrides})


def _onward() -> ShipmentRecord:
    return shipment(
        record_id="out-1",
        exporter={**TRADER, "name": "GULF BRIDGE GENERAL TRADING LLC"},
        importer=party_dict("OOO Tekhnosfera Komplekt", "ru"),
        hs_code="854239",
        declaration_date="2024-02-20",
        origin_country="ae",
        departure_country="ae",
        destination_country="ru",
    )


def _leg(record_id: str, direction: str, day: str, **overrides: Any) -> Leg:
    fields: dict[str, Any] = {
        "record_id": record_id,
        "direction": direction,
        "declared_on": date.fromisoformat(day),
        "hs_code": "85423100",
        "hs4": "8542",
        "grade": "1",
        "list_name": "chpl",
        "subscore": 1.0,
        "origin": "cn",
        "destination": "ae" if direction == "in" else "ru",
        "party": "Trader",
        "role": "importer" if direction == "in" else "exporter",
    }
    return Leg.model_validate({**fields, **overrides})


def test_the_re_export_alert_word_for_word(catalog: ProductCatalog, config: RiskConfig) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    for record in (_inbound(), _onward()):
        alerts = [a for key, leg in tracker.legs(record) if key == TRADER_KEY
                  for a in tracker.observe(key, leg, store, now=NOW)]  # fmt: skip
    [alert] = alerts
    assert alert.alert_id == alert_id_for("shipment", "out-1", "pattern", "in-1")
    assert (alert.kind, alert.record.id, alert.record.type) == ("pattern", "out-1", "shipment")
    assert alert.record.summary == (
        "GULF BRIDGE GENERAL TRADING LLC re-exported HS-4 8542: in-1 → out-1"
    )
    assert alert.record.occurred_at == datetime(2024, 2, 20, tzinfo=UTC)
    assert alert.headline == (
        "Re-export pattern: re-export of 8542 via AE to RU by GULF BRIDGE GENERAL TRADING LLC; "
        "onward to RU"
    )
    assert alert.watchlist_versions == dict(catalog.versions)
    assert alert.created_at == NOW
    pattern, route = alert.reasons
    assert pattern.summary == (
        "'GULF BRIDGE GENERAL TRADING LLC' received HS 8542.31.00 (CHPL 1) from CN into AE on "
        "2024-01-10 (in-1) and shipped HS-4 8542 onwards to RU on 2024-02-20 (out-1), "
        "41 days later"
    )
    assert (pattern.kind, pattern.matched, pattern.target) == (
        "pattern",
        TRADER_KEY,
        "re-export within 90 days",
    )
    assert (pattern.watchlist, pattern.tier, pattern.weight) == ("chpl", "1", 0.9)
    assert pattern.related_record_ids == ["in-1", "out-1"]
    assert pattern.evidence == {
        "short": "re-export of 8542 via AE to RU by GULF BRIDGE GENERAL TRADING LLC",
        "inbound_record_id": "in-1",
        "onward_record_id": "out-1",
        "days_between": "41",
        "inbound_party": "Gulf Bridge General Trading L.L.C.",
    }
    assert route.summary == "onward leg out-1 ships CHPL 1 goods into high-risk destination RU"
    assert (route.kind, route.matched, route.target, route.weight) == (
        "route",
        "RU",
        "high_risk_destinations",
        0.5,
    )
    assert route.related_record_ids == ["out-1"]
    assert route.evidence == {"short": "onward to RU", "via_hub": "AE"}
    assert alert.facets.parties == [
        "GULF BRIDGE GENERAL TRADING LLC",
        "Gulf Bridge General Trading L.L.C.",
    ]
    assert alert.facets.countries == ["cn", "ae", "ru"]
    assert (alert.facets.hs_code, alert.facets.hs_tier) == ("8542.39", "1")


def test_the_pattern_scores_the_stronger_leg_and_the_route_the_onward_one(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    legs = [_leg("in-1", "in", "2024-01-10", subscore=0.6), _leg("out-1", "out", "2024-01-20")]
    legs[1] = legs[1].model_copy(update={"subscore": 0.75})
    halved = config.model_copy(
        update={"routes": config.routes.model_copy(update={"listed_goods_to_high_risk": 0.5})}
    )
    [alert] = PatternTracker(catalog, halved).observe_all(KEY, legs, store, now=NOW)
    pattern, route = alert.reasons
    assert (pattern.subscore, route.subscore) == (0.75, 0.375)
    [alert] = tracker.observe_all(KEY, list(reversed(legs)), {}, now=NOW)
    assert alert.reasons[0].subscore == 0.75


def test_a_pattern_without_origin_hub_or_grade_says_so(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    first = _leg("in-1", "in", "2024-01-10", origin="", destination="", grade="")
    onward = _leg("out-1", "out", "2024-01-12", grade="")
    tracker = PatternTracker(catalog, config)
    [alert] = tracker.observe_all(KEY, [first, onward], {}, now=NOW)
    pattern, route = alert.reasons
    assert pattern.summary == (
        "'Trader' received HS 8542.31.00 (CHPL ) from ? into ? on 2024-01-10 (in-1) and shipped "
        "HS-4 8542 onwards to RU on 2024-01-12 (out-1), 2 days later"
    )
    assert pattern.tier is None and alert.facets.hs_tier is None
    assert pattern.evidence["short"] == "re-export of 8542 via ? to RU by Trader"
    assert route.evidence == {"short": "onward to RU", "via_hub": "?"}
    assert alert.facets.countries == ["ru"]
    assert alert.facets.parties == ["Trader"]


def test_countries_of_a_pattern_are_listed_once_in_route_order(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    first = _leg("in-1", "in", "2024-01-10", origin="ru", destination="ae")
    onward = _leg("out-1", "out", "2024-01-12", destination="ru")
    [alert] = PatternTracker(catalog, config).observe_all(KEY, [first, onward], {}, now=NOW)
    assert alert.facets.countries == ["ru", "ae"]


def _sources(catalog: ProductCatalog, config: RiskConfig, record: ShipmentRecord) -> set[str]:
    return {leg.origin for _, leg in PatternTracker(catalog, config).legs(record)}


def test_a_legs_source_is_the_departure_then_origin_then_exporters_country(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    def sources(**overrides: Any) -> set[str]:
        return _sources(catalog, config, _inbound(**overrides))

    assert sources(departure_country="hk", origin_country="cn") == {"hk"}
    assert sources(departure_country=None, origin_country="cn") == {"cn"}
    assert sources(
        departure_country=None, origin_country=None, exporter=party_dict("Seoul Parts", "kr")
    ) == {"kr"}
    assert sources(departure_country=None, origin_country=None, exporter=None) == {""}
    assert sources(
        departure_country=None, origin_country=None, exporter=party_dict("Nowhere", None)
    ) == {""}


def test_a_leg_carries_the_record_its_goods_grade_and_party(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    [(key, leg), _] = PatternTracker(catalog, config).legs(_inbound())
    assert key == TRADER_KEY
    assert (
        leg.model_dump()
        == _leg("in-1", "in", "2024-01-10", party="Gulf Bridge General Trading L.L.C.").model_dump()
    )


def test_inbound_legs_are_for_receivers_and_onward_legs_for_the_exporter(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker = PatternTracker(catalog, config)
    receiver = party_dict("Receiver One FZE", "ae")
    notified = party_dict("Notified Two FZE", "ae")
    record = _inbound(importer=None, consignee=receiver, notify_party=notified)
    roles = {(leg.role, leg.direction) for _, leg in tracker.legs(record)}
    assert roles == {("consignee", "in"), ("notify_party", "in")}
    outbound = {(leg.role, leg.direction) for _, leg in tracker.legs(_onward())}
    assert outbound == {("exporter", "out")}


def test_a_party_named_twice_in_a_record_gives_one_leg_per_key(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _inbound(consignee=TRADER)
    keys = [key for key, _ in PatternTracker(catalog, config).legs(record)]
    assert keys == [TRADER_KEY, "registration_number:DMCC187734"]


def test_goods_at_exactly_the_minimum_subscore_form_legs(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    def with_minimum(minimum: float) -> PatternTracker:
        rules = config.pattern.model_copy(update={"min_subscore": minimum})
        return PatternTracker(catalog, config.model_copy(update={"pattern": rules}))

    [(_, leg), _] = PatternTracker(catalog, config).legs(_inbound())
    assert with_minimum(leg.subscore).legs(_inbound()) != []
    assert with_minimum(leg.subscore + 0.0001).legs(_inbound()) == []


def test_observing_no_legs_leaves_the_state_unwritten(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    store = dict[str, PartyLegs]()
    assert PatternTracker(catalog, config).observe_all(KEY, [], store, now=NOW) == []
    assert store == {}


def test_a_leg_seen_again_is_not_stored_twice_and_the_next_leg_still_is(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    first = _leg("in-1", "in", "2024-01-10")
    tracker.observe_all(KEY, [first], store, now=NOW)
    again = first.model_copy(update={"party": "Renamed"})
    second = _leg("in-2", "in", "2024-01-11")
    tracker.observe_all(KEY, [again, second], store, now=NOW)
    assert [leg.record_id for leg in store[KEY].inbound] == ["in-1", "in-2"]
    assert store[KEY].inbound[0].party == "Trader"


def test_a_repeated_leg_alone_does_not_rewrite_the_state(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    first = _leg("in-1", "in", "2024-01-10")
    tracker.observe_all(KEY, [first], store, now=NOW)
    saved = store[KEY]
    tracker.observe_all(KEY, [first], store, now=NOW)
    assert store[KEY] is saved


def _hub_alert_ids(alerts: list[Alert]) -> list[str]:
    return [a.record.id for a in alerts if a.kind == "pattern" and a.alert_id == _hub_id(a)]


def _hub_id(alert: Alert) -> str:
    return alert_id_for("shipment", alert.record.id, "onward-history")


def test_an_inbound_leg_gets_its_own_hub_alert_past_earlier_unalerted_ones(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    assert tracker.observe_all(KEY, [_leg("in-1", "in", "2024-01-01")], store, now=NOW) == []
    tracker.observe_all(KEY, [_leg("out-1", "out", "2024-01-02")], store, now=NOW)
    alerts = tracker.observe_all(KEY, [_leg("in-2", "in", "2024-01-05")], store, now=NOW)
    assert _hub_alert_ids(alerts) == ["in-2"]
    assert [(leg.record_id, leg.hub_alerted) for leg in store[KEY].inbound] == [
        ("in-1", False),
        ("in-2", True),
    ]


def test_an_onward_leg_alerts_each_inbound_leg_not_yet_alerted(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    # in-1 was alerted already; in-2 entered a port that was not yet a hub when it arrived.
    alerted = _leg("in-1", "in", "2024-01-05").model_copy(update={"hub_alerted": True})
    store = {
        KEY: PartyLegs(
            inbound=(alerted, _leg("in-2", "in", "2024-01-06")),
            outbound=(_leg("out-0", "out", "2024-01-01"),),
        )
    }
    tracker = PatternTracker(catalog, config)
    alerts = tracker.observe_all(KEY, [_leg("out-1", "out", "2024-01-02")], store, now=NOW)
    assert _hub_alert_ids(alerts) == ["in-2"]
    assert [leg.hub_alerted for leg in store[KEY].inbound] == [True, True]


def test_a_hub_alerted_inbound_leg_delivered_again_alerts_again_under_the_same_id(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    onward = _leg("out-1", "out", "2024-01-02")
    tracker.observe_all(KEY, [onward], store, now=NOW)
    inbound = _leg("in-1", "in", "2024-01-05")
    first = tracker.observe_all(KEY, [inbound], store, now=NOW)
    again = tracker.observe_all(KEY, [inbound], store, now=NOW)
    assert _hub_alert_ids(first) == _hub_alert_ids(again) == ["in-1"]
    assert [a.model_dump() for a in again] == [a.model_dump() for a in first]
    assert _hub_alert_ids(tracker.observe_all(KEY, [onward], store, now=NOW)) == []


def test_an_inbound_leg_without_a_hub_alert_delivered_again_alerts_nothing(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    inbound = _leg("in-1", "in", "2024-01-05")
    tracker.observe_all(KEY, [inbound], store, now=NOW)
    assert tracker.observe_all(KEY, [inbound], store, now=NOW) == []


def test_a_leg_is_graded_by_a_severity_when_its_list_has_no_tiers(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    [(_, leg), _] = PatternTracker(catalog, config).legs(_inbound(hs_code="8806.10"))
    assert (leg.grade, leg.list_name, leg.subscore) == ("high", "custom_hs_example", 0.85)


def _chpl_and(custom_list: Path, row: str) -> ProductCatalog:
    """The packaged CHPL with a one-row custom HS list beside it."""
    custom_list.write_text(f"code,tier,severity,label,source\n{row}\n", "utf-8")
    return ProductCatalog.load(
        packaged_chpl_path(), packaged_hs_nomenclature_path(), custom_lists=[custom_list]
    )


def test_goods_on_two_lists_are_graded_by_the_stronger_entry(
    config: RiskConfig, tmp_path: Path
) -> None:
    both = _chpl_and(tmp_path / "weak.csv", "8542,,low,Chips,test")
    assert sorted(e.list_name for e in both.listed("85423100")) == ["chpl", "weak"]
    legs = PatternTracker(both, config).legs(_inbound())
    assert {(leg.grade, leg.list_name, leg.subscore) for _, leg in legs} == {("1", "chpl", 1.0)}


def _kept(store: dict[str, PartyLegs]) -> tuple[list[str], list[str]]:
    state = store[KEY]
    return [leg.record_id for leg in state.inbound], [leg.record_id for leg in state.outbound]


def test_legs_exactly_the_window_before_the_newest_are_kept(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    legs = [
        _leg("in-1", "in", "2024-01-01", destination="de"),
        _leg("in-2", "in", "2024-01-02", destination="de"),
        _leg("out-1", "out", "2024-01-01", hs4="9999", hs_code="99990000"),
        _leg("out-2", "out", "2024-01-02", hs4="9999", hs_code="99990000"),
        _leg("in-3", "in", "2024-04-01", destination="de"),  # 90 days after 2024-01-02
    ]
    tracker.observe_all(KEY, legs, store, now=NOW)
    assert _kept(store) == (["in-2", "in-3"], ["out-2"])


def test_each_side_keeps_its_newest_legs_up_to_the_cap_in_date_order(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    rules = config.pattern.model_copy(update={"max_legs_per_party": 2})
    tracker = PatternTracker(catalog, config.model_copy(update={"pattern": rules}))
    store = dict[str, PartyLegs]()
    days = {"in-1": "2024-01-03", "in-2": "2024-01-01", "in-3": "2024-01-02"}
    legs = [_leg(record_id, "in", day, destination="de") for record_id, day in days.items()]
    tracker.observe_all(KEY, legs, store, now=NOW)
    assert _kept(store) == (["in-3", "in-1"], [])


def test_an_outranked_twin_is_dropped_once_its_hub_history_is_settled(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    tracker, store = PatternTracker(catalog, config), dict[str, PartyLegs]()
    twins = [_leg("in-2", "in", "2024-01-01", destination="de"), _leg("in-1", "in", "2024-01-01")]
    twins.append(_leg("in-0", "in", "2024-01-01", destination="de"))
    tracker.observe_all(KEY, twins, store, now=NOW)
    assert _kept(store) == (["in-1", "in-0"], [])


def test_goods_on_two_lists_with_the_same_subscore_are_graded_by_the_more_specific_entry(
    config: RiskConfig, tmp_path: Path
) -> None:
    both = _chpl_and(tmp_path / "broad.csv", "8542,1,,Chips,test")
    [first, second] = both.listed("85423100")
    assert (first.list_name, second.list_name) == ("chpl", "broad")
    legs = PatternTracker(both, config).legs(_inbound())
    assert {(leg.grade, leg.list_name, leg.subscore) for _, leg in legs} == {("1", "chpl", 1.0)}


def test_an_inbound_leg_without_a_destination_has_an_empty_one(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    nowhere = _inbound(destination_country=None, importer={**TRADER, "country": None})
    legs = PatternTracker(catalog, config).legs(nowhere)
    assert {(leg.direction, leg.destination) for _, leg in legs} == {("in", "")}


def test_a_receiver_sharing_one_key_with_another_still_gives_legs_for_its_other_keys(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    other_registry = {**TRADER, "identifiers": {"registration_number": "JAFZA-55"}}
    record = _inbound(consignee=other_registry)
    keys = [key for key, _ in PatternTracker(catalog, config).legs(record)]
    assert keys == [TRADER_KEY, "registration_number:DMCC187734", "registration_number:JAFZA55"]


def test_several_onward_legs_observed_together_each_give_their_alert(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    legs = [
        _leg("in-1", "in", "2024-01-01", destination="de"),
        _leg("out-1", "out", "2024-01-02"),
        _leg("out-2", "out", "2024-01-03"),
    ]
    alerts = PatternTracker(catalog, config).observe_all(KEY, legs, {}, now=NOW)
    assert [a.alert_id for a in alerts] == [
        alert_id_for("shipment", "out-1", "pattern", "in-1"),
        alert_id_for("shipment", "out-2", "pattern", "in-1"),
    ]


def test_the_route_subscore_keeps_four_places(catalog: ProductCatalog, config: RiskConfig) -> None:
    routes = config.routes.model_copy(update={"listed_goods_to_high_risk": 0.123456})
    tracker = PatternTracker(catalog, config.model_copy(update={"routes": routes}))
    legs = [_leg("in-1", "in", "2024-01-01", destination="de"), _leg("out-1", "out", "2024-01-02")]
    [alert] = tracker.observe_all(KEY, legs, {}, now=NOW)
    assert alert.reasons[1].subscore == 0.1235


def test_an_arriving_inbound_leg_settles_only_its_own_hub_history(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    # in-1 entered a port that was not yet a hub when it arrived: it waits for an onward leg.
    store = {
        KEY: PartyLegs(
            inbound=(_leg("in-1", "in", "2024-01-05"),),
            outbound=(_leg("out-0", "out", "2024-01-01"),),
        )
    }
    tracker = PatternTracker(catalog, config)
    alerts = tracker.observe_all(KEY, [_leg("in-2", "in", "2024-01-06")], store, now=NOW)
    assert _hub_alert_ids(alerts) == ["in-2"]
    assert [leg.hub_alerted for leg in store[KEY].inbound] == [False, True]
    again = tracker.observe_all(KEY, [_leg("in-1", "in", "2024-01-05")], store, now=NOW)
    assert _hub_alert_ids(again) == []
