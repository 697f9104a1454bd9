"""What corroborates a mention, kind by kind, with its exact points: an identifier 3, an unusual
word or another alias of the entry 2, a common word of its names 1, a country, program topic,
listing word or controlled product 1; what does not (another entry's alias, a country or topic
that is not the entry's, the mention's own words); namesake cues, one per place."""

from __future__ import annotations

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS, MentionFinder
from services.detector.news.evidence import Corroboration
from services.detector.news.mentions import EntityMention
from services.lists.watchlists.model import WatchlistEntry

# "Horizon" is a common word (one point); "zorvex" is rare, "navigation" common; "HZ NV" is a
# second alias whose words are too short to be name words of their own.
HORIZON = WatchlistEntry(
    id="x:1", schema="Organization", names=("HORIZON ZORVEX NAVIGATION LLC", "HZ NV"),
    source="custom", weak_aliases=("HORIZON",), countries=("ae",), programs=("NPWMD",),
    identifiers=(("registrationNumber", "AB-12345"),),
)  # fmt: skip
OTHER = WatchlistEntry(id="x:2", schema="Organization", names=("QU RT",), source="custom")
MERCENARIES = WatchlistEntry(
    id="x:3", schema="Organization", names=("PRIVATE MILITARY COMPANY 'WAGNER'",),
    source="custom", countries=("ru",),
)  # fmt: skip


# Built for each test (milliseconds): a mutation run credits the constructor to the tests that
# build it, and a shared fixture would credit only the first.
@pytest.fixture
def finder() -> MentionFinder:
    return MentionFinder([HORIZON, OTHER, MERCENARIES], DEFAULT_PRODUCT_TERMS)


def _horizon(finder: MentionFinder, body: str) -> EntityMention | None:
    """The mention of the one-word alias "Horizon", if the finder accepts it."""
    found = [m for m in finder.find("News", body).entities if m.key.folded == "horizon"]
    assert len(found) <= 1
    return found[0] if found else None


def _corroboration(finder: MentionFinder, body: str) -> tuple[tuple[Corroboration, ...], int]:
    mention = _horizon(finder, body)
    assert mention is not None
    return mention.evidence.corroboration, mention.evidence.total


def test_an_identifier_nearby_adds_three_points_under_its_listed_spelling(
    finder: MentionFinder,
) -> None:
    assert _corroboration(finder, "Horizon ab12345 was seen.") == (
        (Corroboration("identifier", "AB-12345", 3),),
        4,
    )


def test_an_unusual_word_of_the_entrys_name_adds_two(finder: MentionFinder) -> None:
    assert _corroboration(finder, "Horizon zorvex was seen.") == (
        (Corroboration("name", "zorveks", 2),),
        3,
    )


def test_a_common_word_of_the_entrys_name_adds_one(finder: MentionFinder) -> None:
    assert _horizon(finder, "Horizon navigation was seen.") is None
    assert _corroboration(finder, "Horizon navigation was seen in Dubai.") == (
        (Corroboration("country", "ae", 1), Corroboration("name", "navigation", 1)),
        3,
    )


def test_another_alias_of_the_same_entry_adds_two(finder: MentionFinder) -> None:
    assert _corroboration(finder, "Horizon, also HZ NV, was seen.") == (
        (Corroboration("name", "hz nv", 2),),
        3,
    )


def test_another_entrys_alias_corroborates_nothing(finder: MentionFinder) -> None:
    found = finder.find("News", "Horizon, also QU RT, was seen.").entities
    assert [m.entry.id for m in found] == ["x:2"]
    assert found[0].evidence.corroboration == ()


def test_the_mentions_own_words_do_not_corroborate_it(finder: MentionFinder) -> None:
    [mention] = [
        m
        for m in finder.find("News", "Horizon Zorvex Navigation was seen.").entities
        if m.key.folded == "horizon zorveks navigation"
    ]
    assert (mention.evidence.corroboration, mention.evidence.total) == ((), 4)


def test_a_second_writing_of_the_same_alias_corroborates_nothing(finder: MentionFinder) -> None:
    assert _horizon(finder, "Horizon met Horizon.") is None


def test_the_entrys_country_and_a_listing_word_add_one_each(finder: MentionFinder) -> None:
    assert _corroboration(finder, "Horizon, seen in Dubai, was sanctioned.") == (
        (Corroboration("country", "ae", 1), Corroboration("listing", "sanctioned", 1)),
        3,
    )


def test_a_country_that_is_not_the_entrys_adds_nothing(finder: MentionFinder) -> None:
    assert _horizon(finder, "Horizon, seen in Russia, was sanctioned.") is None


def test_a_word_of_the_entrys_program_adds_one_as_its_topic(finder: MentionFinder) -> None:
    assert _corroboration(finder, "Horizon sold a missile in Dubai.") == (
        (Corroboration("country", "ae", 1), Corroboration("topic", "proliferation", 1)),
        3,
    )


def test_a_topic_of_another_program_adds_nothing(finder: MentionFinder) -> None:
    assert _horizon(finder, "Horizon used ransomware in Dubai.") is None


def test_a_controlled_product_adds_one_by_its_category(finder: MentionFinder) -> None:
    assert _corroboration(finder, "Horizon, sanctioned, sold drones.") == (
        (
            Corroboration("listing", "sanctioned", 1),
            Corroboration("product", "unmanned aircraft", 1),
        ),
        3,
    )


def test_an_organisation_type_of_the_entrys_name_adds_two(finder: MentionFinder) -> None:
    found = finder.find("News", "Wagner mercenaries were in Russia.").entities
    [mention] = [m for m in found if m.entry.id == "x:3"]
    assert mention.evidence.corroboration == (
        Corroboration("country", "ru", 1),
        Corroboration("name", "pmc", 2),
    )
    assert mention.evidence.total == 4


def test_namesake_cues_are_listed_one_per_place_in_the_text(finder: MentionFinder) -> None:
    # "опера" folds like "opera": both words are found at one place, one cue.
    mention = _horizon(finder, "Horizon zorvex опера.")
    assert mention is not None and mention.evidence.namesake_cues == ("opera",)
    mention = _horizon(finder, "Horizon zorvex, the opera and the concert.")
    assert mention is not None and mention.evidence.namesake_cues == ("concert", "opera")
    assert mention.evidence.total == 3  # a name word outweighs the cues


def test_a_namesake_cue_outweighs_weak_context(finder: MentionFinder) -> None:
    assert _horizon(finder, "Horizon, seen in Dubai, was sanctioned at the opera.") is None
