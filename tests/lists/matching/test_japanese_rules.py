"""Japanese romanisation word for word: long vowels, small vowels, separators, company forms,
readings of kanji-only names, and the vowels katakana adds to foreign consonants."""

from __future__ import annotations

import pytest

from services.lists.matching.japanese import (
    _without_legal_forms,
    japanese_reading,
    japanese_variants,
    kana_to_latin,
    loanword_spelling,
    romanise_japanese,
)


@pytest.mark.parametrize(
    ("kana", "latin"),
    [
        ("トウキョウ", "tokyo"),  # ou is a long o
        ("おおの", "ono"),  # so is oo
        ("ゆうき", "yuki"),  # uu a long u
        ("ツェ", "tse"),  # a small vowel after a syllable replaces its vowel
        ("チェン", "chen"),
        ("キャノン", "kyanon"),
        ("ロシア・ガス", "roshia gasu"),  # the middle dot parts words
        ("グループ", "gurupu"),  # the long-vowel mark leaves no trace
    ],
)
def test_kana_is_written_in_hepburn_without_long_vowels(kana: str, latin: str) -> None:
    assert kana_to_latin(kana) == latin


@pytest.mark.parametrize(
    ("katakana", "spelled"),
    [
        ("ガスプロム", "gasprom"),  # u after a consonant
        ("スミス", "smis"),
        ("ドナルド", "dnard"),  # o after d and t
        ("シティ", "shti"),  # i after sh
        ("グループ", "grup"),  # a long vowel is the word's own
        ("ロシア・ガス", "roshia gas"),  # a vowel before another vowel stays
        ("トウキョウ", "toukyou"),
    ],
)
def test_katakana_loanwords_lose_the_vowels_japanese_adds(katakana: str, spelled: str) -> None:
    assert loanword_spelling(katakana) == spelled


def test_a_loanword_spelling_is_only_given_where_it_differs() -> None:
    assert loanword_spelling("チェン") is None  # no vowel to drop
    assert loanword_spelling("たなか") is None  # hiragana: no loanword
    assert loanword_spelling("Tanaka") is None


def test_words_beside_a_loanword_keep_their_reading() -> None:
    assert loanword_spelling("田中スミス") == "tanaka smis"
    assert loanword_spelling("スミスさん") == "smis san"
    assert loanword_spelling("株式会社ガスプロム") == "jsc gasprom"


@pytest.mark.parametrize(
    ("written", "forms"),
    [
        ("公開株式会社ミドリ", " pjsc ミドリ"),  # the longer form first
        ("非公開株式会社ミドリ", " jsc ミドリ"),
        ("株式会社ミドリ", " jsc ミドリ"),
        ("合同会社ミドリ", " llc ミドリ"),
        ("有限責任会社ミドリ", " llc ミドリ"),
        ("有限会社ミドリ", " llc ミドリ"),
        ("ミドリ", "ミドリ"),
    ],
)
def test_japanese_company_forms_become_latin_forms(written: str, forms: str) -> None:
    assert _without_legal_forms(written) == forms


def test_latin_words_in_a_japanese_name_stay() -> None:
    assert romanise_japanese("ミドリ Trading") == "midori Trading"
    assert romanise_japanese("田中 さくら") == "tanaka sakura"


def test_a_kanji_only_name_is_read_where_the_dictionary_knows_a_name() -> None:
    assert japanese_reading("山田太郎") == "yamada taro"
    assert japanese_reading("東京") == "tokyo"
    assert japanese_reading("田中 ABC") == "tanaka ABC"
    assert japanese_reading("中華人民") is None  # no word known as a name
    assert japanese_reading("田中さくら") is None  # kana: read already


def test_variants_are_the_japanese_reading_and_the_loanword_spelling() -> None:
    assert japanese_variants("田中一郎") == ("tanaka ichiro",)
    assert japanese_variants("ガスプロム") == ("gasprom",)
    assert japanese_variants("中华") == ()
    assert japanese_variants("Ivan") == ()
