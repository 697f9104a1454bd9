"""Screening and entity reasons at their edges: what the matcher is asked (threshold, limit, query
fields, vessels), the cache's size limit, identifier mapping, and the entity reason and facets as
the alert shows them (best match, runners-up, ownership, captions, clamped scores)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas import Party, ShipmentRecord
from services.detector.scoring import RiskConfig
from services.detector.scoring.scorer import ShipmentScorer, entity_reasons, shipment_facets
from services.detector.scoring.screening import (
    CachedScreener,
    LocalNameQuery,
    ScreenedParty,
    ftm_identifiers,
)
from services.detector.scoring.signals import GoodsFinding
from services.lists.products import ProductCatalog
from services.lists.watchlists.model import WatchlistEntry
from tests.detector.scoring.conftest import STC, FakeMatch
from tests.support.factories import party_dict, shipment_dict


@dataclass
class RecordingScreener:
    """Matches the names it is given; keeps every query with the keyword arguments it came with."""

    names: set[str] = field(default_factory=set)
    calls: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)

    def screen(self, query: Any, **options: Any) -> list[FakeMatch]:
        self.calls.append((query, options))
        if query.name in self.names:
            return [FakeMatch(STC, "us_ofac_sdn", query.name, 0.9, "test")]
        return []


def _record(**overrides: object) -> ShipmentRecord:
    return ShipmentRecord.model_validate(shipment_dict(record_id="s-1", **overrides))


def _screener(screener: RecordingScreener, **options: Any) -> CachedScreener:
    settings: dict[str, Any] = {"threshold": None, "limit": 3, "cache_size": 10}
    return CachedScreener(screener, query_factory=LocalNameQuery, **{**settings, **options})


# --- what the matcher is asked ----------------------------------------------------------------


def test_without_a_threshold_the_matchers_own_default_applies() -> None:
    screener = RecordingScreener()
    _screener(screener, limit=4).screen("Foo", schema=None, country="ru", identifiers={})
    [(_, options)] = screener.calls
    assert options == {"limit": 4}


def test_a_configured_threshold_and_limit_reach_the_matcher(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    entities = config.entities.model_copy(update={"match_threshold": 0.8, "matches_per_party": 2})
    custom = config.model_copy(update={"entities": entities})
    screener, built = RecordingScreener(), []

    def query_factory(name: str, **fields: Any) -> LocalNameQuery:
        built.append(name)
        return LocalNameQuery(name, **fields)

    scorer = ShipmentScorer(screener, catalog, custom, query_factory=query_factory)
    scorer.assess(_record(exporter=party_dict("Alpha Co", "cn"), importer=None, consignee=None))
    assert [options for _, options in screener.calls] == [{"threshold": 0.8, "limit": 2}]
    assert built == ["Alpha Co"]


def test_a_party_query_carries_its_name_country_and_identifiers() -> None:
    screener = RecordingScreener()
    ids = {"innCode": "7802170553"}
    _screener(screener).screen("OOO Foo", schema="Company", country="ru", identifiers=ids)
    [(query, _)] = screener.calls
    assert query == LocalNameQuery("OOO Foo", "Company", "ru", None, ids)


def test_only_the_configured_roles_are_screened_in_record_order() -> None:
    screener = RecordingScreener(names={"OOO Beta", "Gamma"})
    record = _record(
        exporter=party_dict("Alpha", "cn"),
        importer=party_dict("OOO Beta", "ru", identifiers={"inn": "7802170553"}),
        consignee=party_dict("Gamma", "by"),
    )
    screened = _screener(screener).screen_record(record, ("importer", "consignee"), vessels=False)
    assert [(p.role, p.name, p.country) for p in screened] == [
        ("importer", "OOO Beta", "ru"),
        ("consignee", "Gamma", "by"),
    ]
    assert [len(p.matches) for p in screened] == [1, 1]
    queries = [query for query, _ in screener.calls]
    assert [(q.name, q.schema, q.country) for q in queries] == [
        ("OOO Beta", None, "ru"),
        ("Gamma", None, "by"),
    ]
    assert queries[0].identifiers == {"innCode": "7802170553", "taxNumber": "7802170553"}


def test_a_vessel_is_screened_by_name_or_imo_as_a_vessel() -> None:
    screener = RecordingScreener(names={"IMO 9339301"})
    record = _record(transport={"imo": "9339301"})
    screened = _screener(screener).screen_record(record, (), vessels=True)
    assert [(p.role, p.name, p.country) for p in screened] == [("vessel", "IMO 9339301", None)]
    [(query, _)] = screener.calls
    assert (query.name, query.schema, query.country, query.identifiers) == (
        "IMO 9339301",
        "Vessel",
        None,
        {"imoNumber": "9339301"},
    )
    named = RecordingScreener()
    _screener(named).screen_record(_record(transport={"vessel_name": "NS Leader"}), (), True)
    assert [(q.name, q.identifiers) for q, _ in named.calls] == [("NS Leader", {})]


def test_a_transport_without_vessel_or_imo_is_not_screened() -> None:
    screener = RecordingScreener()
    _screener(screener).screen_record(_record(transport={"mode": "sea"}), (), vessels=True)
    assert screener.calls == []


def test_the_cache_keeps_the_most_recent_parties_up_to_its_size() -> None:
    screener = RecordingScreener()
    cached = _screener(screener, cache_size=2)

    def screen(name: str) -> None:
        cached.screen(name, schema=None, country=None, identifiers={})

    for name in ("a", "b", "a", "c", "a", "b"):
        screen(name)
    # a, b asked; a cached; c evicts b (a was used more recently); a cached; b asked again
    assert [query.name for query, _ in screener.calls] == ["a", "b", "c", "b"]


# --- identifiers --------------------------------------------------------------------------------


def test_an_inn_is_also_a_tax_number_and_a_russian_tax_id_also_an_inn() -> None:
    assert ftm_identifiers(Party(name="A", country="kz", identifiers={"inn": "1"})) == {
        "innCode": "1",
        "taxNumber": "1",
    }
    assert ftm_identifiers(Party(name="A", country="ru", identifiers={"tax_id": "2"})) == {
        "taxNumber": "2",
        "innCode": "2",
    }
    both = Party(name="A", country="ru", identifiers={"inn": "1", "tax_id": "2"})
    assert ftm_identifiers(both) == {"innCode": "1", "taxNumber": "2"}
    assert ftm_identifiers(Party(name="A", country="de", identifiers={"tax_id": "3"})) == {
        "taxNumber": "3"
    }


def test_two_schemes_for_one_property_keep_the_first_and_unknown_schemes_are_dropped() -> None:
    party = Party(
        name="A", identifiers={"eori": "DE1", "registration_number": "HRB 2", "x_id": "9"}
    )
    assert ftm_identifiers(party) == {"registrationNumber": "DE1"}


# --- entity reasons and facets ------------------------------------------------------------------


@dataclass(frozen=True)
class BareEntry:
    """A list entry with no caption and no programs (the matcher's minimum)."""

    id: str


def test_an_entity_reason_names_the_best_match_and_lists_the_runners_up(
    config: RiskConfig,
) -> None:
    second = WatchlistEntry(id="eu-1", schema="Organization", names=("STC LTD",), source="eu_fsf")
    third = WatchlistEntry(id="un-7", schema="Organization", names=("STC",), source="un_sc")
    matches = (
        FakeMatch(second, "eu_fsf", "STC LTD", 0.81234, "close"),
        FakeMatch(third, "un_sc", "STC", 0.7, "closer"),
        FakeMatch(STC, "us_ofac_sdn", "STC, LTD", 0.876543, "x" * 600, ("Parent Co", "STC")),
    )
    [reason] = entity_reasons([ScreenedParty("importer", "STC Ltd", "ru", matches)], config)
    assert reason.summary == (
        "importer 'STC Ltd' ~ us_ofac_sdn entry 'SPECIAL TECHNOLOGY CENTER' (through ownership) "
        "via 'STC, LTD', score 0.88"
    )
    assert (reason.kind, reason.matched, reason.target, reason.watchlist, reason.entry_id) == (
        "entity",
        "STC Ltd",
        "SPECIAL TECHNOLOGY CENTER",
        "us_ofac_sdn",
        "ofac-21332",
    )
    assert (reason.program, reason.subscore, reason.weight) == (
        "CYBER2",
        0.8765,
        config.weights.entity,
    )
    assert reason.evidence == {
        "role": "importer",
        "explanation": "x" * 500,
        "short": "importer ~ SPECIAL TECHNOLOGY CENTER (us_ofac_sdn)",
        "ownership_path": "Parent Co → STC",
        "other_matches": "eu_fsf:eu-1 0.81; un_sc:un-7 0.70",
    }


def test_an_entry_without_caption_or_programs_is_named_by_the_matched_name(
    config: RiskConfig,
) -> None:
    match = FakeMatch(BareEntry("b-1"), "local", "Bare Name", 0.9, "why")  # type: ignore[arg-type]
    [reason] = entity_reasons([ScreenedParty("exporter", "Bare", None, (match,))], config)
    assert reason.target == "Bare Name" and reason.program is None
    assert reason.summary == "exporter 'Bare' ~ local entry 'Bare Name' via 'Bare Name', score 0.90"
    assert reason.evidence == {
        "role": "exporter",
        "explanation": "why",
        "short": "exporter ~ Bare Name (local)",
    }


def test_several_programs_are_joined_and_scores_are_clamped_to_one(config: RiskConfig) -> None:
    entry = WatchlistEntry(
        id="e-2", schema="Organization", names=("X",), source="s", programs=("A", "B")
    )
    [reason] = entity_reasons(
        [ScreenedParty("importer", "X", None, (FakeMatch(entry, "s", "X", 1.3, "why"),))], config
    )
    assert (reason.program, reason.subscore) == ("A, B", 1.0)


def test_facets_list_each_country_once_and_only_each_partys_best_match(
    catalog: ProductCatalog,
) -> None:
    record = _record(
        exporter=party_dict("Alpha", "cn"),
        importer=party_dict("Beta", "ru"),
        origin_country="cn",
        departure_country="ae",
        destination_country="ru",
    )
    runner_up = WatchlistEntry(
        id="eu-1", schema="Organization", names=("B",), source="eu", programs=("EU1",)
    )
    matches = (
        FakeMatch(STC, "us_ofac_sdn", "Beta", 0.9, "best"),
        FakeMatch(runner_up, "eu_fsf", "Beta", 0.8, "second"),
    )
    goods = GoodsFinding([], None, 0.0, [], [])
    facets = shipment_facets(record, goods, [ScreenedParty("importer", "Beta", "ru", matches)])
    assert facets.parties == ["Alpha", "Beta"]
    assert facets.countries == ["cn", "ae", "ru"]
    assert (facets.entity_ids, facets.watchlists, facets.programs) == (
        ["ofac-21332"],
        ["us_ofac_sdn"],
        ["CYBER2"],
    )
    assert (facets.hs_code, facets.hs_tier) == ("8806.21", None)
    bare = FakeMatch(BareEntry("b-1"), "local", "Beta", 0.9, "why")  # type: ignore[arg-type]
    facets = shipment_facets(record, goods, [ScreenedParty("importer", "Beta", "ru", (bare,))])
    assert (facets.entity_ids, facets.programs) == (["b-1"], [])


def test_a_shipments_headline_starts_with_its_record_id(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    scorer = ShipmentScorer(RecordingScreener(), catalog, config, query_factory=LocalNameQuery)
    record = _record(hs_code="8542.31.00", goods_description="", destination_country="de")
    assert scorer.assess(record).headline == "Shipment s-1: CHPL tier 1 8542.31"
