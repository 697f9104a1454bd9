"""Product, description and route reasons as the alert shows them: their wording, evidence and
subscores, the list title and grade, the best of several listed entries, and the route's edges
(unlisted goods, a destination taken from the receiving party)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from schemas import ShipmentRecord
from services.detector.scoring import RiskConfig
from services.detector.scoring.signals import (
    GoodsFinding,
    description_reasons,
    destination_of,
    entry_subscore,
    find_goods,
    product_reasons,
    route_reasons,
)
from services.lists.products import ProductCatalog
from services.lists.products.hs_lists import HsListEntry
from services.lists.products.phrases import PhraseCategory, PhraseHit
from tests.support.factories import party_dict, shipment_dict


def _record(**overrides: object) -> ShipmentRecord:
    return ShipmentRecord.model_validate(shipment_dict(record_id="s-1", **overrides))


def _entry(prefix: str, list_name: str, *, tier: str | None = None, severity: str | None = None,
           label: str = "Listed goods") -> HsListEntry:  # fmt: skip
    return HsListEntry(prefix, list_name, label, "test", tier=tier, severity=severity)  # type: ignore[arg-type]


@dataclass
class StubCatalog:
    """Lists the given entries for any code, finds the given phrases, describes no code."""

    entries: list[HsListEntry]
    phrases: list[PhraseHit] = field(default_factory=list)

    def listed(self, hs_code: str) -> list[HsListEntry]:
        return list(self.entries)

    def find_phrases(self, text: str) -> list[PhraseHit]:
        return list(self.phrases)

    def describe(self, hs_code: str) -> str | None:
        return None


def _hit(matched: str, subscore: float, prefixes: tuple[str, ...] = ("9999",)) -> PhraseHit:
    return PhraseHit(
        matched, matched, PhraseCategory(matched, matched.upper(), subscore, prefixes), "en"
    )


def test_listed_goods_give_a_product_reason_with_list_grade_and_corroboration(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _record(hs_code="8542.31.00", goods_description="integrated circuits")
    [reason] = product_reasons(record, find_goods(record, catalog, config), catalog, config)
    label = catalog.listed("85423100")[0].label
    assert reason.summary == f"HS 8542.31.00 is on CHPL (tier 1) as 8542.31: {label[:120]}"
    assert (reason.kind, reason.matched, reason.target, reason.watchlist, reason.tier) == (
        "product",
        "8542.31.00",
        "8542.31",
        "chpl",
        "1",
    )
    assert (reason.subscore, reason.weight) == (1.0, config.weights.product)
    assert reason.evidence == {
        "short": "CHPL tier 1 8542.31",
        "list": "chpl",
        "hs_description": label[:300],
        "description_corroborates": "integrated circuits",
    }


def test_a_custom_list_keeps_its_name_and_grades_by_severity(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _record(hs_code="8806.22", goods_description="")
    goods = find_goods(record, catalog, config)
    [reason] = product_reasons(record, goods, catalog, config)
    assert reason.summary.startswith("HS 8806.22 is on custom_hs_example (severity high) as 8806: ")
    assert reason.tier == "high" and reason.watchlist == "custom_hs_example"
    assert reason.evidence["short"] == "custom_hs_example high severity 8806"
    assert goods.product_subscore == config.products.severity_subscores["high"]


def test_goods_on_several_lists_name_the_others_and_long_labels_are_cut(
    config: RiskConfig,
) -> None:
    best = _entry("854231", "chpl", tier="1", label="L" * 400)
    other = _entry("8542", "custom", severity="low")
    third = _entry("85423", "mine", severity="high")
    record = _record(hs_code="8542.31.00", goods_description="")
    goods = GoodsFinding([other, best, third], best, 1.0, [], [])
    [reason] = product_reasons(record, goods, StubCatalog([]), config)  # type: ignore[arg-type]
    assert reason.evidence["also_listed"] == "custom:8542, mine:8542.3"
    assert reason.evidence["hs_description"] == "L" * 300
    assert reason.summary == f"HS 8542.31.00 is on CHPL (tier 1) as 8542.31: {'L' * 120}"
    pair = GoodsFinding([best, other], best, 1.0, [], [])
    [two] = product_reasons(record, pair, StubCatalog([]), config)  # type: ignore[arg-type]
    assert two.evidence["also_listed"] == "custom:8542"
    alone = GoodsFinding([best], best, 1.0, [], [])
    [single] = product_reasons(record, alone, StubCatalog([]), config)  # type: ignore[arg-type]
    assert "also_listed" not in single.evidence


def test_the_best_listed_entry_is_the_highest_subscore_in_any_order(config: RiskConfig) -> None:
    low = _entry("8542", "custom", severity="low")
    high = _entry("854231", "chpl", tier="1")
    record = _record(hs_code="8542.31.00", goods_description="")
    for order in ([low, high], [high, low]):
        goods = find_goods(record, StubCatalog(order), config)  # type: ignore[arg-type]
        assert (goods.best_entry, goods.product_subscore) == (high, 1.0)
    tied = [_entry("8542", "a", severity="low"), _entry("8542", "b", severity="low")]
    goods = find_goods(record, StubCatalog(tied), config)  # type: ignore[arg-type]
    assert goods.best_entry is tied[0]


def test_unlisted_goods_have_no_product_subscore(config: RiskConfig) -> None:
    goods = find_goods(_record(goods_description=""), StubCatalog([]), config)  # type: ignore[arg-type]
    assert (goods.best_entry, goods.product_subscore, goods.goods_subscore) == (None, 0.0, 0.0)


def test_an_entry_is_scored_by_tier_else_severity_else_the_default(config: RiskConfig) -> None:
    rules = config.products
    assert entry_subscore(_entry("85", "x", tier="2"), config) == rules.tier_subscores["2"]
    unknown_tier = _entry("85", "x", tier="9", severity="medium")
    assert entry_subscore(unknown_tier, config) == rules.severity_subscores["medium"]
    assert entry_subscore(_entry("85", "x"), config) == rules.default_subscore


def test_a_controlled_product_named_under_an_unrelated_code_is_misdeclared(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _record(hs_code="8471.30", goods_description="gyroscope navigation module")
    [reason] = description_reasons(record, find_goods(record, catalog, config), catalog, config)
    described = catalog.describe("84713000") or ""
    assert reason.summary == (
        "description names GNSS navigation modules ('navigation module') but declares HS 8471.30 "
        f"({described[:80]}); expected 8526, 8517, 8529, 8542…"
    )
    assert (reason.matched, reason.target, reason.watchlist, reason.subscore) == (
        "navigation module",
        "gnss: navigation module",
        "phrases:en",
        0.85,
    )
    assert reason.weight == config.weights.description
    assert reason.evidence == {
        "short": "GNSS navigation modules declared as HS 8471.30",
        "misdeclared": "true",
        "phrases": "navigation module",
    }


def test_a_controlled_product_under_a_fitting_unlisted_code_counts_in_part(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _record(hs_code="8517.79", goods_description="navigation module")
    goods = find_goods(record, catalog, config)
    assert goods.best_entry is None and goods.misdeclared == []
    [reason] = description_reasons(record, goods, catalog, config)
    factor = config.products.consistent_description_factor
    assert reason.summary == (
        "description names GNSS navigation modules ('navigation module') under HS 8517.79"
    )
    assert (reason.kind, reason.matched, reason.target, reason.watchlist) == (
        "description",
        "navigation module",
        "gnss: navigation module",
        "phrases:en",
    )
    assert (reason.subscore, reason.weight) == (round(0.85 * factor, 4), config.weights.description)
    assert reason.evidence == {
        "short": "described as GNSS navigation modules",
        "misdeclared": "false",
    }


def test_listed_goods_via_a_hub_into_a_high_risk_destination(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = _record(
        hs_code="8542.31.00", origin_country="cn", departure_country="ae", destination_country="ru"
    )
    [reason] = route_reasons(record, find_goods(record, catalog, config), config)
    assert reason.summary == "CHPL tier 1 8542.31 shipped via hub AE into high-risk destination RU"
    assert (reason.kind, reason.matched, reason.target) == ("route", "RU", "high_risk_destinations")
    assert (reason.subscore, reason.weight) == (1.0, config.weights.route)
    assert reason.evidence == {
        "destination": "RU",
        "via_hub": "AE",
        "short": "CHPL tier 1 8542.31 → RU",
    }


def test_the_route_subscore_scales_with_the_goods_to_four_places(config: RiskConfig) -> None:
    record = _record(origin_country="de", departure_country=None, destination_country="by")
    goods = GoodsFinding([], None, 0.123456, [], [])
    [reason] = route_reasons(record, goods, config)
    expected = round(config.routes.listed_goods_to_high_risk * 0.123456, 4)
    assert reason.subscore == expected and "via_hub" not in reason.evidence
    assert reason.summary == "goods shipped into high-risk destination BY"


def test_unlisted_goods_into_a_high_risk_destination_count_only_when_configured(
    config: RiskConfig,
) -> None:
    record = _record(destination_country="ru", goods_description="")
    goods = GoodsFinding([], None, 0.0, [], [])
    assert config.routes.unlisted_goods_to_high_risk == 0.0
    assert route_reasons(record, goods, config) == []
    routes = config.routes.model_copy(update={"unlisted_goods_to_high_risk": 0.3})
    [reason] = route_reasons(record, goods, config.model_copy(update={"routes": routes}))
    assert reason.subscore == 0.3


@pytest.mark.parametrize(
    ("parties", "destination"),
    [
        ({"consignee": None, "importer": party_dict("OOO Beta", "ru")}, "ru"),
        ({"consignee": party_dict("Cons", None), "importer": party_dict("Beta", "by")}, "by"),
        ({"importer": party_dict("Beta", None), "notify_party": party_dict("N", "ir")}, "ir"),
        ({"importer": party_dict("Beta", None)}, None),
    ],
)
def test_without_a_declared_destination_the_receiving_partys_country_is_used(
    parties: dict[str, object], destination: str | None
) -> None:
    record = _record(destination_country=None, **parties)
    assert destination_of(record) == destination


def test_misdeclared_goods_name_every_phrase_and_an_unknown_heading(config: RiskConfig) -> None:
    hits = [_hit("gyroscope", 0.7), _hit("drone", 1.0)]
    record = _record(hs_code="8471.30", goods_description="")
    goods = GoodsFinding([], None, 0.0, hits, hits)
    [reason] = description_reasons(record, goods, StubCatalog([]), config)  # type: ignore[arg-type]
    assert reason.summary == (
        "description names DRONE ('drone') but declares HS 8471.30 (unknown heading); expected 9999…"
    )
    assert reason.evidence["phrases"] == "gyroscope, drone"


def test_the_strongest_fitting_phrase_is_named_and_scaled_to_four_places(
    config: RiskConfig,
) -> None:
    hits = [_hit("sensor", 0.123456, ("8517",)), _hit("chip", 0.2, ("8517",))]
    record = _record(hs_code="8517.79", goods_description="")
    goods = GoodsFinding([], None, 0.0, hits, [])
    [reason] = description_reasons(record, goods, StubCatalog([]), config)  # type: ignore[arg-type]
    factor = config.products.consistent_description_factor
    assert reason.matched == "chip" and reason.subscore == round(0.2 * factor, 4)
    [weak] = description_reasons(
        record, GoodsFinding([], None, 0.0, hits[:1], []), StubCatalog([]), config
    )  # type: ignore[arg-type]
    assert weak.subscore == round(0.123456 * factor, 4) != round(0.123456 * factor, 5)
