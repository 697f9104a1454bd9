"""CSV lists with a header: OpenSanctions `targets.simple.csv` and Chokepoint's custom CSV.

Custom CSV columns (UTF-8, header row, `;` separates several values in one cell):
`id`, `name` (required); `schema` (Person, Organization, Company, LegalEntity, Vessel, Aircraft;
default LegalEntity), `aliases`, `weak_aliases`, `countries` (ISO alpha-2), `birth_date`,
`identifiers` (`innCode:7701…;imoNumber:9339301`, FtM property names), `programs`,
`listed_on` (YYYY-MM-DD), `remarks`.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from services.lists.watchlists.common import (
    content_version,
    newest_past,
    read_text,
    unique,
    utc_moment,
)
from services.lists.watchlists.errors import WatchlistFormatError
from services.lists.watchlists.model import EntrySchema, Watchlist, WatchlistEntry
from services.lists.watchlists.remarks import country_code

TARGETS_COLUMNS = frozenset(
    {"id", "schema", "name", "aliases", "birth_date", "countries", "identifiers", "dataset"}
)
CUSTOM_REQUIRED = frozenset({"id", "name"})
_SCHEMAS: frozenset[str] = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft"}
)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _schema(path: Path, line: int, raw: str | None) -> EntrySchema:
    value = (raw or "").strip() or "LegalEntity"
    if value not in _SCHEMAS:
        raise WatchlistFormatError(
            path, f"row {line}: schema {value!r} is not one of {sorted(_SCHEMAS)}"
        )
    return value  # type: ignore[return-value]


def read_header(path: Path) -> list[str]:
    """The header row of a CSV file, for format detection."""
    first = read_text(path).splitlines()[:1]
    return next(csv.reader(first), []) if first else []


def load_targets_csv(path: Path, name: str | None = None) -> Watchlist:
    """OpenSanctions `targets.simple.csv`; ids are kept as they are (OpenSanctions ids)."""
    list_name = name or "opensanctions"
    entries = []
    seen = []
    for row in csv.DictReader(io.StringIO(read_text(path))):
        seen.append(utc_moment(row.get("last_seen")))  # the export run, as in FtM exports
        if not (row.get("id") and row.get("name")):
            continue
        schema = row.get("schema") if row.get("schema") in _SCHEMAS else "LegalEntity"
        entries.append(
            WatchlistEntry(
                id=row["id"],
                schema=schema,  # type: ignore[arg-type]
                names=unique([row["name"], *_split(row.get("aliases"))]),
                source=list_name,
                countries=unique(country_code(c) for c in _split(row.get("countries"))),
                addresses=unique(_split(row.get("addresses"))),
                identifiers=tuple(
                    ("registrationNumber", v)
                    for v in _split(row.get("identifiers"))
                    if v != row["id"]
                ),
                programs=unique([*_split(row.get("sanctions")), *_split(row.get("dataset"))]),
                birth_dates=unique(_split(row.get("birth_date"))),
            )
        )
    return Watchlist(list_name, content_version([path]), entries, published_at=newest_past(seen))


def load_custom_csv(path: Path, name: str | None = None) -> Watchlist:
    """The documented custom CSV (see module docstring); the list is named after the file."""
    list_name = name or re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_") or "custom"
    reader = csv.DictReader(io.StringIO(read_text(path)))
    missing = CUSTOM_REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise WatchlistFormatError(path, f"custom CSV needs columns {sorted(missing)}")
    entries = []
    for line, row in enumerate(reader, start=2):
        if not (row.get("id") or "").strip() or not (row.get("name") or "").strip():
            raise WatchlistFormatError(path, f"row {line}: id and name are required")
        identifiers = []
        for pair in _split(row.get("identifiers")):
            prop, sep, value = pair.partition(":")
            if not sep or not value.strip():
                raise WatchlistFormatError(
                    path, f"row {line}: identifier {pair!r} is not 'property:value'"
                )
            identifiers.append((prop.strip(), value.strip()))
        listed = (row.get("listed_on") or "").strip()
        try:
            listed_on = date.fromisoformat(listed) if listed else None
        except ValueError as exc:
            raise WatchlistFormatError(
                path, f"row {line}: listed_on {listed!r} is not YYYY-MM-DD"
            ) from exc
        entries.append(
            WatchlistEntry(
                id=f"{list_name}:{row['id'].strip()}",
                schema=_schema(path, line, row.get("schema")),
                names=unique([row["name"], *_split(row.get("aliases"))]),
                source=list_name,
                weak_aliases=unique(_split(row.get("weak_aliases"))),
                countries=unique(country_code(c) for c in _split(row.get("countries"))),
                identifiers=tuple(identifiers),
                programs=unique(_split(row.get("programs"))),
                birth_dates=unique(_split(row.get("birth_date"))),
                listed_on=listed_on,
                remarks=(row.get("remarks") or "").strip(),
            )
        )
    return Watchlist(list_name, content_version([path]), entries)
