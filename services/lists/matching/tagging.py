"""What a word is, beyond its spelling: a title, part of a legal form, a number, a given name.

Titles and offices ("General", "Sheikh", "Генерал" once romanised) and the words of legal forms
("Joint Stock Company", even misspelt) say nothing about who a party is; they keep a small
weight so their presence or absence barely moves a score. Given names carry rigour's name
symbols (Wikidata name groups and nicknames), so Sasha meets Alexander and Wladimir meets
Vladimiras in any script rigour knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.names import NameTypeTag, analyze_names
from rigour.names.prefix import remove_person_prefixes


def _words(text: str) -> list[str]:
    return text.split()


# Titles, honorifics, ranks and offices as they are written before names, romanised.
_TITLES = _words(
    """
mr mrs ms miss mister dr doctor prof professor sir lady lord dame madam madame mme monsieur
herr frau fraulein sr sra senor senora dona sig signor signora dott
general gen colonel col lieutenant lt major maj captain capt admiral marshal brigadier commander
sergeant sgt corporal cpl commodore
president minister deputy ambassador senator governor mayor chairman chairwoman chair director
judge justice secretary premier chancellor commissioner
king queen prince princess emir sheikh shaikh shaykh sheik cheikh sayyid sayed syed shekh
mullah mulla mullo mawlawi maulvi maulana mawlana molvi haji hajji hadji alhaji
imam ayatollah hojatoleslam hujjat sardar sartip pasha effendi
hon honorable honourable excellency rev reverend fr
shri shree sri smt shrimati kumari pandit thiru thiruvalargal
gospodin gospozha general-leytenant polkovnik podpolkovnik mayor kapitan leytenant marshal
generalleutnant oberst hauptmann
strategos kyrios kyria
liwa aqid muqaddam naqib duktur muhandis ustadh ustaz
tuan puan dato datuk encik
aluf
jangun wonsu changgun wiwonjang
"""
)
TITLES = frozenset(_TITLES)
# Words of legal forms in full, as they appear when rigour did not recognise the whole form.
LEGAL_WORDS = frozenset(
    _words(
        """
    joint stock company limited liability partnership corporation incorporated public private
    closed open holding holdings unitary enterprise state federal
    aktsionernoe obshchestvo otkrytoe zakrytoe otkrytogo zakrytogo tipa publichnoe ogranichennoi otvetstvennostyu
    tovarystvo aktsionerne spolka akcyjna ograniczona odpowiedzialnoscia akciova spolecnost
    gesellschaft beschrankter haftung aktiengesellschaft societe anonyme responsabilite limitee
    sociedad anonima responsabilidad limitada societa responsabilita limitata
    sirketi anonim limited naamloze vennootschap besloten
    tavarystva abmezhavanai adkaznastsiu adkaznastsyu
    """
    )
)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10",
    "eleventh": "11", "twelfth": "12", "thirteenth": "13", "fourteenth": "14",
    "fifteenth": "15", "sixteenth": "16", "seventeenth": "17", "eighteenth": "18",
    "nineteenth": "19", "twentieth": "20",
    # German, French, Spanish, Italian and romanised Russian, two to ten ('one' is often 'a').
    "zwei": "2", "drei": "3", "vier": "4", "funf": "5", "fuenf": "5", "sechs": "6",
    "sieben": "7", "acht": "8", "neun": "9", "zehn": "10",
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "huit": "8", "neuf": "9", "dix": "10",
    "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6", "siete": "7", "ocho": "8",
    "nueve": "9", "diez": "10",
    "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sette": "7", "otto": "8",
    "nove": "9", "dieci": "10",
    "dva": "2", "tri": "3", "chetyre": "4", "pyat": "5", "shest": "6", "sem": "7",
    "vosem": "8", "devyat": "9", "desyat": "10",
}  # fmt: skip
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|eme|o|a|ya|iy|yi)")
# 'No. 5', 'Number 5', 'Nr 5', '№ 5': the marker is one word, whichever way it is written.
_NUMBER_MARKERS = frozenset({"no", "number", "nr", "num", "nomer"})
# Endings national spellings add to a name: Lithuanian/Latvian nominatives, Georgian -i.
NOMINATIVE_ENDINGS = ("as", "is", "ys", "us", "s", "i")


def number_value(token: str) -> str:
    """'three' → '3', 'first' → '1', '07' → '7'; other words unchanged."""
    if token.isdigit():
        return token.lstrip("0") or "0"
    if token[0].isdigit() and (ordinal := _ORDINAL.fullmatch(token)):
        return ordinal.group(1).lstrip("0") or "0"  # 21st, 3e, 5-ya
    if token in _NUMBER_MARKERS:
        return "no"
    return _NUMBER_WORDS.get(token, token)


def numbers_as_digits(tokens: list[str]) -> list[str]:
    """Number words as digits; 'twenty one' → '21' (tens followed by units)."""
    out: list[str] = []
    for token in (number_value(t) for t in tokens):
        if (
            out
            and token.isdigit()
            and len(token) == 1
            and out[-1] in ("20", "30", "40", "50", "60", "70", "80", "90")
        ):
            out[-1] = str(int(out[-1]) + int(token))
        else:
            out.append(token)
    return out


def is_title(token: str) -> bool:
    return token in TITLES


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# One-deletion neighbourhood of the longer legal words: two words one edit apart share a key.
_LEGAL_NEIGHBOURS: dict[str, set[str]] = {}
for _word in LEGAL_WORDS:
    if len(_word) >= 5:
        for _key in (_word, *_deletions(_word)):
            _LEGAL_NEIGHBOURS.setdefault(_key, set()).add(_word)


@lru_cache(maxsize=65536)
def is_legal_word(token: str) -> bool:
    """A word of a legal form, allowing one typo in words of five letters or more ('stok')."""
    if token in LEGAL_WORDS:
        return True
    if len(token) < 4:
        return False
    near = {w for key in (token, *_deletions(token)) for w in _LEGAL_NEIGHBOURS.get(key, ())}
    return any(OSA.distance(w, token, score_cutoff=1) <= 1 for w in near)


def leading_titles(tokens: tuple[str, ...]) -> int:
    """How many of the first words are titles (never all of them)."""
    count = 0
    while count < len(tokens) - 1 and (
        is_title(tokens[count]) or remove_person_prefixes(tokens[count] + " x") == "x"
    ):
        count += 1
    return count


@lru_cache(maxsize=262144)
def name_symbols(token: str) -> frozenset[str]:
    """rigour's given-name groups and nicknames for one word ('sasha' and 'alexander' share one)."""
    if len(token) < (3 if token.isascii() else 2) or token.isdigit():
        return frozenset()
    return _one_word_symbols(NameTypeTag.PER, token, ("NAME", "NICK"))


_ORG_SYMBOL_CATEGORIES = ("SYMBOL", "DOMAIN")


@lru_cache(maxsize=262144)
def org_symbols(word: str) -> frozenset[str]:
    """rigour's symbols for a generic word of organisation names, in any language it knows:
    Όμιλος, Группа and Group are all GRP, Εταιρεία and Company CO, Банк and Bank BANK."""
    if len(word) < 3 or word.isdigit():
        return frozenset()
    return _one_word_symbols(NameTypeTag.ORG, word, _ORG_SYMBOL_CATEGORIES)


def _one_word_symbols(tag: NameTypeTag, word: str, categories: tuple[str, ...]) -> frozenset[str]:
    """The ids of rigour's symbols of these categories that span the word alone."""
    names = analyze_names(tag, [word], phonetics=False, numerics=False, rewrite=False)
    return frozenset(
        sp.symbol.id
        for name in names
        for sp in name.spans
        if len(sp.parts) == 1 and str(sp.symbol.category).rsplit(".", 1)[-1] in categories
    )


def nominative_variant(a: str, b: str) -> bool:
    """One word is the other with a national nominative ending: putinas / putin, putini."""
    if len(a) < len(b):
        a, b = b, a
    if len(b) < 4 or not a.startswith(b):
        return False
    return a[len(b) :] in NOMINATIVE_ENDINGS
