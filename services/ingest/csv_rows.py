"""Pure mapping of flat CSV rows (`importer_name`, `importer_inn`, …) to the nested record shape."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from services.ingest.parsing import RecordType

PARTY_ROLES = ("exporter", "importer", "notify_party", "consignee")
PARTY_FIELDS = ("name", "country", "address")
IDENTIFIER_SCHEMES = (
    "inn",
    "ogrn",
    "kpp",
    "uscc",
    "tax_id",
    "vat",
    "eori",
    "lei",
    "registration_number",
)
TRANSPORT_COLUMNS = {"transport_mode": "mode", "vessel_name": "vessel_name", "vessel_imo": "imo"}
SHIPMENT_COLUMNS = (
    "record_id",
    "source",
    "declaration_date",
    "hs_code",
    "goods_description",
    "quantity",
    "quantity_unit",
    "value",
    "currency",
    "origin_country",
    "departure_country",
    "departure_port",
    "destination_country",
    "destination_port",
    "ingested_at",
)
NEWS_COLUMNS = (
    "record_id",
    "url",
    "title",
    "body",
    "published_at",
    "source",
    "language",
    "ingested_at",
)


def known_columns(record_type: RecordType) -> frozenset[str]:
    """Every column name the importer understands for a record type."""
    if record_type == "news":
        return frozenset(NEWS_COLUMNS)
    party = {
        f"{role}_{field}" for role in PARTY_ROLES for field in (*PARTY_FIELDS, *IDENTIFIER_SCHEMES)
    }
    return frozenset({*SHIPMENT_COLUMNS, *TRANSPORT_COLUMNS, *party})


def unknown_columns(header: Iterable[str], record_type: RecordType) -> list[str]:
    """Header names the importer would silently drop; the import refuses them instead."""
    known = known_columns(record_type)
    return [name for name in header if name.strip() not in known]


def derived_record_id(row: Mapping[str, str], prefix: str = "csv") -> str:
    """A stable id from the row's content, so re-importing the same file is idempotent."""
    canonical = json.dumps(
        {k.strip(): v.strip() for k, v in row.items() if v and v.strip()}, sort_keys=True
    )
    return (
        f"{prefix}:{hashlib.sha256(canonical.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}"
    )


def row_to_record(
    row: Mapping[str, str | None], record_type: RecordType, default_source: str
) -> dict[str, Any]:
    """One CSV row → a record dict for validation; empty cells are left out."""
    cells = {
        k.strip(): v.strip()
        for k, v in row.items()
        if k is not None and v is not None and v.strip()
    }
    if record_type == "news":
        record: dict[str, Any] = {k: v for k, v in cells.items() if k in NEWS_COLUMNS}
    else:
        record = {k: v for k, v in cells.items() if k in SHIPMENT_COLUMNS}
        for role in PARTY_ROLES:
            party = _party(cells, role)
            if party:
                record[role] = party
        transport = {
            field: cells[column] for column, field in TRANSPORT_COLUMNS.items() if column in cells
        }
        if transport:
            record["transport"] = transport
    record["record_type"] = record_type
    record.setdefault("source", default_source)
    if "record_id" not in record:
        record["record_id"] = derived_record_id(cells)
    return record


def _party(cells: Mapping[str, str], role: str) -> dict[str, Any]:
    party: dict[str, Any] = {
        f: cells[f"{role}_{f}"] for f in PARTY_FIELDS if f"{role}_{f}" in cells
    }
    identifiers = {s: cells[f"{role}_{s}"] for s in IDENTIFIER_SCHEMES if f"{role}_{s}" in cells}
    if identifiers:
        party["identifiers"] = identifiers
    return party
