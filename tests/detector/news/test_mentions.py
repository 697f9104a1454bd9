"""The mention finder on small hand-made lists: boundaries, inflections, corroboration, severity."""

from __future__ import annotations

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS, MentionFinder, NewsScorer
from services.detector.news.textnorm import fold_phrase
from services.detector.scoring.config import RiskConfig
from services.lists.watchlists.model import WatchlistEntry
from tests.support.news_articles import article

WAGNER = WatchlistEntry(
    id="sdn:22543",
    schema="Organization",
    names=("PRIVATE MILITARY COMPANY 'WAGNER'", "PMC WAGNER"),
    source="us_ofac_sdn",
    countries=("ru",),
    programs=("UKRAINE-EO13660",),
)
UTKIN = WatchlistEntry(
    id="sdn:22544", schema="Person", names=("UTKIN, Dmitriy Valeryevich",), source="us_ofac_sdn"
)
ATLAS = WatchlistEntry(
    id="x:1", schema="Organization", names=("ATLAS NAVIGATION TRADING FZE",), source="custom",
    weak_aliases=("ATLAS",), countries=("ae",),
)  # fmt: skip
ENTRIES = [WAGNER, UTKIN, ATLAS]


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(ENTRIES, DEFAULT_PRODUCT_TERMS)


def _named(finder: MentionFinder, title: str, body: str = "") -> set[str]:
    return {m.entry.id for m in finder.find(title, body).entities}


@pytest.mark.parametrize(
    "text",
    [
        "Wagner's mercenaries were seen in Russia.",
        "The PMC Wagner operates widely.",
        "Наёмники Вагнера вернулись в Россию.",
        "Отчёт о ЧВК Вагнер.",
        "Vagner mercenaries arrived.",
    ],
)
def test_weak_core_is_found_through_possessives_inflections_and_scripts(
    finder: MentionFinder, text: str
) -> None:
    assert "sdn:22543" in _named(finder, text)


def test_weak_core_alone_is_not_enough(finder: MentionFinder) -> None:
    assert _named(finder, "Richard Wagner's Ring cycle opens in Bayreuth.") == set()


def test_names_split_over_lines_and_word_order(finder: MentionFinder) -> None:
    found = finder.find("Report", "Its commander, Dmitry\nUtkin, was not reached.").entities
    [mention] = found
    assert mention.entry.id == "sdn:22544"
    assert mention.span.text == "Dmitry\nUtkin"
    assert mention.span.field == "body"


def test_word_boundaries_hold(finder: MentionFinder) -> None:
    assert _named(finder, "Wagnerian opera in Russia", "Wagnerite minerals in Russia") == set()


def test_everyday_alias_needs_the_entrys_own_context(finder: MentionFinder) -> None:
    # An everyday word with a country and a product is still an everyday word.
    assert _named(finder, "Atlas shipped drones to Dubai.") == set()
    # With a word of its own name as well, it is the listed trader.
    assert _named(finder, "ATLAS, the Dubai navigation firm, shipped drones.") == {"x:1"}


def test_offsets_point_at_the_written_text(finder: MentionFinder) -> None:
    body = "Sources said the private military company Wagner's drones came via Dubai."
    found = finder.find("Title", body)
    assert {e.entry.id for e in found.entities} == {"sdn:22543"}
    for entity in found.entities:  # the full name and its core "Wagner"
        assert body[entity.span.start : entity.span.end] == entity.span.text
        assert "Wagner" in entity.span.snippet
    assert {c.code for c in found.countries} == {"ae"}
    assert {p.term.category for p in found.products} == {"unmanned aircraft"}


@pytest.mark.parametrize(
    "body,severity",
    [
        ("PMC Wagner held a parade.", "low"),
        ("PMC Wagner bought drones.", "medium"),
        ("PMC Wagner was seen in Dubai.", "medium"),
        ("PMC Wagner bought drones in Dubai.", "high"),
    ],
)
def test_severity_follows_entity_product_route(body: str, severity: str) -> None:
    assessment = NewsScorer(ENTRIES, None, RiskConfig()).assess(article("News", body))
    assert assessment.alerted
    assert assessment.severity == severity


def test_products_and_countries_without_an_entity_do_not_alert() -> None:
    assessment = NewsScorer(ENTRIES, None, RiskConfig()).assess(
        article("Drones", "DJI drones flow via Dubai to Russia.")
    )
    assert not assessment.alerted and assessment.reasons == []


@pytest.mark.parametrize(
    "a,b",
    [
        ("Wagner", "Вагнера"),
        ("Dmitriy", "Дмитрий"),
        ("Zala Aero", "Зала Аэро"),
        ("Kalashnikov", "Калашникова"),
    ],
)
def test_latin_and_cyrillic_forms_fold_together(a: str, b: str) -> None:
    assert fold_phrase(a) == fold_phrase(b)
