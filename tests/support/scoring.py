"""Record builders for scoring tests."""

from __future__ import annotations

from typing import Any

from schemas import ShipmentRecord
from tests.support.factories import party_dict, shipment_dict


def shipment(**overrides: Any) -> ShipmentRecord:
    """A shipment from a clean Shenzhen exporter to a clean Dubai importer unless overridden."""
    base: dict[str, Any] = {
        "exporter": party_dict("Shenzhen Huaxin Precision Electronics Co., Ltd.", "cn"),
        "importer": party_dict("Jebel Ali Smart Home Solutions FZE", "ae"),
        "hs_code": "9403.60",
        "goods_description": "Wooden dining tables",
        "origin_country": "cn",
        "departure_country": "cn",
        "destination_country": "ae",
    }
    return ShipmentRecord.model_validate(shipment_dict(**{**base, **overrides}))
