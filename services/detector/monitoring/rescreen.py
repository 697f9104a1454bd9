"""Screen remembered parties against a list change (pure): the delta is small, the memory large.

A small MatchIndex is built from the delta's entries. Each remembered party is first checked by
its name key alone (the words of its fingerprint, from the table key: no value is decoded): only
a party sharing a word with a delta entry's names, or one edit away from one (SymSpell-style
deletions on both sides), or sharing a registry identifier, is decoded and screened with the
matcher itself. Everything else costs a few set look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

import fingerprints
import structlog

from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.memory import NAME_KEY_PREFIX, MemoryPolicy, within_lookback
from services.detector.scoring.screening import FTM_IDENTIFIER_PROPERTIES
from services.detector.state import PartyMemory, PastRecord, StateFormatError, decode_state
from services.lists.matching import (
    DEFAULT_THRESHOLD,
    MatchIndex,
    NameMatch,
    NameQuery,
    normalize_name,
)
from services.lists.watchlists import Watchlist, WatchlistEntry

log = structlog.get_logger(__name__)
HitKind = Literal["retro", "delisted"]
MIN_KEY_CHARS = 3
MIN_FUZZY_CHARS = 5  # words this long may be one typo or transliteration apart
MIN_IDENTIFIER_CHARS = 5
# Words that say nothing about who a party is: legal forms and trade boilerplate.
STOP_WORDS = frozenset(
    {
        "llc", "ltd", "ooo", "zao", "oao", "pao", "jsc", "ojsc", "cjsc", "pjsc", "inc", "corp",
        "gmbh", "ag", "sa", "srl", "bv", "nv", "plc", "fze", "fzco", "llp", "kft", "sarl", "spa",
        "ab", "oy", "co", "company", "limited", "the", "and", "of", "for", "de", "la", "group",
        "holding", "holdings", "international", "trading", "trade", "industries", "industrial",
        "enterprise", "enterprises", "corporation", "general", "services", "service", "import",
        "export", "logistics",
    }
)  # fmt: skip
_IDENTIFIER_LIST = re.compile(rb'"identifiers":\[([^\]]*)\]')
_IDENTIFIER_VALUE = re.compile(rb'"[a-z_0-9]+:([A-Z0-9]+)"')


def _deletions(word: str) -> Iterator[str]:
    return (word[:i] + word[i + 1 :] for i in range(len(word)))


def name_words(name: str) -> set[str]:
    """The words a name is filed under: its fingerprint's and the matcher's normal form's, both
    transliterated (the two romanise some scripts differently), stop words left out."""
    words = set((fingerprints.generate(name) or "").split())
    words.update(normalize_name(name).split())
    return {w for w in words if len(w) >= MIN_KEY_CHARS and w not in STOP_WORDS}


def _identifier_value(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


@dataclass(frozen=True)
class EntryIndex:
    """The matcher over some entries, and the keys that pre-select the parties worth screening.

    A listed name of n words (stop words aside) is worth screening a party against when the party
    shares min(n, 2) of them, exactly or one edit apart: the matcher scores both sides' coverage,
    so one shared word of several rarely reaches the threshold.
    """

    index: MatchIndex
    words: dict[str, tuple[int, ...]]  # word (and its one-letter deletions) → listed name ids
    needed: tuple[int, ...]  # per listed name id: how many of its words a party must share
    identifiers: frozenset[str]

    @classmethod
    def build(cls, name: str, version: str, entries: tuple[WatchlistEntry, ...]) -> EntryIndex:
        words: dict[str, set[int]] = {}
        needed: list[int] = []
        identifiers: set[str] = set()
        for entry in entries:
            for text in (*entry.names, *entry.weak_aliases):
                name_id = len(needed)
                core = name_words(normalize_name(text))
                needed.append(min(len(core), 2) or 1)
                for word in name_words(text):
                    words.setdefault(word, set()).add(name_id)
                    if len(word) >= MIN_FUZZY_CHARS:
                        for variant in _deletions(word):
                            words.setdefault(variant, set()).add(name_id)
            for _, value in entry.identifiers:
                normal = _identifier_value(value)
                if len(normal) >= MIN_IDENTIFIER_CHARS:
                    identifiers.add(normal)
        index = MatchIndex.build([Watchlist(name=name, version=version, entries=list(entries))])
        postings = {word: tuple(sorted(ids)) for word, ids in words.items()}
        return cls(index, postings, tuple(needed), frozenset(identifiers))

    def _names_sharing(self, word: str) -> set[int]:
        found = set(self.words.get(word, ()))
        if len(word) >= MIN_FUZZY_CHARS:
            for variant in _deletions(word):
                found.update(self.words.get(variant, ()))
        return found

    def may_match(self, party_key: str, raw: bytes) -> bool:
        """Cheap pre-selection from the table key (and, with identifiers, the raw value)."""
        shared: dict[int, int] = {}
        for word in set(party_key[len(NAME_KEY_PREFIX) :].split()):
            if len(word) < MIN_KEY_CHARS or word in STOP_WORDS:
                continue
            for name_id in self._names_sharing(word):
                count = shared.get(name_id, 0) + 1
                if count >= self.needed[name_id]:
                    return True
                shared[name_id] = count
        if self.identifiers and b'"identifiers":[]' not in raw:
            found = _IDENTIFIER_LIST.search(raw)
            if found is not None:
                values = {v.decode() for v in _IDENTIFIER_VALUE.findall(found.group(1))}
                return not self.identifiers.isdisjoint(values)
        return False


@dataclass(frozen=True)
class DeltaScreen:
    """A list change ready to screen parties against: the listed and the removed entries."""

    delta: ListDelta
    listed: EntryIndex | None
    removed: EntryIndex | None
    threshold: float = DEFAULT_THRESHOLD

    @classmethod
    def prepare(cls, delta: ListDelta, threshold: float = DEFAULT_THRESHOLD) -> DeltaScreen:
        def build(entries: tuple[WatchlistEntry, ...]) -> EntryIndex | None:
            return EntryIndex.build(delta.watchlist, delta.version, entries) if entries else None

        return cls(delta, build(delta.to_screen), build(delta.removed), threshold)


@dataclass(frozen=True)
class PartyHit:
    """A remembered party a changed (or removed) entry matches, with its records in the look-back."""

    kind: HitKind
    party_key: str
    party: PartyMemory
    match: NameMatch
    records: tuple[PastRecord, ...]


def party_query(party: PartyMemory) -> NameQuery:
    """The party as the matcher takes it: name, country and identifiers under FtM names."""
    identifiers: dict[str, str] = {}
    for scheme_value in party.identifiers:
        scheme, _, value = scheme_value.partition(":")
        prop = FTM_IDENTIFIER_PROPERTIES.get(scheme, "registrationNumber")
        identifiers.setdefault(prop, value)
    return NameQuery(name=party.name, country=party.country, identifiers=identifiers)


def _sides(screen: DeltaScreen) -> list[tuple[HitKind, EntryIndex]]:
    sides: list[tuple[HitKind, EntryIndex]] = []
    if screen.listed is not None:
        sides.append(("retro", screen.listed))
    if screen.removed is not None:
        sides.append(("delisted", screen.removed))
    return sides


def preselect(screen: DeltaScreen, parties: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The parties worth screening with the matcher (a few set look-ups per party)."""
    sides = _sides(screen)
    return [(k, raw) for k, raw in parties if any(side.may_match(k, raw) for _, side in sides)]


def screen_parties(
    screen: DeltaScreen,
    parties: Iterable[tuple[str, bytes]],
    policy: MemoryPolicy,
    today: date,
    owned: Callable[[str], bool] | None = None,
) -> list[PartyHit]:
    """Every (party, entry) pair of the change that matches, for parties with records in the
    look-back; `parties` are (name key, PartyMemory JSON) pairs, as the table holds them, and
    `owned` (checked only for pre-selected ones) keeps those of the partition being screened.
    A value this detector cannot read is skipped (logged), never the whole partition."""
    hits: list[PartyHit] = []
    sides = _sides(screen)
    for key, raw in parties:
        selected = [(kind, side) for kind, side in sides if side.may_match(key, raw)]
        if not selected or (owned is not None and not owned(key)):
            continue
        try:
            party = decode_state(PartyMemory, raw)
        except StateFormatError:
            log.warning("monitoring.unreadable_party", key=key)
            continue
        records = within_lookback(party, policy, today)
        if not records:
            continue
        query = party_query(party)
        for kind, side in selected:
            for match in side.index.screen(query, threshold=screen.threshold, limit=10):
                hits.append(PartyHit(kind, key, party, match, records))
    return hits
