"""Alias weight, shape, namesakes and corroboration on a small hand-made list, and the reasons."""

from __future__ import annotations

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS, MentionFinder, NewsScorer
from services.detector.news.evidence import Corroboration, weigh
from services.detector.news.rarity import WordRarity
from services.detector.scoring.config import RiskConfig
from services.lists.watchlists.model import WatchlistEntry
from tests.support.news_articles import article

WAGNER = WatchlistEntry(
    id="sdn:22543", schema="Organization", names=("PRIVATE MILITARY COMPANY 'WAGNER'",),
    source="us_ofac_sdn", countries=("ru",), programs=("UKRAINE-EO13660",),
)  # fmt: skip
ROE = WatchlistEntry(
    id="sdn:18782", schema="Organization", names=("ROSOBORONEXPORT",), source="us_ofac_sdn",
    countries=("ru",),
)  # fmt: skip
GRU = WatchlistEntry(
    id="sdn:21343", schema="Organization", names=("MAIN INTELLIGENCE DIRECTORATE", "GRU"),
    source="us_ofac_sdn", countries=("ru",), programs=("CYBER2",),
)  # fmt: skip
TANKER = WatchlistEntry(
    id="sdn:47371", schema="Vessel", names=("NS LEADER",), source="us_ofac_sdn",
    identifiers=(("imoNumber", "9339301"),),
)  # fmt: skip
EVERYDAY = WatchlistEntry(
    id="x:2", schema="Organization", names=("ELEMENTO LIMITED", "POSTBANK"), source="custom",
    countries=("ir",),
)  # fmt: skip
CARTEL = WatchlistEntry(
    id="sdn:11440", schema="Organization", names=("SINALOA CARTEL",), source="us_ofac_sdn",
    weak_aliases=("FEDERATION",), countries=("mx",), programs=("SDNTK",),
)  # fmt: skip
RICHARD = WatchlistEntry(
    id="x:3", schema="Person", names=("DOE, Richard",), source="custom"
)  # a listed "Richard" makes it a known given name
ENTRIES = [WAGNER, ROE, GRU, TANKER, EVERYDAY, CARTEL, RICHARD]


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(ENTRIES, DEFAULT_PRODUCT_TERMS)


def _named(finder: MentionFinder, body: str, title: str = "News") -> set[str]:
    return {m.entry.id for m in finder.find(title, body).entities}


def test_a_rare_one_word_alias_counts_alone(finder: MentionFinder) -> None:
    [mention] = finder.find("News", "Rosoboronexport signed a contract.").entities
    assert mention.entry.id == "sdn:18782"
    assert mention.evidence.rarest.band == "rare"
    assert mention.evidence.corroboration == ()


def test_a_common_one_word_alias_needs_the_entrys_context(finder: MentionFinder) -> None:
    assert _named(finder, "Wagner was in Russia.") == set()  # common word + a country: no
    assert _named(finder, "Wagner mercenaries were in Russia.") == {"sdn:22543"}


@pytest.mark.parametrize(
    "body",
    [
        "Fans of Richard Wagner in Russia paid for the mercenaries' show.",  # runs into a name
        # One sense per article: without "Richard Wagner" this would be a mention (3 points).
        "Fans of Richard Wagner met. Wagner, once blacklisted in Russia, is back.",
        "The Wagner opera, once blacklisted in Russia, is back.",  # namesake cue
    ],
)
def test_namesakes_are_not_the_listed_company(finder: MentionFinder, body: str) -> None:
    assert _named(finder, body) == set()


@pytest.mark.parametrize(
    "body",
    [
        "An element of the list in Iran.",  # the everyday word, lower case
        "Element traders in Iran.",  # "ELEMENTO" folds to "element": an everyday word
        "Postbank customers in Iran.",  # a compound of two everyday words
        "The Federation of Small Businesses in Mexico met cartel victims.",  # a longer name
    ],
)
def test_everyday_words_and_longer_names_do_not_make_a_mention(
    finder: MentionFinder, body: str
) -> None:
    assert _named(finder, body) == set()


def test_an_acronym_must_be_written_in_capitals(finder: MentionFinder) -> None:
    assert _named(finder, "Gru hackers in Russia used ransomware.") == set()
    assert _named(finder, "GRU hackers in Russia used ransomware.") == {"sdn:21343"}


def test_an_identifier_corroborates_a_vessel(finder: MentionFinder) -> None:
    assert _named(finder, "NS Leader sailed on.") == set()
    [mention] = finder.find("News", "The NS Leader (IMO 9339301) sailed on.").entities
    assert "identifier:9339301" in mention.corroborated_by
    assert _named(finder, "Wagner, once blacklisted in Russia, is back.") == {"sdn:22543"}


def test_a_transliterated_one_word_alias_is_weighed_in_the_texts_language(
    finder: MentionFinder,
) -> None:
    assert _named(finder, "Вагнер выступал в России.") == set()
    assert _named(finder, "Бойцы ЧВК «Вагнер» вернулись в Россию.") == {"sdn:22543"}


def test_weigh_counts_each_kind_once_and_namesake_cues_against() -> None:
    rarest = WordRarity("vagner", 3.7)
    twice = [Corroboration("country", "ru", 1), Corroboration("country", "by", 1)]
    assert weigh(1, rarest, False, twice, []) is None
    named = [Corroboration("name", "pmc", 2), *twice]
    evidence = weigh(1, rarest, False, named, [])
    assert evidence is not None and evidence.total == 4
    assert weigh(1, rarest, False, [Corroboration("product", "drones", 1)] * 2, []) is None
    assert weigh(2, rarest, False, [Corroboration("country", "ru", 1)], ["opera"]) is None


def test_the_alert_reason_explains_alias_rarity_and_corroboration() -> None:
    scorer = NewsScorer(ENTRIES, None, RiskConfig())
    assessment = scorer.assess(article("News", "Wagner mercenaries bought drones in Russia."))
    [reason] = [r for r in assessment.reasons if r.kind == "mention"]
    assert reason.entry_id == "sdn:22543"
    assert reason.evidence["alias_band"] == "common"
    assert reason.evidence["alias_shape"] == "one-word name"
    assert float(reason.evidence["alias_zipf"]) > 3.0
    assert "name:pmc(+2)" in reason.evidence["corroborated_by"]
    assert "country:ru(+1)" in reason.evidence["corroborated_by"]
    assert "is common (Zipf" in reason.summary and "corroborated by" in reason.summary
