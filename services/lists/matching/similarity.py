"""Token and name similarity: aligned name parts, spacing-insensitive comparison, weights."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from services.lists.matching.arabic import compound_tail, consonant_key
from services.lists.matching.normalize import NameParts
from services.lists.matching.tagging import name_symbols, nominative_variant, org_symbols

MIN_TOKEN_SIMILARITY = 0.6
FAR_APART_CHARS = 10
MEMO_SIZE = 500_000
_MEMO: dict[tuple[str, str, bool, bool, str, str], float] = {}
MEMO_ROWS = 50_000
MEMO_ROW_SIZE = 5_000
# (query word, abjad, people) → {listed word: similarity}, as align needs them.
_PAIR_MEMO: dict[tuple[str, str, bool, bool, bool], dict[str, float]] = {}
TYPO_SIMILARITY = 0.9  # one letter dropped, doubled or two swapped, in a word of 4+ letters
VARIANT_SIMILARITY = 0.9  # a national nominative ending: putinas / putin
SYMBOL_SIMILARITY = 0.88  # the same given name by rigour's name groups: sasha / alexander
# An organisation's word written in another alphabet with the listed word's consonants: its
# vowels follow that language's spelling and speech, not the listed one's (Belarusian Табак for
# Tobacco, Georgian ტრეიდინგი and Russian Трейдинг for Trading).
CROSS_SCRIPT_FRAME_SIMILARITY = 0.8
MIN_FRAME_CHARS = 3
COMPOUND_PART_SIMILARITY = 0.75  # 'rahman' for 'abd al-rahman': part of the name, not all
_DOUBLE = re.compile(r"(.)\1+")


def token_similarity(
    a: str,
    b: str,
    frame_a: str = "",
    frame_b: str = "",
    raw_a: str = "",
    raw_b: str = "",
    abjad: bool = False,
    typos: bool = True,
) -> float:
    """Similarity of two words in [0, 1], from skeletons (and spelling, for initials and typos).

    Without `typos` (the query word is a listed word in its own right: 'blue' is no typo of
    'blu'), a dropped, doubled or swapped letter earns no more than any other edit.

    Near misses are discounted so only close ones count; transpositions count as one edit.
    With `abjad` (one side written in Arabic script) consonant keys count as much as spelling.
    """
    if a == b:
        return 1.0
    raw_a, raw_b = raw_a or a, raw_b or b
    if not abjad and _far_apart(a, b, frame_a, frame_b, raw_a, raw_b):
        return 0.0
    # Skeletons are functions of the spelling, so the spellings and frames key the memo.
    memo_key = (raw_a, raw_b, abjad, typos, frame_a, frame_b)
    known = _MEMO.get(memo_key)
    if known is not None:
        return known
    if len(_MEMO) >= MEMO_SIZE:
        _MEMO.clear()  # bounded; list words recur, so it refills with the useful pairs
    spelled = _spelled_similarity(a, b, frame_a, frame_b, raw_a, raw_b, typos)
    if abjad and len(raw_a) > 1 and len(raw_b) > 1 and spelled < 0.9:
        spelled = max(spelled, key_similarity(frame_a, frame_b, raw_a, raw_b))
    _MEMO[memo_key] = spelled
    return spelled


def _far_apart(a: str, b: str, frame_a: str, frame_b: str, raw_a: str, raw_b: str) -> bool:
    """Too far apart for any rule below to pair them (checked before the memo, at C speed):
    no initial, compound or shared consonant frame, and more edits than a near miss allows."""
    if len(raw_a) == 1 or len(raw_b) == 1 or (frame_a and frame_a == frame_b):
        return False
    if raw_a.startswith("abd") or raw_b.startswith("abd"):
        return False
    # Pairing needs a typo or ending (2 edits) or 80% similarity (a fifth of the letters).
    raw_edits = max(2, max(len(raw_a), len(raw_b)) // 5)
    if OSA.distance(raw_a, raw_b, score_cutoff=raw_edits) <= raw_edits:
        return False
    edits = max(len(a), len(b)) // 5
    return OSA.distance(a, b, score_cutoff=edits) > edits


def key_similarity(key_a: str, key_b: str, raw_a: str, raw_b: str) -> float:
    """Words whose vowels were never written: equal consonant keys, or one edit in a long one."""
    if key_a == key_b:
        if len(key_a) >= 2:
            return 0.9
        # 'ali' / 'aly', 'yahya' / 'yhya': so few consonants that the glides must agree too
        short = min(len(raw_a), len(raw_b)) < 3  # 'al', the article, is not 'ali'
        return 0.8 if not short and _glides(raw_a) == _glides(raw_b) else 0.0
    if min(len(key_a), len(key_b)) >= 4 and OSA.distance(key_a, key_b, score_cutoff=1) <= 1:
        return 0.8
    # Arabic script has no p or v (بيتروف is Petrov), Hebrew writes b and v, p and f alike.
    alt_a, alt_b = consonant_key(_labials(raw_a)), consonant_key(_labials(raw_b))
    if alt_a == alt_b and len(alt_a) >= 2:
        return 0.85
    return 0.0


_LABIALS = str.maketrans({"p": "b", "v": "b", "f": "b"})


def _labials(word: str) -> str:
    return word.replace("ph", "b").translate(_LABIALS)


def _glides(word: str) -> str:
    head = word[0] if word[0] in "yw" else ""
    return head + _DOUBLE.sub(r"\1", "".join(c for c in word[1:] if c not in "aeiouyw"))


def _spelled_similarity(
    a: str, b: str, frame_a: str, frame_b: str, raw_a: str, raw_b: str, typos: bool = True
) -> float:
    if len(raw_a) == 1 or len(raw_b) == 1:
        return 0.8 if raw_a[0] == raw_b[0] else 0.0  # an initial
    if raw_a.isdigit() or raw_b.isdigit():
        return 0.0  # numbers are equal or different, never close
    if compound_tail(raw_a, raw_b):
        return COMPOUND_PART_SIMILARITY
    if (
        frame_a != frame_b
        and max(len(a), len(b), len(raw_a), len(raw_b)) < FAR_APART_CHARS
        and OSA.distance(a, b, score_cutoff=2) > 2
        and OSA.distance(raw_a, raw_b, score_cutoff=2) > 2
    ):
        return 0.0  # three edits apart in under ten letters, other consonants: nothing below pairs
    if (typos and _typo(raw_a, raw_b)) or nominative_variant(raw_a, raw_b):
        return TYPO_SIMILARITY
    if min(len(a), len(b)) <= 3 and min(len(raw_a), len(raw_b)) <= 3:
        # Short words must be equal, unless one is a vowel-less romanisation ('ly' for Ali).
        abjad = _vowelless(raw_a) or _vowelless(raw_b)
        return 0.85 if abjad and frame_a and frame_a == frame_b else 0.0
    similarity = OSA.normalized_similarity(a, b, score_cutoff=0.7)
    if similarity < 0.9 and (raw_a != a or raw_b != b):
        similarity = max(similarity, OSA.normalized_similarity(raw_a, raw_b, score_cutoff=0.7))
    close = similarity >= 0.7
    similarity = _discounted(similarity) if similarity else 0.0
    same_frame = len(frame_a) >= 2 and frame_a == frame_b
    if similarity < 0.85 and same_frame and (close or _vowelless(raw_a) or _vowelless(raw_b)):
        similarity = 0.85  # the same consonants: vowel-less or variant romanisations
    return similarity


def _typo(a: str, b: str) -> bool:
    """One letter dropped, doubled or two neighbours swapped (not replaced), in 4+ letters."""
    if max(len(a), len(b)) < 5 and min(len(a), len(b)) < 4:
        return False
    if abs(len(a) - len(b)) == 1:
        if a + "a" == b or b + "a" == a:
            return False  # a feminine form (ivanov / ivanova) is another person
        return Levenshtein.distance(a, b, score_cutoff=1) <= 1
    return (
        len(a) == len(b)
        and OSA.distance(a, b, score_cutoff=1) == 1
        and a != b
        and (Levenshtein.distance(a, b, score_cutoff=2) == 2)
    )


def _vowelless(word: str) -> bool:
    return len(word) >= 2 and not any(c in "aeiou" for c in word)


def _discounted(raw: float) -> float:
    return raw if raw >= 0.9 else max(0.0, raw - (0.9 - raw) * 2)


@dataclass(frozen=True)
class Alignment:
    """How two names' tokens were paired and what that is worth."""

    pairs: tuple[tuple[int, int, float], ...]  # (query token, list token, similarity)
    query_coverage: float
    list_coverage: float


def same_org_word(a: str, b: str) -> bool:
    """Two words (any script) rigour files under one symbol of organisation names: the same
    generic word in two languages (Όμιλος / Group, Банк / Bank)."""
    if a == b:
        return False
    ours = org_symbols(a)
    return bool(ours) and not ours.isdisjoint(org_symbols(b))


def same_frame(frame_a: str, frame_b: str, raw_a: str, raw_b: str) -> bool:
    """The same consonants in the same order (three or more), in words of about one length."""
    return (
        len(frame_a) >= MIN_FRAME_CHARS and frame_a == frame_b and abs(len(raw_a) - len(raw_b)) <= 2
    )


def same_given_name(a: str, b: str) -> bool:
    """Two spellings (any script) rigour files under one name group or nickname."""
    if len(a) < 2 or len(b) < 2 or a.isdigit() or b.isdigit():
        return False
    return not name_symbols(a).isdisjoint(name_symbols(b))


def align(
    query: NameParts,
    query_weights: tuple[float, ...],
    candidate: NameParts,
    candidate_weights: tuple[float, ...],
    people: bool = False,
    vocabulary: Container[str] = frozenset(),
) -> Alignment:
    """Greedy best-first pairing of tokens in any order; coverage is weighted by token rarity.

    With `people`, words rigour knows as the same given name pair too (nicknames, other languages);
    for any name, so do the generic words of organisation names rigour files under one symbol;
    without `people`, a word written in another alphabet pairs with the listed word that has its
    consonants.
    """
    scored = []
    c_skeletons, c_frames, c_tokens = candidate.skeletons, candidate.frames, candidate.tokens
    abjad = query.abjad or candidate.abjad
    if len(_PAIR_MEMO) >= MEMO_ROWS:
        _PAIR_MEMO.clear()
    q_originals, c_originals = query.originals, candidate.originals
    for i, a in enumerate(query.skeletons):
        frame_a, raw_a = query.frames[i], query.tokens[i]
        written_a = (q_originals[i] if q_originals else "") or raw_a
        # A name's skeletons and frames follow from its words: the words key the memo.
        typos = raw_a not in vocabulary
        row_key = (raw_a, written_a, abjad, people, typos)
        row = _PAIR_MEMO.get(row_key)
        if row is None or len(row) >= MEMO_ROW_SIZE:
            row = _PAIR_MEMO[row_key] = {}
        for j, b in enumerate(c_skeletons):
            if a == b:
                sim = 1.0
            else:
                raw_b = c_tokens[j]
                written_b = (c_originals[j] if c_originals else "") or raw_b
                found = row.get(written_b)
                if found is None:
                    found = token_similarity(a, b, frame_a, c_frames[j], raw_a, raw_b, abjad, typos)
                    if found < SYMBOL_SIMILARITY and (
                        (people and same_given_name(written_a, written_b))
                        or same_org_word(written_a, written_b)
                    ):
                        found = SYMBOL_SIMILARITY
                    if (
                        not people
                        and found < CROSS_SCRIPT_FRAME_SIMILARITY
                        and (written_a != raw_a) != (written_b != raw_b)
                        and same_frame(frame_a, c_frames[j], raw_a, raw_b)
                    ):
                        found = CROSS_SCRIPT_FRAME_SIMILARITY
                    row[written_b] = found
                sim = found
            if sim >= MIN_TOKEN_SIMILARITY:
                scored.append((sim, -abs(i - j), i, j))
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for sim, _, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, sim))
    q_total = sum(query_weights) or 1.0
    c_total = sum(candidate_weights) or 1.0
    q_cov = sum(sim * query_weights[i] for i, _, sim in pairs) / q_total
    c_cov = sum(sim * candidate_weights[j] for _, j, sim in pairs) / c_total
    return Alignment(tuple(sorted(pairs)), min(q_cov, 1.0), min(c_cov, 1.0))


def joined_similarity(query_joined: str, candidate_joined: str) -> float:
    """The names with spaces removed, compared whole ('da jiang' vs 'dajiang')."""
    if not query_joined or not candidate_joined:
        return 0.0
    return Levenshtein.normalized_similarity(query_joined, candidate_joined)
