"""The product lexicon's building rules: English plurals for Latin-script phrases only, and term
lists split on `|` with blanks dropped."""

from __future__ import annotations

import pytest

from services.detector.news.lexicon import ProductTerm, _terms, english_variants


@pytest.mark.parametrize(
    ("phrase", "variants"),
    [
        ("drone", ["drone", "drones"]),
        ("flight controller", ["flight controller", "flight controllers"]),
        ("gas", ["gas", "gases"]),
        ("box", ["box", "boxes"]),
        ("switch", ["switch", "switches"]),
        ("crash", ["crash", "crashes"]),
        ("version 2a", ["version 2a", "version 2as"]),
    ],
)
def test_a_latin_phrase_gets_its_english_plural(phrase: str, variants: list[str]) -> None:
    assert english_variants(phrase) == variants


@pytest.mark.parametrize("phrase", ["UAV", "дрон", "F-16", "Mi-8 ", ""])
def test_acronyms_other_scripts_and_phrases_ending_without_a_letter_stay_as_they_are(
    phrase: str,
) -> None:
    assert english_variants(phrase) == [phrase]


def test_a_term_list_splits_on_bars_and_drops_blanks() -> None:
    assert _terms("unmanned aircraft", "8806", "3.B", " drone | |UAV|") == [
        ProductTerm("drone", "unmanned aircraft", "8806", "3.B"),
        ProductTerm("UAV", "unmanned aircraft", "8806", "3.B"),
    ]
