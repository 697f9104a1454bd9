"""One index over every shared list, built once for the matching tests; memos cleared per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.lists.matching import (
    MatchIndex,
    arabic,
    japanese,
    normalize,
    pruning,
    rules,
    similarity,
    tagging,
)
from services.lists.watchlists import default_watchlist_paths, load_watchlists


@pytest.fixture(scope="session")
def shared_index(shared_data: Path) -> MatchIndex:
    return MatchIndex.build(load_watchlists(default_watchlist_paths(shared_data)))


def clear_matching_memos() -> None:
    """Forget every word pair and name the matcher memoised, so a test sees today's rules and not
    what an earlier test (or an earlier run in the same process) computed."""
    for memo in (
        similarity._MEMO,
        similarity._PAIR_MEMO,
        pruning._UNREAD_MEMO,
        pruning._WORD_ROWS,
    ):
        memo.clear()
    for cached in (
        normalize.normalize_name,
        normalize.split_name,
        normalize.skeleton,
        arabic.consonant_key,
        japanese.japanese_variants,
        tagging.is_legal_word,
        tagging.name_symbols,
        rules._numbers,
    ):
        cached.cache_clear()


@pytest.fixture(autouse=True)
def fresh_matching_memos() -> None:
    clear_matching_memos()
