"""OpenSanctions FollowTheMoney JSON lines: targets, their sanctions and the ownership graph."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from services.lists.watchlists.common import content_version, newest_past, unique, utc_moment
from services.lists.watchlists.errors import WatchlistFormatError
from services.lists.watchlists.model import EntrySchema, Ownership, Watchlist, WatchlistEntry

_MATCHABLE: dict[str, EntrySchema] = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "LegalEntity": "LegalEntity",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Aircraft": "Aircraft",
}
IDENTIFIER_PROPS = (
    "innCode", "ogrnCode", "kppCode", "okpoCode", "registrationNumber", "taxNumber", "vatCode",
    "uscCode", "leiCode", "swiftBic", "imoNumber", "mmsi", "idNumber", "passportNumber",
    "callSign", "serialNumber",
)  # fmt: skip
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry", "flag")


def read_ftm_entities(path: Path) -> list[EntityProxy]:
    """Every entity in a JSON lines file; a bad line raises WatchlistFormatError with its number."""
    proxies = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data: dict[str, Any] = json.loads(line)
                proxies.append(model.get_proxy(data, cleaned=False))
            except (ValueError, TypeError, KeyError) as exc:
                raise WatchlistFormatError(
                    path, f"line {number}: not an FtM entity ({exc})"
                ) from exc
    return proxies


def load_ftm_json(path: Path, name: str | None = None) -> Watchlist:
    """Targets become listed entries; other companies stay as unlisted nodes for the 50% rule."""
    list_name = name or "opensanctions"
    proxies = read_ftm_entities(path)
    targets = {p.id for p in proxies if p.to_dict().get("target")}
    programs: dict[str, list[str]] = defaultdict(list)
    listed_on: dict[str, str] = {}
    ownerships: list[Ownership] = []
    for proxy in proxies:
        if proxy.schema.name == "Sanction":
            for entity_id in proxy.get("entity"):
                programs[entity_id].extend(proxy.get("program") or proxy.get("authority"))
                for when in proxy.get("listingDate") + proxy.get("startDate"):
                    listed_on[entity_id] = min(listed_on.get(entity_id, when), when)
        elif proxy.schema.name == "Ownership":
            ownerships.extend(_ownerships(proxy))
    entries = [
        _entry(list_name, proxy, proxy.id in targets, programs, listed_on)
        for proxy in proxies
        if proxy.schema.name in _MATCHABLE
        and proxy.id
        and (proxy.id in targets or not proxy.schema.is_a("Person"))
    ]
    stamp = max((p.to_dict().get("last_change") or "" for p in proxies), default="")[:10].replace(
        "-", ""
    )
    # An export has no date of its own; every entity it carries was last seen in its run.
    exported = newest_past(utc_moment(p.to_dict().get("last_seen")) for p in proxies)
    return Watchlist(
        list_name, content_version([path], stamp or None), entries, ownerships, exported
    )


def _ownerships(proxy: EntityProxy) -> list[Ownership]:
    share = None
    for raw in proxy.get("percentage"):
        try:
            share = float(raw.strip().rstrip("%"))
        except ValueError:
            continue
    return [
        Ownership(owner, asset, share)
        for owner in proxy.get("owner")
        for asset in proxy.get("asset")
    ]


def _entry(
    list_name: str,
    proxy: EntityProxy,
    is_target: bool,
    programs: dict[str, list[str]],
    listed_on: dict[str, str],
) -> WatchlistEntry:
    entity_id = str(proxy.id)
    caption = proxy.to_dict().get("caption")
    names = [*([caption] if caption else []), *proxy.get("name"), *proxy.get("alias")]
    names += proxy.get("previousName")
    if not names and proxy.get("lastName"):
        names = [" ".join(proxy.get("firstName") + proxy.get("lastName"))]
    first_listed = listed_on.get(entity_id)
    return WatchlistEntry(
        id=entity_id,
        schema=_MATCHABLE[proxy.schema.name],
        names=unique(names),
        source=list_name,
        weak_aliases=unique(proxy.get("weakAlias"), exclude=names),
        countries=unique(
            c.lower() for p in _COUNTRY_PROPS if p in proxy.schema.properties for c in proxy.get(p)
        ),
        addresses=unique(proxy.get("address") if "address" in proxy.schema.properties else []),
        identifiers=tuple(
            (prop, value)
            for prop in IDENTIFIER_PROPS
            if prop in proxy.schema.properties
            for value in proxy.get(prop)
        ),
        programs=unique([*programs.get(entity_id, []), *proxy.to_dict().get("datasets", [])]),
        birth_dates=unique(
            proxy.get("birthDate") if "birthDate" in proxy.schema.properties else []
        ),
        listed_on=date.fromisoformat(first_listed[:10])
        if first_listed and len(first_listed) >= 10
        else None,
        remarks="; ".join(proxy.get("notes") if "notes" in proxy.schema.properties else []),
        listed=is_target,
    )
