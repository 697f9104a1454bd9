"""One index over every shared list, built once for the matching tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.lists.matching import MatchIndex
from services.lists.watchlists import default_watchlist_paths, load_watchlists


@pytest.fixture(scope="session")
def shared_index(shared_data: Path) -> MatchIndex:
    return MatchIndex.build(load_watchlists(default_watchlist_paths(shared_data)))
