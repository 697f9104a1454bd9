"""Arabic-script names: a romaniser, compound names (Abd al-…, …ullah, …uddin) and a phonetic key.

Arabic script writes long vowels only, and the lists romanise the same name many ways
(Muhammad / Mohamed / Mhmd, Abd al-Rahman / Abdulrahman / Abdurrahman). Both sides are brought to
one consonant key, so a name written in Arabic meets its romanised listing and vice versa.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_LETTER = "\u0600-\u06ff\u0750-\u077f"
# ال at the start of a word is the article, except in الله (Allah), which the lists join (-ullah).
_ARTICLE = re.compile(
    rf"(?<![\w{_LETTER}])\u0627\u0644(?!\u0644\u0647(?![{_LETTER}]))(?=[{_LETTER}]{{2,}})"
)

# Consonants as the English-style romanisations in the lists write them; long vowels as vowels.
_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "", "ئ": "", "ب": "b",
    "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ۀ": "a",
    "ى": "a", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v", "ځ": "z", "څ": "s", "ښ": "sh",
    "ټ": "t", "ډ": "d", "ړ": "r", "ڼ": "n", "ږ": "zh", "ګ": "g", "ې": "e", "ۍ": "ai", "ھ": "h",
    "ے": "e", "ں": "n", "ٹ": "t", "ڈ": "d", "ڑ": "r",
    "\u064e": "a", "\u064f": "u", "\u0650": "i",  # short vowels, when written
}  # fmt: skip
_SILENT = re.compile("[\u064b-\u064d\u0651-\u065f\u0670\u0640]")  # tanwin, shadda, sukun, tatweel
_VOWEL_LETTERS = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i"), "ې": ("y", "e")}

_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "il",
        "ar",
        "er",
        "ur",
        "ad",
        "ed",
        "ud",
        "as",
        "es",
        "us",
        "an",
        "en",
        "un",
        "at",
        "et",
        "ut",
        "az",
        "ez",
        "uz",
        "ash",
        "esh",
        "ush",
        "adh",
    ]
)
_ABD = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdor", "abdil"})
_ALLAH = frozenset({"allah", "ullah", "ollah", "ulla", "alla", "allh", "illah", "olla", "ullo"})
_DIN = frozenset({"din", "deen", "dine", "uddin", "uddeen", "eddin", "eddine", "addin", "aldin"})


def romanise_arabic(text: str) -> str:
    """Arabic, Persian, Pashto and Urdu letters → Latin, consonants and long vowels as written."""
    text = _SILENT.sub("", _ARTICLE.sub("\u0627\u0644 ", text))
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _VOWEL_LETTERS:
            consonant, vowel = _VOWEL_LETTERS[char]
            word_start = i == 0 or not ARABIC_LETTERS.match(text[i - 1])
            out.append(consonant if word_start else vowel)
        else:
            out.append(_LETTERS.get(char, char))
    return "".join(out)


def join_compounds(tokens: Sequence[str]) -> list[str]:
    """One word for the parts of a compound name: 'abd al rahman' → 'abdalrahman' (any spelling)."""
    if len(tokens) < 2:
        return list(tokens)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        rest = len(tokens) - i - 1
        if token in _ABD and rest >= 1:
            if tokens[i + 1] in _ARTICLES and rest >= 2:
                out.append(token + tokens[i + 1] + tokens[i + 2])
                i += 3
            else:
                out.append(token + tokens[i + 1])
                i += 2
            continue
        if out and (token in _ALLAH or token in _DIN):
            out[-1] += token  # 'rahmat ullah' = 'rahmatullah'
        elif out and token in _ARTICLES and rest >= 1 and tokens[i + 1] in _DIN:
            out[-1] += token + tokens[i + 1]  # 'salah al din', 'noor ud din'
            i += 1
        else:
            out.append(token)
        i += 1
    return out


def compound_tail(a: str, b: str) -> bool:
    """One word is the other's compound without its 'Abd' (and article): rahman / abdalrahman."""
    if len(a) > len(b):
        a, b = b, a
    if not b.startswith("abd") or len(a) < 4 or not b.endswith(a):
        return False
    head = b[: -len(a)]
    return any(
        head == abd or (head.startswith(abd) and head[len(abd) :] in _ARTICLES) for abd in _ABD
    )


_KEY_RULES = (
    ("kh", "k"), ("gh", "G"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"),
    ("dj", "j"), ("g", "j"), ("G", "g"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "d"),
    ("v", "w"),
)  # fmt: skip
_DROPPED = str.maketrans("", "", "aeiouyw")  # h stays: muhammad ≠ ahmad
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=262144)
def consonant_key(token: str) -> str:
    """Consonants in coarse classes, vowels, glides and a final h dropped: mhmd = mohamed."""
    for old, new in _KEY_RULES:
        if old in token:
            token = token.replace(old, new)
    if token.endswith("h") and len(token) > 2:
        token = token[:-1]  # final h is often unwritten: jalahmah / الجلاهمة, abdallah / عبد الله
    key = _DOUBLE.sub(r"\1", token.translate(_DROPPED))
    # 'abdul-', 'abdel-', 'abd al-' all start 'bdl'; the article's l is often assimilated.
    return "bd" + key[3:] if key.startswith("bdl") and len(key) > 3 else key
