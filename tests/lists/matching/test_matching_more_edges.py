"""More edges the mutation runs left unguarded: every ten before a unit, ordinals ending in
zero, rarity's cap, four-letter typo neighbours, a listed person's patronymic, birth dates and
identifiers through screening, one-letter pieces, labials, short compound tails."""

from __future__ import annotations

import pytest

from services.lists.matching import MatchIndex, NameQuery
from services.lists.matching.arabic import compound_tail, romanise_arabic
from services.lists.matching.evidence import weigh_evidence
from services.lists.matching.normalize import split_name, transliterate
from services.lists.matching.similarity import align, key_similarity
from services.lists.matching.splitting import split_word
from services.lists.matching.tagging import number_value, numbers_as_digits
from services.lists.watchlists import Watchlist, WatchlistEntry
from tests.lists.matching.test_blocking_rules import blocking


@pytest.mark.parametrize("ten", [20, 30, 40, 50, 60, 70, 80, 90])
def test_every_ten_followed_by_a_unit_adds_up(ten: int) -> None:
    assert numbers_as_digits([str(ten), "one"]) == [str(ten + 1)]


def test_an_ordinal_ending_in_zero_keeps_it() -> None:
    assert number_value("10th") == "10"
    assert number_value("100") == "100"


def test_rarity_weight_is_capped_at_one_and_floored_for_a_word_of_every_party() -> None:
    many = blocking(*[f"W{n} Shared" if n < 2 else f"W{n}" for n in range(100)])
    assert many.weight("shared") == 1.0  # 1.25 · log(50) / log(100) would be 1.06
    both = blocking("Ivan Petrov", "Ivan Sidorov")
    assert both.weight("ivan") == 0.2  # two parties, both use it


def test_a_four_letter_word_finds_a_four_letter_listed_word_a_swap_away() -> None:
    assert blocking("Ivan Petrov", "Olga Sidorova").similar_keys("ivna") == [("ivan", 0.85)]


def test_a_listed_persons_patronymic_weighs_a_third() -> None:
    index = MatchIndex.build(
        [Watchlist("t", "1", [WatchlistEntry("p", "Person", ("Ivan Sergeevich Petrov",), "t")])]
    )
    assert index._names[0].weights == (1.0, 0.35, 1.0)


PERSON = WatchlistEntry(
    "p", "Person", ("Ivan Petrov",), "test", countries=("ru",), birth_dates=("1970-05-01",),
    identifiers=(("passportNumber", "AB12345"),),
)  # fmt: skip


def test_a_birth_date_reaches_the_score_through_screening() -> None:
    index = MatchIndex.build([Watchlist("t", "1", [PERSON])])
    match = index.screen(NameQuery("Ivan Petrv", birth_date="1970-05-01"))[0]
    assert match.score == 1.0
    assert "; birth date 1970-05-01 matches; score 1.00" in match.explanation


def test_a_query_without_a_word_is_found_by_its_identifier() -> None:
    index = MatchIndex.build([Watchlist("t", "1", [PERSON])])
    found = index.screen(NameQuery("--", identifiers={"passportNumber": "AB12345"}))
    assert [(m.entry.id, m.score) for m in found] == [("p", 0.9)]


def test_a_country_and_a_birth_year_add_up() -> None:
    found = weigh_evidence(PERSON, None, "RU", "1970-12-31", {})
    assert found.adjustment == pytest.approx(0.05)


def test_a_short_identifier_does_not_stop_the_others_from_matching() -> None:
    found = weigh_evidence(
        PERSON, None, None, None, {"idNumber": "12", "passportNumber": "AB12345"}
    )
    assert found.identifier_match


def test_a_word_repeated_in_the_query_pairs_with_the_listed_one_in_its_place() -> None:
    query, listed = split_name("Ivan Ivan"), split_name("Petrov Ivan")
    assert align(query, (1.0, 1.0), listed, (1.0, 1.0)).pairs == ((1, 1, 1.0),)


def test_one_letter_pieces_do_not_split_a_word() -> None:
    assert split_word("ivana", {"ivan", "a"}) is None


def test_labials_of_two_consonants_pair() -> None:
    assert key_similarity("pt", "bt", "pat", "bat") == 0.85


def test_a_compound_tail_of_four_letters() -> None:
    assert compound_tail("noor", "abdalnoor")


def test_arabic_vowel_marks_and_doubling_are_read_or_dropped() -> None:
    assert romanise_arabic("مُحَمَّد") == "muhamad"  # damma and fatha read, shadda dropped


def test_latin_letters_with_accents_keep_their_case() -> None:
    assert transliterate("Müller") == "Muller"
