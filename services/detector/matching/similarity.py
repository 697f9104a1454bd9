"""Token and name similarity: aligned name parts, spacing-insensitive comparison, weights."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

MIN_TOKEN_SIMILARITY = 0.6


def token_similarity(a: str, b: str, frame_a: str = "", frame_b: str = "") -> float:
    """Similarity of two skeletons in [0, 1]; near misses are discounted so only close ones count."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.8 if a[0] == b[0] else 0.0
    if min(len(a), len(b)) <= 3:
        return 0.0  # short tokens must be equal
    if len(frame_a) >= 2 and frame_a == frame_b:
        return max(
            0.85, _discounted(Levenshtein.normalized_similarity(a, b))
        )  # vowel-less romanisations
    raw = Levenshtein.normalized_similarity(a, b, score_cutoff=0.7)
    # One edit in a long word is a typo; more is more likely another name (putin / turin).
    return _discounted(raw) if raw else 0.0


def _discounted(raw: float) -> float:
    return raw if raw >= 0.9 else max(0.0, raw - (0.9 - raw) * 2)


@dataclass(frozen=True)
class Alignment:
    """How two names' tokens were paired and what that is worth."""

    pairs: tuple[tuple[int, int, float], ...]  # (query token, list token, similarity)
    query_coverage: float
    list_coverage: float


def align(
    query: tuple[str, ...],
    query_frames: tuple[str, ...],
    query_weights: tuple[float, ...],
    candidate: tuple[str, ...],
    candidate_frames: tuple[str, ...],
    candidate_weights: tuple[float, ...],
) -> Alignment:
    """Greedy best-first pairing of tokens in any order; coverage is weighted by token rarity."""
    scored = []
    for i, a in enumerate(query):
        frame_a = query_frames[i]
        for j, b in enumerate(candidate):
            sim = token_similarity(a, b, frame_a, candidate_frames[j])
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
