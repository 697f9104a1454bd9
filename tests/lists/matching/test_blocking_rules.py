"""Blocking on small hand-made lists: the keys a name is filed under, rarity weights, one-typo
neighbours, frequent words left unread, and which names a query's words lead to."""

from __future__ import annotations

import math

import pytest

from services.lists.matching.blocking import (
    COMMON_FUZZY_POSTING,
    COMMON_POSTING,
    KNOWN_WORD_NAMES,
    BlockingIndex,
    Candidates,
    _pairing_similarity,
    deletions,
    name_keys,
    top,
)
from services.lists.matching.normalize import split_name


def blocking(*names: str | tuple[str, int]) -> BlockingIndex:
    """An index of these names, each its own entry unless given as (name, entry)."""
    index = BlockingIndex()
    for name_id, item in enumerate(names):
        name, entry = item if isinstance(item, tuple) else (item, name_id)
        index.add(name_id, split_name(name), entry)
    index.finish()
    return index


def found(index: BlockingIndex, query: str, floor: float = 0.0) -> Candidates:
    parts = split_name(query)
    return index.candidates(parts, (1.0,) * len(parts.tokens), floor)


# --- keys -------------------------------------------------------------------------------------


def test_deletion_keys_are_every_one_letter_shorter_spelling() -> None:
    assert deletions("abcd") == {"bcd", "acd", "abd", "abc"}
    assert deletions("aab") == {"ab", "aa"}
    assert deletions("a") == {""}
    assert deletions("") == set()


def test_a_name_is_filed_under_words_spellings_frames_and_pairs_both_ways() -> None:
    assert name_keys(split_name("Zakharov Ivan")) == [
        "zaharov", "ivan",  # skeletons
        "zakharov",  # a spelling longer than three letters that differs from its skeleton
        "#dkr",  # consonant frames of two letters or more ('ivan' has one: 'b')
        "zaharovivan", "ivanzaharov",  # adjacent skeletons joined, both ways
        "zakharovivan", "ivanzakharov",  # and spelled
    ]  # fmt: skip


def test_a_one_word_name_has_no_pair_keys() -> None:
    assert name_keys(split_name("Aeroflot")) == ["eroflot", "aeroflot", "#rflt"]


# --- pairing estimate -------------------------------------------------------------------------


def test_the_pairing_estimate_discounts_near_misses_as_scoring_does() -> None:
    assert _pairing_similarity("abcdefghij", "abcdefghik") == pytest.approx(0.9)
    assert _pairing_similarity("abcdefgh", "abcdefgx") == pytest.approx(0.825)
    assert _pairing_similarity("abcde", "abcdx") == pytest.approx(0.6)
    assert _pairing_similarity("petrof", "petrov") == pytest.approx(0.7)  # f and v differ


def test_words_a_vowel_apart_pair_as_the_same_consonants() -> None:
    assert _pairing_similarity("ptrov", "petrov") == 0.85
    assert _pairing_similarity("mahmoud", "mahmud") == 0.85
    # Under 0.7 alike the consonants do not help: 'abc' / 'abcxy' keep their discount.
    assert _pairing_similarity("tpr", "tapera") == pytest.approx(0.5 - 0.8)


# --- rarity -----------------------------------------------------------------------------------


def test_rarity_counts_listed_parties_not_names() -> None:
    index = blocking(("Ivan Petrov", 0), ("Ivan Petrov Jr", 0), ("Olga Petrova", 1), "Anna Ivanova")
    assert index.entry_count == 3 and index.name_count == 4
    # 'ivan' is two names of one party: as rare as a word of one party.
    assert index.weight("ivan") == 1.0
    assert index.weight("olga") == 1.0


def test_rarity_weight_falls_with_the_share_of_parties_using_a_word() -> None:
    names = [
        f"Word{n} Common" if n < 5 else f"Word{n} Rare" if n < 7 else f"Word{n}" for n in range(10)
    ]
    index = blocking(*names)
    assert index.entry_count == 10
    assert index.weight("rare") == pytest.approx(1.25 * math.log(10 / 2) / math.log(10))
    assert index.weight("common") == pytest.approx(1.25 * math.log(10 / 5) / math.log(10))
    assert index.weight("unseen") == 1.0


def test_rarity_weight_has_a_floor_and_needs_two_parties() -> None:
    index = blocking(*[f"Everyone{n} Shared" for n in range(10)])
    assert index.weight("shared") == 0.2
    single = blocking("Ivan Ivan")
    assert single.entry_count == 1 and single.weight("ivan") == 1.0


# --- one-typo neighbours ----------------------------------------------------------------------


def test_a_word_one_edit_from_a_listed_word_finds_it_with_the_estimate() -> None:
    index = blocking("Ivan Petrov", "Olga Sidorova")
    assert index.similar_keys("petrov") == [("petrov", 1.0)]
    assert index.similar_keys("ptrov") == [("petrov", 0.85)]  # a dropped letter
    assert index.similar_keys("petrovv") == [("petrov", 0.85)]  # a doubled letter
    assert index.similar_keys("pterov") == [("petrov", 0.85)]  # a swap: the deletions meet
    assert index.similar_keys("patrow") == []  # two letters replaced


def test_words_under_four_letters_get_no_typo_neighbours() -> None:
    index = blocking("Ivan Abc")
    assert index.similar_keys("ivn") == []
    assert index.similar_keys("abcd") == []  # 'abc' is listed but too short to have neighbours
    assert index.similar_keys("abc") == [("abc", 1.0)]


def test_neighbours_under_the_pairing_minimum_are_dropped() -> None:
    index = blocking("Abcde")
    assert [(k, round(s, 6)) for k, s in index.similar_keys("abcdx")] == [("abcde", 0.6)]
    assert blocking("Abcd").similar_keys("abcx") == []  # 0.75 alike: 0.45 after the discount


def test_typo_neighbours_are_remembered_per_word() -> None:
    index = blocking("Ivan Petrov")
    first = index.similar_keys("ptrov")
    assert index.similar_keys("ptrov") is first


# --- candidates -------------------------------------------------------------------------------


def test_candidates_carry_the_share_of_the_query_found_and_the_words_that_hit() -> None:
    index = blocking("Ivan Petrov", "Ivan Sidorov", "Petrov Trading", "Olga Petrova")
    assert found(index, "Ivan Petrov").found == {
        0: (1.5, 4),  # both words (0.5 each) and their pair (0.5, two words)
        1: (0.5, 1),
        2: (0.5, 1),
        3: (pytest.approx(0.425), 1),  # petrova: 0.85 of petrov's half
    }


def test_a_floor_drops_names_whose_share_cannot_reach_it() -> None:
    index = blocking("Ivan Petrov", "Ivan Sidorov", "Olga Petrova")
    at_half = found(index, "Ivan Petrov", floor=0.5)
    assert set(at_half.found) == {0, 1}  # petrova's 0.425 is under the floor
    assert at_half.unread == []
    # Above half, 'ivan' (the more frequent word) alone could not lift a name to the floor: it
    # is not read, and counts as found for every name 'petrov' leads to.
    above = found(index, "Ivan Petrov", floor=0.51)
    assert above.found == {0: (1.5, 4), 2: (pytest.approx(0.925), 2)}
    assert above.unread == [0] and above.lift == 0.5 and above.unread_hits == 1


def test_a_word_several_parties_spell_so_is_no_typo() -> None:
    # 'petrova' is listed by three names: a query for it is not a misspelt 'petrov'.
    names = ["Anna Petrova", "Olga Petrova", "Irina Petrova", "Ivan Petrov"]
    assert KNOWN_WORD_NAMES == 3
    assert set(found(blocking(*names), "Petrova").found) == {0, 1, 2}
    assert set(found(blocking(*names[1:]), "Petrova").found) == {0, 1, 2}  # two: fuzzy too


def test_a_frequent_neighbour_is_not_read_for_a_typo() -> None:
    names = [f"Petrov {n}" for n in range(COMMON_FUZZY_POSTING + 1)]
    assert found(blocking(*names), "Ptrov").found == {}
    assert len(found(blocking(*names[1:]), "Ptrov").found) == COMMON_FUZZY_POSTING


def test_a_frequent_word_is_not_read_but_counts_as_found_for_every_candidate() -> None:
    names = [f"Trading{n} Zeta" for n in range(COMMON_POSTING + 1)] + ["Aeroflot Zeta"]
    index = blocking(*names)
    candidates = found(index, "Aeroflot Zeta")
    # aeroflot and the pair read (0.5 each, three words), zeta unread (0.5, one word).
    assert candidates.found == {COMMON_POSTING + 1: (1.5, 4)}
    assert candidates.unread == [1] and candidates.lift == 0.5 and candidates.unread_hits == 1


def test_names_holding_only_frequent_words_are_those_holding_them_all() -> None:
    names = [f"Alpha Beta {n}" for n in range(COMMON_POSTING + 1)] + ["Alpha Gamma", "Beta Gamma"]
    index = blocking(*names)
    candidates = found(index, "Alpha Beta")
    assert set(candidates.found) == set(range(COMMON_POSTING + 1))
    assert set(candidates.found.values()) == {(1.0, 2)}
    assert candidates.unread == [] and candidates.lift == 0.0


def test_rare_words_first_then_the_rest_count_as_found_once_they_cannot_reach_the_floor() -> None:
    names = ["Zeta Alpha", "Zeta Beta", "Zeta Gamma", "Alpha Beta Gamma"]
    index = blocking(*names)
    parts = split_name("Alpha Beta Zeta")
    # Alpha and beta (two names each) are read; zeta (three) weighs a third, under the floor.
    candidates = index.candidates(parts, (1.0, 1.0, 1.0), floor=0.6)
    assert candidates.unread == [2]
    assert candidates.lift == pytest.approx(1 / 3) and candidates.unread_hits == 1
    assert {n: (round(share, 6), hits) for n, (share, hits) in candidates.found.items()} == {
        0: (round(2 / 3, 6), 2),  # alpha, zeta unread
        1: (1.0, 4),  # beta, the pair 'beta zeta', zeta unread
        3: (round(4 / 3, 6), 5),  # alpha, beta, their pair, zeta unread
    }


def test_an_initial_is_never_read_and_counts_as_found() -> None:
    index = blocking("Ivan Petrov", "Olga Sidorova")
    candidates = found(index, "I Petrov")
    assert candidates.unread == [0] and candidates.unread_hits == 1
    assert candidates.lift == 0.5
    assert candidates.found == {0: (1.0, 2)}


def test_a_national_ending_leads_to_the_bare_listed_word() -> None:
    index = blocking("Vladimir Putin", "Olga Sidorova")
    assert found(index, "Putinas").found == {0: (0.9, 1)}


def test_a_vowelless_word_leads_to_names_of_the_same_consonants() -> None:
    index = blocking("Mohamed Ali", "Olga Sidorova")
    assert found(index, "Mhmd").found == {0: (0.9, 1)}


def test_the_best_candidates_reaching_the_floor_best_first() -> None:
    estimates = {1: (0.5, 1), 2: (0.9, 1), 3: (0.2, 1), 4: (0.7, 2)}
    assert list(top(estimates, 0.4, 2)) == [2, 4]
    assert list(top(estimates, 0.4, 3)) == [2, 4, 1]
    assert list(top(estimates, 0.5, 5)) == [2, 4, 1]  # the floor itself is kept
    assert list(top(estimates, 0.95, 5)) == []
    assert list(top({}, 0.0, 5)) == []
