"""Flat CSV rows → nested records."""

from __future__ import annotations

from schemas import ShipmentRecord
from services.ingest.csv_rows import derived_record_id, row_to_record, unknown_columns


def test_flat_columns_map_into_parties_and_transport() -> None:
    row = {
        "record_id": "r1",
        "declaration_date": "2024-02-01",
        "exporter_name": "Dubai Trading FZE",
        "exporter_country": "AE",
        "importer_name": "OOO Example",
        "importer_country": "ru",
        "importer_inn": "7700000000",
        "hs_code": "8542.31",
        "quantity": "10",
        "transport_mode": "air",
        "notify_party_name": "",
    }
    record = ShipmentRecord.model_validate(row_to_record(row, "shipment", "import:test.csv"))
    assert record.importer is not None and record.importer.identifiers == {"inn": "7700000000"}
    assert record.exporter is not None and record.exporter.country == "ae"
    assert record.notify_party is None  # empty cells are left out
    assert record.transport is not None and record.transport.mode == "air"
    assert record.source == "import:test.csv" and record.quantity == 10.0


def test_missing_record_id_is_derived_stably() -> None:
    row = {"importer_name": "A", "hs_code": "854231", "declaration_date": "2024-01-01"}
    first = row_to_record(row, "shipment", "s")["record_id"]
    assert first == row_to_record(dict(reversed(row.items())), "shipment", "s")["record_id"]
    assert first != derived_record_id({**row, "importer_name": "B"})


def test_news_rows() -> None:
    row = {"url": "https://x.org/a", "title": "T", "published_at": "2024-01-01T00:00:00Z"}
    record = row_to_record(row, "news", "feed")
    assert record["record_type"] == "news" and record["source"] == "feed"


def test_unknown_columns_are_reported() -> None:
    header = ["record_id", "importer_name", "importer_favourite_colour", "hs_code"]
    assert unknown_columns(header, "shipment") == ["importer_favourite_colour"]
    assert unknown_columns(["title", "hs_code"], "news") == ["hs_code"]
