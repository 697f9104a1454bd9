"""Text folding, word by word: Cyrillic endings and transliteration, the final hard consonant,
spelling folds, double letters, the final vowel; plain tokens for fuzzy checks; a folded text's
offsets; the folder's bounded cache."""

from __future__ import annotations

import pytest

from services.detector.news.textnorm import (
    FoldedText,
    TokenFolder,
    fold_phrase,
    fold_text,
    fold_token,
    plain_token,
    stem_cyrillic,
)


@pytest.mark.parametrize(
    ("raw", "folded", "plain"),
    [
        ("Wagner", "vagner", "wagner"),
        ("Вагнера", "vagner", "vagnera"),  # case ending stripped, then transliterated
        ("Ростех", "rostek", "rostekh"),  # a final kh, c or k is one sound
        ("Rostec", "rostek", "rostec"),
        ("Kazakh", "kazak", "kazakh"),
        ("Bloc", "blok", "bloc"),
        ("Mac", "mac", "mac"),  # three letters keep their c
        ("Щукин", "shukin", "shchukin"),
        ("Джон", "jon", "dzhon"),
        ("Phoenix", "foeniks", "phoenix"),
        ("Black", "blak", "black"),
        ("Xerox", "kseroks", "xerox"),
        ("Dmitriy", "dmitr", "dmitriy"),
        ("Tekkno", "tekn", "tekkno"),  # double letters, then the final vowel
        ("Zala", "zal", "zala"),
        ("Зала", "zal", "zala"),
        ("Toyo", "toi", "toyo"),
        ("Тойо", "toi", "toyo"),  # a Cyrillic stem of three keeps its last letter
        ("Evgeny", "evgen", "evgeny"),
        ("Евгением", "evgen", "evgeniem"),
        ("Müller", "muler", "muller"),
        ("Straße", "stras", "strasse"),
        ("北京", "beijing", "beijing"),
        ("Ту154", "tu154", "tu154"),  # a Cyrillic token with digits keeps them
        ("ъ", "", ""),
        ("", "", ""),
    ],
)
def test_a_token_folds_to_its_comparable_form_and_its_plain_form(
    raw: str, folded: str, plain: str
) -> None:
    assert (fold_token(raw), plain_token(raw)) == (folded, plain)


@pytest.mark.parametrize(
    ("word", "stem"),
    [("зала", "зал"), ("зал", "зал"), ("танками", "танк"), ("ами", "ами"), ("рекой", "рек")],
)
def test_one_russian_ending_is_stripped_leaving_three_letters_at_least(
    word: str, stem: str
) -> None:
    assert stem_cyrillic(word) == stem


def test_a_folded_text_keeps_each_tokens_place_and_skips_empty_ones() -> None:
    text = "Hi, Вагнера ъ!\nOK"
    assert fold_text(text, TokenFolder()) == FoldedText(
        text, " hi vagner ok ", [0, 4, 15], [2, 11, 17], [1, 4, 11]
    )
    assert fold_text("", TokenFolder()) == FoldedText("", " ", [], [], [])


def test_a_phrase_folds_to_its_words_without_padding() -> None:
    assert fold_phrase("PMC 'Wagner'") == "pmc vagner"
    assert fold_phrase("ъ Wagner", TokenFolder()) == "vagner"


def test_the_folder_keeps_at_most_its_limit_of_words_then_starts_again() -> None:
    folder = TokenFolder(max_entries=2)
    assert [folder(w) for w in ("Wagner", "Zala", "Wagner")] == ["vagner", "zal", "vagner"]
    assert len(folder._cache) == 2
    assert folder("Toyo") == "toi"
    assert len(folder._cache) == 1
    assert len(TokenFolder()._cache) == 0
