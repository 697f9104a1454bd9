"""Words run together ('rosneftllc', 'vladimirputin') split against the index's own vocabulary."""

from __future__ import annotations

from collections.abc import Container, Sequence

MIN_RUN_CHARS = 6
MAX_PIECE_CHARS = 30
MIN_PIECE_CHARS = 2


def split_word(word: str, vocabulary: Container[str]) -> list[str] | None:
    """The fewest known words that spell `word` exactly, or None (a word of its own stays)."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(MIN_PIECE_CHARS, n + 1):
        for start in range(max(0, end - MAX_PIECE_CHARS), end - MIN_PIECE_CHARS + 1):
            head = best[start]
            if head is None or word[start:end] not in vocabulary:
                continue
            if best[end] is None or len(head) + 1 < len(best[end] or ()):
                best[end] = [*head, word[start:end]]
    pieces = best[n]
    return pieces if pieces is not None and len(pieces) > 1 else None


def split_run_together(tokens: Sequence[str], vocabulary: Container[str]) -> str | None:
    """The name with every unknown long word split into known ones, if any was."""
    out: list[str] = []
    changed = False
    for token in tokens:
        pieces = None
        if len(token) >= MIN_RUN_CHARS and token not in vocabulary and not token.isdigit():
            pieces = split_word(token, vocabulary)
        if pieces:
            out.extend(pieces)
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else None
