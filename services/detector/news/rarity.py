"""How unusual an alias is in ordinary language, from wordfreq's English and Russian word lists.

Frequencies are looked up by folded form (see `textnorm.fold_token`), so an alias is as common
as the most common word it cannot be told apart from once folded: "ELEMENTO" meets "element",
«Зала» meets «зал», "HERO" meets "here". The table is built once per process from the installed
wordfreq package (its lists are not copied into this repository).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import wordfreq

from services.detector.news.textnorm import TOKEN, fold_token

LANGUAGES = ("en", "ru")
# Zipf = log10 of a word's frequency per billion words. Below RARE_ZIPF a word is rare enough
# that everything rarer scores the same, so the table stops there.
RARE_ZIPF = 2.5
UNCOMMON_ZIPF = 3.5
EVERYDAY_ZIPF = 4.5
_MIN_PART = 3


@dataclass(frozen=True)
class WordRarity:
    """A word's folded form, its Zipf frequency and the band it falls in."""

    word: str
    zipf: float

    @property
    def band(self) -> str:
        if self.zipf < RARE_ZIPF:
            return "rare"
        if self.zipf < UNCOMMON_ZIPF:
            return "uncommon"
        if self.zipf < EVERYDAY_ZIPF:
            return "common"
        return "everyday"

    @property
    def points(self) -> int:
        """Evidence the word gives alone: 3 rare, 2 uncommon, 1 common, 0 everyday."""
        return {"rare": 3, "uncommon": 2, "common": 1, "everyday": 0}[self.band]


@cache
def folded_frequencies(language: str) -> Mapping[str, float]:
    """Folded word → highest Zipf frequency of any word of `language` folding to it."""
    table: dict[str, float] = {}
    buckets = wordfreq.read_cBpack(wordfreq.available_languages("best")[language])
    for centibels, words in enumerate(buckets):
        zipf = (900 - centibels) / 100
        if zipf < RARE_ZIPF - 0.1:
            break
        for word in words:
            tokens = TOKEN.findall(word)
            if len(tokens) != 1:
                continue
            folded = fold_token(tokens[0])
            if folded and table.get(folded, 0.0) < zipf:
                table[folded] = zipf
    return MappingProxyType(table)


class RarityTable:
    """Zipf frequency by folded token and language (0.0 for words rarer than the table holds).

    An alias is weighed in the language of the text it was found in: "Zala" is rare in English
    text, while in Russian text it cannot be told from «зал» (a hall)."""

    def __init__(self, frequencies: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self._tables = (
            {language: folded_frequencies(language) for language in LANGUAGES}
            if frequencies is None
            else frequencies
        )

    def word(self, folded: str, language: str) -> WordRarity:
        return WordRarity(folded, self._tables[language].get(folded, 0.0))

    def alias_word(self, folded: str, language: str) -> WordRarity:
        """A name word, as common as its most common reading: a compound of two everyday words
        ("Postbank", "Megatrade") is no more unusual than the rarer of the two."""
        table = self._tables[language]
        best = table.get(folded, 0.0)
        for cut in range(_MIN_PART, len(folded) - _MIN_PART + 1):
            parts = min(table.get(folded[:cut], 0.0), table.get(folded[cut:], 0.0))
            best = max(best, parts)
        return WordRarity(folded, best)
