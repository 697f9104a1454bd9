"""One entry model for every watchlist format (OFAC, UN, BIS, OpenSanctions, custom)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

EntrySchema = Literal["Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft"]


@dataclass(frozen=True)
class Ownership:
    """An owner → asset edge, as OpenSanctions' FtM Ownership carries it."""

    owner_id: str
    asset_id: str
    percentage: float | None = None


@dataclass(frozen=True)
class WatchlistEntry:
    """A listed party. `names[0]` is the primary name; weak aliases need more evidence to match."""

    id: str
    schema: EntrySchema
    names: tuple[str, ...]
    source: str
    weak_aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    identifiers: tuple[
        tuple[str, str], ...
    ] = ()  # (FtM property name, value), e.g. ("innCode", "7701…")
    programs: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    listed_on: date | None = None
    linked_to: tuple[str, ...] = ()
    remarks: str = ""
    # False for parties that are on the file only as nodes of the ownership graph (FtM
    # non-target companies); they are screened only when the OFAC 50% rule reaches them.
    listed: bool = True

    @property
    def caption(self) -> str:
        return self.names[0]


@dataclass
class Watchlist:
    """A loaded list: its name (us_ofac_sdn, un_sc, …), version and entries.

    `published_at` is the list's own publication date as its file states it (OFAC's Publish_Date,
    the UN's dateGenerated, …), timezone-aware UTC; None when the format carries no date.
    """

    name: str
    version: str
    entries: list[WatchlistEntry]
    ownerships: list[Ownership] = field(default_factory=list)
    published_at: datetime | None = None
