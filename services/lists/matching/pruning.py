"""Cheap upper bounds on a candidate's score, so most candidates are never scored in full."""

from __future__ import annotations

from collections.abc import Iterator

from services.lists.matching.blocking import Candidates
from services.lists.matching.normalize import NameParts
from services.lists.matching.similarity import (
    CROSS_SCRIPT_FRAME_SIMILARITY,
    MEMO_ROW_SIZE,
    MEMO_SIZE,
    MIN_TOKEN_SIMILARITY,
    SYMBOL_SIMILARITY,
    same_frame,
    same_org_word,
    token_similarity,
)

# (query word, its frame, as written; listed name's words, as written; abjad) → best similarity:
# frequent words recur across queries.
_UnreadKey = tuple[str, str, str, tuple[str, ...], tuple[str, ...], bool]
_UNREAD_MEMO: dict[_UnreadKey, float] = {}
# (query word, its frame, abjad) → {(listed word, its frame): similarity}: the few frequent words
# left unread meet the same listed words in name after name.
_WORD_ROWS: dict[tuple[str, str, bool], dict[tuple[str, str], float]] = {}
WORD_ROWS = 5_000


def bound(
    found: tuple[float, int], cover: tuple[float, ...], query_words: int, bonus: float
) -> float:
    """The most a name can score: the query share blocking found, and as many of the name's
    heaviest words matched as query words hit it (each word pairs with one word at most)."""
    estimate, hits = found
    return 0.5 * min(1.0, estimate) + 0.5 * cover[min(hits, query_words, len(cover) - 1)] + bonus


def _word_similarities(parts: NameParts, i: int, listed: NameParts, abjad: bool) -> Iterator[float]:
    """Query word i against each word of a listed name."""
    word, frame, skeleton = parts.tokens[i], parts.frames[i], parts.skeletons[i]
    row = _WORD_ROWS.get((word, frame, abjad))
    if row is None or len(row) >= MEMO_ROW_SIZE:
        if len(_WORD_ROWS) >= WORD_ROWS:
            _WORD_ROWS.clear()
        row = _WORD_ROWS[(word, frame, abjad)] = {}
    for other, other_frame, other_skeleton in zip(
        listed.tokens, listed.frames, listed.skeletons, strict=True
    ):
        found = row.get((other, other_frame))
        if found is None:
            found = token_similarity(
                skeleton, other_skeleton, frame, other_frame, word, other, abjad
            )
            row[(other, other_frame)] = found
        yield found


def with_unread(
    parts: NameParts,
    weights: tuple[float, ...],
    listed: NameParts,
    candidates: Candidates,
    estimate: tuple[float, int],
    cover: tuple[float, ...] = (),
    bonus: float = 0.0,
    threshold: float = 0.0,
) -> tuple[float, int]:
    """The estimate with the words blocking did not read compared with this one name.

    With `cover`, it stops as soon as the name's bound falls under `threshold` even if every
    word not yet compared were found (it returns that bound's estimate: still an upper one).
    """
    share = estimate[0] - candidates.lift
    hits = estimate[1] - candidates.unread_hits
    total = sum(weights) or 1.0
    abjad = parts.abjad or listed.abjad
    unread = sorted(candidates.unread, key=lambda i: -weights[i])  # heaviest decide soonest
    pending, pending_hits = sum(weights[i] for i in unread) / total, len(unread)
    for i in unread:
        similarity = _unread_similarity(parts, i, listed, abjad)
        pending -= weights[i] / total
        pending_hits -= 1
        if similarity >= MIN_TOKEN_SIMILARITY:
            share += similarity * weights[i] / total
            hits += 1
        optimistic = (share + pending, hits + pending_hits)
        if cover and bound(optimistic, cover, len(parts.tokens), bonus) < threshold:
            return optimistic
    return share, hits


def _paired_by_rule(parts: NameParts, i: int, listed: NameParts) -> float:
    """What align's rules beyond spelling may make of query word i and a listed word: the same
    symbol of organisation names (Όμιλος / Group), the same consonants across scripts (Табак /
    Tobacco; counted for any name, so the bound stays an upper one)."""
    token, frame = parts.tokens[i], parts.frames[i]
    word = (parts.originals[i] if parts.originals else "") or token
    best = 0.0
    for j, other in enumerate(listed.tokens):
        written = (listed.originals[j] if listed.originals else "") or other
        if same_org_word(word, written):
            return SYMBOL_SIMILARITY
        if (word != token) != (written != other) and same_frame(
            frame, listed.frames[j], token, other
        ):
            best = CROSS_SCRIPT_FRAME_SIMILARITY
    return best


def _unread_similarity(parts: NameParts, i: int, listed: NameParts, abjad: bool) -> float:
    written = parts.originals[i] if parts.originals else ""
    key = (parts.tokens[i], parts.frames[i], written, listed.tokens, listed.originals, abjad)
    similarity = _UNREAD_MEMO.get(key)
    if similarity is None:
        exact = parts.skeletons[i] in listed.skeletons
        similarity = 1.0 if exact else max(_word_similarities(parts, i, listed, abjad))
        if similarity < SYMBOL_SIMILARITY:
            similarity = max(similarity, _paired_by_rule(parts, i, listed))
        if len(_UNREAD_MEMO) >= MEMO_SIZE:
            _UNREAD_MEMO.clear()
        _UNREAD_MEMO[key] = similarity
    return similarity
