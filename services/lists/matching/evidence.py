"""Evidence beyond the name: schema, country, birth date and identifiers, each with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.lists.watchlists.model import WatchlistEntry
from services.lists.watchlists.remarks import normalize_identifier

_ORGS = frozenset({"Organization", "Company", "LegalEntity"})
# Identifier schemes that can hold the same number under different names.
_SCHEME_GROUPS = (
    frozenset({"innCode", "taxNumber", "vatCode"}),
    frozenset({"ogrnCode", "registrationNumber"}),
    frozenset({"uscCode", "taxNumber", "registrationNumber"}),
    frozenset({"imoNumber"}),
    frozenset({"mmsi"}),
    frozenset({"leiCode"}),
    frozenset({"swiftBic"}),
    frozenset({"passportNumber", "idNumber"}),
)
MIN_IDENTIFIER_CHARS = 5
COUNTRY_BONUS = 0.03
BIRTH_DATE_BONUS = 0.05
MAX_EVIDENCE_BONUS = COUNTRY_BONUS + BIRTH_DATE_BONUS  # country and birth date together
CONTRADICTION_CAP = 0.65  # another kind of party, another birth date, another identifier


def possible_bonus(country: str | None, birth_date: str | None) -> float:
    """The most a query's country and birth date can add to a name's score."""
    return (COUNTRY_BONUS if country else 0.0) + (BIRTH_DATE_BONUS if birth_date else 0.0)


@dataclass
class Evidence:
    """Score adjustments and the sentences that explain them."""

    adjustment: float = 0.0
    cap: float = 1.0  # contradicting evidence caps a name's score below any sensible threshold
    corroborated: bool = False
    identifier_match: bool = False
    notes: list[str] = field(default_factory=list)


def _same_group(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _SCHEME_GROUPS)


def schema_penalty(query_schema: str | None, entry_schema: str) -> float:
    """How far apart the query's kind of party and the entry's are."""
    if not query_schema or query_schema == entry_schema or query_schema == "LegalEntity":
        return 0.0
    if entry_schema == "LegalEntity" or (query_schema in _ORGS and entry_schema in _ORGS):
        return 0.0
    return 0.25  # a person, a company and a ship are different things


def weigh_evidence(
    entry: WatchlistEntry,
    schema: str | None,
    country: str | None,
    birth_date: str | None,
    identifiers: Mapping[str, str],
) -> Evidence:
    """Everything but the name: identifiers are strong, the rest corroborates or penalises."""
    found = Evidence()
    if schema_penalty(schema, entry.schema) > 0:
        found.cap = CONTRADICTION_CAP
        found.notes.append(f"kind differs ({schema} vs listed {entry.schema})")
    if country and entry.countries:
        if country.lower() in entry.countries:
            found.adjustment += COUNTRY_BONUS
            found.corroborated = True
            found.notes.append(f"country {country.lower()} matches")
        else:
            found.adjustment -= 0.07
            found.notes.append(
                f"country {country.lower()} not among listed {','.join(entry.countries)}"
            )
    if birth_date and entry.birth_dates and entry.schema == "Person":
        _weigh_birth_date(found, birth_date, entry.birth_dates)
    if identifiers and entry.identifiers:
        _weigh_identifiers(found, identifiers, entry.identifiers)
    return found


def _weigh_birth_date(found: Evidence, birth_date: str, listed: tuple[str, ...]) -> None:
    if birth_date in listed or any(birth_date.startswith(d) and len(d) >= 7 for d in listed):
        found.adjustment += BIRTH_DATE_BONUS
        found.corroborated = True
        found.notes.append(f"birth date {birth_date} matches")
        return
    try:
        year = int(birth_date[:4])
        years = [int(d[:4]) for d in listed if d[:4].isdigit()]
    except ValueError:
        return
    if not years:
        return
    if year in years:
        found.adjustment += 0.02
        found.corroborated = True
        found.notes.append(f"birth year {year} matches")
    elif all(abs(year - y) > 1 for y in years):
        found.cap = CONTRADICTION_CAP
        found.notes.append(f"birth date {birth_date} differs from listed {', '.join(listed)}")


def _weigh_identifiers(
    found: Evidence, identifiers: Mapping[str, str], listed: tuple[tuple[str, str], ...]
) -> None:
    conflicts = []
    for scheme, raw in identifiers.items():
        value = normalize_identifier(raw)
        if len(value) < MIN_IDENTIFIER_CHARS:
            continue
        for listed_scheme, listed_raw in listed:
            if normalize_identifier(listed_raw) == value:
                found.identifier_match = True
                found.corroborated = True
                found.notes.append(f"identifier {scheme} {raw} matches listed {listed_scheme}")
                return
            if _same_group(scheme, listed_scheme):
                conflicts.append(f"{scheme} {raw} vs listed {listed_raw}")
    if conflicts:
        found.cap = CONTRADICTION_CAP
        found.notes.append("identifier differs: " + "; ".join(conflicts[:2]))
