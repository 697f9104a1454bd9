"""The mention finder's other edges: the corroboration window for words of context on either side,
the fuzzy floor exactly, a name's own words and countries next to it, known given names, the
field and snippet of a span, a namesake elsewhere in the article, Cyrillic text, name words at
the Zipf edge, and what the finder reports of its size."""

from __future__ import annotations

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS, MentionFinder
from services.detector.news.evidence import Corroboration
from services.detector.news.mentions import EntityMention, FinderSettings
from services.lists.watchlists.model import WatchlistEntry

HORIZON = WatchlistEntry(
    id="x:1", schema="Organization", names=("HORIZON ZORVEX NAVIGATION LLC", "HZ NV"),
    source="custom", weak_aliases=("HORIZON",), countries=("ae",),
)  # fmt: skip
NUMBERED = WatchlistEntry(
    id="x:2", schema="Organization", names=("AB12345 HOLDING",), source="custom",
    identifiers=(("registrationNumber", "AB-12345"),),
)  # fmt: skip
RICHARD = WatchlistEntry(id="x:3", schema="Person", names=("DOE, Richard",), source="custom")
ENTRIES = [HORIZON, NUMBERED, RICHARD]
# "Zorveks" folds like "Zorvex" but is spelled differently: 16 of 17 characters agree.
RESPELLED = "Horizon Zorveks Navigation"
RESPELLED_RATIO = 0.9411764705882352


# Built for each test (milliseconds): a mutation run credits the constructor to the tests that
# build it, and a shared fixture would credit only the first.
@pytest.fixture
def finder() -> MentionFinder:
    return MentionFinder(ENTRIES, DEFAULT_PRODUCT_TERMS)


def _by_key(finder: MentionFinder, body: str, title: str = "News") -> dict[str, EntityMention]:
    return {m.key.folded: m for m in finder.find(title, body).entities}


def _horizon_with_country(distance: int, *, before: bool, window: int = 40) -> bool:
    """Whether "Horizon" is a mention when "Dubai" is `distance` characters from it: a common
    word (1) with a listing word beside it (1) needs the country (1) to make three."""
    finder = MentionFinder([HORIZON], DEFAULT_PRODUCT_TERMS, FinderSettings(window_chars=window))
    if before:  # the country starts `distance` characters before the name starts
        body = f"Dubai {'x' * (distance - 7)} Horizon, sanctioned."
        assert body.index("Horizon") - body.index("Dubai") == distance
    else:  # the country starts `distance` characters after the name ends
        body = f"Sanctioned Horizon {'x' * (distance - 2)} Dubai."
        assert body.index("Dubai") - body.index("Horizon") - len("Horizon") == distance
    return any(m.key.folded == "horizon" for m in finder.find("News", body).entities)


@pytest.mark.parametrize("before", [True, False])
def test_a_word_of_context_exactly_the_window_away_counts_on_either_side(before: bool) -> None:
    assert _horizon_with_country(40, before=before)
    assert not _horizon_with_country(41, before=before)


def test_a_name_word_before_the_window_does_not_count(finder: MentionFinder) -> None:
    far = f"Zorvex {'x' * 400} Horizon was seen in Dubai."
    assert "horizon" not in _by_key(finder, far)
    assert "horizon" in _by_key(finder, "Zorvex: Horizon was seen in Dubai.")


def test_a_names_own_words_never_corroborate_it_even_its_identifier(
    finder: MentionFinder,
) -> None:
    found = _by_key(finder, "AB12345 Holding was seen.")
    assert found["ab12345 holding"].evidence.corroboration == ()
    assert found["ab12345 holding"].evidence.total == 3
    assert found["ab12345"].evidence.corroboration == (Corroboration("name", "ab12345 holding", 2),)


def test_the_fuzzy_floor_accepts_a_spelling_exactly_at_it() -> None:
    def respelled_found(floor: float) -> bool:
        settings = FinderSettings(verify_threshold=floor)
        finder = MentionFinder([HORIZON], DEFAULT_PRODUCT_TERMS, settings)
        return "horizon zorveks navigation" in _by_key(finder, f"{RESPELLED} was seen.")

    assert respelled_found(RESPELLED_RATIO)
    assert not respelled_found(0.9412)


def test_a_mention_records_how_close_its_spelling_is(finder: MentionFinder) -> None:
    mention = _by_key(finder, f"{RESPELLED} was seen.")["horizon zorveks navigation"]
    assert mention.verify_score == RESPELLED_RATIO


def test_a_one_word_alias_followed_by_a_word_of_its_own_names_is_no_namesake(
    finder: MentionFinder,
) -> None:
    [mention] = finder.find("News", "Horizon Navigation was seen in Dubai.").entities
    assert mention.evidence.corroboration == (
        Corroboration("country", "ae", 1),
        Corroboration("name", "navigation", 1),
    )


def test_a_country_next_to_a_one_word_alias_does_not_make_it_a_longer_name(
    finder: MentionFinder,
) -> None:
    assert "horizon" in _by_key(finder, "Horizon Dubai office was sanctioned.")


def test_a_longer_alias_followed_by_a_capitalised_word_is_still_found(
    finder: MentionFinder,
) -> None:
    assert "hz nv" in _by_key(finder, "HZ NV Holdings was seen.")


def test_a_listed_given_name_before_an_alias_starting_a_sentence_is_a_namesake(
    finder: MentionFinder,
) -> None:
    assert "horizon" not in _by_key(finder, "Richard Horizon was sanctioned in Dubai.")
    assert "horizon" in _by_key(finder, "Marcus Horizon was sanctioned in Dubai.")


def test_a_title_case_title_does_not_make_a_one_word_alias_a_longer_name(
    finder: MentionFinder,
) -> None:
    [mention] = finder.find("Sanctioned Horizon Staff In Dubai", "").entities
    assert (mention.key.folded, mention.span.field, mention.span.start) == ("horizon", "title", 11)
    assert "horizon" not in _by_key(finder, "Sanctioned Horizon Staff in Dubai.")


def test_a_mention_opening_the_body_is_in_the_body_at_offset_zero(finder: MentionFinder) -> None:
    span = _by_key(finder, "Horizon zorvex was seen.")["horizon"].span
    assert (span.field, span.start, span.end, span.text) == ("body", 0, 7, "Horizon")


def test_a_title_mentions_snippet_holds_the_title_and_nothing_of_the_body(
    finder: MentionFinder,
) -> None:
    title = "Horizon zorvex was sanctioned"
    span = _by_key(finder, "Body text here.", title)["horizon"].span
    assert (span.field, span.start, span.end) == ("title", 0, 7)
    assert span.snippet.removesuffix("…") == title


def _snippet(lead: int) -> str:
    """The snippet of a mention `lead` characters into a body, five characters either side."""
    finder = MentionFinder([HORIZON], DEFAULT_PRODUCT_TERMS, FinderSettings(snippet_chars=5))
    body = f"{'abcdefgh'[: lead - 1]} Horizon zorvex  sailed on."
    return _by_key(finder, body)["horizon"].span.snippet


def test_a_snippet_is_marked_cut_only_where_text_was_left_out() -> None:
    assert _snippet(5) == "abcd Horizon zorv…"
    assert _snippet(6) == "…bcde Horizon zorv…"
    assert _snippet(4) == "abc Horizon zorv…"


def test_a_snippet_gathers_its_whitespace_into_single_spaces() -> None:
    finder = MentionFinder([HORIZON], DEFAULT_PRODUCT_TERMS, FinderSettings(snippet_chars=16))
    span = _by_key(finder, "Horizon\n zorvex  sailed")["horizon"].span
    assert span.snippet == "Horizon zorvex sailed"


def test_the_finder_counts_entries_with_keys_and_the_phrases_they_add() -> None:
    aircraft = WatchlistEntry(id="x:9", schema="Aircraft", names=("ZORVEX ONE",), source="custom")
    finder = MentionFinder([HORIZON, aircraft], DEFAULT_PRODUCT_TERMS)
    empty = MentionFinder([], DEFAULT_PRODUCT_TERMS)
    assert (finder.entry_count, empty.entry_count) == (1, 0)
    # HORIZON's keys: the full name, its core without "LLC", "HZ NV" and "Horizon".
    assert finder.phrase_count - empty.phrase_count == 4


def test_each_mention_has_its_own_span(finder: MentionFinder) -> None:
    found = _by_key(finder, "Horizon zorvex met HZ NV in Dubai.")
    assert (found["horizon"].span.start, found["hz nv"].span.start) == (0, 19)
    assert (found["horizon"].span.text, found["hz nv"].span.text) == ("Horizon", "HZ NV")


def test_a_snippet_reaching_the_end_of_the_body_is_not_marked_cut(finder: MentionFinder) -> None:
    assert _by_key(finder, "HZ NV Holdings was seen.")["hz nv"].span.snippet == (
        "HZ NV Holdings was seen."
    )


def test_a_namesake_elsewhere_in_the_article_is_a_cue_and_the_rest_is_still_read(
    finder: MentionFinder,
) -> None:
    found = _by_key(finder, "Fans of Richard Horizon met. Horizon zorvex was seen. HZ NV too.")
    evidence = found["horizon"].evidence
    assert (evidence.namesake_cues, evidence.total) == (("Richard (elsewhere)",), 3)
    assert evidence.acronym is False
    assert "hz nv" in found


def test_a_cyrillic_mention_weighs_the_words_around_it_in_russian(finder: MentionFinder) -> None:
    [mention] = finder.find("Новости", "Хоризон зорвекс был замечен.").entities
    assert mention.key.folded == "horizon"
    assert mention.evidence.corroboration == (Corroboration("name", "zorveks", 2),)
    assert (mention.evidence.alias_points, mention.evidence.total) == (1, 3)


def test_a_name_word_is_unusual_below_zipf_four_and_may_have_three_letters() -> None:
    # Zipf: "admiral" 4.0 exactly, "cautious" 3.79; "hzn" is not in the word lists.
    entry = WatchlistEntry(
        id="x:4", schema="Organization", names=("HORIZON ADMIRAL CAUTIOUS HZN",),
        source="custom", weak_aliases=("HORIZON",), countries=("ae",),
    )  # fmt: skip
    finder = MentionFinder([entry], DEFAULT_PRODUCT_TERMS)

    def backing(body: str) -> tuple[Corroboration, ...]:
        return _by_key(finder, body)["horizon"].evidence.corroboration

    assert backing("Horizon admiral was seen in Dubai.") == (
        Corroboration("country", "ae", 1),
        Corroboration("name", "admiral", 1),
    )
    assert backing("Horizon cautious was seen.") == (Corroboration("name", "cautious", 2),)
    assert backing("Horizon, hzn, was seen.") == (Corroboration("name", "hzn", 2),)
