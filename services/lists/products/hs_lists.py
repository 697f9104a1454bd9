"""HS code lists: the HS 2022 nomenclature, the CHPL, and custom code lists, all keyed by prefix."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

SeverityName = Literal["low", "medium", "high", "critical"]
_SEPARATORS = re.compile(r"[\s.\-/]")
PREFIX_LENGTHS = (10, 8, 6, 4, 2)


class HsListError(ValueError):
    """An HS list file is malformed or names a code that does not exist."""


class UnknownHsCode(ValueError):
    """An HS code that is well-formed but has no HS 2022 subheading (or is not a code at all)."""

    def __init__(self, value: str, detail: str) -> None:
        super().__init__(f"HS code {value!r}: {detail}")
        self.value = value
        self.detail = detail


@dataclass(frozen=True)
class HsListEntry:
    """One listed code prefix: which list, its tier or severity, and what it is."""

    prefix: str
    list_name: str
    label: str
    source: str
    tier: str | None = None
    severity: SeverityName | None = None

    @property
    def dotted(self) -> str:
        return dotted_code(self.prefix)


def digits_of(value: str) -> str:
    """`8542.31.00` / `8542 31 0000` → `85423100` (no validation beyond stripping separators)."""
    return _SEPARATORS.sub("", value.strip())


def dotted_code(code: str) -> str:
    """`85423100` → `8542.31.00`, `8806` → `8806`."""
    if len(code) <= 4:
        return code
    parts = [code[:4], code[4:6]]
    if len(code) > 6:
        parts.append(code[6:])
    return ".".join(parts)


def file_version(path: Path) -> str:
    """A short content digest, so an alert says which version of a list it used."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_hs_nomenclature(path: Path) -> dict[str, str]:
    """HS 2022 `hscode → description` for chapters, headings and subheadings."""
    codes: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = (row.get("hscode") or "").strip()
            if code.isdigit() and len(code) in (2, 4, 6):
                codes[code] = (row.get("description") or "").strip()
    if not codes:
        raise HsListError(f"{path}: no HS codes found (expected columns hscode, description)")
    return codes


def load_chpl(path: Path) -> list[HsListEntry]:
    """The Common High Priority List CSV (`hs_code`, `tier`, `description`, `source`)."""
    entries: list[HsListEntry] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            code = digits_of(row.get("hs_code") or "")
            tier = (row.get("tier") or "").strip()
            if not code.isdigit() or len(code) != 6 or not tier:
                raise HsListError(
                    f"{path}:{row_number}: expected a 6-digit hs_code and a tier, got {row!r}"
                )
            label = (row.get("description") or "").strip()
            entries.append(
                HsListEntry(
                    code, "chpl", label, "BIS/EU/UK/JP Common High Priority List", tier=tier
                )
            )
    return entries


def load_custom_hs_list(path: Path, nomenclature: dict[str, str] | None) -> list[HsListEntry]:
    """A custom list: `code,tier,severity,label,source`; code prefixes of 2/4/6/8/10 digits."""
    entries: list[HsListEntry] = []
    severities = {"low", "medium", "high", "critical"}
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}:{row_number}"
            code = digits_of(row.get("code") or "")
            if not code.isdigit() or len(code) not in PREFIX_LENGTHS:
                raise HsListError(
                    f"{where}: code {row.get('code')!r} must have 2, 4, 6, 8 or 10 digits"
                )
            if nomenclature is not None and code[:6] not in nomenclature:
                raise HsListError(
                    f"{where}: code {row.get('code')!r} is not in HS 2022 ({code[:6]} unknown)"
                )
            tier = (row.get("tier") or "").strip() or None
            severity_text = (row.get("severity") or "").strip().lower() or None
            if severity_text is not None and severity_text not in severities:
                raise HsListError(
                    f"{where}: severity {severity_text!r} must be one of {sorted(severities)}"
                )
            severity = cast(SeverityName | None, severity_text)
            if tier is None and severity is None:
                raise HsListError(f"{where}: give a tier or a severity")
            label = (row.get("label") or "").strip()
            if not label:
                raise HsListError(f"{where}: label is required")
            source = (row.get("source") or "").strip() or path.name
            entries.append(
                HsListEntry(code, path.stem, label, source, tier=tier, severity=severity)
            )
    return entries
