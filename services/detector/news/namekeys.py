"""List entry names → the folded phrases to look for in text, each with how much it can be trusted.

- strong: two or more tokens, something distinctive ("PMC Wagner", "Dmitriy Utkin"): counts alone.
- weak: one distinctive token ("Wagner", the core of "PRIVATE MILITARY COMPANY 'WAGNER'"), or a
  list's own weak alias: needs corroboration nearby (another part of the name, a country of the
  entry, a product term).
- common: everyday words or very short tokens ("Inter", "Megatrade", "GRU"), and vessel names:
  needs another part of the name, or a country of the entry together with a product term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from services.detector.news.lexicon import BLAND_GROUPS, COMMON_WORDS, GENERIC_GROUPS, STOPWORDS
from services.detector.news.textnorm import TOKEN, fold_phrase, fold_token, plain_token
from services.detector.watchlists.model import WatchlistEntry

Strength = Literal["strong", "weak", "common"]
_MIN_KEY_CHARS = 3
_MIN_WEAK_CHARS = 5
_FOLDED_COMMON = frozenset(fold_token(w) for w in COMMON_WORDS)
_FOLDED_STOP = frozenset(fold_token(w) for w in STOPWORDS)
# Folded generic form (as a token tuple) → its group, longest forms first.
_GENERIC_FORMS: list[tuple[tuple[str, ...], str]] = sorted(
    (
        (tuple(fold_phrase(form).split()), group)
        for group, forms in GENERIC_GROUPS.items()
        for form in forms
    ),
    key=lambda item: -len(item[0]),
)
_GENERIC_TOKENS = frozenset(token for form, _ in _GENERIC_FORMS for token in form)
# Tokens that say nothing about which entry is meant, so never corroborate one.
_BLAND_TOKENS = _FOLDED_COMMON | _FOLDED_STOP | _GENERIC_TOKENS
_SKIPPED_SCHEMAS = frozenset({"Aircraft"})


@dataclass(frozen=True)
class NameKey:
    """One searchable phrase of an entry."""

    folded: str
    plain: str
    strength: Strength
    name: str


@dataclass
class EntryProfile:
    """What corroborates a weak mention of an entry: its other name tokens, groups and countries."""

    entry: WatchlistEntry
    keys: list[NameKey] = field(default_factory=list)
    name_tokens: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def _strip_generic(
    tokens: list[str], plains: list[str], groups: set[str]
) -> tuple[list[str], list[str]]:
    """Remove organisation-type words and stopwords from both ends, noting their groups."""
    changed = True
    while changed and tokens:
        changed = False
        for form, group in _GENERIC_FORMS:
            n = len(form)
            if n <= len(tokens) and tuple(tokens[:n]) == form:
                tokens, plains, changed = tokens[n:], plains[n:], True
                groups.add(group)
            elif n <= len(tokens) and tuple(tokens[-n:]) == form:
                tokens, plains, changed = tokens[:-n], plains[:-n], True
                groups.add(group)
        while tokens and tokens[0] in _FOLDED_STOP:
            tokens, plains, changed = tokens[1:], plains[1:], True
        while tokens and tokens[-1] in _FOLDED_STOP:
            tokens, plains, changed = tokens[:-1], plains[:-1], True
    return tokens, plains


def _strength(tokens: list[str], schema: str) -> Strength:
    if len(tokens) == 1 and len(tokens[0]) < _MIN_WEAK_CHARS:
        return "common"  # "BENA" folds to "ben", as does "been"
    distinctive = [
        t for t in tokens if t not in _FOLDED_COMMON and t not in _FOLDED_STOP and len(t) >= 3
    ]
    if schema == "Vessel":
        return "weak" if len(tokens) >= 2 and distinctive else "common"
    if len(tokens) >= 2 and (distinctive or len(tokens) >= 3):
        return "strong"
    return "weak" if distinctive else "common"


def _person_orders(name: str) -> list[str]:
    """OFAC writes "SURNAME, Given Names": also look for "Given Surname" and "First Surname"."""
    if "," not in name:
        words = name.split()
        return [name, f"{words[0]} {words[-1]}"] if len(words) >= 3 else [name]
    surname, _, given = (part.strip() for part in name.partition(","))
    if not given:
        return [surname]
    first = given.split()[0]
    return [f"{given} {surname}", f"{first} {surname}", f"{surname} {given}"]


def _weaker(a: Strength, b: Strength) -> Strength:
    order = {"strong": 0, "weak": 1, "common": 2}
    return a if order[a] >= order[b] else b


def build_profile(entry: WatchlistEntry, country_lookup: dict[str, str]) -> EntryProfile | None:
    """Keys and corroboration material for one entry; None for aircraft (news never names them)."""
    if entry.schema in _SKIPPED_SCHEMAS:
        return None
    profile = EntryProfile(entry)
    for code in entry.countries:
        value = code.strip().lower()
        profile.countries.add(
            value if len(value) == 2 else country_lookup.get(fold_phrase(value), value)
        )
    seen: set[str] = set()
    weak_names = set(entry.weak_aliases)
    for name in (*entry.names, *entry.weak_aliases):
        variants = _person_orders(name) if entry.schema == "Person" else [name]
        for variant in variants:
            raw = TOKEN.findall(variant)
            tokens = [f for t in raw if (f := fold_token(t))]
            plains = [plain_token(t) for t in raw if fold_token(t)]
            profile.name_tokens.update(t for t in tokens if t not in _BLAND_TOKENS and len(t) > 2)
            cores = [(tokens, plains)]
            if entry.schema != "Person":
                stripped = _strip_generic(list(tokens), list(plains), profile.groups)
                if stripped[0] != tokens:
                    cores.append(stripped)
            for core_tokens, core_plains in cores:
                folded = " ".join(core_tokens)
                if len(folded.replace(" ", "")) < _MIN_KEY_CHARS or folded in seen:
                    continue
                if folded in country_lookup:
                    continue  # "BANK OF RUSSIA" stripped to "Russia" names a country, not the bank
                if entry.schema == "Person" and len(core_tokens) < 2:
                    continue  # a lone given name or surname is never enough
                seen.add(folded)
                strength = _strength(core_tokens, entry.schema)
                if name in weak_names:
                    strength = _weaker(strength, "weak")
                profile.keys.append(NameKey(folded, " ".join(core_plains), strength, name))
    profile.groups -= BLAND_GROUPS
    return profile


def build_profiles(
    entries: Iterable[WatchlistEntry], country_lookup: dict[str, str]
) -> list[EntryProfile]:
    """Profiles for every entry that has at least one key."""
    profiles = (build_profile(entry, country_lookup) for entry in entries)
    return [p for p in profiles if p is not None and p.keys]
