"""Builders of valid wire records (as dicts) for tests; pass overrides to change any field.

    shipment_dict(hs_code="880621", importer=party_dict("OOO Foo", "ru"))
    news_dict(title="DJI drones reach Russia")
    json_bytes(shipment_dict())            # one message as published

A value of `None` in overrides removes the field.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

_ids = itertools.count(1)


def _apply(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **overrides}
    return {k: v for k, v in merged.items() if v is not None}


def party_dict(
    name: str = "Shenzhen Example Trading Co Ltd", country: str | None = "cn", **overrides: Any
) -> dict[str, Any]:
    """A Party: name and country, plus any of address / identifiers."""
    return _apply({"name": name, "country": country}, overrides)


def shipment_dict(**overrides: Any) -> dict[str, Any]:
    """A valid ShipmentRecord as a dict: a CN exporter shipping drone parts to a RU importer."""
    base: dict[str, Any] = {
        "record_type": "shipment",
        "record_id": f"shp-{next(_ids):06d}",
        "source": "test-customs",
        "declaration_date": "2024-03-15",
        "exporter": party_dict(),
        "importer": party_dict("OOO Example Import", "ru", identifiers={"inn": "7700000000"}),
        "hs_code": "8806.21",
        "goods_description": "Unmanned aircraft, max take-off weight <= 250 g",
        "quantity": 12.0,
        "quantity_unit": "pcs",
        "value": 5400.0,
        "currency": "USD",
        "origin_country": "cn",
        "destination_country": "ru",
    }
    return _apply(base, overrides)


def news_dict(**overrides: Any) -> dict[str, Any]:
    """A valid NewsRecord as a dict."""
    n = next(_ids)
    base: dict[str, Any] = {
        "record_type": "news",
        "record_id": f"news-{n:06d}",
        "url": f"https://news.example.org/articles/{n}",
        "title": "Drone parts shipped via the UAE reach Russian distributors",
        "body": "Customs records show a Dubai trading house re-exporting components.",
        "published_at": "2024-03-16T08:30:00Z",
        "source": "example-news",
        "language": "en",
    }
    return _apply(base, overrides)


def json_bytes(record: dict[str, Any]) -> bytes:
    """One record as compact UTF-8 JSON."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ndjson_bytes(records: list[dict[str, Any]]) -> bytes:
    """Records as an NDJSON body (one per line, trailing newline)."""
    return b"".join(json_bytes(r) + b"\n" for r in records)
