"""Arabic-script names against their romanised listings, and romanisation variants."""

from __future__ import annotations

import pytest

from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameQuery
from services.lists.matching.arabic import consonant_key, join_compounds, romanise_arabic
from services.lists.matching.normalize import split_name
from services.lists.watchlists import Watchlist, WatchlistEntry

# Romanised as the UN and OFAC lists write them; the queries below are in Arabic script.
_LISTED = {
    "un:1": "RAED MUHAMMAD HASAN MUHAMMAD HIJAZI",
    "un:2": "ABD-AL-HAMID AL-MASLI",
    "un:3": "ATTIQULLAH AKHUND",
    "un:4": "YAHYA HAQQANI",
    "un:5": "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE",
    "un:6": "JABER ABDALLAH JABER AHMAD AL-JALAHMAH",
    "un:7": "MUHAMMAD YUNIS AHMAD",
    "un:8": "AHMED DEGHDEGH",
    "un:9": "MUSTAFA HAJJI MUHAMMAD KHAN",
    "un:10": "HAMZA USAMA MUHAMMAD BIN LADEN",
    "un:11": "QUSAY SADDAM HUSSEIN AL-TIKRITI",
}
# Common names around them, so frequent words (muhammad, ahmad, al) weigh what they do in a list.
_COMMON = [
    f"{given} {middle} {family}"
    for given in ("MUHAMMAD", "AHMAD", "ALI", "MOHAMED", "ABDULLAH")
    for middle in ("HASAN", "IBRAHIM", "ABD AL-RAHMAN", "YUSUF")
    for family in ("AL-BAKRI", "AL-SHAMMARI", "KHALIL", "AL-MASRI", "HAIDAR")
]


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    entries = [WatchlistEntry(i, "Person", (n,), "un") for i, n in _LISTED.items()]
    entries += [WatchlistEntry(f"common:{k}", "Person", (n,), "un") for k, n in enumerate(_COMMON)]
    return MatchIndex.build([Watchlist("un", "test", entries)])


def test_arabic_letters_romanise_with_long_vowels_and_the_article_apart() -> None:
    assert romanise_arabic("محمد") == "mhmd"
    assert romanise_arabic("يونس") == "yuns"
    assert romanise_arabic("التكريتي") == "al tkriti"
    assert romanise_arabic("عبد الله") == "abd allh"  # Allah keeps its article


@pytest.mark.parametrize(
    ("tokens", "joined"),
    [
        (["abd", "al", "rahman"], ["abdalrahman"]),
        (["abdul", "rahman", "khan"], ["abdulrahman", "khan"]),
        (["rahmat", "ullah", "akhund"], ["rahmatullah", "akhund"]),
        (["salah", "ud", "din"], ["salahuddin"]),
        (["ivan", "petrov"], ["ivan", "petrov"]),
    ],
)
def test_compound_names_become_one_word(tokens: list[str], joined: list[str]) -> None:
    assert join_compounds(tokens) == joined


@pytest.mark.parametrize(
    "variants",
    [
        ("muhammad", "mohammed", "mohamed", "mhmd"),
        ("abdalrahman", "abdulrahman", "abdurrahman", "abdelrahman"),
        ("jalahmah", "jlahma"),
        ("hussein", "husain", "hsin"),
    ],
)
def test_romanisation_variants_share_a_consonant_key(variants: tuple[str, ...]) -> None:
    assert len({consonant_key(v) for v in variants}) == 1, [consonant_key(v) for v in variants]


def test_consonant_keys_keep_names_apart() -> None:
    assert consonant_key("muhammad") != consonant_key("ahmad")
    assert consonant_key("hasan") != consonant_key("husam")


def test_arabic_script_is_flagged_for_key_comparison() -> None:
    assert split_name("محمد يونس أحمد").abjad
    assert not split_name("Muhammad Yunis Ahmad").abjad


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("رائد محمد حسن محمد حجازي", "un:1"),
        ("عبدالحميد المصلي", "un:2"),  # Abd al- written as one word
        ("عتیق الله آخوند", "un:3"),  # Persian letters, -ullah written apart
        ("يحيى حقانی", "un:4"),
        ("محمد صلاح الدين عبدالحليم زيدان", "un:5"),
        ("جابر عبد الله جابر أحمد الجلاهمة", "un:6"),
        ("محمد يونس أحمد", "un:7"),
        ("أحمد دغداغ", "un:8"),
        ("مصطفى حجي محمد خان", "un:9"),
        ("Abdul Hamid al Masli", "un:2"),  # Latin variants of the same compound
        ("Muhamad Yunus Ahmed", "un:7"),
    ],
)
def test_arabic_script_finds_the_romanised_listing(
    index: MatchIndex, query: str, expected: str
) -> None:
    matches = index.screen(NameQuery(query, schema="Person"))
    assert matches and matches[0].entry.id == expected, [(m.entry.id, m.score) for m in matches]
    assert matches[0].score >= DEFAULT_THRESHOLD
    assert "~" in matches[0].explanation  # which words paired, and how closely


@pytest.mark.parametrize(
    "query",
    [
        "محمد أحمد",  # two of the commonest names: not enough to name anyone
        "محمد عمر",  # two common given names, no surname of anyone listed with them
        "مزاحم صعب حسن التكريتي",  # another al-Tikriti
        "حمزة محمد",
    ],
)
def test_common_arabic_names_do_not_match_on_shared_words(index: MatchIndex, query: str) -> None:
    assert index.screen(NameQuery(query, schema="Person")) == []
