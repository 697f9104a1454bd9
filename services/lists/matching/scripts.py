"""Romanisation for scripts ICU alone renders unlike the lists: Hangul, Greek, Indic, Hebrew.

Sanctions lists romanise Korean names syllable by syllable in the North Korean (McCune–Reischauer
without diacritics) style: KIM Jong Un, CHOE Ryong Hae, RI Su Yong. ICU writes Revised Romanisation
joined into one word (gimjeong-eun), so Hangul gets its own table. Greek goes through ICU's UNGEGN
transform (modern pronunciation: Alexis, not Alexes). Indic scripts go through ICU, then lose the
inherent vowel at the end of a word (राम is Ram, not Rama) and take English spellings (ś → sh,
c → ch).
Japanese has a module of its own (japanese.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
HEBREW = re.compile(r"[\u0590-\u05ff]")
_INDIC_WORD = re.compile(r"[\u0900-\u0d7f]+")
_INDIC_VIRAMAS = frozenset("\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d")

_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh",
             "th", "ph", "h")  # fmt: skip
_VOWELS = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
           "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m", "p",
           "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_INDIC_LETTERS = str.maketrans(
    {"ś": "sh", "ṣ": "sh", "c": "ch", "ṭ": "t", "ḍ": "d", "ṇ": "n", "ṅ": "n", "ñ": "n", "ṁ": "n",
     "ṃ": "m", "ḥ": "h", "ṛ": "r", "ḷ": "l", "ẏ": "y"}
)  # fmt: skip
# Hebrew consonants as English-style romanisations write them; vav and yod are vowels inside a
# word. Kaf is q before he so that כהן keeps apart the k and h that 'kh' would merge.
_HEBREW = {
    "א": "a", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ז": "z", "ח": "h", "ט": "t", "כ": "k",
    "ך": "k", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "ע": "a", "פ": "p",
    "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh", "ת": "t",
}  # fmt: skip
_HEBREW_GERESH = {"ג": "j", "ז": "zh", "צ": "ch"}
_HEBREW_MARKS = re.compile(r"[\u0591-\u05c7]")


# ντ, μπ, γκ are the stops d, b, g at the start of a word and after a consonant (Ντόναλντ is
# Donald, Μπαράκ Barack). After a vowel Greek words speak and write the nasal too (Ολυμπία is
# Olympia, Λαμπράκης Lamprakis: ELOT 743's mp, nt, nk, as ICU writes them), where foreign names
# still mean the stop alone (Ομπάμα, Βλαντιμίρ): greek_variants gives that reading.
_GREEK_DIGRAPHS = re.compile(r"(?i)ντ|μπ|γκ")
_GREEK_VOWELS = "αεηιουωάέήίόύώϊϋΐΰ"
_GREEK_MEDIAL_DIGRAPH = re.compile(rf"(?i)(?<=[{_GREEK_VOWELS}])(?:ντ|μπ|γκ)")
_GREEK_STOP_DIGRAPH = re.compile(rf"(?i)(?<![{_GREEK_VOWELS}])(?:ντ|μπ|γκ)")
_GREEK_STOPS = {"ντ": "d", "μπ": "b", "γκ": "g"}


def _greek(match: re.Match[str]) -> str:
    pair = match.group(0)
    stop = _GREEK_STOPS[pair.lower()]
    return stop.upper() if pair[0].isupper() else stop


@lru_cache(maxsize=8)
def _icu(transform: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transform)


def romanise_hangul_word(word: str) -> str:
    """한글 → lists' style, a space between syllables of names up to three syllables long."""
    syllables = []
    for char in word:
        code = ord(char) - 0xAC00
        initial, rest = divmod(code, 588)
        vowel, final = divmod(rest, 28)
        syllables.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
    return " ".join(syllables) if len(syllables) <= 3 else "".join(syllables)


def _indic_word(match: re.Match[str]) -> str:
    word = match.group(0)
    latin = str(_icu("Any-Latin").transliterate(word))
    last = word[-1]
    # An inherent vowel at the end of a word is not spoken, unless it closes a consonant cluster.
    silent = unicodedata.category(last) == "Lo" and (
        len(word) < 2 or word[-2] not in _INDIC_VIRAMAS
    )
    if silent and len(latin) > 3 and latin.endswith("a") and latin[-2] not in "aeiouāēīōū":
        latin = latin[:-1]
    return latin.translate(_INDIC_LETTERS)


def romanise_hebrew(text: str) -> str:
    """Hebrew letters → Latin; vowel points dropped, as most names are written without them."""
    text = _HEBREW_MARKS.sub("", text)
    out: list[str] = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if char in "׳'" and before in _HEBREW_GERESH:
            out[-1] = _HEBREW_GERESH[before]
        elif char in "וי":
            start = not HEBREW.match(before)
            if char == "ו":
                out.append("v" if start else "o")
            else:
                out.append("y" if start else "i")
        elif char in "כך" and after == "ה":
            out.append("q")
        else:
            out.append(_HEBREW.get(char, char))
    return "".join(out)


def romanise_scripts(text: str) -> str:
    """The scripts above to Latin (diacritics kept; the caller strips them); others untouched."""
    if HANGUL.search(text):
        text = HANGUL.sub(lambda m: romanise_hangul_word(m.group(0)), text)
    if GREEK.search(text):
        stops = _GREEK_STOP_DIGRAPH.sub(_greek, text)
        text = str(_icu("Greek-Latin/UNGEGN").transliterate(stops))
    if _INDIC_WORD.search(text):
        text = _INDIC_WORD.sub(_indic_word, text)
    if HEBREW.search(text):
        text = romanise_hebrew(text)
    return text


def greek_variants(text: str) -> tuple[str, ...]:
    """A foreign name's reading of ντ, μπ, γκ after a vowel (Βλαντιμίρ → Vladimir), to screen
    beside the Greek one romanisation gives (Vlantimir), already in Latin letters."""
    if not GREEK.search(text) or not _GREEK_MEDIAL_DIGRAPH.search(text):
        return ()
    return (str(_icu("Greek-Latin/UNGEGN").transliterate(_GREEK_DIGRAPHS.sub(_greek, text))),)
