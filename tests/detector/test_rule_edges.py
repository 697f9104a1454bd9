"""Matching and news rules at their edges: typo discount, short names, one-deletion keys, and
news corroboration's window."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS, MentionFinder
from services.detector.news.mentions import FinderSettings
from services.lists.matching import MatchIndex, NameQuery
from services.lists.matching.blocking import _pairing_similarity, deletions
from services.lists.matching.similarity import _discounted
from services.lists.watchlists import Watchlist, WatchlistEntry

NOW = datetime(2024, 7, 1, tzinfo=UTC)

# --- matching: typo discount, short names, one-deletion keys ----------------------------------


def test_the_typo_discount_spares_close_words_and_triples_the_gap_below() -> None:
    assert _discounted(0.9) == 0.9
    assert _discounted(1.0) == 1.0
    assert _discounted(0.8) == pytest.approx(0.6)
    assert _discounted(0.5) == 0.0  # never negative
    assert _pairing_similarity("abcdefghij", "abcdefghik") == pytest.approx(0.9)
    assert _pairing_similarity("abcdefgh", "abcdefgx") == pytest.approx(0.825)
    assert _pairing_similarity("abcde", "abcdx") == pytest.approx(0.6)


def test_words_a_vowel_apart_pair_at_least_as_well_as_a_close_typo() -> None:
    assert _pairing_similarity("mahmoud", "mahmud") == pytest.approx(0.85)


def test_deletion_keys_are_every_one_letter_shorter_spelling() -> None:
    assert deletions("karimov") == {
        "arimov", "krimov", "kaimov", "karmov", "kariov", "karimv", "karimo"
    }  # fmt: skip
    assert deletions("aab") == {"ab", "aa"}
    assert deletions("") == set()


def _best(query: str, *listed: str, fillers: int = 0) -> float:
    rng = random.Random(7)
    letters = "bdfgklmnprstvz"
    vowels = "aeiou"
    names = {
        "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(4)).title() + " Trading"
        for _ in range(fillers)
    }
    entries = [WatchlistEntry("listed", "Organization", listed, "test")]
    entries += [WatchlistEntry(f"f{i}", "Organization", (n,), "test") for i, n in enumerate(names)]
    index = MatchIndex.build([Watchlist("test", "1", entries)])
    matches = [m for m in index.screen(NameQuery(query), threshold=0.0, limit=5)]
    return max((m.score for m in matches if m.entry.id == "listed"), default=0.0)


@pytest.mark.parametrize(("query", "listed"), [("Karimov", "Karmov"), ("Karmov", "Karimov")])
def test_a_one_word_name_with_a_dropped_letter_is_found_in_a_large_list(
    query: str, listed: str
) -> None:
    assert _best(query, listed, fillers=200) >= 0.85


def test_a_name_of_four_letters_is_short_and_capped_even_when_exact() -> None:
    assert _best("ABCD", "ABCD") < 0.7
    assert _best("ABCDE", "ABCDE") == pytest.approx(1.0)


def test_a_short_name_must_match_exactly() -> None:
    assert _best("ABCDE", "ABCDF") < _best("ABCDE", "ABCDE")
    assert _best("ABCE", "ABCD") < 0.5


# --- news corroboration window ----------------------------------------------------------------

TANKER = WatchlistEntry(
    id="sdn:47371", schema="Vessel", names=("NS LEADER",), source="us_ofac_sdn",
    identifiers=(("imoNumber", "9339301"),),
)  # fmt: skip


def _identifier_corroborates(distance: int, *, before: bool, window: int = 40) -> bool:
    """Whether the IMO number `distance` characters from the name corroborates the mention."""
    finder = MentionFinder([TANKER], DEFAULT_PRODUCT_TERMS, FinderSettings(window_chars=window))
    name, number = "NS Leader", "9339301"
    if before:  # the number starts `distance` characters before the name starts
        body = f"{number} {'x' * (distance - len(number) - 2)} {name} sailed."
        assert body.index(name) - body.index(number) == distance
    else:  # the number starts `distance` characters after the name ends
        body = f"The {name} {'x' * (distance - 2)} {number} sailed."
        assert body.index(number) - (body.index(name) + len(name)) == distance
    found = finder.find("News", body).entities
    return any(c.kind == "identifier" for m in found for c in m.evidence.corroboration)


@pytest.mark.parametrize("before", [True, False])
def test_news_corroboration_reaches_exactly_the_window_on_either_side(before: bool) -> None:
    assert _identifier_corroborates(40, before=before, window=40)
    assert not _identifier_corroborates(41, before=before, window=40)
