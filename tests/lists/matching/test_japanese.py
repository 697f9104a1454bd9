"""Japanese names: kanji read in Japanese, kana to Latin, katakana loanwords (invented names)."""

from __future__ import annotations

from services.lists.matching import DEFAULT_THRESHOLD, NameQuery
from services.lists.matching.japanese import (
    japanese_reading,
    japanese_variants,
    kana_to_latin,
    loanword_spelling,
    romanise_japanese,
)
from services.lists.matching.normalize import split_name
from tests.lists.matching.test_phenomena import best, score


def test_kana_is_written_in_hepburn_without_long_vowels() -> None:
    assert kana_to_latin("こうの") == "kono"
    assert kana_to_latin("ヒロシ") == "hiroshi"


def test_kanji_beside_kana_are_read_in_japanese_not_mandarin() -> None:
    assert romanise_japanese("田中さくら") == "tanaka sakura"
    assert split_name("田中さくら").tokens == ("tanaka", "sakura")


def test_a_kanji_only_name_has_a_japanese_reading_beside_its_chinese_one() -> None:
    assert japanese_reading("田中一郎") == "tanaka ichiro"
    assert japanese_reading("ミカ") is None  # kana: already Japanese
    assert japanese_reading("Tanaka") is None


def test_katakana_loanwords_lose_the_vowels_japanese_adds() -> None:
    assert loanword_spelling("ブラスコム") == "braskom"
    assert loanword_spelling("グループ") == "grup"  # the long vowel is the word's own
    assert loanword_spelling("たなか") is None


def test_japanese_company_forms_become_latin_legal_forms() -> None:
    assert romanise_japanese("株式会社ミドリ") == "jsc midori"
    assert split_name("有限会社ミドリ").legal_forms == ("llc",)


def test_a_name_in_kanji_meets_its_romanised_listing() -> None:
    assert score("田中一郎", "Ichiro TANAKA") >= DEFAULT_THRESHOLD
    assert score("田中一郎", "Hiroshi TANAKA") < DEFAULT_THRESHOLD


def test_a_katakana_loanword_meets_its_latin_listing() -> None:
    assert score("ブラスコム", "Braskom", schema="Company") >= DEFAULT_THRESHOLD


def test_variants_are_only_made_for_japanese_scripts() -> None:
    assert japanese_variants("Ivan Petrov") == ()
    match = best(NameQuery("田中一郎"), "Ichiro TANAKA")
    assert match is not None and "tanaka" in match.explanation
