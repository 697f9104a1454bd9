"""The phrase automaton's edges (one phrase, several words, an empty one, the order of calls) and
word rarity on a hand-made table: unknown words are rare, a compound is as common as the rarer
of two parts of at least three letters each."""

from __future__ import annotations

import pytest

from services.detector.news.phrases import PhraseAutomaton, PhraseHit
from services.detector.news.rarity import RarityTable, WordRarity
from services.detector.news.textnorm import TokenFolder, fold_text


def _scan(automaton: PhraseAutomaton[int], text: str) -> list[PhraseHit[int]]:
    return list(automaton.scan(fold_text(text, TokenFolder())))


def test_a_single_phrase_of_several_words_is_found_with_its_tokens() -> None:
    automaton = PhraseAutomaton[int]()
    automaton.add("zorveks kestrel", 1)
    automaton.add("  ", 2)  # blank keys are ignored
    automaton.freeze()
    assert len(automaton) == 1
    assert _scan(automaton, "A Zorvex Kestrel b") == [PhraseHit("zorveks kestrel", 1, 2, (1,))]
    assert _scan(automaton, "") == []


def test_an_empty_automaton_finds_nothing() -> None:
    automaton = PhraseAutomaton[int]()
    automaton.freeze()
    assert _scan(automaton, "Zorvex") == []


def test_phrases_are_added_before_freezing_and_scanned_after() -> None:
    automaton = PhraseAutomaton[int]()
    with pytest.raises(RuntimeError) as early:
        _scan(automaton, "Zorvex")
    assert str(early.value) == "call freeze() before scan()"
    automaton.freeze()
    with pytest.raises(RuntimeError) as late:
        automaton.add("zorveks", 1)
    assert str(late.value) == "PhraseAutomaton is frozen"


TABLE = RarityTable(
    {
        "en": {"post": 4.5, "bank": 5.0, "abc": 5.0, "def": 5.0, "ab": 5.0, "cdef": 5.0},
        "ru": {"bank": 3.0},
    }
)


def test_a_word_is_looked_up_in_the_texts_language_and_unknown_words_are_rare() -> None:
    assert TABLE.word("bank", "en") == WordRarity("bank", 5.0)
    assert TABLE.word("bank", "ru") == WordRarity("bank", 3.0)
    assert TABLE.word("zorveks", "en") == WordRarity("zorveks", 0.0)


@pytest.mark.parametrize(
    ("word", "zipf"),
    [
        ("postbank", 4.5),  # the rarer of two everyday words
        ("bank", 5.0),
        ("abcdef", 5.0),  # "abc" + "def"
        ("abcdefg", 0.0),  # "abc" + "defg", "abcd" + "efg": neither part known
        ("abcdef" + "x", 0.0),
        ("zorveks", 0.0),
        ("abpost", 0.0),  # "ab" is too short to be a part
        ("postab", 0.0),
        ("posthank", 0.0),  # one part known is not enough
        ("hankpost", 0.0),
    ],
)
def test_a_compound_name_word_is_as_common_as_its_rarer_part(word: str, zipf: float) -> None:
    assert TABLE.alias_word(word, "en") == WordRarity(word, zipf)


def test_a_compound_is_split_anywhere_leaving_three_letters_either_side() -> None:
    table = RarityTable({"en": {"abc": 4.0, "defg": 4.0, "abcd": 3.0, "efg": 4.5}, "ru": {}})
    assert table.alias_word("abcdefg", "en") == WordRarity("abcdefg", 4.0)
    edge = RarityTable({"en": {"abcde": 4.0, "fg": 4.0, "a": 4.0, "bcdefg": 4.0}, "ru": {}})
    assert edge.alias_word("abcdefg", "en") == WordRarity("abcdefg", 0.0)
