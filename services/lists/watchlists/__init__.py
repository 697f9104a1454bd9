"""Watchlist loaders: every supported format into one entry model.

`load_watchlist(path)` detects the format (OFAC CSV folder or file, OFAC XML, UN XML, BIS DPL,
OpenSanctions FtM JSON lines, `targets.simple.csv`, custom CSV) and returns a `Watchlist`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from services.common.shared_data import default_shared_data_dir
from services.lists.watchlists.detect import FORMATS, detect_format, load_watchlist_as
from services.lists.watchlists.errors import WatchlistError, WatchlistFormatError
from services.lists.watchlists.excerpt import EXCERPT_DIR, excerpt_paths
from services.lists.watchlists.model import EntrySchema, Ownership, Watchlist, WatchlistEntry

# Relative to `shared/data`: the lists the detector screens against by default.
SHARED_LIST_PATHS = (
    "ofac/sdn_full_2021-07",
    "ofac/sdn_extract_2025-05",  # after the 2021 set, so its newer entries win on shared ids
    "ofac/consolidated_non_sdn_2025-12",
    "un/UN_consolidated.xml",
    "us_bis/dpl.txt",
    "opensanctions/zala_aero_cluster.entities.ftm.json",
    "opensanctions/eu_fsf_sample.entities.ftm.json",
)


def load_watchlist(path: Path, name: str | None = None) -> Watchlist:
    """Load one list, detecting its format; raises WatchlistFormatError on unknown or bad input."""
    path = Path(path)
    return load_watchlist_as(path, detect_format(path), name)


def load_watchlists(paths: Sequence[Path]) -> list[Watchlist]:
    """Load several lists, in order."""
    return [load_watchlist(Path(p)) for p in paths]


def default_cache_dir() -> Path:
    """Where `chokepoint watchlist fetch` keeps downloaded lists (CHOKEPOINT_WATCHLIST_CACHE)."""
    configured = os.environ.get("CHOKEPOINT_WATCHLIST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "chokepoint" / "watchlists"


@dataclass(frozen=True)
class DefaultWatchlists:
    """The lists used when none are configured, and where they come from."""

    origin: Literal["shared", "cache", "excerpt"]
    directory: Path
    paths: list[Path]

    def describe(self) -> str:
        what = {
            "shared": "the full shared lists",
            "cache": "the lists cached by `chokepoint watchlist fetch`",
            "excerpt": "the packaged excerpt of official lists (OFAC SDN, UN; demo only)",
        }[self.origin]
        return f"{what} in {self.directory}"


def _cached_lists(cache: Path) -> list[Path]:
    if not cache.is_dir():
        return []
    return sorted(
        p
        for p in cache.iterdir()
        if not p.name.startswith(".") and not p.name.endswith(".meta.json")
    )


def resolve_default_watchlists(shared_data: Path | None = None) -> DefaultWatchlists:
    """The shared lists (`../shared/data` or CHOKEPOINT_SHARED_DATA) when present, else the
    `watchlist fetch` cache, else the committed excerpt, so a fresh clone still screens."""
    shared = shared_data or default_shared_data_dir()
    if shared.is_dir():
        found = [shared / rel for rel in SHARED_LIST_PATHS if (shared / rel).exists()]
        if found:
            return DefaultWatchlists("shared", shared, found)
    cache = default_cache_dir()
    cached = _cached_lists(cache)
    if cached:
        return DefaultWatchlists("cache", cache, cached)
    return DefaultWatchlists("excerpt", EXCERPT_DIR, excerpt_paths())


def default_watchlist_paths(shared_data: Path | None = None) -> list[Path]:
    """The paths of `resolve_default_watchlists(shared_data)`."""
    return resolve_default_watchlists(shared_data).paths


__all__ = [
    "FORMATS",
    "DefaultWatchlists",
    "EntrySchema",
    "Ownership",
    "Watchlist",
    "WatchlistEntry",
    "WatchlistError",
    "WatchlistFormatError",
    "default_cache_dir",
    "default_watchlist_paths",
    "resolve_default_watchlists",
    "detect_format",
    "load_watchlist",
    "load_watchlist_as",
    "load_watchlists",
]
