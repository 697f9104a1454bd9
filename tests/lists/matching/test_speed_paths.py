"""Shortcuts taken for speed must not change what screening finds (invented names)."""

from __future__ import annotations

import pytest

from services.lists.matching import MatchIndex, NameQuery
from services.lists.matching.normalize import split_name
from services.lists.matching.similarity import (
    MIN_TOKEN_SIMILARITY,
    _far_apart,
    _spelled_similarity,
)
from services.lists.watchlists import Watchlist, WatchlistEntry


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ostrovsky", "ostrowski"),
        ("kalinovka", "kalinovskaya"),
        ("merkulov", "merkulovas"),
        ("abdalkarim", "karim"),
        ("t", "tarasov"),
        ("bogdan", "bogdana"),
        ("velikorechensk", "velikorechenskiy"),
        ("mahmud", "mahmoud"),
        ("trading", "teodoro"),
        ("co", "corvina"),
        ("zhelezno", "zheleznogorsk"),
    ],
)
def test_words_called_far_apart_never_pair(a: str, b: str) -> None:
    pa, pb = split_name(a), split_name(b)
    args = (pa.skeletons[0], pb.skeletons[0], pa.frames[0], pb.frames[0], a, b)
    pairs = _spelled_similarity(*args) >= MIN_TOKEN_SIMILARITY
    assert not (pairs and _far_apart(*args))


def test_far_apart_words_are_told_apart_without_scoring() -> None:
    pa, pb = split_name("trading"), split_name("teodoro")
    assert _far_apart(
        pa.skeletons[0], pb.skeletons[0], pa.frames[0], pb.frames[0], "trading", "teodoro"
    )


def test_a_repeated_query_is_answered_alike_at_each_threshold() -> None:
    entry = WatchlistEntry("listed", "Company", ("Verkhnyaya Dolina Trading LLC",), "test")
    index = MatchIndex.build([Watchlist("test", "1", [entry])])
    query = NameQuery("Verhnyaya Dolina Trading")
    low = index.screen(query, threshold=0.5)
    assert low and index.screen(query, threshold=0.5) == low
    assert index.screen(query, threshold=low[0].score + 0.01) == []
    assert index.screen(query, threshold=0.5, limit=0) == []
