"""What screening takes and gives: a party to screen, and a listed party it may be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from services.lists.watchlists.model import WatchlistEntry

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class NameQuery:
    """A party to screen; identifiers are keyed by FtM property names (innCode, imoNumber, …)."""

    name: str
    schema: str | None = None
    country: str | None = None
    birth_date: str | None = None
    identifiers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    # Structured person names, when the source has them: a swapped pair is a different person.
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True)
class NameMatch:
    """One listed party a query matched, with the list name that matched and why."""

    entry: WatchlistEntry
    watchlist: str
    matched_name: str
    score: float
    explanation: str
    ownership_path: tuple[str, ...] = ()
