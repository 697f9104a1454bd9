"""One Aho-Corasick automaton over every folded phrase (names, countries, products, generic words).

Built once; each article is scanned once. Keys are padded with spaces and the text is
" tok tok … ", so every hit starts and ends on a token boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from services.detector.news.textnorm import FoldedText

P = TypeVar("P")


@dataclass(frozen=True)
class PhraseHit(Generic[P]):
    """Tokens [first_token, last_token] of the text matched `key`; `payloads` say what it names."""

    key: str
    first_token: int
    last_token: int
    payloads: tuple[P, ...]


class PhraseAutomaton(Generic[P]):
    """Folded phrase → payloads; `add` everything, `freeze`, then `scan` many texts."""

    def __init__(self) -> None:
        self._payloads: dict[str, list[P]] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, folded_key: str, payload: P) -> None:
        if not folded_key.strip():
            return
        if self._automaton is not None:
            raise RuntimeError("PhraseAutomaton is frozen")
        self._payloads.setdefault(folded_key, []).append(payload)

    def __len__(self) -> int:
        return len(self._payloads)

    def freeze(self) -> None:
        automaton = ahocorasick.Automaton()
        for key, payloads in self._payloads.items():
            automaton.add_word(f" {key} ", (key, key.count(" ") + 1, tuple(payloads)))
        automaton.make_automaton()
        self._automaton = automaton

    def scan(self, text: FoldedText) -> Iterator[PhraseHit[P]]:
        """Every phrase occurrence in the folded text, in order of where it ends."""
        if self._automaton is None:
            raise RuntimeError("call freeze() before scan()")
        if len(self._payloads) == 0 or not text.starts:
            return
        token_at = {pos: i for i, pos in enumerate(text.folded_starts)}
        for end, (key, n_tokens, payloads) in self._automaton.iter(text.folded):
            first = token_at[end - len(key)]
            yield PhraseHit(key, first, first + n_tokens - 1, payloads)
