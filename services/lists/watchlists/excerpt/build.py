"""Build the committed excerpt from the full official files in the shared data folder.

Only official public lists are read (never OpenSanctions data, which is CC BY-NC):
- OFAC SDN, July 2021 snapshot: the entries under the Russia-related programmes below
  (cyber, Russia's defence sector, CAATSA, EO 14024), with their addresses, aliases and comments;
- OFAC SDN extract, May 2025: every entry (17, incl. the tanker NS LEADER);
- UN Security Council Consolidated List: the entities of the DPRK regime.
OFAC lines are copied byte for byte (CRLF, trailing Ctrl-Z); UN elements are copied whole under
the original root, so the excerpt loads with the same loaders, ids and list names as the full files.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from services.lists.watchlists.xml_common import children, parse_xml, text_of

RUSSIA_PROGRAMS = frozenset({"CYBER2", "UKRAINE-EO13661", "CAATSA - RUSSIA", "RUSSIA-EO14024"})
UN_LIST_TYPES = frozenset({"DPRK"})
OFAC_FILES = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
UN_SOURCE = "un/UN_consolidated.xml"
UN_TARGET = "un_dprk_entities.xml"
README = "README.md"


class ExcerptError(Exception):
    """A source file is missing or not in the expected layout."""


@dataclass(frozen=True)
class OfacSelection:
    source: str  # folder relative to the shared data folder
    target: str  # folder relative to the excerpt folder
    programs: frozenset[str] | None  # None: every entry


OFAC_SELECTIONS = (
    OfacSelection("ofac/sdn_full_2021-07", "ofac_sdn_2021-07", RUSSIA_PROGRAMS),
    OfacSelection("ofac/sdn_extract_2025-05", "ofac_sdn_2025-05", None),
)


def _lines(path: Path) -> tuple[list[bytes], bytes]:
    """The CRLF-separated records of an OFAC file and what follows the last one (Ctrl-Z)."""
    if not path.is_file():
        raise ExcerptError(f"missing source file {path}")
    pieces = path.read_bytes().split(b"\r\n")
    trailer = pieces.pop()
    for line in pieces:
        if line.count(b'"') % 2:
            raise ExcerptError(f"{path}: a record spans lines: {line[:60]!r}")
    return pieces, trailer


def _ent_num(line: bytes) -> bytes:
    return line.split(b",", 1)[0].strip(b'" ')


def _programs(line: bytes) -> set[str]:
    row = next(csv.reader([line.decode("utf-8", errors="replace")]))
    return {p.strip("[] ") for p in row[3].split("] [")} if len(row) > 3 else set()


def ofac_excerpt(folder: Path, programs: frozenset[str] | None) -> tuple[dict[str, bytes], int]:
    """The four OFAC files cut down to the chosen entries (files left empty are omitted)."""
    primary, _ = _lines(folder / OFAC_FILES[0])
    wanted = {_ent_num(line) for line in primary if programs is None or _programs(line) & programs}
    files: dict[str, bytes] = {}
    for name in OFAC_FILES:
        if name != OFAC_FILES[0] and not (folder / name).exists():
            continue
        lines, trailer = _lines(folder / name)
        kept = [line for line in lines if _ent_num(line) in wanted]
        if kept:
            files[name] = b"".join(line + b"\r\n" for line in kept) + trailer
    return files, len(wanted)


def un_excerpt(path: Path, list_types: frozenset[str]) -> tuple[bytes, int]:
    """The UN list with only the entities of the chosen regimes (no individuals)."""
    if not path.is_file():
        raise ExcerptError(f"missing source file {path}")
    root = parse_xml(path)
    kept = 0
    for group in children(root, "INDIVIDUALS"):
        for node in list(group):
            group.remove(node)
        group.text = None
    for group in children(root, "ENTITIES"):
        for node in list(group):
            if text_of(node, "UN_LIST_TYPE") in list_types:
                kept += 1
            else:
                group.remove(node)
    body = etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return body + b"\n", kept


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_excerpt(shared_data: Path) -> dict[str, bytes]:
    """Every excerpt file (relative path → bytes), including its README, from the shared folder."""
    files: dict[str, bytes] = {}
    rows: list[str] = []
    for selection in OFAC_SELECTIONS:
        source = shared_data / selection.source
        ofac, count = ofac_excerpt(source, selection.programs)
        files.update({f"{selection.target}/{name}": body for name, body in ofac.items()})
        rule = (
            "programmes " + ", ".join(sorted(selection.programs))
            if selection.programs
            else "every entry"
        )
        sources = [source / name for name in OFAC_FILES if (source / name).exists()]
        rows.append(
            f"| `{selection.target}/` | {count} | OFAC SDN (`{selection.source}/`, sha256 "
            f"`{_digest(sources)}`): {rule} |"
        )
    un_body, un_count = un_excerpt(shared_data / UN_SOURCE, UN_LIST_TYPES)
    files[UN_TARGET] = un_body
    rows.append(
        f"| `{UN_TARGET}` | {un_count} | UN Security Council Consolidated List (`{UN_SOURCE}`,"
        f" sha256 `{_digest([shared_data / UN_SOURCE])}`): entities with UN_LIST_TYPE "
        + ", ".join(sorted(UN_LIST_TYPES))
        + " |"
    )
    files[README] = _readme(rows).encode("utf-8")
    return files


def _readme(rows: list[str]) -> str:
    return "\n".join(
        [
            "# Excerpt of official watchlists (generated)",
            "",
            "The detector's default lists when neither the shared data folder nor the",
            "`chokepoint watchlist fetch` cache is there. Enough for the demo's sample alerts;",
            "not for real screening (the snapshots are old and most entries are left out).",
            "Rebuild or check it with `python -m services.lists.watchlists.excerpt [--check]`",
            "(reads the full files in the shared data folder; see `build.py` for the selection).",
            "",
            "| Path | Entries | Taken from |",
            "|---|---|---|",
            *rows,
            "",
            "Licences: the OFAC lists are works of the US Government (public domain in the US).",
            "The UN list is published freely by the UN Security Council; its terms of use apply.",
            "No OpenSanctions data is included.",
            "",
        ]
    )
