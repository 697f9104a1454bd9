"""The lists the evaluation runs against: the shared lists with non-Latin-script names removed.

Removing them makes every Cyrillic, Arabic and Chinese query a test of transliteration rather than
an exact hit on a name the list already carries in that script.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from services.detector.watchlists import Watchlist, default_watchlist_paths, load_watchlists


def is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 for c in text if c.isalpha())


def latin_only(watchlist: Watchlist) -> Watchlist:
    """A copy with non-Latin-script names and aliases dropped (entries keep at least one name)."""
    entries = []
    for entry in watchlist.entries:
        names = tuple(n for n in entry.names if is_latin(n)) or entry.names
        weak = tuple(n for n in entry.weak_aliases if is_latin(n))
        entries.append(replace(entry, names=names, weak_aliases=weak))
    return Watchlist(watchlist.name, watchlist.version, entries, watchlist.ownerships)


def eval_watchlists(shared_data: Path) -> list[Watchlist]:
    return [latin_only(w) for w in load_watchlists(default_watchlist_paths(shared_data))]
