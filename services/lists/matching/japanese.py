"""Japanese names: kanji read in Japanese, kana to Latin, loanwords without their added vowels.

Kanji have no reading of their own: 山田太郎 is Yamada Taro in Japanese and Shan Tian Tai Lang
in Mandarin. janome's dictionary (IPADIC, which knows family and given names) reads kanji in
Japanese wherever the name has kana; a name in kanji alone is Chinese by default, and its
Japanese reading is screened beside it (`japanese_reading`). Katakana writes foreign names with
a vowel after every consonant (Gazprom is ガスプロム, gasupuromu); `loanword_spelling` drops the
short ones a word does not need, so the listed Latin spelling can be met.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import icu

KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
KATAKANA = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Company forms as written in Japanese, and their usual equivalents in the lists' Latin.
_LEGAL_FORMS = {
    "非公開株式会社": "jsc",
    "公開株式会社": "pjsc",
    "株式会社": "jsc",
    "有限会社": "llc",
    "有限責任会社": "llc",
    "合同会社": "llc",
}
_SEPARATORS = str.maketrans({"・": " ", "＝": " ", "ー": "\u0304"})  # ー lengthens: a macron
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))
_CONSONANT = "bcdfghjkmnprstvwz"
# Vowels katakana adds to a foreign consonant: u mostly, o after t and d, i after sh, ch and j.
_NOT_VOWEL = r"(?![aeiouy\u0304\u0302])"  # a consonant, a space or the end
_ADDED_U = re.compile(rf"(?<=[{_CONSONANT}])u{_NOT_VOWEL}")
_ADDED_O = re.compile(rf"(?<=[td])o{_NOT_VOWEL}")
_ADDED_I = re.compile(rf"(?<=sh|ch)i(?=[{_CONSONANT}])")
_MACRON = re.compile("[\u0304\u0302]")
# ICU writes a small vowel kana after a syllable as '~': ツェ is tsu~e, said tse.
_SMALL_VOWEL = re.compile(r"[aeiou]?~")
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from janome.tokenizer import Tokenizer  # loaded on the first Japanese name only

    return Tokenizer()


@lru_cache(maxsize=4)
def _icu(transform: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transform)


def _words(text: str) -> list[tuple[str, str, bool]]:
    """(surface, reading in katakana or '*', proper noun) for each word janome finds."""
    with _LOCK:  # janome's tokenizer keeps state while it reads
        tokens = list(_tokenizer().tokenize(text))
    return [(t.surface, t.reading, "固有名詞" in t.part_of_speech) for t in tokens]


def _hepburn(kana: str) -> str:
    """Kana to Latin, long vowels marked by a combining macron."""
    latin = str(_icu("Any-Latin").transliterate(kana.translate(_SEPARATORS))).replace("'", "")
    return str(_icu("NFD").transliterate(_SMALL_VOWEL.sub("", latin)))


def _without_legal_forms(text: str) -> str:
    for form, latin in _LEGAL_FORMS.items():  # longest first, so 公開株式会社 before 株式会社
        if form in text:
            text = text.replace(form, f" {latin} ")
    return text


def kana_to_latin(kana: str) -> str:
    """Hepburn without long vowels, as Japanese names are written in Latin (Itō → Ito)."""
    latin = _MACRON.sub("", _hepburn(kana))
    for old, new in _LONG_VOWELS:
        latin = latin.replace(old, new)
    return latin


def romanise_japanese(text: str) -> str:
    """Japanese (kanji read in Japanese, kana) to Latin, a space between words."""
    out: list[str] = []
    for surface, reading, _ in _words(_without_legal_forms(text)):
        if HAN.search(surface) and reading != "*":
            out.append(kana_to_latin(reading))
        elif KANA.search(surface) or HAN.search(surface):
            out.append(kana_to_latin(surface))
        else:
            out.append(surface)
    return " ".join(" ".join(out).split())


def japanese_reading(text: str) -> str | None:
    """A kanji-only name read in Japanese, where the dictionary reads every word and knows at
    least one as a proper noun (a family or given name, a company); else None."""
    if KANA.search(text) or not HAN.search(text):
        return None
    words = _words(text)
    han = [(reading, proper) for surface, reading, proper in words if HAN.search(surface)]
    if any(reading == "*" for reading, _ in han) or not any(proper for _, proper in han):
        return None
    return romanise_japanese(text)


def loanword_spelling(text: str) -> str | None:
    """Katakana words without the vowels Japanese adds to foreign consonants (ガスプロム →
    gasprom, not gasupuromu); None where the name has no katakana or nothing changes."""
    if not KATAKANA.search(text):
        return None
    out: list[str] = []
    for surface, reading, _ in _words(_without_legal_forms(text)):
        kana = reading if HAN.search(surface) and reading != "*" else surface
        if not KATAKANA.search(surface):
            out.append(kana_to_latin(kana) if KANA.search(kana) or HAN.search(kana) else kana)
            continue
        # Long vowels (a macron here) are the word's own: グループ is gurūpu, group.
        latin = _hepburn(kana)
        for pattern in (_ADDED_I, _ADDED_U, _ADDED_O):
            latin = pattern.sub("", latin)
        out.append(_MACRON.sub("", latin))
    spelled = " ".join(" ".join(out).split())
    return spelled if spelled != romanise_japanese(text) else None


@lru_cache(maxsize=4096)
def japanese_variants(text: str) -> tuple[str, ...]:
    """Other readings of a name to screen beside its own: Japanese for kanji, loanword spelling."""
    if not (HAN.search(text) or KATAKANA.search(text)):
        return ()
    found = (japanese_reading(text), loanword_spelling(text))
    return tuple(dict.fromkeys(v for v in found if v))
