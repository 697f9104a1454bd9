"""Hard disagreements that a close spelling must not hide, each with the reason an alert shows."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from services.lists.matching.normalize import LEGAL_FORMS, NameParts, split_name
from services.lists.watchlists.model import WatchlistEntry

NUMBER_CAP = 0.6  # 'Star Shipping 17' is not 'Star Shipping 18'
KIND_CAP = 0.65  # a person is not the company named after them
SWAP_CAP = 0.6  # structured first and last names the other way round
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_ORG_SCHEMAS = frozenset({"Organization", "Company"})
COMPANY_FORMS = frozenset(LEGAL_FORMS.values())


class _Query(Protocol):
    """What the rules read of a query (NameQuery satisfies it)."""

    @property
    def schema(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...


@lru_cache(maxsize=65536)
def _numbers(tokens: tuple[str, ...]) -> frozenset[str]:
    """Every run of digits, in words of their own or not: '27th', '200g', 'source1herbs'."""
    return frozenset(d.lstrip("0") or "0" for t in tokens for d in _DIGITS.findall(t))


def number_conflict(query: NameParts, listed: NameParts) -> tuple[str, float] | None:
    """Both names carry numbers and they differ."""
    ours, theirs = _numbers(query.tokens), _numbers(listed.tokens)
    if ours and theirs and ours != theirs:
        shown = f"{' '.join(sorted(ours))} vs listed {' '.join(sorted(theirs))}"
        return f"numbers differ ({shown})", NUMBER_CAP
    return None


def kind_conflict(
    query: _Query, parts: NameParts, entry: WatchlistEntry, listed: NameParts
) -> tuple[str, float] | None:
    """A legal form on one side and a person on the other: the person's namesake company."""
    # Only forms that name a company for certain count: 'na' or 'sad' may be parts of a name.
    extra = [f for f in parts.legal_forms if f in COMPANY_FORMS and f not in listed.legal_forms]
    if entry.schema == "Person" and query.schema != "Person" and extra:
        return f"query has a legal form ({' '.join(extra)}), listed party is a person", KIND_CAP
    forms = [f for f in listed.legal_forms if f in COMPANY_FORMS]
    if (
        query.schema == "Person"
        and entry.schema != "Person"
        and (forms or entry.schema in _ORG_SCHEMAS)
    ):
        shown = " ".join(forms) or entry.schema
        return f"query is a person, listed name is an organisation ({shown})", KIND_CAP
    return None


def listed_surname(text: str) -> tuple[set[str], set[str]] | None:
    """(surname keys, given-name keys) of a listed person's name, where its writing shows them.

    'TABAQ, Qasim' and 'Qasim TABAQ' (the surname in capitals, as the UN and EU write it) mark the
    surname; otherwise a name is taken as written given name first, surname last.
    """
    head, comma, tail = text.partition(",")
    if comma and head.strip() and tail.strip():
        surname, given = head, tail
    else:
        words = [w for w in text.split() if _WORD.search(w)]
        if len(words) < 2:
            return None
        capitals = [w for w in words if w.isupper() and len(w) > 1]
        if capitals and len(capitals) < len(words):
            surname = " ".join(capitals)
            given = " ".join(w for w in words if w not in capitals)
        else:
            surname, given = words[-1], " ".join(words[:-1])
    return set(split_name(surname).skeletons), set(split_name(given).skeletons)


def swapped_names(query: _Query, listed_text: str) -> tuple[str, float] | None:
    """A structured query whose last name is the listed given name and first name the surname."""
    if not query.first_name or not query.last_name:
        return None
    parts = listed_surname(listed_text)
    if parts is None:
        return None
    surname, given = parts
    first = set(split_name(query.first_name).skeletons)
    last = set(split_name(query.last_name).skeletons)
    if last and first and last <= given and first <= surname and not last & surname:
        return (
            f"first and last names swapped ({query.last_name} is a listed given name)",
            SWAP_CAP,
        )
    return None
