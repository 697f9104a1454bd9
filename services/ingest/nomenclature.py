"""The HS-6 subheadings of an HS nomenclature CSV (section,hscode,description,parent,level)."""

from __future__ import annotations

import csv
from pathlib import Path

from services.ingest.errors import ConfigError

REQUIRED_COLUMNS = frozenset({"hscode", "level"})


def load_hs6_codes(path: Path) -> frozenset[str]:
    """Every 6-digit subheading code in the file; raises ConfigError if the file is unusable."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
            if missing:
                raise ConfigError(f"{path}: missing columns {sorted(missing)}")
            codes = frozenset(
                row["hscode"]
                for row in reader
                if row["level"] == "6" and len(row["hscode"]) == 6 and row["hscode"].isdigit()
            )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"cannot read HS nomenclature {path}: {exc}") from exc
    if not codes:
        raise ConfigError(f"{path}: no HS-6 subheadings (level 6) found")
    return codes
