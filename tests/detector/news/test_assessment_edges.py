"""A news assessment word for word (the mention, product and route reasons, facets, headline,
score and severity), the mention subscore from three to six points and by spelling, the cuts of a
long name, namesake cues and a product's tier on the reasons, and the scorer's settings: its
rules reach the finder, its catalog's phrase lists are read, an index is read for entries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from services.detector.news import NewsScorer
from services.detector.news.lexicon import ProductTerm
from services.detector.news.mentions import ProductMention
from services.detector.news.scorer import NewsRules
from services.detector.scoring.config import RiskConfig
from services.lists.watchlists.model import WatchlistEntry
from tests.support.news_articles import article

HORIZON = WatchlistEntry(
    id="x:1", schema="Organization", names=("HORIZON ZORVEX NAVIGATION LLC",), source="custom",
    weak_aliases=("HORIZON",), countries=("ae",), programs=("NPWMD", "IRAN"),
)  # fmt: skip
TITLE = "Horizon zorvex shipped drones"
BODY = "Horizon zorvex shipped drones via Dubai to Russia, Iran and Dubai again."


# Built for each test (milliseconds): a mutation run credits the constructor to the tests that
# build it, and a shared fixture would credit only the first.
@pytest.fixture
def scorer() -> NewsScorer:
    return NewsScorer([HORIZON], None, RiskConfig())


def test_an_assessment_word_for_word(scorer: NewsScorer) -> None:
    assessment = scorer.assess(article(TITLE, BODY))
    assert (assessment.score, assessment.severity, assessment.alerted) == (0.6876, "high", True)
    assert assessment.headline == (
        "names HORIZON ZORVEX NAVIGATION LLC (custom); unmanned aircraft; route via AE, RU, IR"
    )
    mention, product, route = assessment.reasons
    assert mention.summary == (
        'article names "Horizon" ~ custom entry HORIZON ZORVEX NAVIGATION LLC (NPWMD, IRAN): '
        'alias "HORIZON", alias worth 1 ("horizon" is common (Zipf 4.1)); corroborated by ae '
        "(country +1), zorveks (name +2), unmanned aircraft (product +1); 5 points"
    )
    assert (mention.kind, mention.matched, mention.target, mention.watchlist) == (
        "mention",
        "Horizon",
        "HORIZON ZORVEX NAVIGATION LLC",
        "custom",
    )
    assert (mention.entry_id, mention.program, mention.subscore, mention.weight) == (
        "x:1",
        "NPWMD, IRAN",
        0.9,
        0.45,
    )
    assert mention.evidence == {
        "field": "title",
        "start": "0",
        "end": "7",
        "snippet": "Horizon zorvex shipped drones",  # the whole title: no ellipsis
        "list_name": "HORIZON",
        "strength": "weak",
        "alias_word": "horizon",
        "alias_zipf": "4.07",
        "alias_band": "common",
        "alias_shape": "one-word name",
        "alias_points": "1",
        "evidence_points": "5",
        "corroborated_by": "country:ae(+1), name:zorveks(+2), product:unmanned aircraft(+1)",
        "namesake_cues": "",
        "mentions": "2",
        "short": "names HORIZON ZORVEX NAVIGATION LLC (custom)",
    }
    assert product.summary == 'article mentions unmanned aircraft ("drones", HS 8806)'
    assert (product.kind, product.matched, product.target, product.tier) == (
        "product",
        "drones",
        "unmanned aircraft (HS 8806)",
        None,
    )
    assert (product.subscore, product.weight) == (1.0, 0.25)
    assert product.evidence == {
        "field": "title",
        "start": "23",
        "end": "29",
        "snippet": "Horizon zorvex shipped drones",  # the whole title: no ellipsis
        "hs_code": "8806",
        "short": "unmanned aircraft",
    }
    assert route.summary == "article names route countries: UAE (ae), Russia (ru), Iran (ir)"
    assert (route.kind, route.matched, route.target, route.subscore, route.weight) == (
        "route",
        "Dubai, Russia, Iran",
        "ae,ru,ir",
        1.0,
        0.3,
    )
    assert route.evidence == {
        "countries": "ae,ru,ir",
        "snippet": BODY,
        "short": "route via AE, RU, IR",
        "ae": f"body:34-39 {BODY}",
        "ru": f"body:43-49 {BODY}",
        "ir": f"body:51-55 {BODY}",
    }
    facets = assessment.facets
    assert facets is not None
    assert (facets.parties, facets.entity_ids, facets.watchlists, facets.programs) == (
        ["HORIZON ZORVEX NAVIGATION LLC"],
        ["x:1"],
        ["custom"],
        ["IRAN", "NPWMD"],
    )
    assert (facets.countries, facets.hs_code, facets.hs_tier) == (["ae", "ir", "ru"], "8806", None)


@pytest.mark.parametrize(
    ("body", "severity"),
    [
        ("Horizon zorvex shipped drones.", "medium"),
        ("Horizon zorvex sailed to Russia.", "medium"),
        ("Horizon zorvex sailed.", "low"),
    ],
)
def test_a_mention_with_a_product_or_a_route_is_medium_and_alone_low(
    scorer: NewsScorer, body: str, severity: str
) -> None:
    assessment = scorer.assess(article("News", body))
    assert (assessment.severity, assessment.alerted) == (severity, True)


def test_an_article_naming_no_listed_entity_does_not_alert(scorer: NewsScorer) -> None:
    assessment = scorer.assess(article("News", "Drones flew to Russia."))
    assert (assessment.reasons, assessment.score, assessment.severity) == ([], 0.0, "low")
    assert assessment.alerted is False


@pytest.mark.parametrize(
    ("body", "points", "subscore"),
    [
        ("Horizon zorvex sailed.", "3", 0.7),
        ("Horizon zorvex sailed from Dubai with drones.", "5", 0.9),
        ("Horizon zorvex, sanctioned, sailed from Dubai with missile drones.", "7", 1.0),
    ],
)
def test_a_mention_is_worth_point_seven_at_three_points_and_one_from_six(
    scorer: NewsScorer, body: str, points: str, subscore: float
) -> None:
    [mention] = [r for r in scorer.assess(article("News", body)).reasons if r.kind == "mention"]
    assert (mention.evidence["evidence_points"], mention.subscore) == (points, subscore)


def test_the_scorers_rules_reach_the_finder() -> None:
    rules = NewsRules(snippet_chars=10, window_chars=20, verify_threshold=0.95)
    scorer = NewsScorer([HORIZON], None, RiskConfig(), rules)
    assessment = scorer.assess(article("News", "Large fleet: Horizon zorvex sailed away today."))
    [mention] = assessment.reasons
    assert mention.evidence["snippet"] == "…ge fleet: Horizon zorvex sa…"
    far = scorer.assess(article("News", f"Horizon {'x' * 30} zorvex sailed."))
    assert far.reasons == []
    respelled = scorer.assess(article("News", "Horizon Zorveks Navigation sailed."))
    assert [r.matched for r in respelled.reasons] == ["Horizon"]


def test_the_catalogs_phrase_lists_are_read() -> None:
    body = "Horizon zorvex sold a quadrocopter."
    without = NewsScorer([HORIZON], None, RiskConfig()).assess(article("News", body))
    assert [r.kind for r in without.reasons] == ["mention"]
    with_lists = NewsScorer([HORIZON], object(), RiskConfig()).assess(article("News", body))
    assert [r.target for r in with_lists.reasons if r.kind == "product"] == [
        "drones / UAV (HS 8806)"
    ]


class _Index:
    def entries(self) -> Iterator[WatchlistEntry]:
        yield HORIZON


def test_an_index_is_read_for_its_entries() -> None:
    scorer = NewsScorer(_Index(), None, RiskConfig())
    assert scorer.finder.entry_count == 1
    assert scorer.config == RiskConfig()


def test_several_entries_products_and_the_first_three_reasons_in_the_headline() -> None:
    other = WatchlistEntry(id="x:2", schema="Organization", names=("KWYXOR",), source="other")
    scorer = NewsScorer([HORIZON, other], None, RiskConfig())
    body = "Kwyxor and Horizon zorvex shipped drones and chips to Iran via Dubai. Kwyxor again."
    assessment = scorer.assess(article("News", body))
    assert assessment.headline == (
        "names KWYXOR (other); names HORIZON ZORVEX NAVIGATION LLC (custom); unmanned aircraft"
    )
    assert [r.kind for r in assessment.reasons] == [
        "mention",
        "mention",
        "product",
        "product",
        "route",
    ]
    first = assessment.reasons[0]
    assert first.summary == (
        'article names "Kwyxor" ~ other entry KWYXOR: alias "KWYXOR", alias worth 3 ("kviksor" '
        "is rare (Zipf 0.0)); corroborated by integrated circuits (product +1); 4 points"
    )
    assert (first.program, first.evidence["mentions"]) == (None, "2")
    facets = assessment.facets
    assert facets is not None
    assert (facets.parties, facets.entity_ids) == (
        ["KWYXOR", "HORIZON ZORVEX NAVIGATION LLC"],
        ["x:2", "x:1"],
    )
    assert (facets.watchlists, facets.countries, facets.hs_code) == (
        ["custom", "other"],
        ["ae", "ir"],
        "8806",
    )


def test_a_mentions_subscore_is_scaled_by_how_close_its_spelling_is() -> None:
    entry = WatchlistEntry(
        id="x:5", schema="Organization", names=("HORIZON ZORVEX NAVIGATION",), source="custom"
    )
    scorer = NewsScorer([entry], None, RiskConfig())
    [mention] = scorer.assess(article("News", "Horizon Zorveks Navigation sailed.")).reasons
    # Four points (0.8) times 16 of 17 characters alike, to four places.
    assert (mention.evidence["evidence_points"], mention.subscore) == ("4", 0.7529)


def test_a_long_entry_name_is_cut_at_a_thousand_characters_and_the_headline_at_300() -> None:
    entry = WatchlistEntry(
        id="x:6", schema="Organization", names=("ZORVEX " + "KESTREL " * 150,),
        weak_aliases=("Zorvex",), source="custom",
        identifiers=(("registrationNumber", "AB-12345"),),
    )  # fmt: skip
    assessment = NewsScorer([entry], None, RiskConfig()).assess(
        article("News", "Zorvex ab12345 sailed.")
    )
    [mention] = assessment.reasons
    assert (len(mention.summary), len(assessment.headline)) == (1000, 300)
    assert mention.summary.startswith('article names "Zorvex" ~ custom entry ZORVEX KESTREL')


def test_namesake_cues_are_listed_in_the_reason(scorer: NewsScorer) -> None:
    body = "Horizon zorvex, the opera and the concert."
    [mention] = scorer.assess(article("News", body)).reasons
    assert mention.evidence["namesake_cues"] == "concert, opera"


def test_a_products_tier_is_on_its_reason_and_the_facets(scorer: NewsScorer) -> None:
    found = scorer.finder.find("News", "Horizon zorvex shipped drones.")
    [drones] = found.products
    tiered = ProductMention(ProductTerm("drones", "unmanned aircraft", "8806", "1"), drones.span)
    assessment = scorer.assess_mentions(replace(found, products=[tiered]))
    [product] = [r for r in assessment.reasons if r.kind == "product"]
    assert product.tier == "1"
    assert assessment.facets is not None and assessment.facets.hs_tier == "1"
