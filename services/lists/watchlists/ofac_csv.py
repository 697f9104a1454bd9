"""OFAC legacy delimited CSV (sdn/add/alt/comments and the consolidated cons_* set).

No header row, `-0-` for empty, CRLF, a trailing Ctrl-Z; individual names as `SURNAME, Given`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from services.lists.watchlists.common import content_version, read_text, unique
from services.lists.watchlists.errors import WatchlistFormatError
from services.lists.watchlists.model import EntrySchema, Watchlist, WatchlistEntry
from services.lists.watchlists.remarks import country_code, parse_remarks

_TYPES: dict[str, EntrySchema] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}
# (primary, addresses, aliases, comments) file names per list
_FILE_SETS = {
    "us_ofac_sdn": ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    "us_ofac_cons": ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    reader = csv.reader(io.StringIO(read_text(path)))
    return [[_cell(c) for c in row] for row in reader if row and any(c.strip() for c in row)]


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def primary_files() -> set[str]:
    """File names that identify an OFAC CSV set."""
    return {files[0] for files in _FILE_SETS.values()}


def _list_for(path: Path) -> tuple[str, Path]:
    if path.is_dir():
        for list_name, files in _FILE_SETS.items():
            if (path / files[0]).exists():
                return list_name, path / files[0]
        raise WatchlistFormatError(path, "folder has no sdn.csv or cons_prim.csv")
    for list_name, files in _FILE_SETS.items():
        if path.name.lower() == files[0]:
            return list_name, path
    return "us_ofac_sdn", path  # a primary file under another name: read it alone


def load_ofac_csv(path: Path, name: str | None = None) -> Watchlist:
    """Load an OFAC CSV folder, or a primary file with its add/alt/comments siblings."""
    list_name, primary = _list_for(path)
    files = (
        [primary.parent / f for f in _FILE_SETS[list_name]]
        if primary.name.lower() == _FILE_SETS[list_name][0]
        else [primary]
    )
    prim_rows = _rows(primary)
    if not prim_rows or not prim_rows[0][0].isdigit() or len(prim_rows[0]) < 12:
        raise WatchlistFormatError(
            primary, "not an OFAC legacy CSV (expected 12 columns, ent_num first)"
        )
    addresses: dict[str, list[list[str]]] = defaultdict(list)
    aliases: dict[str, list[list[str]]] = defaultdict(list)
    comments: dict[str, list[str]] = defaultdict(list)
    if len(files) == 4:
        for row in _rows(files[1]):
            addresses[row[0]].append(row)
        for row in _rows(files[2]):
            aliases[row[0]].append(row)
        for row in _rows(files[3]):
            comments[row[0]].append(" ".join(row[1:]))
    list_name = name or list_name
    entries = [_entry(list_name, row, addresses, aliases, comments) for row in prim_rows]
    return Watchlist(list_name, content_version([f for f in files if f.exists()]), entries)


def _entry(
    list_name: str,
    row: list[str],
    addresses: dict[str, list[list[str]]],
    aliases: dict[str, list[list[str]]],
    comments: dict[str, list[str]],
) -> WatchlistEntry:
    row = row + [""] * (12 - len(row))
    ent_num, sdn_name, sdn_type, program = row[0], row[1], row[2].lower(), row[3]
    remarks = " ".join([row[11], *comments.get(ent_num, [])]).strip()
    parsed = parse_remarks(remarks)
    alias_names = [a[3] for a in aliases.get(ent_num, []) if len(a) > 3]
    address_rows = addresses.get(ent_num, [])
    countries = [country_code(a[4]) for a in address_rows if len(a) > 4]
    identifiers = list(parsed.identifiers)
    if sdn_type == "vessel" and row[9]:
        countries.append(country_code(row[9]))
    return WatchlistEntry(
        id=f"{list_name}:{ent_num}",
        schema=_TYPES.get(sdn_type, "Organization"),
        names=unique([sdn_name, *alias_names]),
        source=list_name,
        weak_aliases=unique(parsed.weak_aliases, exclude=[sdn_name, *alias_names]),
        countries=unique([*parsed.countries, *countries]),
        addresses=unique(", ".join(p for p in a[2:5] if p) for a in address_rows),
        identifiers=tuple(dict.fromkeys(identifiers)),
        programs=unique(p.strip(" []") for p in program.split("] [")),
        birth_dates=unique(parsed.birth_dates),
        linked_to=unique(parsed.linked_to),
        remarks=remarks,
    )
