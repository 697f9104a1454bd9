"""When an alias is someone else's name, at the edges: the capitalised word before it (mid-
sentence, or a listed given name at a sentence's start), after it (not across a sentence or a
blank line), through "of"; headline case from three in five long words; the shape of a name."""

from __future__ import annotations

import pytest

from services.detector.news.namesakes import continued_name, is_title_case, written_as_name
from services.detector.news.textnorm import TokenFolder, fold_text, fold_token


def _continued(text: str, alias: str = "Horizon") -> str | None:
    folded = fold_text(text, TokenFolder())
    [index] = [
        i
        for i, (start, end) in enumerate(zip(folded.starts, folded.ends, strict=True))
        if text[start:end] == alias
    ]
    own = {fold_token(alias), fold_token("Zorvex")}
    neutral = {fold_token("Dubai")}
    given = {fold_token("Richard")}
    return continued_name(folded, index, index, own, neutral, given)


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("Fans of Richard Horizon met.", "Richard"),
        ("Fans saw Marcus Horizon there.", "Marcus"),
        ("Richard Horizon met.", "Richard"),
        ("Fans left. Richard Horizon met.", "Richard"),
        ("Fans saw Marcus\nHorizon there.", "Marcus"),
        ("Fans saw Marcus \tHorizon there.", "Marcus"),
        ("Fans saw Marcus\u00a0Horizon there.", "Marcus"),  # a no-break space
        ("Fans saw Marcus\r\nHorizon there.", "Marcus"),  # a Windows line break
        ("Fans saw Horizon Copco there.", "Copco"),
        ("Fans saw Horizon Copco", "Copco"),
        ("Fans of Horizon of Copco met.", "of Copco"),
    ],
)
def test_an_alias_running_into_another_capitalised_word_is_part_of_that_name(
    text: str, other: str
) -> None:
    assert _continued(text) == other


@pytest.mark.parametrize(
    "text",
    [
        "Marcus Horizon met.",  # a sentence's first word, not a listed given name
        "Fans left. Marcus Horizon met.",
        "Fans left! Marcus Horizon met.",
        "Fans saw Marcus\n\nHorizon there.",  # a blank line between
        "Fans saw Marcus\r\n\r\nHorizon there.",  # a blank line, Windows style
        "Fans saw Marcus, Horizon there.",
        "Fans saw Dubai Horizon there.",  # a country says nothing
        "Fans saw Zorvex Horizon there.",  # a word of the entry's own names
        "Fans saw Horizon. Copco there.",
        "Fans saw Horizon\nCopco there.",  # the next line starts a sentence
        "Fans saw Horizon Dubai there.",
        "Fans saw Horizon Zorvex there.",
        "Fans of Horizon of Dubai met.",
        "Fans of Horizon of Zorvex met.",
        "Fans of Horizon and Copco met.",
        "Fans of Horizon of, Copco met.",
        "Horizon",
        "Fans saw Horizon",
        "Fans saw the Horizon there.",
    ],
)
def test_an_alias_alone_or_beside_neutral_words_is_no_other_name(text: str) -> None:
    assert _continued(text) is None


@pytest.mark.parametrize(
    ("text", "title_case"),
    [
        ("Wagner Fighters Fly Drones", True),
        ("Wagner Fighters Fly drones over Sudan", True),  # three in five
        ("Wagner Fighters fly drones over sudan", False),  # two in five
        ("Wagner fighters", False),
        ("The Big Red Wagner fighters", False),  # words of three letters or fewer do not count
        ("Four Five", True),
        ("Four Five 2024 2025", True),  # numbers do not count
        ("Four five 2024 sixth", False),
        ("Ok Go", False),
        ("", False),
    ],
)
def test_a_headline_is_title_case_from_three_in_five_words_of_four_letters(
    text: str, title_case: bool
) -> None:
    assert is_title_case(text) is title_case


@pytest.mark.parametrize(
    ("written", "content", "acronym", "shaped"),
    [
        ("Wagner", ("vagner",), False, True),
        ("wagner", ("vagner",), False, False),
        ("the Wagner", ("vagner",), False, True),
        ("PMC wagner", ("vagner",), False, False),
        ("7seas", ("7seas",), False, True),
        ("GRU", ("gru",), True, True),
        ("Gru", ("gru",), True, False),
        ("Wagner", ("other",), False, False),
    ],
)
def test_a_name_is_capitalised_or_starts_with_a_digit_and_an_acronym_is_in_capitals(
    written: str, content: tuple[str, ...], acronym: bool, shaped: bool
) -> None:
    folded = tuple(fold_token(word) for word in content)
    assert written_as_name(written, folded, acronym) is shaped
