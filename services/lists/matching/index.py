"""MatchIndex: every watchlist name normalised once, blocked, and scored per query with reasons."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from services.lists.matching.blocking import FRAME_PREFIX, BlockingIndex, top
from services.lists.matching.evidence import possible_bonus, weigh_evidence
from services.lists.matching.explain import explain_match
from services.lists.matching.japanese import japanese_variants
from services.lists.matching.normalize import (
    GENERIC_TOKENS,
    LEGAL_FORMS,
    NameParts,
    bracket_variants,
    is_patronymic,
    legal_form_class,
    split_name,
)
from services.lists.matching.ownership import OwnedBy, blocked_by_ownership
from services.lists.matching.pruning import bound, with_unread
from services.lists.matching.results import NameMatch, NameQuery
from services.lists.matching.rules import kind_conflict, number_conflict, swapped_names
from services.lists.matching.scripts import greek_variants
from services.lists.matching.similarity import align, joined_similarity
from services.lists.matching.splitting import split_run_together
from services.lists.matching.tagging import is_legal_word, is_title, name_symbols
from services.lists.watchlists.model import Watchlist, WatchlistEntry

__all__ = ["DEFAULT_THRESHOLD", "MatchIndex", "NameMatch", "NameQuery"]
from services.lists.watchlists.remarks import normalize_identifier

DEFAULT_THRESHOLD = 0.725  # highest F1 with P ≥ 0.97 and ≤ 2 of 50 ordinary names alerting
CANDIDATES_PER_QUERY = 20
EXHAUSTIVE_NAMES = 64  # lists this small are compared name by name when blocking finds nothing
SHORT_NAME_CHARS = 4
WEAK_ALIAS_CAP = 0.65
TITLE_WEIGHT = 0.1  # titles and offices, and the words of legal forms: present or not, no matter
LONG_WEAK_ALIAS_CAP = 0.77
RESULT_CACHE_SIZE = 50_000  # customs traffic repeats its parties; the index never changes
CORROBORATION_LIFT = 0.12


@dataclass(frozen=True, slots=True)
class _Name:
    entry: int
    text: str
    parts: NameParts
    weak: bool
    weights: tuple[float, ...] = ()
    # cover[k]: share of this name's weight held by its k heaviest words (to prune candidates)
    cover: tuple[float, ...] = ()


def _cover(weights: tuple[float, ...]) -> tuple[float, ...]:
    """cover[k]: the share of a name's weight its k heaviest words hold."""
    total = sum(weights) or 1.0
    heaviest = sorted(weights, reverse=True)
    return tuple(min(1.0, sum(heaviest[:k]) / total) for k in range(len(weights) + 1))


def _same_form_class(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    if not ours or not theirs:
        return False
    return not {legal_form_class(f) for f in ours}.isdisjoint(legal_form_class(f) for f in theirs)


def _other_readings(name: str) -> tuple[str, ...]:
    """Readings of a name to file and screen beside its own: Japanese for kanji, a foreign
    name's stops in Greek (Βλαντιμίρ is Vladimir)."""
    return japanese_variants(name) + greek_variants(name)


@dataclass(frozen=True, slots=True)
class _Scored:
    score: float
    name: _Name
    pairs: tuple[tuple[int, int, float], ...]
    notes: tuple[str, ...]
    query_parts: NameParts


class MatchIndex:
    """Build once with `MatchIndex.build(lists)`; `screen()` is pure and thread-safe."""

    def __init__(self) -> None:
        self._entries: list[WatchlistEntry] = []
        self._by_id: dict[str, int] = {}
        self._names: list[_Name] = []
        self._first_name: dict[int, int] = {}
        self._blocking = BlockingIndex()
        self._identifiers: dict[str, list[int]] = {}
        self._owned: dict[str, OwnedBy] = {}
        self._versions: dict[str, str] = {}
        # Words a run-together query may be split into: listed words and legal forms (not the
        # two-letter ones, which are also endings: 'ivanas' is not 'ivan as').
        self._vocabulary: set[str] = {f for f in LEGAL_FORMS if len(f) >= 3}
        self._results: dict[tuple[object, ...], tuple[NameMatch, ...]] = {}

    @classmethod
    def build(cls, watchlists: Sequence[Watchlist]) -> MatchIndex:
        """Index listed entries (later lists win on shared ids) and those the 50% rule reaches."""
        index = cls()
        merged: dict[str, WatchlistEntry] = {}
        for watchlist in watchlists:
            previous = index._versions.get(watchlist.name)
            version = f"{previous}+{watchlist.version}" if previous else watchlist.version
            index._versions[watchlist.name] = version
            for entry in watchlist.entries:
                merged[entry.id] = entry
        listed = [i for i, e in merged.items() if e.listed]
        edges = [o for w in watchlists for o in w.ownerships]
        index._owned = blocked_by_ownership(listed, edges)
        for entry in merged.values():
            if entry.listed or entry.id in index._owned:
                index._add_entry(entry)
        index._blocking.finish()
        name_symbols("alexander")  # rigour builds its name tagger once, here, not mid-stream
        index._names = [index._weighted(n) for n in index._names]
        return index

    def _add_entry(self, entry: WatchlistEntry) -> None:
        position = len(self._entries)
        self._entries.append(entry)
        self._by_id[entry.id] = position
        variants: list[tuple[str, bool]] = []
        named = [(n, False) for n in entry.names] + [(n, True) for n in entry.weak_aliases]
        for name, weak in named:
            outer, inner = bracket_variants(name)
            variants.append((name, weak))
            if outer and outer != name:
                variants.append((outer, weak))
            variants.extend((i, True) for i in inner)  # 'BUTEMBO AIRLINES (BAL)': BAL is weak
            variants.extend((v, weak) for v in _other_readings(name))
        seen: set[tuple[str, ...]] = set()
        person = entry.schema == "Person"
        for text, weak in variants:
            parts = split_name(text, person)
            if not parts.skeletons or parts.skeletons in seen:
                continue
            seen.add(parts.skeletons)
            self._vocabulary.update(
                t for t in parts.tokens if len(t) >= 2 and t not in LEGAL_FORMS
            )  # Korean syllables are words of two letters: 'sungsopku' is Sung Sop Ku
            self._first_name.setdefault(position, len(self._names))
            self._blocking.add(len(self._names), parts, position, person)
            self._names.append(_Name(position, text, parts, weak))
        for _, value in entry.identifiers:
            key = normalize_identifier(value)
            if len(key) >= 5:
                self._identifiers.setdefault(key, []).append(position)

    def _weighted(self, name: _Name) -> _Name:
        weights = self._token_weights(name.parts, self._entries[name.entry].schema == "Person")
        cover = _cover(weights)
        return _Name(name.entry, name.text, name.parts, name.weak, weights, cover)

    def _token_weights(self, parts: NameParts, person: bool) -> tuple[float, ...]:
        # Arabic-script words are rare or common by their consonant key, not their spelling.
        keys = [FRAME_PREFIX + f for f in parts.frames] if parts.abjad else parts.skeletons
        pairs = zip(parts.tokens, keys, strict=True)
        weights = [self._token_weight(t, k, person) for t, k in pairs]
        # Titles and the words of unrecognised (or misspelt) legal forms weigh little, as long
        # as some other word carries the name.
        light = [is_title(t) or (is_legal_word(t) and not person) for t in parts.tokens]
        if not all(light):
            weights = [TITLE_WEIGHT if lt else w for w, lt in zip(weights, light, strict=True)]
        return tuple(weights)

    def _token_weight(self, token: str, key: str, person: bool) -> float:
        if token in GENERIC_TOKENS:
            return 0.15
        if len(token) == 1:
            return 0.3
        weight = self._blocking.weight(key)
        return weight * 0.35 if person and is_patronymic(token) else weight

    @property
    def versions(self) -> dict[str, str]:
        """Watchlist name → version, for alerts to carry."""
        return dict(self._versions)

    def entries(self) -> Iterator[WatchlistEntry]:
        """Every indexed entry (listed ones and those the 50% rule reaches)."""
        return iter(self._entries)

    def get(self, entry_id: str) -> WatchlistEntry | None:
        position = self._by_id.get(entry_id)
        return None if position is None else self._entries[position]

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def name_count(self) -> int:
        return len(self._names)

    def screen(
        self, query: NameQuery, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[NameMatch]:
        """Listed parties this query may be, best first, scores ≥ threshold."""
        if query.identifiers:
            return self._screen(query, threshold, limit)
        key = (query.name, query.schema, query.country, query.birth_date, query.first_name,
               query.last_name, threshold, limit)  # fmt: skip
        found = self._results.get(key)
        if found is None:
            if len(self._results) >= RESULT_CACHE_SIZE:
                self._results.clear()
            found = self._results[key] = tuple(self._screen(query, threshold, limit))
        return list(found)

    def _screen(self, query: NameQuery, threshold: float, limit: int) -> list[NameMatch]:
        person = query.schema == "Person"
        parts = split_name(query.name, person)
        if not parts.skeletons and not query.identifiers:
            return []
        best: dict[int, _Scored] = {}
        self._screen_parts(query, parts, threshold, best)
        split = split_run_together(parts.tokens, self._vocabulary)
        if split is not None:  # words run together: 'vladimirputin', 'rosneftllc'
            self._screen_parts(query, split_name(split, person), threshold, best)
        for variant in _other_readings(query.name):  # 山田太郎 read in Japanese too
            self._screen_parts(query, split_name(variant, person), threshold, best)
        for position in self._identifier_hits(query):
            if position not in best:
                name = self._names[self._first_name[position]]
                best[position] = self._score(query, parts, self._token_weights(parts, False), name)
        kept = sorted(
            (s for s in best.values() if s.score >= threshold),
            key=lambda s: (-s.score, self._entries[s.name.entry].id),
        )
        return [self._match(query, s) for s in kept[:limit]]

    def _screen_parts(
        self, query: NameQuery, parts: NameParts, threshold: float, best: dict[int, _Scored]
    ) -> None:
        if not parts.skeletons:
            return
        weights = self._token_weights(parts, False)
        bonus = possible_bonus(query.country, query.birth_date)
        floor = max(0.2, 2 * (threshold - bonus) - 1)
        people = query.schema != "Organization"
        candidates = self._blocking.candidates(parts, weights, floor, people)
        found = candidates.found
        if not found and len(self._names) <= EXHAUSTIVE_NAMES:
            # A small list (a customer's own, one party): every name is compared, keys or not.
            found = dict.fromkeys(range(len(self._names)), (1.0, len(parts.tokens)))
        prune = not query.identifiers and len(parts.tokens) > 1
        for name_id in top(found, floor, CANDIDATES_PER_QUERY):
            name = self._names[name_id]
            if prune:
                # Upper bound: every query word found, and as many of the name's heaviest words
                # matched as query words hit it (each word pairs with one word at most).
                found_here = found[name_id]
                upper = bound(found_here, name.cover, len(parts.tokens), bonus)
                # Another name of the same entry already scored as high as this one could.
                seen = best.get(name.entry)
                if upper < threshold or (seen is not None and seen.score >= upper):
                    continue
                # Arabic-script words pair by consonant keys blocking may not reach, so for
                # them unread words stay counted as found; for the rest they are checked.
                if candidates.unread and not parts.abjad:
                    # Reading them can only lower the estimate: unneeded if it passes without.
                    floor_found = (
                        found_here[0] - candidates.lift,
                        found_here[1] - candidates.unread_hits,
                    )
                    if bound(floor_found, name.cover, len(parts.tokens), bonus) < threshold:
                        found_here = with_unread(
                            parts, weights, name.parts, candidates, found_here,
                            name.cover, bonus, threshold,
                        )  # fmt: skip
                    upper = bound(found_here, name.cover, len(parts.tokens), bonus)
                    if upper < threshold or (seen is not None and seen.score >= upper):
                        continue
            # Without identifiers, only the country and birth date can lift a name's word score.
            below = 0.0 if query.identifiers else threshold - bonus
            scored = self._score(query, parts, weights, name, below)
            if name.entry not in best or scored.score > best[name.entry].score:
                best[name.entry] = scored

    def _identifier_hits(self, query: NameQuery) -> set[int]:
        hits: set[int] = set()
        for value in query.identifiers.values():
            hits.update(self._identifiers.get(normalize_identifier(value), ()))
        return hits

    def _score(
        self,
        query: NameQuery,
        parts: NameParts,
        weights: tuple[float, ...],
        name: _Name,
        below: float = 0.0,
    ) -> _Scored:
        """The name's score with its reasons; a name the words alone keep under `below` is
        returned as soon as that is known, with the word score only (it will not be shown)."""
        entry = self._entries[name.entry]
        listed = name.parts
        people = entry.schema == "Person" or (
            entry.schema == "LegalEntity" and not listed.legal_forms and not parts.legal_forms
        )
        alignment = align(parts, weights, listed, name.weights, people, self._vocabulary)
        score = 0.5 * alignment.query_coverage + 0.5 * alignment.list_coverage
        spacing = joined_similarity(parts.joined, listed.joined)
        if len(listed.skeletons) == 2:
            spacing = max(spacing, joined_similarity(parts.joined, listed.joined_reversed))
        if spacing >= 0.9 and spacing - 0.03 > score:
            score = spacing - 0.03  # the same letters, spaced differently
        short = min(len(listed.joined), len(parts.joined)) <= SHORT_NAME_CHARS
        same_short = "".join(parts.skeletons) == "".join(listed.skeletons)
        if short and not same_short:
            score *= 0.6  # a short name must match exactly (as spoken: РТЦ is RTTs and RTC)
        if score < below:
            return _Scored(score, name, alignment.pairs, (), parts)
        evidence = weigh_evidence(
            entry, query.schema, query.country, query.birth_date, query.identifiers
        )
        notes = list(evidence.notes)
        cap = evidence.cap
        conflicts = (
            number_conflict(parts, listed),
            kind_conflict(query, parts, entry, listed),
            swapped_names(query, name.text) if entry.schema == "Person" else None,
        )
        for conflict in conflicts:
            if conflict is not None:
                reason, conflict_cap = conflict
                cap = min(cap, conflict_cap)
                notes.append(reason)
        if name.weak or short:
            long_exact = len(listed.joined) >= 8 and score >= 0.97
            weak_cap = LONG_WEAK_ALIAS_CAP if long_exact else WEAK_ALIAS_CAP
            # The same short name with the same kind of legal form corroborates: 'OOO TsST' /
            # 'TSST LLC', 'STEP S.A.' / 'STEP A.S.' (a joint-stock company in French and Turkish).
            same_form = same_short and _same_form_class(parts.legal_forms, listed.legal_forms)
            if evidence.corroborated or same_form:
                weak_cap += CORROBORATION_LIFT
            if score > weak_cap:
                notes.insert(
                    0, f"short name or weak alias: capped at {weak_cap:.2f} without more evidence"
                )
            cap = min(cap, weak_cap)
        score = min(score, cap) + evidence.adjustment
        if evidence.identifier_match:
            score = max(score, 0.9 + 0.1 * min(score, 1.0))
        final = max(0.0, min(1.0, score))
        return _Scored(final, name, alignment.pairs, tuple(notes), parts)

    def _match(self, query: NameQuery, scored: _Scored) -> NameMatch:
        name = scored.name
        entry = self._entries[name.entry]
        owned = self._owned.get(entry.id)
        kind = "weak alias" if name.weak else ("name" if name.text == entry.caption else "alias")
        captions: dict[str, str] = {}
        if owned is not None:
            for related in (*owned.path, *(o for o, _ in owned.owners)):
                if (found := self.get(related)) is not None:
                    captions[related] = found.caption
        explanation = explain_match(
            query.name, scored.query_parts, entry, name.text, name.parts, kind, scored.pairs,
            list(scored.notes), scored.score, owned, captions,
        )  # fmt: skip
        path = owned.path if owned else ()
        return NameMatch(entry, entry.source, name.text, round(scored.score, 4), explanation, path)
