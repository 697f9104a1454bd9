"""Lists, entries and shipments for the continuous-monitoring tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from schemas import ShipmentRecord
from services.lists.watchlists import Watchlist, WatchlistEntry

TODAY = date(2026, 12, 1)


def entry(
    entry_id: str,
    *names: str,
    programs: tuple[str, ...] = ("ANALYST-WATCH",),
    **fields: Any,
) -> WatchlistEntry:
    return WatchlistEntry(
        id=f"blocklist:{entry_id}",
        schema=fields.pop("schema", "Company"),
        names=names,
        source="blocklist",
        programs=programs,
        **fields,
    )


def watchlist(version: str, *entries: WatchlistEntry) -> Watchlist:
    return Watchlist(name="blocklist", version=version, entries=list(entries))


def shipment(record_id: str, importer: str, on: str = "2026-06-01", **extra: Any) -> ShipmentRecord:
    return ShipmentRecord.model_validate(
        {
            "record_id": record_id,
            "source": "test",
            "declaration_date": on,
            "importer": {"name": importer, "country": "ru", **extra.pop("importer_extra", {})},
            "exporter": {"name": "Harbour Supplier Ltd", "country": "cn"},
            "hs_code": "8542.31",
            "origin_country": "cn",
            "destination_country": "ru",
            **extra,
        }
    )
