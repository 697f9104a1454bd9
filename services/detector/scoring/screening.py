"""Screening shipment parties and vessels against the entity matcher, with a result cache."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from schemas import Party, ShipmentRecord

# Record identifier schemes → FollowTheMoney property names the matcher compares.
FTM_IDENTIFIER_PROPERTIES: dict[str, str] = {
    "inn": "innCode",
    "ogrn": "ogrnCode",
    "kpp": "kppCode",
    "uscc": "uscCode",
    "tax_id": "taxNumber",
    "vat": "vatCode",
    "lei": "leiCode",
    "registration_number": "registrationNumber",
    "eori": "registrationNumber",
}


class MatchLike(Protocol):
    """What the scorer reads from a NameMatch."""

    @property
    def entry(self) -> Any: ...
    @property
    def watchlist(self) -> str: ...
    @property
    def matched_name(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def explanation(self) -> str: ...
    @property
    def ownership_path(self) -> tuple[str, ...]: ...


class Screener(Protocol):
    """The entity matcher's `MatchIndex.screen` (services.lists.matching)."""

    def screen(
        self, query: Any, *, threshold: float = ..., limit: int = ...
    ) -> Sequence[MatchLike]: ...


@dataclass(frozen=True)
class LocalNameQuery:
    """Stand-in with NameQuery's fields, used only when the matching package is not importable."""

    name: str
    schema: str | None = None
    country: str | None = None
    birth_date: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


QueryFactory = Callable[..., Any]


def default_query_factory() -> QueryFactory:
    """The matcher's NameQuery when present, else the local stand-in with the same fields."""
    try:
        from services.lists.matching import NameQuery
    except ImportError:
        return LocalNameQuery
    return NameQuery


def ftm_identifiers(party: Party) -> dict[str, str]:
    """Map a party's identifier schemes to FtM property names (a Russian tax id is also an INN)."""
    found: dict[str, str] = {}
    for scheme, value in sorted(party.identifiers.items()):
        prop = FTM_IDENTIFIER_PROPERTIES.get(scheme)
        if prop is not None and prop not in found:
            found[prop] = value
    if "innCode" in found and "taxNumber" not in found:
        found["taxNumber"] = found["innCode"]
    if party.country == "ru" and "taxNumber" in found and "innCode" not in found:
        found["innCode"] = found["taxNumber"]
    return found


@dataclass(frozen=True)
class ScreenedParty:
    """A party or vessel of the record and the matches that cleared the threshold."""

    role: str
    name: str
    country: str | None
    matches: tuple[MatchLike, ...]


class CachedScreener:
    """Screens (name, country, identifiers) once; trade data repeats the same parties constantly."""

    def __init__(
        self,
        screener: Screener,
        *,
        threshold: float | None,
        limit: int,
        cache_size: int,
        query_factory: QueryFactory | None = None,
    ) -> None:
        self._screener = screener
        self._threshold = threshold
        self._limit = limit
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple[Any, ...], tuple[MatchLike, ...]] = OrderedDict()
        self._query_factory = query_factory or default_query_factory()

    def screen(
        self, name: str, *, schema: str | None, country: str | None, identifiers: Mapping[str, str]
    ) -> tuple[MatchLike, ...]:
        key = (name, schema, country, tuple(sorted(identifiers.items())))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        query = self._query_factory(
            name, schema=schema, country=country, identifiers=dict(identifiers)
        )
        if self._threshold is None:
            found = self._screener.screen(query, limit=self._limit)
        else:
            found = self._screener.screen(query, threshold=self._threshold, limit=self._limit)
        result = tuple(found)
        if self._cache_size:
            self._cache[key] = result
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return result

    def screen_record(
        self, record: ShipmentRecord, roles: Sequence[str], vessels: bool
    ) -> list[ScreenedParty]:
        """Every party in the given roles, and the vessel when asked; only those with matches."""
        screened: list[ScreenedParty] = []
        for role, party in record.parties():
            if role not in roles:
                continue
            matches = self.screen(
                party.name, schema=None, country=party.country, identifiers=ftm_identifiers(party)
            )
            if matches:
                screened.append(ScreenedParty(role, party.name, party.country, matches))
        transport = record.transport
        if vessels and transport is not None and (transport.imo or transport.vessel_name):
            name = transport.vessel_name or f"IMO {transport.imo}"
            ids = {"imoNumber": transport.imo} if transport.imo else {}
            matches = self.screen(name, schema="Vessel", country=None, identifiers=ids)
            if matches:
                screened.append(ScreenedParty("vessel", name, None, matches))
        return screened
