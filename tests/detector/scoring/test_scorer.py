from __future__ import annotations

from datetime import UTC, datetime

from schemas import Reason
from services.detector.scoring import RiskConfig, ShipmentScorer, build_alert
from services.lists.products import ProductCatalog
from tests.detector.scoring.conftest import FakeIndex
from tests.support.factories import party_dict
from tests.support.scoring import shipment

NOW = datetime(2024, 7, 1, tzinfo=UTC)


def by_kind(reasons: list[Reason], kind: str) -> Reason:
    [found] = [reason for reason in reasons if reason.kind == kind]
    return found


def test_clean_trade_has_no_reasons_and_no_alert(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = shipment()
    assessment = ShipmentScorer(fake_index, catalog, config).assess(record)
    assert assessment.reasons == [] and assessment.score == 0.0
    assert build_alert(record, assessment, watchlist_versions={}, now=NOW) is None


def test_chpl_goods_alone_stay_under_the_alert_threshold(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = shipment(
        hs_code="8542.31.00", goods_description="Microcontrollers, integrated circuits"
    )
    assessment = ShipmentScorer(fake_index, catalog, config).assess(record)
    product = by_kind(assessment.reasons, "product")
    assert (product.tier, product.target, product.subscore) == ("1", "8542.31", 1.0)
    assert product.evidence["description_corroborates"] == "integrated circuits, microcontrollers"
    assert not assessment.alerted


def test_chpl_goods_into_russia_alert_with_product_and_route(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = shipment(
        hs_code="854231",
        importer=party_dict("OOO Tekhnosfera Komplekt", "ru"),
        departure_country="ae",
        destination_country="ru",
    )
    assessment = ShipmentScorer(fake_index, catalog, config).assess(record)
    assert assessment.reason_kinds == ["product", "route"]
    route = by_kind(assessment.reasons, "route")
    assert route.evidence["via_hub"] == "AE" and route.weight == config.weights.route
    alert = build_alert(record, assessment, watchlist_versions={"us_ofac_sdn": "v1"}, now=NOW)
    assert alert is not None and alert.severity == "medium" and alert.score == assessment.score
    assert alert.facets.hs_code == "8542.31" and alert.facets.hs_tier == "1"
    assert "RU" in alert.headline and alert.watchlist_versions == {"us_ofac_sdn": "v1"}


def test_drone_declared_as_toy_is_a_stronger_reason_than_a_fitting_code(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    scorer = ShipmentScorer(fake_index, catalog, config)
    toy = scorer.assess(
        shipment(
            hs_code="9503.00",
            goods_description="Квадрокоптер DJI Mavic 3",
            destination_country="kz",
        )
    )
    fitting = scorer.assess(
        shipment(
            hs_code="8806.22",
            goods_description="Квадрокоптер DJI Mavic 3",
            destination_country="kz",
        )
    )
    misdeclared = by_kind(toy.reasons, "description")
    assert misdeclared.evidence["misdeclared"] == "true" and "9503" in misdeclared.summary
    assert toy.alerted and toy.severity == "medium"
    assert (
        "description" not in fitting.reason_kinds
    )  # the code says drone already: product reason only
    assert not fitting.alerted
    assert toy.score > fitting.score


def test_sanctioned_party_matched_by_tax_id_is_critical(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    importer = party_dict("Spetstekhcentr OOO", "ru", identifiers={"tax_id": "7802170553"})
    record = shipment(importer=importer, destination_country="ru", hs_code="8807.30")
    assessment = ShipmentScorer(fake_index, catalog, config).assess(record)
    entity = by_kind(assessment.reasons, "entity")
    assert (entity.entry_id, entity.watchlist, entity.program) == (
        "ofac-21332",
        "us_ofac_sdn",
        "CYBER2",
    )
    assert entity.evidence["role"] == "importer" and entity.matched == "Spetstekhcentr OOO"
    assert assessment.severity == "critical"
    assert assessment.facets.entity_ids == ["ofac-21332"] and assessment.facets.programs == [
        "CYBER2"
    ]
    query = next(q for q in fake_index.queries if q.name == "Spetstekhcentr OOO")
    assert query.identifiers == {"taxNumber": "7802170553", "innCode": "7802170553"}


def test_vessel_is_screened_by_imo(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = shipment(
        hs_code="2709.00", transport={"mode": "sea", "vessel_name": "OCEAN STAR", "imo": "9339301"}
    )
    entity = by_kind(ShipmentScorer(fake_index, catalog, config).assess(record).reasons, "entity")
    assert entity.evidence["role"] == "vessel" and entity.entry_id == "ofac-47371"


def test_screening_is_cached_per_party(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    scorer = ShipmentScorer(fake_index, catalog, config)
    for _ in range(5):
        scorer.assess(shipment())
    assert len(fake_index.queries) == 2  # exporter and importer, once each


def test_every_reason_states_its_weight_and_subscore(
    fake_index: FakeIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    record = shipment(
        hs_code="9503.00",
        goods_description="Toy: DJI Mavic quadcopter",
        importer=party_dict("SPECIAL TECHNOLOGY CENTER", "ru"),
        destination_country="ru",
    )
    assessment = ShipmentScorer(fake_index, catalog, config).assess(record)
    assert assessment.reason_kinds == ["description", "entity", "route"]
    contributions = [min(1.0, r.weight * r.subscore) for r in assessment.reasons]
    assert contributions == sorted(contributions, reverse=True)
    remaining = 1.0
    for value in contributions:
        remaining *= 1 - value
    assert assessment.score == round(1 - remaining, 4)
    assert all(r.summary and r.matched and r.target for r in assessment.reasons)
