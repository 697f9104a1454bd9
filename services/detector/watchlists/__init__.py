"""Watchlist loaders: every supported format into one entry model.

`load_watchlist(path)` detects the format (OFAC CSV folder or file, OFAC XML, UN XML, BIS DPL,
OpenSanctions FtM JSON lines, `targets.simple.csv`, custom CSV) and returns a `Watchlist`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from services.detector.watchlists.detect import FORMATS, detect_format, load_watchlist_as
from services.detector.watchlists.errors import WatchlistError, WatchlistFormatError
from services.detector.watchlists.model import EntrySchema, Ownership, Watchlist, WatchlistEntry

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
_REPO_ROOT = Path(__file__).resolve().parents[3]


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


def default_watchlist_paths(shared_data: Path | None = None) -> list[Path]:
    """The shared lists when `../shared/data` exists, else whatever `watchlist fetch` cached."""
    if shared_data is None:
        configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
        shared_data = Path(configured) if configured else _REPO_ROOT.parent / "shared" / "data"
    if shared_data.is_dir():
        return [shared_data / rel for rel in SHARED_LIST_PATHS if (shared_data / rel).exists()]
    cache = default_cache_dir()
    if not cache.is_dir():
        return []
    return sorted(
        p
        for p in cache.iterdir()
        if not p.name.startswith(".") and not p.name.endswith(".meta.json")
    )


__all__ = [
    "FORMATS",
    "EntrySchema",
    "Ownership",
    "Watchlist",
    "WatchlistEntry",
    "WatchlistError",
    "WatchlistFormatError",
    "default_cache_dir",
    "default_watchlist_paths",
    "detect_format",
    "load_watchlist",
    "load_watchlist_as",
    "load_watchlists",
]
