"""How list names become searchable phrases, at their edges: the word orders of a person's name,
which words of a name can tell one party from another (countries of one to three words, stop and
organisation words, single letters and numbers left out) and a phrase's strength by its points."""

from __future__ import annotations

import pytest

from services.detector.news.mentions import country_lookup
from services.detector.news.namekeys import _content, _person_orders, _strength_of
from services.detector.news.textnorm import fold_token


@pytest.mark.parametrize(
    ("name", "orders"),
    [
        ("DOE, Richard", ["Richard DOE", "Richard DOE", "DOE Richard"]),
        (
            "UTKIN, Dmitriy Valeryevich",
            ["Dmitriy Valeryevich UTKIN", "Dmitriy UTKIN", "UTKIN Dmitriy Valeryevich"],
        ),
        ("SMITH, John, Jr.", ["John, Jr. SMITH", "John, SMITH", "SMITH John, Jr."]),
        ("UTKIN,", ["UTKIN"]),
        ("Dmitriy Valeryevich Utkin", ["Dmitriy Valeryevich Utkin", "Dmitriy Utkin"]),
        ("Anna Maria Luisa Ferri", ["Anna Maria Luisa Ferri", "Anna Ferri"]),
        ("Dmitriy Utkin", ["Dmitriy Utkin"]),
        ("Utkin", ["Utkin"]),
    ],
)
def test_a_persons_name_is_also_looked_for_given_names_first_and_first_and_last(
    name: str, orders: list[str]
) -> None:
    assert _person_orders(name) == orders


def _content_words(name: str) -> list[str]:
    raws = name.split()
    tokens = [fold_token(raw) for raw in raws]
    return [raws[i] for i in _content(tokens, raws, country_lookup())]


def test_content_words_leave_out_countries_of_one_two_and_three_words() -> None:
    name = "Alpha North Korea Beta United Arab Emirates Gamma Iran"
    assert _content_words(name) == ["Alpha", "Beta", "Gamma"]


def test_content_words_leave_out_stop_and_organisation_words_letters_and_numbers() -> None:
    assert _content_words("Alpha of B LLC 2024 HZ Beta") == ["Alpha", "HZ", "Beta"]


def test_a_name_of_countries_only_has_no_content_words() -> None:
    assert _content_words("Iran") == []
    assert _content_words("") == []


@pytest.mark.parametrize(
    ("points", "strength"),
    [(5, "strong"), (3, "strong"), (2, "weak"), (1, "weak"), (0, "common")],
)
def test_a_phrase_is_strong_from_three_points_and_weak_from_one(points: int, strength: str) -> None:
    assert _strength_of(points) == strength
