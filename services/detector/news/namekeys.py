"""List entry names → the folded phrases to look for in text, each with the evidence it carries.

An alias is worth as much as it is unusual in ordinary language (`rarity.RarityTable`): the
rarest of its content words (stopwords, organisation-type words and country names removed)
gives 3 points when rare ("Rosoboronexport"), 2 when uncommon, 1 when common ("Wagner"), 0 when
everyday ("Alliance", "the Base"); each further content word adds 1 (at most 2). A short
all-capitals token is an acronym ("GRU"): one point less, and it must be written in capitals.
A vessel name is one point less. Three points make a mention alone; fewer need corroboration
from the entry's own context (see `evidence.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from services.detector.news.context import program_topics
from services.detector.news.lexicon import BLAND_GROUPS, COMMON_WORDS, GENERIC_GROUPS, STOPWORDS
from services.detector.news.rarity import LANGUAGES, RarityTable, WordRarity
from services.detector.news.textnorm import TOKEN, fold_phrase, fold_token, plain_token
from services.lists.watchlists.model import WatchlistEntry

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
Strength = Literal["strong", "weak", "common"]
_MIN_KEY_CHARS = 3
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
_ACRONYM_MAX_CHARS = 4
_EVERYDAY_FLOOR = 5.0  # the hand-made COMMON_WORDS count as everyday whatever wordfreq says
_MIN_IDENTIFIER_CHARS = 5
STRONG_POINTS = 3


@dataclass(frozen=True)
class NameKey:
    """One searchable phrase of an entry."""

    folded: str
    plain: str
    strength: Strength
    name: str
    content: tuple[str, ...] = ()
    acronym: bool = False
    cyrillic: bool = False
    # The rarest content word and the points the alias is worth, in English and in Russian text.
    rarest: tuple[WordRarity, WordRarity] = (WordRarity("", 0.0), WordRarity("", 0.0))
    points: tuple[int, int] = (STRONG_POINTS, STRONG_POINTS)

    def weight(self, cyrillic_text: bool) -> tuple[WordRarity, int]:
        """The rarest word and points in the text's language; one point less for a one-word
        alias found across scripts (a transliteration is a guess)."""
        language = int(cyrillic_text)
        across = len(self.content) == 1 and cyrillic_text != self.cyrillic
        return self.rarest[language], max(self.points[language] - across, 0)


@dataclass
class EntryProfile:
    """What corroborates a weak mention of an entry: its other name tokens, groups and countries."""

    entry: WatchlistEntry
    keys: list[NameKey] = field(default_factory=list)
    name_tokens: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    identifiers: dict[str, str] = field(default_factory=dict)  # folded → as listed
    topics: frozenset[str] = frozenset()


def _strip_generic(tokens: list[str], groups: set[str]) -> tuple[int, int]:
    """Organisation-type words and stopwords at both ends → the core's slice, noting groups."""
    lo, hi = 0, len(tokens)
    changed = True
    while changed and lo < hi:
        changed = False
        for form, group in _GENERIC_FORMS:
            n = len(form)
            if n <= hi - lo and tuple(tokens[lo : lo + n]) == form:
                lo, changed = lo + n, True
                groups.add(group)
            elif n <= hi - lo and tuple(tokens[hi - n : hi]) == form:
                hi, changed = hi - n, True
                groups.add(group)
        while lo < hi and tokens[lo] in _FOLDED_STOP:
            lo, changed = lo + 1, True
        while lo < hi and tokens[hi - 1] in _FOLDED_STOP:
            hi, changed = hi - 1, True
    return lo, hi


def _content(tokens: list[str], raws: list[str], countries: dict[str, str]) -> list[int]:
    """Positions of the words that can tell one party from another (not stop, generic, country)."""
    skip: set[int] = set()
    for i in range(len(tokens)):
        for n in (1, 2, 3):
            if i + n <= len(tokens) and " ".join(tokens[i : i + n]) in countries:
                skip.update(range(i, i + n))
    return [
        i
        for i, t in enumerate(tokens)
        if i not in skip
        and t not in _FOLDED_STOP
        and t not in _GENERIC_TOKENS
        and len(t) > 1
        and not raws[i].isdigit()
    ]


def is_acronym(raw_content: list[str]) -> bool:
    first = raw_content[0]
    return (
        len(raw_content) == 1
        and first.isupper()
        and first.isalpha()
        and len(first) <= _ACRONYM_MAX_CHARS
    )


def alias_weight(
    content: list[str], acronym: bool, schema: str, rarity: RarityTable, language: str
) -> tuple[WordRarity, int]:
    """The alias's rarest content word in `language` and the points the alias is worth there."""
    words = [
        WordRarity(t, _EVERYDAY_FLOOR) if t in _FOLDED_COMMON else rarity.alias_word(t, language)
        for t in content
    ]
    rarest = min(words, key=lambda w: w.zipf)
    points = rarest.points + min(2, len(content) - 1) - acronym - (schema == "Vessel")
    return rarest, max(points, 0)


def _strength_of(points: int) -> Strength:
    return "strong" if points >= STRONG_POINTS else "weak" if points > 0 else "common"


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


def build_profile(
    entry: WatchlistEntry, country_lookup: dict[str, str], rarity: RarityTable
) -> EntryProfile | None:
    """Keys and corroboration material for one entry; None for aircraft (news never names them)."""
    if entry.schema in _SKIPPED_SCHEMAS:
        return None
    profile = EntryProfile(entry, topics=program_topics(entry.programs))
    for code in entry.countries:
        value = code.strip().lower()
        profile.countries.add(
            value if len(value) == 2 else country_lookup.get(fold_phrase(value), value)
        )
    for _, value in entry.identifiers:
        folded = fold_phrase(value).replace(" ", "")
        if len(folded) >= _MIN_IDENTIFIER_CHARS and any(ch.isdigit() for ch in folded):
            profile.identifiers[folded] = value
    seen: set[str] = set()
    weak_names = set(entry.weak_aliases)
    for name in (*entry.names, *entry.weak_aliases):
        variants = _person_orders(name) if entry.schema == "Person" else [name]
        for variant in variants:
            raws = [t for t in TOKEN.findall(variant) if fold_token(t)]
            tokens = [fold_token(t) for t in raws]
            profile.name_tokens.update(t for t in tokens if t not in _BLAND_TOKENS and len(t) > 2)
            cores = [(0, len(tokens))]
            if entry.schema != "Person":
                cores.append(_strip_generic(tokens, profile.groups))
            for lo, hi in cores:
                folded = " ".join(tokens[lo:hi])
                if len(folded.replace(" ", "")) < _MIN_KEY_CHARS or folded in seen:
                    continue
                if entry.schema == "Person" and hi - lo < 2:
                    continue  # a lone given name or surname is never enough
                content = [lo + i for i in _content(tokens[lo:hi], raws[lo:hi], country_lookup)]
                if not content:
                    continue  # "BANK OF RUSSIA" stripped to "Russia" names a country, not the bank
                seen.add(folded)
                words = [tokens[i] for i in content]
                acronym = is_acronym([raws[i] for i in content])
                en, ru = (
                    alias_weight(words, acronym, entry.schema, rarity, lang) for lang in LANGUAGES
                )
                cap = STRONG_POINTS - 1 if name in weak_names else STRONG_POINTS + 2
                points = (min(en[1], cap), min(ru[1], cap))
                key = NameKey(
                    folded, " ".join(plain_token(t) for t in raws[lo:hi]), _strength_of(points[0]),
                    name, tuple(words), acronym, _CYRILLIC.search(variant) is not None,
                    (en[0], ru[0]), points,
                )  # fmt: skip
                profile.keys.append(key)
    profile.groups -= BLAND_GROUPS
    return profile


def build_profiles(
    entries: Iterable[WatchlistEntry], country_lookup: dict[str, str], rarity: RarityTable
) -> list[EntryProfile]:
    """Profiles for every entry that has at least one key."""
    profiles = (build_profile(entry, country_lookup, rarity) for entry in entries)
    return [p for p in profiles if p is not None and p.keys]


def given_names(profiles: Iterable[EntryProfile]) -> frozenset[str]:
    """Folded first given names of listed people ("Richard", "Dmitriy"): a name in front of an
    alias ("Richard Wagner") says the alias is someone's surname."""
    names = set()
    for profile in profiles:
        if profile.entry.schema != "Person":
            continue
        for name in profile.entry.names:
            given = TOKEN.findall(name.partition(",")[2])
            if given and (folded := fold_token(given[0])) and folded not in _BLAND_TOKENS:
                names.add(folded)
    return frozenset(n for n in names if len(n) > 2)
