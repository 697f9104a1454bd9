"""Write the JSON Schema files and example messages for publishers in other languages.

Run `make schemas` (python -m schemas.generate) after changing a model; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import (
    Alert,
    DeadLetter,
    Feedback,
    NewsRecord,
    ShipmentRecord,
    Silence,
    WatchlistChunk,
    WatchlistSnapshot,
)
from schemas.topics import ALERTS, FEEDBACK, NEWS, SHIPMENTS, SILENCES, WATCHLISTS, dlq_of

HERE = Path(__file__).resolve().parent
MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "shipment": (ShipmentRecord, SHIPMENTS),
    "news": (NewsRecord, NEWS),
    "alert": (Alert, ALERTS),
    "dead_letter": (DeadLetter, dlq_of(SHIPMENTS)),
    "watchlist_snapshot": (WatchlistSnapshot, WATCHLISTS),
    "watchlist_chunk": (WatchlistChunk, WATCHLISTS),
    "silence": (Silence, SILENCES),
    "feedback": (Feedback, FEEDBACK),
}


def json_schemas() -> dict[str, str]:
    """File name → JSON Schema text for every wire model."""
    out = {}
    for name, (model, topic) in MODELS.items():
        schema: dict[str, Any] = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://chokepoint.invalid/schemas/{name}.schema.json"
        schema["x-topic"] = topic
        out[f"{name}.schema.json"] = (
            json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for file_name, text in json_schemas().items():
        path = HERE / "json" / file_name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(file_name)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale JSON Schema files (run `make schemas`): {stale}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
