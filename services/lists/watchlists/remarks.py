"""Parse OFAC remarks: DOB, nationality, IMO, tax and registry ids, a.k.a.s, `Linked To:`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from followthemoney.types import registry

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DOB = re.compile(rf"\bDOB\s+(?:circa\s+)?((?:\d{{1,2}}\s+)?(?:(?:{_MONTHS})\w*\s+)?\d{{4}})", re.I)
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Za-z ,.'()-]+?)(?:;|\.$|$)", re.I)
_AKA = re.compile(r"\ba\.k\.a\.,?\s+'([^']+)'", re.I)
_LINKED = re.compile(r"\bLinked To:\s*([^;]+?)(?:\.\s*$|;|$)", re.I)
_TRAILING_COUNTRY = re.compile(r"\s*\(([^)]*)\)\s*\.?\s*$")

# Remark labels → FtM property names; the order matters (first prefix that matches wins).
_ID_LABELS: tuple[tuple[str, str], ...] = (
    ("vessel registration identification imo", "imoNumber"),
    ("identification number imo", "imoNumber"),
    ("company number imo", "imoNumber"),
    ("imo", "imoNumber"),
    ("mmsi", "mmsi"),
    ("tax id no.", "taxNumber"),
    ("r.f.c.", "taxNumber"),
    ("italian fiscal code", "taxNumber"),
    ("v.a.t. number", "vatCode"),
    ("inn", "innCode"),
    ("ogrn", "ogrnCode"),
    ("unified social credit code (uscc)", "uscCode"),
    ("unified social credit code", "uscCode"),
    ("registration number", "registrationNumber"),
    ("registration id", "registrationNumber"),
    ("business registration number", "registrationNumber"),
    ("commercial registry number", "registrationNumber"),
    ("government gazette number", "registrationNumber"),
    ("trade license no.", "registrationNumber"),
    ("company number", "registrationNumber"),
    ("aircraft tail number", "registrationNumber"),
    ("legal entity number", "leiCode"),
    ("swift/bic", "swiftBic"),
    ("national id no.", "idNumber"),
    ("identification number", "idNumber"),
    ("cedula no.", "idNumber"),
    ("c.u.r.p.", "idNumber"),
    ("d.n.i.", "idNumber"),
    ("passport", "passportNumber"),
    ("aircraft manufacturer's serial number (msn)", "serialNumber"),
)


@dataclass
class ParsedRemarks:
    """What a remarks string says, in FtM terms."""

    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """'28 Jul 1963' → '1963-07-28', 'Jul 1963' → '1963-07', '1963' → '1963'; ISO passes."""
    text = text.strip()
    for fmt, out in (
        ("%d %b %Y", "%Y-%m-%d"),
        ("%b %Y", "%Y-%m"),
        ("%Y", "%Y"),
        ("%Y-%m-%d", "%Y-%m-%d"),
        ("%d %B %Y", "%Y-%m-%d"),
        ("%m/%d/%Y", "%Y-%m-%d"),
        ("%d.%m.%Y", "%Y-%m-%d"),
    ):
        try:
            return datetime.strptime(text, fmt).strftime(out)
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """A country name or code ('Russia', 'Korea, North', 'RU') → ISO alpha-2, lower case."""
    if not text:
        return None
    code = registry.country.clean(text.strip())
    return code.lower() if code else None


def normalize_identifier(value: str) -> str:
    """Compare form of an id: upper case, letters and digits only, 'IMO 9179834' → '9179834'."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return cleaned[3:] if cleaned.startswith("IMO") and cleaned[3:].isdigit() else cleaned


def _identifier(part: str) -> tuple[str, str] | None:
    text = part.strip()
    if text.lower().startswith("alt. "):
        text = text[5:]
    lowered = text.lower()
    for prefix, prop in _ID_LABELS:
        if not lowered.startswith(prefix + " "):
            continue
        rest = text[len(prefix) :].strip()
        country = None
        if (found := _TRAILING_COUNTRY.search(rest)) is not None:
            country = country_code(found.group(1))
            rest = rest[: found.start()]
        value = rest.strip(" .:")
        if not value or not any(ch.isdigit() for ch in value):
            return None
        if prop == "taxNumber" and country == "ru":
            prop = "innCode"  # OFAC writes Russian INNs as 'Tax ID No. … (Russia)'
        return prop, value
    return None


def parse_remarks(remarks: str) -> ParsedRemarks:
    """Pull the structured facts out of an OFAC remarks field; unknown parts are ignored."""
    parsed = ParsedRemarks()
    for raw in _DOB.findall(remarks):
        if (when := parse_date(raw)) is not None:
            parsed.birth_dates.append(when)
    for raw in _NATIONALITY.findall(remarks):
        if (code := country_code(raw)) is not None:
            parsed.countries.append(code)
    parsed.weak_aliases = [a.strip() for a in _AKA.findall(remarks) if a.strip()]
    parsed.linked_to = [t.strip() for t in _LINKED.findall(remarks) if t.strip()]
    for part in remarks.split(";"):
        if (found := _identifier(part)) is not None:
            parsed.identifiers.append(found)
    return parsed
