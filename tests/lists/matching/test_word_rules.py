"""Small word-level rules: the score's upper bound and the unread words, run-together words,
numbers written as words, titles, national endings, and the memos' size limits."""

from __future__ import annotations

import pytest

from services.lists.matching import pruning, similarity
from services.lists.matching.blocking import Candidates
from services.lists.matching.normalize import split_name
from services.lists.matching.pruning import _unread_similarity, bound, with_unread
from services.lists.matching.splitting import split_run_together, split_word
from services.lists.matching.tagging import (
    _deletions,
    leading_titles,
    nominative_variant,
    number_value,
    numbers_as_digits,
)

# --- the upper bound --------------------------------------------------------------------------


def test_the_bound_is_half_the_query_found_and_half_the_heaviest_words_hit() -> None:
    cover = (0.0, 0.5, 1.0)
    assert bound((0.6, 1), cover, 2, 0.0) == pytest.approx(0.3 + 0.25)
    # The share is capped at one; hits at the query's words and the name's; the bonus adds.
    assert bound((1.4, 3), cover, 2, 0.03) == pytest.approx(0.5 + 0.5 + 0.03)
    assert bound((0.5, 5), (0.0, 0.4, 0.8, 1.0), 3, 0.0) == pytest.approx(0.25 + 0.5)
    assert bound((0.5, 2), (0.0, 0.4, 0.8, 1.0), 1, 0.0) == pytest.approx(0.25 + 0.2)
    assert bound((0.0, 0), cover, 2, 0.0) == 0.0


QUERY = split_name("Ivan Petrov Trading")
LISTED = split_name("Ivan Petrova")
# 'trading' and 'petrov' were too frequent to read: counted as found (lift 2/3, two hits).
UNREAD = Candidates({0: (0.9, 2)}, [2, 1], 2 / 3, 2)


def test_unread_words_are_compared_with_the_one_name() -> None:
    share, hits = with_unread(QUERY, (1.0, 1.0, 1.0), LISTED, UNREAD, (1.0, 3))
    # ivan was read (1/3); petrov pairs with petrova at 0.85; trading pairs with nothing.
    assert share == pytest.approx(1 / 3 + 0.85 / 3) and hits == 2


def test_comparing_unread_words_stops_once_the_bound_falls_under_the_threshold() -> None:
    cover = (0.0, 0.5, 1.0)
    # After 'trading' (no pair): 1/3 found + 1/3 pending = 2/3 → bound 1/3 + 0.5 < 0.85.
    early = with_unread(QUERY, (1.0, 1.0, 1.0), LISTED, UNREAD, (1.0, 3), cover, 0.0, 0.85)
    assert early[0] == pytest.approx(2 / 3) and early[1] == 2
    full = with_unread(QUERY, (1.0, 1.0, 1.0), LISTED, UNREAD, (1.0, 3), cover, 0.0, 0.8)
    assert full[0] == pytest.approx(1 / 3 + 0.85 / 3) and full[1] == 2


def test_the_heaviest_unread_word_is_compared_first() -> None:
    cover = (0.0, 0.5, 1.0)
    weights = (1.0, 2.0, 1.0)  # petrov outweighs trading: compared first, it pairs
    unread = Candidates({0: (1.0, 3)}, [2, 1], 0.75, 2)
    # ivan 1/4, petrov 0.85 × 2/4, then trading (nothing) drops the bound under 0.95.
    found = with_unread(QUERY, weights, LISTED, unread, (1.0, 3), cover, 0.0, 0.95)
    assert found[0] == pytest.approx(0.25 + 0.85 * 0.5) and found[1] == 2


def test_an_unread_word_pairs_with_its_best_listed_word() -> None:
    assert _unread_similarity(QUERY, 0, LISTED, False) == 1.0  # 'ivan' is there
    assert _unread_similarity(QUERY, 1, LISTED, False) == 0.85
    assert _unread_similarity(QUERY, 2, LISTED, False) == 0.0


# --- words run together -----------------------------------------------------------------------

VOCABULARY = {"ivan", "petrov", "nova", "star", "llc", "ab"}


def test_a_run_together_word_splits_into_the_fewest_known_words() -> None:
    assert split_word("ivanpetrov", VOCABULARY) == ["ivan", "petrov"]
    assert split_word("novastarllc", VOCABULARY) == ["nova", "star", "llc"]
    assert split_word("abab", VOCABULARY) == ["ab", "ab"]
    assert split_word("novastarllc", VOCABULARY | {"novastar"}) == ["novastar", "llc"]


def test_a_word_that_does_not_split_exactly_stays() -> None:
    assert split_word("ivan", VOCABULARY) is None  # one known word is no split
    assert split_word("novastarx", VOCABULARY) is None
    assert split_word("ivana", VOCABULARY) is None  # no one-letter pieces
    assert split_word("", VOCABULARY) is None


def test_pieces_are_two_to_thirty_letters() -> None:
    assert split_word("x" * 30 + "y" * 10, {"x" * 30, "y" * 10}) == ["x" * 30, "y" * 10]
    assert split_word("x" * 31 + "y" * 9, {"x" * 31, "y" * 9}) is None
    assert split_word("xyab", {"xy", "ab"}) == ["xy", "ab"]


def test_only_unknown_words_of_six_letters_or_more_are_split() -> None:
    assert split_run_together(["ivanpetrov", "x"], VOCABULARY) == "ivan petrov x"
    assert split_run_together(["abnova"], VOCABULARY) == "ab nova"  # six letters
    assert split_run_together(["abnov"], VOCABULARY | {"nov"}) is None  # five
    assert split_run_together(["ivan"], VOCABULARY) is None
    assert split_run_together(["ivanpetrov"], VOCABULARY | {"ivanpetrov"}) is None
    assert split_run_together(["12345678"], {"1234", "5678"}) is None  # numbers stay
    assert split_run_together([], VOCABULARY) is None


# --- numbers, titles, endings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("007", "7"),
        ("0", "0"),
        ("000", "0"),
        ("21st", "21"),
        ("3e", "3"),
        ("00th", "0"),
        ("5ya", "5"),
        ("no", "no"),
        ("nr", "no"),
        ("number", "no"),
        ("three", "3"),
        ("first", "1"),
        ("drei", "3"),
        ("abc", "abc"),
        ("3x", "3x"),
    ],
)
def test_number_words_and_ordinals_are_digits(word: str, value: str) -> None:
    assert number_value(word) == value


def test_tens_followed_by_units_add_up() -> None:
    assert numbers_as_digits(["twenty", "one"]) == ["21"]
    assert numbers_as_digits(["ninety", "nine", "x"]) == ["99", "x"]
    assert numbers_as_digits(["twenty", "12"]) == ["20", "12"]  # not a unit
    assert numbers_as_digits(["one", "twenty"]) == ["1", "20"]
    assert numbers_as_digits(["21", "1"]) == ["21", "1"]  # not a ten
    assert numbers_as_digits(["10", "1"]) == ["10", "1"]
    assert numbers_as_digits([]) == []


def test_leading_titles_are_counted_but_never_all_words() -> None:
    assert leading_titles(("general", "ivan")) == 1
    assert leading_titles(("mr", "dr", "ivan", "petrov")) == 2
    assert leading_titles(("general", "colonel")) == 1
    assert leading_titles(("ivan", "general")) == 0
    assert leading_titles(("ivan",)) == 0
    assert leading_titles(()) == 0


def test_a_national_ending_on_a_word_of_four_letters_or_more() -> None:
    assert nominative_variant("putinas", "putin")
    assert nominative_variant("putin", "putinas")
    assert nominative_variant("ivanovi", "ivanov")
    assert nominative_variant("petrs", "petr")
    assert not nominative_variant("abcs", "abc")  # the bare word is too short
    assert not nominative_variant("ivanovxx", "ivanov")
    assert not nominative_variant("ivan", "ivan")
    assert not nominative_variant("putinas", "putx")


def test_legal_word_deletions_are_every_one_letter_shorter_spelling() -> None:
    assert _deletions("abc") == {"bc", "ac", "ab"}
    assert _deletions("") == set()


# --- memos stay bounded -----------------------------------------------------------------------


def test_the_word_pair_memo_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity, "MEMO_SIZE", 2)
    words = ["abcdef", "abcdeg", "abcdeh", "abcdei", "abcdej"]
    for word in words:
        similarity.token_similarity("abcdex", word)
        assert len(similarity._MEMO) <= 2
    assert similarity.token_similarity("abcdex", "abcdef") == pytest.approx(0.7)


def test_the_alignment_memo_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity, "MEMO_ROWS", 2)
    monkeypatch.setattr(similarity, "MEMO_ROW_SIZE", 2)
    listed = split_name("abcdef abcdeg abcdeh")
    for query in ("abcdex", "abcdey", "abcdez"):
        parts = split_name(query)
        similarity.align(parts, (1.0,), listed, (1.0, 1.0, 1.0))
        assert len(similarity._PAIR_MEMO) <= 2
        assert all(len(row) <= 3 for row in similarity._PAIR_MEMO.values())


def test_the_unread_word_memos_are_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pruning, "MEMO_SIZE", 2)
    monkeypatch.setattr(pruning, "WORD_ROWS", 2)
    for name in ("Ivan Petrova", "Ivan Petrovna", "Ivan Petrovsky"):
        listed = split_name(name)
        for word in range(3):
            _unread_similarity(QUERY, word, listed, False)
            assert len(pruning._UNREAD_MEMO) <= 2
            assert len(pruning._WORD_ROWS) <= 2
    assert _unread_similarity(QUERY, 1, LISTED, False) == 0.85
