"""Multilingual phrase lists for goods descriptions, compiled once into one Aho-Corasick automaton.

Phrase files (`*.csv`, columns `phrase,category`) and `categories.csv` (`category,label,subscore,
hs_prefixes`) live in a directory; a trailing `*` on a phrase lets the last word run on
(`квадрокоптер*` also finds `квадрокоптеры`). Latin and Cyrillic phrases match on word
boundaries; CJK phrases match anywhere, since CJK text has no spaces.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import ahocorasick


class PhraseListError(ValueError):
    """A phrase or category file is malformed (the message names the file and row)."""


@dataclass(frozen=True)
class PhraseCategory:
    """A kind of controlled product, and the HS prefixes under which declaring it is plausible."""

    name: str
    label: str
    subscore: float
    hs_prefixes: tuple[str, ...]

    def fits_code(self, hs_code: str) -> bool:
        return hs_code.startswith(self.hs_prefixes)


@dataclass(frozen=True)
class PhraseHit:
    """One phrase found in a description: the text as written, the list phrase and its category."""

    matched: str
    phrase: str
    category: PhraseCategory
    source: str


@dataclass(frozen=True)
class _Pattern:
    phrase: str
    category: PhraseCategory
    source: str
    open_end: bool
    needs_boundaries: bool


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xAC00 <= code <= 0xD7AF


def _is_word_char(char: str) -> bool:
    # CJK characters count as a boundary for Latin/Cyrillic words ("gnss模块").
    return char.isalnum() and not _is_cjk(char)


def normalize_description(text: str) -> str:
    """Case-fold, unify ё/е, turn punctuation into single spaces: `DJI-Mavic 3!` → `dji mavic 3`."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    chars = [c if c.isalnum() else " " for c in folded]
    return " ".join("".join(chars).split())


class PhraseMatcher:
    """Finds listed phrases in a description in one pass over the normalised text."""

    def __init__(self, patterns: list[_Pattern], categories: dict[str, PhraseCategory]) -> None:
        self.categories = categories
        self.phrase_count = len(patterns)
        self._automaton = ahocorasick.Automaton()
        for pattern in patterns:
            self._automaton.add_word(pattern.phrase, pattern)
        if patterns:
            self._automaton.make_automaton()

    def find(self, description: str) -> list[PhraseHit]:
        """Every listed phrase in the description, longest first, one hit per matched text."""
        if self.phrase_count == 0 or not description:
            return []
        text = normalize_description(description)
        hits: dict[str, PhraseHit] = {}
        for end, pattern in self._automaton.iter(text):
            start = end - len(pattern.phrase) + 1
            stop = end + 1
            if pattern.needs_boundaries:
                if start > 0 and _is_word_char(text[start - 1]):
                    continue
                if pattern.open_end:
                    while stop < len(text) and _is_word_char(text[stop]):
                        stop += 1
                elif stop < len(text) and _is_word_char(text[stop]):
                    continue
            matched = text[start:stop]
            known = hits.get(matched)
            # One hit per text span: the longest phrase that found it explains it best.
            if known is None or len(known.phrase) < len(pattern.phrase):
                hits[matched] = PhraseHit(matched, pattern.phrase, pattern.category, pattern.source)
        return sorted(hits.values(), key=lambda hit: -len(hit.phrase))


def load_categories(path: Path) -> dict[str, PhraseCategory]:
    """Read `categories.csv`."""
    categories: dict[str, PhraseCategory] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                name = row["category"].strip()
                subscore = float(row["subscore"])
                prefixes = tuple(p for p in row["hs_prefixes"].split() if p)
                label = row["label"].strip()
            except (KeyError, ValueError, AttributeError) as exc:
                raise PhraseListError(
                    f"{path}:{row_number}: bad category row {row!r}: {exc}"
                ) from exc
            if not name or not 0.0 <= subscore <= 1.0 or not all(p.isdigit() for p in prefixes):
                raise PhraseListError(f"{path}:{row_number}: bad category row {row!r}")
            categories[name] = PhraseCategory(name, label, subscore, prefixes)
    return categories


def load_phrase_matcher(directory: Path) -> PhraseMatcher:
    """Compile every `*.csv` phrase list in a directory against its `categories.csv`."""
    categories = load_categories(directory / "categories.csv")
    patterns: dict[str, _Pattern] = {}
    for path in sorted(directory.glob("*.csv")):
        if path.name == "categories.csv":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row_number, row in enumerate(csv.DictReader(handle), start=2):
                raw = (row.get("phrase") or "").strip()
                category = categories.get((row.get("category") or "").strip())
                if not raw or category is None:
                    raise PhraseListError(
                        f"{path}:{row_number}: needs a phrase and a known category: {row!r}"
                    )
                open_end = raw.endswith("*")
                phrase = normalize_description(raw.rstrip("*"))
                if not phrase:
                    raise PhraseListError(
                        f"{path}:{row_number}: phrase {raw!r} is empty after normalising"
                    )
                needs_boundaries = not all(_is_cjk(c) for c in phrase.replace(" ", ""))
                patterns[phrase] = _Pattern(phrase, category, path.stem, open_end, needs_boundaries)
    return PhraseMatcher(list(patterns.values()), categories)
