"""Customs-like screening traffic and a plain token-blocking matcher to compare against.

The mix: 30% listed names with a one-letter typo, 20% listed names reordered, 30% generic
trading-company names with a number ("Golden Star Trading LLC 17"), 20% listed names as written.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from services.lists.watchlists import WatchlistEntry

OFFICIAL_LISTS = (
    "ofac/sdn_full_2021-07",
    "ofac/consolidated_non_sdn_2025-12",
    "un/UN_consolidated.xml",
    "us_bis/dpl.txt",
)
_ADJECTIVES = tuple(
    [
        "Golden",
        "Star",
        "Silver",
        "Eagle",
        "Global",
        "Pacific",
        "Asia",
        "Euro",
        "Orient",
        "Grand",
        "United",
        "Royal",
        "Blue",
        "Green",
        "Red",
        "Sun",
        "Moon",
        "Ocean",
        "Sky",
        "Prime",
        "Smart",
        "Best",
        "New",
        "Great",
        "Bright",
        "Star",
        "Dragon",
        "Phoenix",
        "Lotus",
        "Crystal",
        "Diamond",
        "Jade",
        "Victory",
        "Alpha",
        "Omega",
        "Delta",
        "Nova",
        "Sino",
        "Trans",
        "Inter",
        "Mega",
        "Super",
        "Top",
    ]
)
_ACTIVITIES = tuple(
    [
        "Trading",
        "Logistics",
        "Electronics",
        "Import",
        "Export",
        "Shipping",
        "Supply",
        "Industrial",
        "Technology",
        "Machinery",
        "Chemicals",
        "Textile",
        "Metals",
        "Energy",
        "Components",
        "Equipment",
        "Freight",
        "Commerce",
    ]
)
_FORMS = ("LLC", "Co., Ltd.", "Ltd", "FZE", "OOO", "GmbH", "Limited", "JSC", "Inc.", "FZCO", "")


def one_letter_typo(rng: random.Random, name: str) -> str:
    """A transposition, dropped, doubled or replaced letter in one word of four letters or more."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return name + "s"
    i = rng.choice(long_words)
    word, k = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    elif kind == 1:
        word = word[:k] + word[k + 1 :]
    elif kind == 2:
        word = word[:k] + word[k] + word[k:]
    else:
        word = word[:k] + rng.choice("aeiourstnl") + word[k + 1 :]
    words[i] = word
    return " ".join(words)


def generic_company(rng: random.Random) -> str:
    words = [rng.choice(_ADJECTIVES), rng.choice(_ADJECTIVES), rng.choice(_ACTIVITIES)]
    return " ".join([*words[rng.randrange(2) :], rng.choice(_FORMS), str(rng.randint(1, 99))])


def realistic_mix(rng: random.Random, listed: Sequence[str], count: int) -> list[str]:
    """`count` names in the proportions above, shuffled."""
    names = []
    for i in range(count):
        bucket = i % 10
        if bucket < 3:
            names.append(one_letter_typo(rng, rng.choice(listed)))
        elif bucket < 5:
            words = rng.choice(listed).replace(",", " ").split()
            rng.shuffle(words)
            names.append(" ".join(words))
        elif bucket < 8:
            names.append(generic_company(rng))
        else:
            names.append(rng.choice(listed))
    rng.shuffle(names)
    return names


def as_json_lines(names: Sequence[str]) -> list[str]:
    return [json.dumps({"id": i, "name": n}, ensure_ascii=False) for i, n in enumerate(names)]


_WORD = re.compile(r"[^\W_]+")


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name.casefold())
    return _WORD.findall("".join(c for c in text if not unicodedata.combining(c)))


class TokenBlockingBaseline:
    """The simplest credible screener: an inverted index on words, fuzzy-scored candidates."""

    def __init__(self, entries: Sequence[WatchlistEntry], max_posting: int = 500) -> None:
        self._names: list[tuple[str, str]] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            for name in entry.names:
                position = len(self._names)
                self._names.append((entry.id, " ".join(_tokens(name))))
                for token in set(_tokens(name)):
                    self._postings[token].append(position)
        self._max_posting = max_posting

    def screen(self, name: str, threshold: float = 0.85) -> list[tuple[str, float]]:
        tokens = _tokens(name)
        candidates: set[int] = set()
        for token in tokens:
            posting = self._postings.get(token, ())
            if len(posting) <= self._max_posting:
                candidates.update(posting)
        query = " ".join(tokens)
        best: dict[str, float] = {}
        for position in candidates:
            entry_id, text = self._names[position]
            score = fuzz.token_sort_ratio(query, text) / 100
            if score >= threshold and score > best.get(entry_id, 0.0):
                best[entry_id] = score
        return sorted(best.items(), key=lambda item: -item[1])[:5]
