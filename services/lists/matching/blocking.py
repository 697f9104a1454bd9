"""Candidate generation: token and adjacent-pair keys, plus one-deletion neighbours for typos.

Cost per query depends on how many names share a query's rarer tokens, not on the list size:
keys that many names share are skipped unless nothing rarer is available.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from services.lists.matching.arabic import consonant_key
from services.lists.matching.normalize import NameParts, skeleton
from services.lists.matching.similarity import SYMBOL_SIMILARITY
from services.lists.matching.tagging import NOMINATIVE_ENDINGS, name_symbols

MIN_FUZZY_KEY_CHARS = 4
COMMON_POSTING = 100
COMMON_FUZZY_POSTING = 50  # a frequent word one typo away from the query's says little
KNOWN_WORD_NAMES = 3
SIMILAR_CACHE_SIZE = 100_000


def deletions(key: str) -> set[str]:
    """Every string one character shorter (SymSpell's trick: two deletions meet at one edit)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _pairing_similarity(key: str, other: str) -> float:
    """What scoring will make of two one-edit-apart words: near misses discounted, as there.

    Neighbours scoring would not pair are not worth reading, and a close estimate here lets
    more candidates be pruned before they are scored.
    """
    similarity = OSA.normalized_similarity(key, other)
    if similarity >= 0.9:
        return similarity
    discounted = similarity - (0.9 - similarity) * 2
    if similarity >= 0.7 and consonant_key(key) == consonant_key(other):
        return max(discounted, 0.85)  # a vowel apart: mahmoud / mahmud
    return discounted


MIN_PAIRING = 0.6  # scoring's MIN_TOKEN_SIMILARITY
FRAME_PREFIX = "#"  # consonant-frame keys live beside word keys without colliding
SYMBOL_PREFIX = "~"  # a person's given names filed under rigour's name groups: sasha / alexander


MIN_GROUP_WORD_CHARS = 5


def symbol_keys(tokens: Iterable[str]) -> list[str]:
    """rigour's given-name groups and nicknames of the words, as keys. Wikidata name groups
    (Q…) only for words of five letters or more: short syllables ('fang', 'wang') share groups
    with other surnames; rigour's own nickname table ('bill' / 'william') for any word."""
    return [
        SYMBOL_PREFIX + symbol
        for token in tokens
        for symbol in sorted(name_symbols(token))
        if len(token) >= MIN_GROUP_WORD_CHARS or not symbol.startswith("Q")
    ]


def name_keys(parts: NameParts, person: bool = False) -> list[str]:
    """Keys a name is filed under: words, spellings, consonant frames, adjacent pairs both ways,
    and a person's given-name groups (scoring pairs those words as the same given name)."""
    skeletons = parts.skeletons
    keys = list(skeletons)
    if person:
        keys.extend(symbol_keys(parts.tokens))
    keys.extend(t for t, s in zip(parts.tokens, skeletons, strict=True) if t != s and len(t) > 3)
    keys.extend(FRAME_PREFIX + f for f in parts.frames if len(f) >= 2)
    for a, b in zip(skeletons, skeletons[1:], strict=False):
        keys.extend((a + b, b + a))  # 'li fangwei' written 'lifangwei' or 'fangweili'
    for a, b in zip(parts.tokens, parts.tokens[1:], strict=False):
        keys.extend((a + b, b + a))  # spelled too: skeletons of joined words can differ
    return keys


class BlockingIndex:
    """Maps keys to the ids of names filed under them, with a typo-tolerant key lookup."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._neighbours: dict[str, list[str]] = defaultdict(list)
        self._words: set[str] = set()  # keys that get typo neighbours (not pairs or frames)
        self.name_count = 0
        # Rarity counts listed parties, not names: words an entry's own aliases share are its
        # most telling ones, not common ones.
        self.entry_count = 0
        self._document_frequency: dict[str, int] = {}
        self._last_entry: dict[str, int] = {}
        self._similar: dict[str, list[tuple[str, float]]] = {}

    def add(
        self, name_id: int, parts: NameParts, entry: int | None = None, person: bool = False
    ) -> None:
        """File a name; names of one entry are added one after another, with its position."""
        entry = name_id if entry is None else entry
        if self._last_entry.get("", -1) != entry:
            self._last_entry[""] = entry
            self.entry_count += 1
        frequency, last = self._document_frequency, self._last_entry
        for key in dict.fromkeys(name_keys(parts, person)):
            self.postings[key].append(name_id)
            if last.get(key) != entry:
                last[key] = entry
                frequency[key] = frequency.get(key, 0) + 1
        self._words.update(parts.skeletons)
        self._words.update(t for t in parts.tokens if len(t) > 3)
        self.name_count += 1

    def finish(self) -> None:
        """Build the deletion neighbourhood and token frequencies once all names are added."""
        self.postings = dict(self.postings)
        for key in self._words:
            if len(key) >= MIN_FUZZY_KEY_CHARS:
                for variant in deletions(key):
                    self._neighbours[variant].append(key)
                self._neighbours[key].append(key)
        self._words = set()
        self._neighbours = dict(self._neighbours)
        self._last_entry = {}

    def weight(self, token: str) -> float:
        """Rarity of a token in (0.2, 1] among listed parties: unseen and unique ones weigh most."""
        frequency = self._document_frequency.get(token, 0)
        count = self.entry_count
        if frequency <= 1 or count < 2:
            return 1.0
        return max(0.2, min(1.0, 1.25 * math.log(count / frequency) / math.log(count)))

    def similar_keys(self, key: str) -> list[tuple[str, float]]:
        """Keys equal to or one edit from `key`, with their similarity (memoised: words recur)."""
        cached = self._similar.get(key)
        if cached is None:
            if len(self._similar) >= SIMILAR_CACHE_SIZE:
                self._similar.clear()  # crude but bounded; the index itself never changes
            cached = self._similar[key] = self._similar_keys(key)
        return cached

    def _similar_keys(self, key: str) -> list[tuple[str, float]]:
        found = {key: 1.0} if key in self.postings else {}
        if len(key) >= MIN_FUZZY_KEY_CHARS:
            for variant in (key, *deletions(key)):
                for other in self._neighbours.get(variant, ()):
                    if other not in found:
                        found[other] = _pairing_similarity(key, other)
        return [(k, s) for k, s in found.items() if s >= MIN_PAIRING]

    def _collect(
        self,
        key: str,
        share: float,
        fuzzy: bool,
        reads: list[tuple[float, list[int]]],
        is_word: bool,
    ) -> list[int] | None:
        """The postings of one key and its one-typo neighbours, with their similarity share.

        Returns the posting of a word too frequent to read (it then counts as found for all).
        """
        skipped = None
        if fuzzy and len(self.postings.get(key, ())) >= KNOWN_WORD_NAMES:
            fuzzy = False  # a word several listed names spell this way is no typo (SymSpell's top)
        similar = self.similar_keys(key) if fuzzy else [(key, 1.0)] if key in self.postings else []
        for other, similarity in similar:
            posting = self.postings[other]
            if similarity < 1.0 and len(posting) > COMMON_FUZZY_POSTING:
                continue
            if len(posting) > COMMON_POSTING:
                if similarity == 1.0 and is_word:
                    skipped = posting
                continue
            reads.append((similarity * share, posting))
        return skipped

    def candidates(
        self, parts: NameParts, weights: Sequence[float], floor: float = 0.0, people: bool = True
    ) -> Candidates:
        """Names that may reach `floor`, each with an optimistic share of the query found in it.

        Frequent words are not looked up; they count as found for every candidate, and are
        listed in `unread` so the caller can check them against the few candidates kept.
        """
        skeletons = parts.skeletons
        total = sum(weights) or 1.0
        common: list[list[int]] = []
        unread: list[int] = []
        common_weight, common_hits = 0.0, 0
        # A word written twice ('muhammad … muhammad') weighs twice.
        word_weight: dict[str, float] = defaultdict(float)
        for k, w in zip(skeletons, weights, strict=True):
            word_weight[k] += w
        keyed = [(k, w, True, k) for k, w in word_weight.items()]
        keyed += [
            (t, word_weight[s], True, s)
            for t, s in zip(parts.tokens, skeletons, strict=True)
            if t != s
        ]
        # National nominative endings ('ivanas', 'putini'): the bare word is looked up too.
        keyed += [
            (key, 0.9 * word_weight[s], False, s)
            for t, s in zip(parts.tokens, skeletons, strict=True)
            for ending in NOMINATIVE_ENDINGS
            if t.endswith(ending) and len(t) - len(ending) >= 4
            for key in {t[: -len(ending)], skeleton(t[: -len(ending)])}
            if key in self.postings
        ]
        # Consonant frames only for vowel-less words, as romanised Arabic or Hebrew write them.
        keyed += [
            (FRAME_PREFIX + f, 0.9 * word_weight[s], False, s)
            for t, s, f in zip(parts.tokens, skeletons, parts.frames, strict=True)
            if len(f) >= 2 and (parts.abjad or not any(c in "aeiou" for c in t))
        ]
        # A given name by its name group ('sasha' finds 'alexander'), as scoring pairs them.
        if people:
            keyed += [
                (key, SYMBOL_SIMILARITY * word_weight[s], False, s)
                for t, s in zip(parts.tokens, skeletons, strict=True)
                for key in symbol_keys([t])
                if key in self.postings
            ]
        pairs = zip(skeletons, skeletons[1:], weights, weights[1:], strict=False)
        keyed += [(a + b, 0.5 * (wa + wb), False, a + b) for a, b, wa, wb in pairs]
        groups: dict[str, list[tuple[str, float, bool]]] = defaultdict(list)
        for key, weight, fuzzy, word in keyed:
            groups[word].append((key, weight, fuzzy))
        # Prefix filtering: rarest words first; once the words still unread weigh too little to
        # lift a name not yet seen to the floor, they are not read but count as found for all.
        remaining = float(sum(word_weight.values()))
        best_by_word: dict[str, dict[int, float]] = defaultdict(dict)
        frame_of = dict(zip(skeletons, parts.frames, strict=True))

        def posting_length(word: str) -> int:
            if parts.abjad and word in frame_of:  # its spelling is ours; its key is the lists'
                return len(self.postings.get(FRAME_PREFIX + frame_of[word], ()))
            return len(self.postings.get(word, ()))

        # Initials, and Arabic-script words of one consonant ('ali', 'yahya'), may pair with
        # words no key leads to: they count as found for every name, and as never read.
        unkeyed = [
            i
            for i, (t, f) in enumerate(zip(parts.tokens, parts.frames, strict=True))
            if len(t) == 1 or (parts.abjad and len(f) < 2)
        ]
        unkeyed_words = {skeletons[i] for i in unkeyed}
        for word in sorted(groups, key=posting_length):
            is_word = word in skeletons
            weight_of_word = max(w for _, w, _ in groups[word])
            if is_word and word not in unkeyed_words:
                if remaining / total < floor:
                    common_weight += weight_of_word
                    common_hits += 1
                    unread.append(skeletons.index(word))
                    continue
                remaining -= weight_of_word
            reads: list[tuple[float, list[int]]] = []
            for key, weight, fuzzy in groups[word]:
                by_word = is_word and not key.startswith(SYMBOL_PREFIX)
                skipped = self._collect(key, weight / total, fuzzy, reads, by_word)
                if skipped is not None:
                    common.append(skipped)
                    common_weight += weight
                    common_hits += 1
                    unread.append(skeletons.index(word))
                    break  # one frequent spelling of the word is enough to count it
            best = best_by_word[word]
            reads.sort(key=lambda read: read[0])
            for score, posting in reads:  # best share per name: higher shares overwrite, at C speed
                best.update(dict.fromkeys(posting, score))
        # Summed per name; the largest posting is copied whole (at C speed), the others added.
        shares: dict[int, float] = {}
        hits: dict[int, float] = {}
        ordered = sorted(best_by_word.items(), key=lambda item: -len(item[1]))
        for word, best in ordered:
            words = 1.0 if word in skeletons else 2.0  # a joined pair stands for two words
            if not shares:
                shares, hits = dict(best), dict.fromkeys(best, words)
                continue
            shares_get = shares.get
            for name_id, share in best.items():
                previous = shares_get(name_id)
                if previous is None:
                    shares[name_id] = share
                    hits[name_id] = words
                else:
                    shares[name_id] = previous + share
                    hits[name_id] += words
        for position in unkeyed:
            common_weight += weights[position]
            common_hits += 1
            unread.append(position)
        if not shares and len(common) >= 2:
            # Only frequent words: names holding all of them (rare, so a set build is fine).
            shared = set(common[0]).intersection(*common[1:])
            return Candidates(dict.fromkeys(shared, (1.0, len(common))), [], 0.0, 0)
        lift = common_weight / total
        need = floor - lift
        kept = {
            n: (share + lift, int(hits[n]) + common_hits)
            for n, share in shares.items()
            if share >= need
        }
        return Candidates(kept, unread, lift, common_hits)


@dataclass(frozen=True, slots=True)
class Candidates:
    """What blocking found: name id → (optimistic share of the query, query words that hit it).

    `unread` query words (too frequent to read, or initials) were counted as found in every
    candidate: `lift` in the share and `unread_hits` in the hits.
    """

    found: dict[int, tuple[float, int]]
    unread: list[int]
    lift: float
    unread_hits: int


def top(candidates: dict[int, tuple[float, int]], floor: float, limit: int) -> Iterable[int]:
    """The best `limit` candidates whose estimate reaches `floor`."""
    kept = [(score, name_id) for name_id, (score, _) in candidates.items() if score >= floor]
    if len(kept) > limit:
        kept = heapq.nlargest(limit, kept)
    else:
        kept.sort(reverse=True)
    return [name_id for _, name_id in kept]
