"""Name normalisation: scripts, case, punctuation, legal forms, `SURNAME, Given`, skeletons.

Everything here is pure and deterministic; the index normalises the watchlist once at build time
and each query once per call, through the same functions.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rigour.names import remove_org_types, replace_org_types_compare
from rigour.names.org_types import extract_org_types

from services.lists.matching.arabic import (
    ARABIC_LETTERS,
    consonant_key,
    join_compounds,
    romanise_arabic,
)
from services.lists.matching.japanese import KANA, romanise_japanese
from services.lists.matching.scripts import HEBREW, romanise_scripts
from services.lists.matching.tagging import numbers_as_digits

# English-style (BGN/PCGN-like) Cyrillic romanisation, as the sanctions lists themselves write
# Russian and Ukrainian names (KHOROSHEV, ZAKHAROV), rather than ISO 9 (Chorošev).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "u", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz",
    "ѓ": "g", "ќ": "k", "ѕ": "dz", "қ": "k", "ғ": "g", "ү": "u", "ұ": "u", "ң": "n", "һ": "h",
    "ө": "o", "ә": "a",
}  # fmt: skip
_TRANSLATE = str.maketrans({**_CYRILLIC, **{k.upper(): v for k, v in _CYRILLIC.items()}})
# Central European and Turkish letters as English-style romanisations write the sounds.
_LATIN_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ı": "i", "ð": "d",
     "č": "ch", "š": "sh", "ž": "zh", "ć": "ch", "ś": "sh", "ź": "zh", "ż": "zh", "ş": "sh",
     "ș": "sh", "ţ": "ts", "ț": "ts", "ğ": "g",
     "Č": "Ch", "Š": "Sh", "Ž": "Zh", "Ć": "Ch", "Ś": "Sh", "Ź": "Zh", "Ż": "Zh", "Ş": "Sh",
     "Ș": "Sh", "Ţ": "Ts", "Ț": "Ts", "Ğ": "G"}
)  # fmt: skip
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Chinese legal forms, longest first; removed before romanisation so they do not become words.
_CJK_LEGAL = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "集团", "集團", "公司")
_APOSTROPHES = re.compile(r"['’`´ʻʼʽʾʿ‘\"“”«»]")  # ʿ ʾ: ICU's ayn and hamza
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Legal forms as the lists romanise them (Ukrainian, Russian) or strip them, which rigour misses.
_EXTRA_LEGAL = (
    (re.compile(r"\btovar[iy]stvo z obmezhen\w* vidpovidaln\w*"), "llc"),
    (re.compile(r"\bobshchestvo s ogranichenn\w* otvetstvennost\w*"), "llc"),
    (re.compile(r"\bgesellschaft mit beschr\w* haftung\b"), "gmbh"),  # ä dropped, not 'ae'
    (
        re.compile(
            r"\b(?:(?:zakryt|otkryt|publichn|pryvatn|privatn|nepublichn)\w* )?"
            r"aktsion\w* (?:tovar[iy]stvo|obshchestvo)\b"
        ),
        "jsc",
    ),
)
# Forms written with 'de' or 'z' that rigour does not know spaced out: Mexican, Polish.
_SPACED_LEGAL = (
    (re.compile(r"\b(?:s|sc|spr|sa) de r ?[li](?: de cv)?\b"), "llc"),
    (re.compile(r"\bsa de cv\b"), "sa"),
    (re.compile(r"\bsp(?:olka)? z o ?o\b"), "llc"),
    (re.compile(r"\bspol s r ?o\b"), "sro"),
)
# 'Co. Limited', 'Company Limited': the same legal form as 'Co., Ltd.', which rigour knows whole
# (it knows 'co limited' only as 'co' and 'limited', leaving 'co' as a word of the name).
_CO_LIMITED = re.compile(r"\b(?:co|company) limited\b")
# 'S.A.', 'L.L.C.', 'C.V.': letters with dots are one abbreviation, not single-letter words.
_DOTTED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")
_BRACKETS = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
# The Arabic article before a 'sun letter' takes that letter's sound, and romanisations write it
# so (at-Tawhid, ash-Sham, an-Nusra; Russian ат-Таухид, аш-Шам): it is still al-, as the lists
# write it. 'wal-' ('and the', between two nouns with the article) is written val-/ual- in
# Russian (ат-Таухид валь-Джихад).
_SUN_ARTICLE = re.compile(r"(?<![a-z])[aeu](th|dh|sh|zh|[tdrzsn])-(?=\1)")
_ARTICLE = re.compile(r"(?<![a-z])[ae]l-(?=[a-z])")
_AND_THE = re.compile(r"(?<![a-z])[uv]al-(?=[a-z])")

# Canonical legal forms across languages (after rigour's own compare-form replacement).
LEGAL_FORMS: dict[str, str] = {
    "ooo": "llc", "llc": "llc", "tov": "llc", "too": "llc", "mchj": "llc", "sooo": "llc",
    "ao": "jsc", "zao": "jsc", "oao": "jsc", "jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc",
    "pjsc": "jsc",
    "pao": "jsc", "nao": "jsc", "at": "jsc", "pat": "jsc", "prat": "jsc", "ad": "jsc",
    "ltd": "ltd", "coltd": "ltd", "limited": "ltd", "pteltd": "ltd", "pvtltd": "ltd",
    "inc": "inc", "corp": "inc", "gmbh": "gmbh", "ag": "ag", "sa": "sa", "srl": "srl", "bv": "bv",
    "nv": "nv", "plc": "plc", "fze": "fze", "fzco": "fze", "fzc": "fze", "fzllc": "fze",
    "llp": "llp",
    "lp": "lp", "kft": "kft", "sarl": "sarl", "spa": "spa", "as": "as", "ab": "ab", "oy": "oy",
    "sl": "sl", "sacv": "sa", "bhd": "ltd", "sdnbhd": "ltd", "pte": "ltd", "pvt": "ltd",
    "sro": "llc", "spzoo": "llc", "sti": "ltd", "shti": "ltd", "taa": "llc",
}  # fmt: skip
# Frequent words that carry little identity; they still count, with a small weight.
GENERIC_TOKENS = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "de",
        "la",
        "le",
        "el",
        "al",
        "company",
        "co",
        "group",
        "holding",
        "holdings",
        "international",
        "trading",
        "trade",
        "industries",
        "industrial",
        "industry",
        "enterprise",
        "enterprises",
        "corporation",
        "general",
        "services",
        "service",
        "bin",
        "ibn",
        "bint",
        "binti",
        "von",
        "van",
        "der",
        "den",
        "da",
        "di",
        "du",
        "des",
        "del",
        "y",
        "e",
        "i",
    ]
)
PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ichna", "ovych", "ivna", "ogly", "kyzy")


def transliterate(text: str) -> str:
    """Any script to ASCII: our Cyrillic table, Chinese runs as one word each, ICU for the rest."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    if KANA.search(text):  # Japanese: kanji read in Japanese, not Mandarin
        text = romanise_japanese(text)
    if not _has_latin_only(text):
        text = _own_script_forms(text.casefold())
        if ARABIC_LETTERS.search(text):
            text = romanise_arabic(text)
        text = romanise_scripts(text)
    text = text.translate(_TRANSLATE)
    if _CJK_RUN.search(text):
        text = _CJK_RUN.sub(_romanise_cjk_run, text)
    text = text.translate(_LATIN_SPECIAL)
    if not text.isascii():
        stripped = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
        text = stripped if stripped.isascii() else (ascii_text(stripped) or "")
    return text


_NOT_LATIN = re.compile(r"[^\u0000-\u024f]")


def _own_script_forms(text: str) -> str:
    """Legal forms in their own script, as rigour compares them; where its compare form is still
    in that script (Georgian შპს, Belarusian ААТ, Uzbek МЧЖ), as its generic class (llc, jsc).
    A form joined by a hyphen is left alone: Russian ад-Дин is the Arabic article."""
    text = replace_org_types_compare(text)
    if _NOT_LATIN.search(text) is None:
        return text
    for found, generic in extract_org_types(text, generic=True):
        if _NOT_LATIN.search(found) and generic.isascii() and generic != found:
            text = re.sub(rf"(?<![\w-]){re.escape(found)}(?![\w-])", generic, text)
    return text


def _canonical_form(form: str) -> str:
    """A legal form's canonical spelling; a compare form rigour writes in Cyrillic (мчж for
    MChJ, аат for AAT) by its generic class."""
    found = LEGAL_FORMS.get(form)
    if found is not None:
        return found
    return form if form.isascii() else legal_form_class(form)


def _has_latin_only(text: str) -> bool:
    return text.isascii() or _NOT_LATIN.search(text) is None


def _romanise_cjk_run(match: re.Match[str]) -> str:
    run = match.group(0)
    suffix = ""
    for form in _CJK_LEGAL:
        if run.endswith(form) and len(run) > len(form):
            run, suffix = run[: -len(form)], " ltd"
            break
    return " " + (ascii_text(run) or "").replace(" ", "") + suffix + " "


def _invert_surname_first(text: str, person: bool = False) -> str:
    # 'KHOROSHEV, Dmitry Yuryevich' → 'Dmitry Yuryevich KHOROSHEV' (one comma, a short head).
    head, sep, tail = text.partition(",")
    if not sep or "," in tail or not tail.strip() or len(head.split()) > 3:
        return text
    if not person and not remove_org_types(clean_text(tail), replacement="").strip():
        return text  # 'ACME Co., Ltd.', 'CST, OOO': a legal form after the comma, not a given name
    return f"{tail.strip()} {head.strip()}"


def clean_text(text: str) -> str:
    """ASCII, lower case, words separated by single spaces; apostrophes join (D'S → ds)."""
    text = transliterate(text).lower()
    text = _APOSTROPHES.sub("", text)
    if "-" in text:
        text = _SUN_ARTICLE.sub("al-", text)
        if _ARTICLE.search(text):
            text = _AND_THE.sub("wal-", text)
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = " ".join(_NON_WORD.sub(" ", text).split())
    if "tovar" in text or "obshchestvo" in text or "aktsion" in text or "gesellschaft" in text:
        for pattern, form in _EXTRA_LEGAL:
            text = pattern.sub(form, text)
    if " de " in text or " z " in text or "spol s " in text:
        for pattern, form in _SPACED_LEGAL:
            text = pattern.sub(form, text)
    if "limited" in text:
        text = _CO_LIMITED.sub("co ltd", text)
    return text


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The canonical comparison form: ASCII, lower case, legal form canonical and last."""
    tokens = clean_text(_invert_surname_first(text)).split()
    compare = replace_org_types_compare(" ".join(tokens)).split()
    # Words are ASCII here, so a word that is not is a compare form rigour put in (мчж).
    core = [t for t in compare if t not in LEGAL_FORMS and t.isascii()]
    forms = sorted({_canonical_form(t) for t in compare if t in LEGAL_FORMS or not t.isascii()})
    return " ".join(core + forms)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name ready for comparison: identity tokens without legal forms, and whether it had one."""

    tokens: tuple[str, ...]
    skeletons: tuple[str, ...]
    legal_forms: tuple[str, ...]
    frames: tuple[str, ...] = ()
    abjad: bool = False  # written in Arabic script: vowels unwritten, compare consonant keys
    # Each word as written in its own script, where the name was not Latin ('' if unknown):
    # rigour knows many names there (דוד, Σωτήρης) that their romanisation hides.
    originals: tuple[str, ...] = ()

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def joined_reversed(self) -> str:
        """Surname first again for 'SURNAME, Given' names (Chinese, Korean, Hungarian order)."""
        return "".join(reversed(self.tokens))


@lru_cache(maxsize=65536)
def split_name(text: str, person: bool = False) -> NameParts:
    """Tokens (original order, surname inversion undone) and their phonetic skeletons.

    A person's name keeps every word, even one that is also a legal form (SE GON KIM, AG MOUSSA).
    """
    cleaned = clean_text(_invert_surname_first(text, person))
    core = remove_org_types(cleaned, replacement=" ").split()
    compare = replace_org_types_compare(cleaned).split()
    forms = tuple(sorted({_canonical_form(t) for t in compare if t not in core}))
    core = cleaned.split() if person else [t for t in core if t not in LEGAL_FORMS] or core
    if not core:  # the name is nothing but a legal form: keep it as the identity
        core = cleaned.split()
    core = numbers_as_digits(join_compounds(core))
    # Interned: a million-name index holds each distinct word once.
    skeletons = tuple(sys.intern(skeleton(t)) for t in core)
    # Kana writes every vowel: Suzuki and Suzaki are two names, not two spellings of one.
    frames = (
        ("",) * len(core)
        if KANA.search(text)
        else tuple(sys.intern(consonant_key(t)) for t in core)
    )
    abjad = ARABIC_LETTERS.search(text) is not None or HEBREW.search(text) is not None
    originals = _originals(text, core) if not _has_latin_only(text) else ()
    tokens = tuple(sys.intern(t) for t in core)
    return NameParts(tokens, skeletons, forms, frames, abjad, originals)


_SCRIPT_WORD = re.compile(r"[^\W\d_]+")


def _originals(text: str, tokens: list[str]) -> tuple[str, ...]:
    """The original-script word each token came from, where one word made one token."""
    romanised: dict[str, str] = {}
    for word in _SCRIPT_WORD.findall(text):
        if not _has_latin_only(word):
            romanised.setdefault(clean_text(word), word.casefold())
    found = tuple(romanised.get(t, "") for t in tokens)
    return found if any(found) else ()


def bracket_variants(name: str) -> tuple[str, list[str]]:
    """'BUTEMBO AIRLINES (BAL)' → ('BUTEMBO AIRLINES', ['BAL'])."""
    inner = [next(g for g in m.groups() if g is not None).strip() for m in _BRACKETS.finditer(name)]
    outer = " ".join(_BRACKETS.sub(" ", name).split())
    return outer, [i for i in inner if i]


_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("zh", "j"), ("dj", "j"),
    ("kh", "h"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("ck", "k"), ("cz", "C"), ("ch", "C"),
    ("sz", "s"), ("sh", "s"), ("ts", "s"), ("tz", "s"), ("c", "k"), ("C", "c"), ("q", "k"), ("x", "ks"),
    ("w", "v"), ("ou", "u"),
    ("oo", "u"), ("ee", "i"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("ye", "e"),
    ("ie", "i"), ("iy", "i"), ("y", "i"), ("ii", "i"), ("ae", "e"), ("ue", "u"), ("oe", "o"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_SOFT_C = re.compile(r"c(?=[eiy])")
_J_AS_Y = re.compile(r"(?<=[aeiou])j(?![aeiou])")


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """A phonetic key that merges transliteration variants: zakharov/zaharov, dmitriy/dmitry."""
    if len(token) <= 3 or token.isdigit():
        return token
    if len(token) <= 6 and not any(c in "aeiouy" for c in token):
        return token.replace("ts", "c")  # acronyms: ЦСТ → tsst = CST, РТЦ → rtts = RTC
    text = _SOFT_C.sub("s", token)
    if "j" in text:
        text = _J_AS_Y.sub("i", text)  # Central European j for y: sergej, dmitrij, szojgu
    for old, new in _SKELETON_RULES:
        if old in text:
            text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    return text if len(text) >= 3 else token  # 'tsst' must not shrink to 'st'


@lru_cache(maxsize=4096)
def legal_form_class(form: str) -> str:
    """rigour's generic class of a legal form: S.A., A.Ş., AG and JSC are all joint-stock
    companies ('jsc'); Ltd, GmbH and LLC limited-liability ones ('llc'); others stay themselves."""
    return replace_org_types_compare(form, generic=True)


def is_patronymic(token: str) -> bool:
    return token.endswith(PATRONYMIC_ENDINGS)
