"""Listed goods into a hub for a party that shipped onwards before: the alert in full, which
onward legs count (same day yes, later no, the inbound itself no), and when there is none."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from schemas import alert_id_for
from services.detector.scoring import RiskConfig
from services.detector.scoring.onward_history import hub_history_alert
from services.detector.state import Leg

NOW = datetime(2024, 3, 11, 12, 0, tzinfo=UTC)


def _leg(
    record_id: str,
    direction: str,
    on: str,
    destination: str,
    *,
    hs_code: str = "85423100",
    subscore: float = 1.0,
    grade: str = "1",
    origin: str = "cn",
) -> Leg:
    return Leg(
        record_id=record_id, direction=direction, declared_on=date.fromisoformat(on),
        hs_code=hs_code, hs4=hs_code[:4], grade=grade, list_name="chpl", subscore=subscore,
        origin=origin, destination=destination, party="Galf Bridge FZE", role="importer",
    )  # fmt: skip


INBOUND = _leg("in-1", "in", "2024-03-10", "ae")


def test_the_alert_names_the_hub_the_last_onward_leg_and_the_listed_goods(
    config: RiskConfig,
) -> None:
    onward = [
        _leg("out-1", "out", "2024-02-01", "ru"),
        _leg("out-2", "out", "2024-03-01", "by", hs_code="85371000"),
    ]
    alert = hub_history_alert("galf bridge", INBOUND, onward, config, {"chpl": "v1"}, NOW)
    assert alert is not None
    assert alert.alert_id == alert_id_for("shipment", "in-1", "onward-history")
    assert (alert.kind, alert.record.id, alert.record.type, alert.record.source) == (
        "pattern",
        "in-1",
        "shipment",
        "pattern",
    )
    assert (
        alert.record.summary == "Galf Bridge FZE received listed goods in AE after shipping onwards"
    )
    assert alert.record.occurred_at == datetime(2024, 3, 10, tzinfo=UTC)
    assert (alert.created_at, alert.watchlist_versions) == (NOW, {"chpl": "v1"})
    route, product = alert.reasons
    assert route.kind == "route" and route.summary == (
        "CHPL 1 goods into transshipment hub AE for 'Galf Bridge FZE', which shipped HS-4 8537 "
        "onwards to BY on 2024-03-01 (out-2)"
    )
    assert (route.matched, route.target, route.related_record_ids) == (
        "galf bridge",
        "transshipment_hubs",
        ["in-1", "out-2"],
    )
    assert route.evidence == {
        "short": "into AE for a party shipping onwards",
        "onward_record_id": "out-2",
    }
    assert (route.subscore, route.weight) == (
        config.routes.hub_with_onward_history,
        config.weights.route,
    )
    assert product.kind == "product" and product.summary == "HS 8542.31.00 is on CHPL 1"
    assert (product.matched, product.target, product.watchlist, product.tier) == (
        "85423100",
        "8542.31.00",
        "chpl",
        "1",
    )
    assert (product.subscore, product.weight, product.related_record_ids) == (
        1.0,
        config.weights.product,
        ["in-1"],
    )
    assert alert.facets.parties == ["Galf Bridge FZE"]
    assert alert.facets.countries == ["cn", "ae", "by"]
    assert (alert.facets.hs_code, alert.facets.hs_tier) == ("8542.31.00", "1")
    assert alert.headline == (
        "Shipment in-1: into AE for a party shipping onwards; HS 8542.31.00 is on CHPL 1"
    )


def test_the_route_subscore_scales_with_the_goods_subscore_to_four_places(
    config: RiskConfig,
) -> None:
    inbound = _leg("in-2", "in", "2024-03-10", "ae", subscore=0.876543)
    onward = [_leg("out-1", "out", "2024-03-01", "ru")]
    alert = hub_history_alert("k", inbound, onward, config, {}, NOW)
    assert alert is not None
    expected = round(config.routes.hub_with_onward_history * 0.876543, 4)
    assert [r.subscore for r in alert.reasons if r.kind == "route"] == [expected]
    assert expected != round(config.routes.hub_with_onward_history * 0.876543, 5)


def test_an_onward_leg_on_the_same_day_counts(config: RiskConfig) -> None:
    onward = [_leg("out-1", "out", "2024-03-10", "ru")]
    alert = hub_history_alert("k", INBOUND, onward, config, {}, NOW)
    assert alert is not None and alert.reasons[0].evidence["onward_record_id"] == "out-1"


def test_the_latest_earlier_onward_leg_is_named_not_a_later_one(config: RiskConfig) -> None:
    onward = [
        _leg("out-late", "out", "2024-03-11", "ru"),
        _leg("out-1", "out", "2024-01-01", "ru"),
        _leg("out-2", "out", "2024-02-01", "ru"),
    ]
    alert = hub_history_alert("k", INBOUND, onward, config, {}, NOW)
    assert alert is not None and alert.reasons[0].evidence["onward_record_id"] == "out-2"


@pytest.mark.parametrize(
    ("inbound", "onward"),
    [
        (INBOUND, []),
        (INBOUND, [_leg("out-late", "out", "2024-03-11", "ru")]),
        (INBOUND, [_leg("in-1", "out", "2024-03-10", "ru")]),  # the record itself
        (_leg("in-1", "in", "2024-03-10", "ru"), [_leg("out-1", "out", "2024-03-01", "by")]),
        (_leg("in-1", "out", "2024-03-10", "ae"), [_leg("out-1", "out", "2024-03-01", "ru")]),
    ],
    ids=["no onward leg", "only a later one", "only itself", "not a hub", "an outbound leg"],
)
def test_no_alert_without_an_earlier_onward_leg_into_a_hub(
    config: RiskConfig, inbound: Leg, onward: list[Leg]
) -> None:
    assert hub_history_alert("k", inbound, onward, config, {}, NOW) is None


def test_goods_too_weak_to_reach_the_alert_threshold_give_no_alert(config: RiskConfig) -> None:
    inbound = _leg("in-3", "in", "2024-03-10", "ae", subscore=0.01)
    onward = [_leg("out-1", "out", "2024-03-01", "ru")]
    assert hub_history_alert("k", inbound, onward, config, {}, NOW) is None


def test_an_ungraded_leg_without_origin_has_no_tier_and_skips_the_origin(
    config: RiskConfig,
) -> None:
    inbound = _leg("in-4", "in", "2024-03-10", "ae", grade="", origin="")
    onward = [_leg("out-1", "out", "2024-03-01", "ru")]
    alert = hub_history_alert("k", inbound, onward, config, {}, NOW)
    assert alert is not None
    assert alert.facets.countries == ["ae", "ru"] and alert.facets.hs_tier is None
    assert [r.tier for r in alert.reasons if r.kind == "product"] == [None]


def test_the_alert_is_dated_on_the_inbound_day_in_the_clocks_zone(config: RiskConfig) -> None:
    plus_four = timezone(timedelta(hours=4))
    onward = [_leg("out-1", "out", "2024-03-01", "ru")]
    alert = hub_history_alert("k", INBOUND, onward, config, {}, NOW.astimezone(plus_four))
    assert alert is not None
    assert alert.record.occurred_at == datetime(2024, 3, 10, tzinfo=plus_four)
