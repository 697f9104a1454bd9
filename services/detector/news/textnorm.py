"""Article and name text → one comparable token form, keeping each token's place in the original.

The same pipeline runs over list names (once, at build time) and article text (once per
article), so a Latin list name and a Cyrillic, inflected mention meet in the middle:
Cyrillic case endings are stripped, Cyrillic is transliterated the way the English-language
press does, and spelling variants are folded (w→v, kh→h, y→i, double letters) so that
"Wagner's", «Вагнера» and "Vagner" all become `vagner`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normality import ascii_text

TOKEN = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Longest first: strip one inflectional ending from Cyrillic words (nouns, adjectives, names).
# -ов/-ев are left alone: they end surnames (Калашников) far more often than they inflect.
_RU_ENDINGS = tuple(
    sorted(
        [
            "ами",
            "ями",
            "ого",
            "его",
            "ому",
            "ему",
            "ыми",
            "ими",
            "ой",
            "ей",
            "ом",
            "ем",
            "ам",
            "ям",
            "ах",
            "ях",
            "ую",
            "юю",
            "ая",
            "яя",
            "ое",
            "ее",
            "ые",
            "ие",
            "ых",
            "их",
            "ым",
            "им",
            "ый",
            "ий",
            "а",
            "я",
            "у",
            "ю",
            "е",
            "ы",
            "и",
            "ь",
            "й",
            "о",
        ],
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 3
_RU_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
# Fold spelling variants that transliteration and English spelling disagree on.
_FOLDS = (
    ("shch", "sh"),
    ("dzh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")


def stem_cyrillic(word: str) -> str:
    """Strip one Russian inflectional ending, keeping at least three letters of stem."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def fold_token(raw: str) -> str:
    """One token (already split on non-word characters) → its comparable form."""
    word = raw.lower()
    cyrillic = _CYRILLIC.search(word) is not None
    if cyrillic:
        word = "".join(_RU_TRANSLIT.get(ch, ch) for ch in stem_cyrillic(word))
    if not word.isascii():
        word = (ascii_text(word) or "").lower().replace(" ", "")
    # A final hard consonant is spelt c, k or kh ("Rostec", «Ростех», "Kazakh", «казах»).
    if word.endswith("kh") or (word.endswith("c") and len(word) > _MIN_STEM):
        word = word[:-2] + "k" if word.endswith("kh") else word[:-1] + "k"
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    # Stems may or may not keep their final vowel ("Зала" → "зал", «Евгением» → "evgeni"):
    # drop it, so "Zala", "Evgeny" and their inflected Cyrillic forms meet.
    if len(word) > _MIN_STEM + cyrillic and word[-1] in "aeiou":
        word = word[:-1]
    return word


def plain_token(raw: str) -> str:
    """A token lower-cased and transliterated but not stemmed or folded (for fuzzy verification)."""
    word = raw.lower()
    if _CYRILLIC.search(word):
        word = "".join(_RU_TRANSLIT.get(ch, ch) for ch in word)
    if not word.isascii():
        word = (ascii_text(word) or "").lower().replace(" ", "")
    return word


class TokenFolder:
    """fold_token with a bounded cache: articles repeat most of their words."""

    def __init__(self, max_entries: int = 200_000) -> None:
        self._cache: dict[str, str] = {}
        self._max_entries = max_entries

    def __call__(self, raw: str) -> str:
        folded = self._cache.get(raw)
        if folded is None:
            if len(self._cache) >= self._max_entries:
                self._cache.clear()
            folded = self._cache[raw] = fold_token(raw)
        return folded


@dataclass(frozen=True)
class FoldedText:
    """`folded` is " tok tok … " (space-padded); token i spans original[starts[i]:ends[i]]."""

    original: str
    folded: str
    starts: list[int]
    ends: list[int]
    folded_starts: list[int]


def fold_text(text: str, folder: TokenFolder) -> FoldedText:
    """Tokenise and fold a whole text once; line breaks and punctuation become single spaces."""
    parts: list[str] = [" "]
    starts: list[int] = []
    ends: list[int] = []
    folded_starts: list[int] = []
    position = 1
    for match in TOKEN.finditer(text):
        folded = folder(match.group())
        if not folded:
            continue
        starts.append(match.start())
        ends.append(match.end())
        folded_starts.append(position)
        parts.append(folded)
        parts.append(" ")
        position += len(folded) + 1
    return FoldedText(text, "".join(parts), starts, ends, folded_starts)


def fold_phrase(text: str, folder: TokenFolder | None = None) -> str:
    """A name or term → its folded key without padding ("PMC 'Wagner'" → "pmc vagner")."""
    fold = folder or fold_token
    return " ".join(f for t in TOKEN.findall(text) if (f := fold(t)))
