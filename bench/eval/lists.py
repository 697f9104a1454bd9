"""The public-domain official lists (OFAC SDN and consolidated, UN, BIS DPL), read directly.

Read here rather than through the detector's loaders so that the set does not inherit any of
their normalisation. Each entity keeps its names with their kind (primary, a.k.a., f.k.a.,
original script).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bench.eval.model import Schema
from bench.eval.text import person_order

NameKind = Literal["primary", "aka", "fka", "script"]
OFAC_FOLDERS = (
    ("ofac/sdn_full_2021-07", "sdn", "sdn.csv", "alt.csv"),
    ("ofac/consolidated_non_sdn_2025-12", "cons", "cons_prim.csv", "cons_alt.csv"),
)


@dataclass(frozen=True)
class ListName:
    name: str
    kind: NameKind


@dataclass(frozen=True)
class ListEntity:
    key: str
    source: str
    schema: Schema
    names: tuple[ListName, ...]

    @property
    def primary(self) -> str:
        return self.names[0].name


def _ofac_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8", errors="replace").replace("\x1a", "")
    rows = csv.reader(io.StringIO(text))
    return [[cell.strip() for cell in row] for row in rows if len(row) > 3]


def _clean(value: str) -> str:
    return "" if value == "-0-" else " ".join(value.split())


def ofac_entities(shared: Path) -> list[ListEntity]:
    """Individuals and entities (not vessels or aircraft) with their a.k.a./f.k.a./n.k.a. names."""
    entities: list[ListEntity] = []
    for folder, tag, prim_file, alt_file in OFAC_FOLDERS:
        base = shared / folder
        if not base.is_dir():
            continue
        aliases: dict[str, list[ListName]] = {}
        for row in _ofac_rows(base / alt_file):
            name, kind = _clean(row[3]), row[2].strip('"').lower()
            if name:
                aliases.setdefault(row[0], []).append(
                    ListName(name, "fka" if kind in ("fka", "nka") else "aka")
                )
        for row in _ofac_rows(base / prim_file):
            sdn_type, name = _clean(row[2]).lower(), _clean(row[1])
            if sdn_type not in ("", "individual") or not name:
                continue
            person = sdn_type == "individual"
            names = [ListName(name, "primary"), *aliases.get(row[0], [])]
            if person:
                names = [ListName(person_order(n.name), n.kind) for n in names]
            entities.append(
                ListEntity(
                    f"{tag}-{row[0]}",
                    f"ofac_{tag}",
                    "Person" if person else "Organization",
                    tuple(names),
                )
            )
    return entities


def _joined(node: ET.Element, tags: tuple[str, ...]) -> str:
    parts = [(node.findtext(tag) or "").strip() for tag in tags]
    return " ".join(" ".join(p for p in parts if p).split())


def un_entities(shared: Path) -> list[ListEntity]:
    """UN individuals and entities: good-quality aliases and names in original script."""
    path = shared / "un" / "UN_consolidated.xml"
    if not path.exists():
        return []
    root = ET.parse(path).getroot()
    entities: list[ListEntity] = []
    name_tags = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(tag):
            primary = _joined(node, name_tags)
            if not primary:
                continue
            names = [ListName(primary, "primary")]
            for alias in node.iter(f"{tag}_ALIAS"):
                alias_name = " ".join((alias.findtext("ALIAS_NAME") or "").split())
                quality = (alias.findtext("QUALITY") or "").strip().lower()
                if alias_name and quality != "low":
                    names.append(ListName(alias_name, "aka"))
            script = " ".join((node.findtext("NAME_ORIGINAL_SCRIPT") or "").split())
            if script:
                names.append(ListName(script, "script"))
            key = (
                f"un-{(node.findtext('REFERENCE_NUMBER') or node.findtext('DATAID') or '').strip()}"
            )
            entities.append(ListEntity(key, "un_sc", schema, tuple(names)))  # type: ignore[arg-type]
    return entities


def bis_names(shared: Path) -> list[str]:
    path = shared / "us_bis" / "dpl.txt"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return [" ".join(row["Name"].split()) for row in csv.DictReader(handle, delimiter="\t")]
