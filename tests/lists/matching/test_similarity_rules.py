"""Word similarity rule by rule, on hand-picked word pairs: typos, initials, numbers, endings,
compounds, consonant keys, the near-miss discount, and how two names' words are paired."""

from __future__ import annotations

import pytest

from services.lists.matching.normalize import NameParts, split_name
from services.lists.matching.similarity import (
    COMPOUND_PART_SIMILARITY,
    CROSS_SCRIPT_FRAME_SIMILARITY,
    SYMBOL_SIMILARITY,
    TYPO_SIMILARITY,
    _discounted,
    _far_apart,
    _glides,
    _labials,
    _typo,
    _vowelless,
    align,
    joined_similarity,
    key_similarity,
    same_frame,
    same_given_name,
    same_org_word,
    token_similarity,
)


def similarity(a: str, b: str, *, abjad: bool = False, typos: bool = True) -> float:
    """Two single words compared as screening compares them (skeletons, frames, spellings)."""
    pa, pb = split_name(a), split_name(b)
    return token_similarity(
        pa.skeletons[0], pb.skeletons[0], pa.frames[0], pb.frames[0], a, b, abjad, typos
    )


# --- typos ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ivanov", "ivnaov"),  # two neighbours swapped
        ("ivanov", "ivnov"),  # one letter dropped
        ("abcd", "abdc"),  # four letters are enough for a swap
        ("abcde", "abcd"),  # five letters are enough for a dropped letter
        ("abcd", "abcdd"),  # a doubled letter
    ],
)
def test_a_dropped_doubled_or_swapped_letter_is_a_typo(a: str, b: str) -> None:
    assert _typo(a, b)
    assert _typo(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("abc", "acb"),  # too short for a swap
        ("abcd", "abc"),  # a dropped letter needs five letters in the longer word
        ("abcd", "abce"),  # a replaced letter is no typo
        ("ivanov", "ivanova"),  # the feminine form is another person
        ("petrova", "petrov"),
        ("ivanov", "ivanov"),  # the same word is not a typo of itself
        ("abcdef", "badcef"),  # two swaps
        ("abcdef", "abcdefgh"),  # two letters added
    ],
)
def test_other_edits_are_no_typo(a: str, b: str) -> None:
    assert not _typo(a, b)


def test_a_typo_scores_the_typo_similarity_unless_the_word_is_listed_in_its_own_right() -> None:
    assert similarity("ivanov", "ivnaov") == TYPO_SIMILARITY == 0.9
    assert similarity("ivanov", "ivnov") == 0.9
    # 'ivnov' spelled by a listed party too: a dropped letter earns what any one edit earns.
    assert similarity("ivanov", "ivnov", typos=False) == pytest.approx(0.7)
    assert similarity("karim", "kraim", typos=False) == pytest.approx(0.85)  # same consonants


def test_a_replaced_letter_earns_less_than_a_typo() -> None:
    assert similarity("karim", "kasim") == pytest.approx(0.6)
    assert similarity("karim", "kraim") == 0.9


# --- the near-miss discount -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "discounted"),
    [(1.0, 1.0), (0.95, 0.95), (0.9, 0.9), (0.8, 0.6), (0.75, 0.45), (0.6, 0.0), (0.5, 0.0)],
)
def test_the_discount_spares_close_words_and_triples_the_gap_below(
    raw: float, discounted: float
) -> None:
    assert _discounted(raw) == pytest.approx(discounted)


def test_near_misses_in_long_words_are_discounted() -> None:
    assert similarity("abcdefghij", "abcdefghik") == pytest.approx(0.9)  # one edit in ten
    # 0.875 alike, 0.025 short of 0.9: the discount takes twice that gap again.
    assert similarity("abcdefgh", "abcdefgx") == pytest.approx(0.825)
    assert similarity("lopez", "lopes") == pytest.approx(0.6)  # 0.8 alike: 0.6, just pairs


# --- initials, numbers, short words, compounds, endings ---------------------------------------


def test_an_initial_pairs_with_a_word_of_its_letter_only() -> None:
    assert similarity("j", "john") == 0.8
    assert similarity("john", "j") == 0.8
    assert similarity("j", "peter") == 0.0


def test_numbers_are_equal_or_different_never_close() -> None:
    assert similarity("12", "13") == 0.0
    assert similarity("1234", "1243") == 0.0  # a swap of digits is no typo
    assert similarity("12", "12") == 1.0


def test_short_words_must_be_equal_unless_one_is_a_vowelless_romanisation() -> None:
    assert similarity("abc", "abd") == 0.0
    assert similarity("ly", "ali") == 0.85  # Ali written without vowels
    assert similarity("ali", "ly") == 0.85


def test_part_of_a_compound_name_pairs_as_a_part() -> None:
    assert similarity("rahman", "abdalrahman") == COMPOUND_PART_SIMILARITY == 0.75
    assert similarity("abdalrahman", "rahman") == 0.75


def test_a_national_ending_is_a_variant_of_the_bare_name() -> None:
    assert similarity("putinas", "putin") == 0.9
    assert similarity("putin", "putini") == 0.9


def test_the_same_consonants_in_different_vowels_pair_at_085() -> None:
    assert similarity("mhmd", "mohamed") == 0.85  # vowel-less
    assert similarity("hmd", "ahmad") == 0.85


def test_equal_skeletons_are_one_word() -> None:
    assert similarity("sergei", "sergei") == 1.0
    assert similarity("zakharov", "zaharov") == 1.0  # kh and h: one skeleton


# --- consonant keys (Arabic or Hebrew script on one side) -------------------------------------


def test_equal_consonant_keys_of_two_letters_or_more_pair_at_09() -> None:
    assert key_similarity("mhmd", "mhmd", "mohamed", "mhmd") == 0.9
    assert key_similarity("hs", "hs", "hasan", "husayn") == 0.9


def test_a_one_consonant_key_needs_the_glides_to_agree() -> None:
    assert key_similarity("l", "l", "ali", "aly") == 0.8
    assert key_similarity("l", "l", "yali", "ali") == 0.0  # a leading glide the other lacks
    assert key_similarity("l", "l", "al", "ali") == 0.0  # the article is not Ali
    assert key_similarity("l", "l", "ali", "al") == 0.0


def test_long_consonant_keys_one_edit_apart_pair_at_08() -> None:
    assert key_similarity("bdrhmn", "bdrhmm", "x", "y") == 0.8
    assert key_similarity("bdrh", "bdrk", "x", "y") == 0.8  # four consonants are enough
    assert key_similarity("bdr", "bdk", "x", "y") == 0.0  # three are not
    assert key_similarity("bdrhmn", "bdrxyz", "x", "y") == 0.0


def test_arabic_script_writes_p_and_v_as_b() -> None:
    assert key_similarity("btr", "ptr", "bitar", "pitar") == 0.85
    assert key_similarity("btr", "ftr", "bitar", "phitar") == 0.85
    assert key_similarity("p", "b", "p", "b") == 0.0  # one consonant is not enough


def test_glides_keep_a_leading_y_or_w_and_drop_vowels_and_doubles() -> None:
    assert _glides("yahya") == "yh"
    assert _glides("ali") == "l"
    assert _glides("wassim") == "wsm"
    assert _labials("phillip") == "billib"
    assert _labials("victor") == "bictor"


def test_vowelless_words_have_two_letters_or_more_and_no_vowel() -> None:
    assert _vowelless("mhmd")
    assert _vowelless("ly")
    assert not _vowelless("m")
    assert not _vowelless("mohamed")


def test_arabic_script_lifts_a_word_pair_by_its_consonant_key() -> None:
    assert similarity("ali", "aly") == 0.0
    assert similarity("ali", "aly", abjad=True) == 0.8
    assert similarity("petrov", "petrova", abjad=True) == 0.9  # same consonants
    assert similarity("ivanov", "ivnaov", abjad=True) == 0.9  # close enough already


# --- far apart --------------------------------------------------------------------------------


def _far(a: str, b: str) -> bool:
    pa, pb = split_name(a), split_name(b)
    return _far_apart(pa.skeletons[0], pb.skeletons[0], pa.frames[0], pb.frames[0], a, b)


def test_words_several_edits_apart_are_far_apart() -> None:
    assert _far("trading", "teodoro")
    assert similarity("trading", "teodoro") == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("j", "tarasov"),  # an initial
        ("tarasov", "j"),
        ("abdalkarim", "karim"),  # a compound
        ("karim", "abdulkarim"),
        ("mohamed", "mhmd"),  # the same consonant frame
        ("ostrovsky", "ostrowski"),  # two edits
        ("velikorechensk", "velikorechenskiy"),
    ],
)
def test_words_a_rule_may_pair_are_not_far_apart(a: str, b: str) -> None:
    assert not _far(a, b)


def test_the_spelling_check_allows_a_fifth_of_the_letters() -> None:
    # Ten letters, two edits: within max(2, 10 // 5); three edits are not.
    assert not _far("abcdefghij", "abcdefghxy")
    assert _far("abcdefghij", "abcdefgxyz")


# --- aligning two names -----------------------------------------------------------------------


def _align(
    query: str,
    listed: str,
    *,
    weights: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
    people: bool = False,
    vocabulary: frozenset[str] = frozenset(),
) -> tuple[tuple[tuple[int, int, float], ...], float, float]:
    q, c = split_name(query), split_name(listed)
    qw, cw = weights or ((1.0,) * len(q.tokens), (1.0,) * len(c.tokens))
    found = align(q, qw, c, cw, people, vocabulary)
    return found.pairs, found.query_coverage, found.list_coverage


def test_words_pair_in_any_order() -> None:
    assert _align("ivan petrov", "petrov ivan") == (((0, 1, 1.0), (1, 0, 1.0)), 1.0, 1.0)


def test_a_word_pairs_once_with_the_nearest_position_first() -> None:
    assert _align("ivan ivan", "ivan") == (((0, 0, 1.0),), 0.5, 1.0)
    assert _align("ivan", "ivan ivan") == (((0, 0, 1.0),), 1.0, 0.5)


def test_coverage_is_weighted_on_each_side() -> None:
    pairs, query_coverage, list_coverage = _align(
        "ivan petrov", "ivan sidorov", weights=((0.5, 1.0), (1.0, 0.25))
    )
    assert pairs == ((0, 0, 1.0),)
    assert query_coverage == pytest.approx(0.5 / 1.5)
    assert list_coverage == pytest.approx(1.0 / 1.25)


def test_a_close_pair_counts_its_similarity() -> None:
    assert _align("ivan petrov", "ivan petrova") == (((0, 0, 1.0), (1, 1, 0.85)), 0.925, 0.925)


def test_words_under_the_minimum_similarity_do_not_pair() -> None:
    pairs, query_coverage, _ = _align("karim", "kasim")  # 0.6: just pairs
    assert [(i, j) for i, j, _ in pairs] == [(0, 0)]
    assert query_coverage == pytest.approx(0.6)
    assert _align("ivan", "boris") == ((), 0.0, 0.0)


def test_weightless_names_cover_nothing() -> None:
    empty = NameParts((), (), ())
    assert align(empty, (), split_name("ivan"), (1.0,)).query_coverage == 0.0
    assert align(split_name("ivan"), (0.0,), split_name("ivan"), (0.0,)).list_coverage == 0.0


def test_people_pair_given_names_rigour_files_together() -> None:
    assert _align("sasha petrov", "alexander petrov", people=True) == (
        ((0, 0, SYMBOL_SIMILARITY), (1, 1, 1.0)), 0.94, 0.94
    )  # fmt: skip
    assert _align("sasha petrov", "alexander petrov") == (((1, 1, 1.0),), 0.5, 0.5)


def test_generic_words_of_organisations_pair_across_languages_by_rigours_symbols() -> None:
    assert _align("Όμιλος Ολυμπία", "olympia group")[0] == ((0, 1, SYMBOL_SIMILARITY), (1, 0, 1.0))
    assert _align("Банк Альфа", "alfa bank", people=True)[0] == ((0, 1, 1.0), (1, 0, 1.0))
    assert _align("Όμιλος", "holding") == ((), 0.0, 0.0)  # another symbol
    assert same_org_word("εταιρεία", "company")
    assert not same_org_word("company", "company")  # equal words need no symbol
    assert not same_org_word("olympia", "olympia group")


def test_an_organisations_word_in_another_alphabet_pairs_by_its_consonants() -> None:
    assert _align("Інтэр Табак", "inter tobacco")[0] == (
        (0, 0, 1.0), (1, 1, CROSS_SCRIPT_FRAME_SIMILARITY)
    )  # fmt: skip
    assert _align("ტრეიდინგი", "trading")[0] == ((0, 0, CROSS_SCRIPT_FRAME_SIMILARITY),)
    assert _align("Табак", "tobacco", people=True)[0] == ()  # people: names, not cognates
    assert _align("tabak", "tobacco")[0] == ()  # both in Latin: a spelling, not a script
    assert _align("Табак", "tibet")[0] == ()  # other consonants
    assert _align("Мир", "mary")[0] == ()  # two consonants are too few


def test_the_same_frame_needs_three_consonants_and_about_one_length() -> None:
    assert same_frame("tbk", "tbk", "tabak", "tobacco")
    assert not same_frame("tbk", "tbk", "tabak", "tobaccoo")
    assert not same_frame("mr", "mr", "mir", "mary")
    assert not same_frame("tbk", "tbt", "tabak", "tabat")


def test_a_listed_word_is_no_typo_of_another() -> None:
    assert _align("kraim", "karim")[0] == ((0, 0, 0.9),)
    assert _align("kraim", "karim", vocabulary=frozenset({"kraim"}))[0] == ((0, 0, 0.85),)


def test_given_names_need_two_letters_and_no_digits() -> None:
    assert same_given_name("sasha", "alexander")
    assert same_given_name("ivan", "ivan")
    assert not same_given_name("ivan", "john")
    assert not same_given_name("a", "alexander")
    assert not same_given_name("alexander", "a")
    assert not same_given_name("12", "12")


def test_joined_names_compare_letters_without_spaces() -> None:
    assert joined_similarity("dajiang", "dajiang") == 1.0
    assert joined_similarity("abcd", "abce") == 0.75
    assert joined_similarity("", "abcd") == 0.0
    assert joined_similarity("abcd", "") == 0.0
