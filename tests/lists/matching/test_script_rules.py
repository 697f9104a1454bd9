"""Romanisation and cleaning word for word: Hebrew, Hangul, Indic, Greek, Chinese, Arabic
compounds, surname-first names, legal forms spelled out, brackets, and the parts of a name."""

from __future__ import annotations

import pytest

from services.lists.matching.arabic import compound_tail, join_compounds, romanise_arabic
from services.lists.matching.normalize import (
    NameParts,
    _invert_surname_first,
    _originals,
    bracket_variants,
    clean_text,
    is_patronymic,
    normalize_name,
    split_name,
    transliterate,
)
from services.lists.matching.scripts import (
    greek_variants,
    romanise_hangul_word,
    romanise_hebrew,
    romanise_scripts,
)

# --- Hebrew -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hebrew", "latin"),
    [
        ("משה לוי", "mshh loi"),  # vav and yod inside a word are vowels
        ("יוסף", "yosf"),  # yod at the start is y, final pe is f
        ("ורד", "vrd"),  # vav at the start is v
        ("כהן", "qhn"),  # kaf before he is q, so k and h do not merge as kh
        ("ךה", "qh"),  # final kaf too
        ("כלב", "klb"),
        ("ג'ק", "jk"),  # geresh: g becomes j
        ("ז'קלין", "zhklin"),
        ("צ'רלי", "chrli"),
        ("דָּוִד", "dod"),  # points dropped
        ("שמעון", "shmaon"),  # ayin written a
    ],
)
def test_hebrew_romanises_as_english_spellings_write_it(hebrew: str, latin: str) -> None:
    assert romanise_hebrew(hebrew) == latin


def test_a_geresh_after_another_letter_is_kept() -> None:
    assert romanise_hebrew("ב'") == "b'"


# --- Hangul -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("박철민", "pak chol min"),  # syllable by syllable, as the lists write Korean
        ("김정은", "kim jong un"),
        ("이", "i"),  # no initial consonant
        ("한", "han"),
        ("남궁민수", "namkungminsu"),  # four syllables and more run together
    ],
)
def test_hangul_romanises_syllable_by_syllable(hangul: str, latin: str) -> None:
    assert romanise_hangul_word(hangul) == latin


def test_romanise_scripts_handles_each_script_in_a_text() -> None:
    assert romanise_scripts("박철민 x") == "pak chol min x"
    assert romanise_scripts("abc") == "abc"


# --- Indic and Greek --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indic", "latin"),
    [
        ("राम", "rām"),  # a final inherent vowel is not spoken
        ("शिव", "shiv"),  # ś is sh
        ("कुमार", "kumār"),
        ("राजेश", "rājēsh"),  # a final vowel sign stays
        ("गुप्त", "gupta"),  # a final consonant cluster keeps its vowel
        ("क", "ka"),  # a one-letter word keeps it
        ("अ", "a"),
        ("करिम", "karim"),
        ("করিম", "karim"),  # Bengali
        ("चंद", "chand"),  # c is ch
    ],
)
def test_indic_words_lose_a_final_inherent_vowel(indic: str, latin: str) -> None:
    assert romanise_scripts(indic) == latin


def test_greek_digraphs_sound_as_stops() -> None:
    assert transliterate("Ντίνος Μπακογιάννης") == "dinos bakogiannis"
    assert transliterate("ΝΤΙΝΟΣ ΜΠΑΜΠΗΣ") == "dinos bampis"  # between vowels: ELOT 743's mp
    assert transliterate("Ντόναλντ") == "donald"  # after a consonant: a foreign d
    assert romanise_scripts("ΝΤΙΝΟΣ Ντίνος") == "DINOS Dínos"  # the stop keeps the case
    assert transliterate("Γκίκας") == "gikas"


def test_greek_digraphs_after_a_vowel_keep_the_nasal() -> None:
    assert transliterate("Ολυμπία") == "olympia"
    assert transliterate("Λαμπράκης") == "lamprakis"
    assert transliterate("Άγκυρα") == "ankyra"


def test_greek_digraphs_after_a_vowel_are_stops_in_the_foreign_reading() -> None:
    assert [clean_text(v) for v in greek_variants("Βλαντιμίρ Πούτιν")] == ["vladimir poutin"]
    assert [clean_text(v) for v in greek_variants("ΜΠΑΜΠΗΣ")] == ["babis"]
    assert greek_variants("Ντόναλντ") == ()  # no vowel before a digraph: one reading
    assert greek_variants("Vladimir") == ()


# --- Chinese ----------------------------------------------------------------------------------


def test_a_chinese_run_is_one_word_and_its_legal_form_comes_off() -> None:
    assert transliterate("深圳市大疆创新科技有限公司") == " shenzhenshidajiangchuangxinkeji ltd "
    assert transliterate("大疆") == " dajiang "
    assert transliterate("公司") == " gongsi "  # nothing but the form: kept as the name
    assert transliterate("大疆集团") == " dajiang ltd "
    assert normalize_name("大疆有限公司") == "dajiang ltd"


# --- Arabic -----------------------------------------------------------------------------------


def test_arabic_romanises_consonants_and_long_vowels() -> None:
    assert romanise_arabic("محمد") == "mhmd"
    assert romanise_arabic("علي") == "ali"  # ya at the end of a word is a vowel
    assert romanise_arabic("يوسف") == "yusf"  # at the start, a consonant
    assert romanise_arabic("الحسن") == "al hsn"  # the article apart
    assert romanise_arabic("عبد الله") == "abd allh"  # Allah keeps its article


@pytest.mark.parametrize(
    ("tokens", "joined"),
    [
        (["abd", "al", "rahman"], ["abdalrahman"]),
        (["abdul", "rahman"], ["abdulrahman"]),
        (["abd"], ["abd"]),
        (["ali", "abd"], ["ali", "abd"]),  # nothing after it to join
        (["abd", "al"], ["abdal"]),
        (["rahmat", "ullah"], ["rahmatullah"]),
        (["salah", "al", "din"], ["salahaldin"]),
        (["noor", "ud", "din", "khan"], ["nooruddin", "khan"]),
        (["din", "khan"], ["din", "khan"]),  # nothing before it to join
        (["ali", "al", "khan"], ["ali", "al", "khan"]),
        (["ali", "al"], ["ali", "al"]),
        (["ali"], ["ali"]),
    ],
)
def test_compound_names_become_one_word(tokens: list[str], joined: list[str]) -> None:
    assert join_compounds(tokens) == joined


@pytest.mark.parametrize(
    ("a", "b", "tail"),
    [
        ("rahman", "abdalrahman", True),
        ("abdalrahman", "rahman", True),
        ("rahman", "abdulrahman", True),
        ("rahman", "abdrahman", True),
        ("rahman", "abdxyrahman", False),  # not an article between
        ("rahman", "rahman", False),
        ("man", "abdalman", False),  # too short a part
        ("karim", "abdalrahman", False),
        ("rahman", "xabdrahman", False),
    ],
)
def test_a_compound_tail_is_the_name_without_its_abd(a: str, b: str, tail: bool) -> None:
    assert compound_tail(a, b) is tail


@pytest.mark.parametrize(
    ("written", "cleaned"),
    [
        ("Катиба ат-Таухид валь-Джихад", "katiba al taukhid wal dzhikhad"),
        ("Ahrar ash-Sham", "ahrar al sham"),
        ("Jabhat an-Nusra", "jabhat al nusra"),
        ("at-Tahir", "al tahir"),
        ("Khalid at-Taha", "khalid al taha"),
        ("Abu at-Tayyib", "abu al tayyib"),
        ("Hotel Al-Salam", "hotel al salam"),
        ("ALPHA AT-BETA", "alpha at beta"),  # not the letter the next word starts with
        ("Val-de-Marne", "val de marne"),  # no article: not 'and the'
    ],
)
def test_an_assimilated_arabic_article_is_al(written: str, cleaned: str) -> None:
    assert clean_text(written) == cleaned


def test_an_assimilated_article_is_no_legal_form() -> None:
    assert split_name("Катиба ат-Таухид").legal_forms == ()  # АТ is also Ukrainian for JSC


# --- surname first, cleaning ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "as_company", "as_person"),
    [
        ("KHOROSHEV, Dmitry Yuryevich", "Dmitry Yuryevich KHOROSHEV", "Dmitry Yuryevich KHOROSHEV"),
        ("ACME Co., Ltd.", "ACME Co., Ltd.", "Ltd. ACME Co."),  # a legal form after the comma
        ("CST, OOO", "CST, OOO", "OOO CST"),
        ("A, B, C", "A, B, C", "A, B, C"),  # two commas: a list, not a name
        ("One Two Three Four, Ivan", "One Two Three Four, Ivan", "One Two Three Four, Ivan"),
        ("One Two Three, Ivan", "Ivan One Two Three", "Ivan One Two Three"),
        ("Petrov,", "Petrov,", "Petrov,"),
        ("Petrov, ", "Petrov, ", "Petrov, "),
        ("Ivan Petrov", "Ivan Petrov", "Ivan Petrov"),
    ],
)
def test_a_surname_before_a_comma_goes_last(written: str, as_company: str, as_person: str) -> None:
    assert _invert_surname_first(written) == as_company
    assert _invert_surname_first(written, True) == as_person


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("D'S SUPERMARKET", "ds supermarket"),
        ("S.A. de C.V.", "sa"),
        ("Tovarystvo z obmezhenoyu vidpovidalnistyu Romashka", "llc romashka"),
        ("Obshchestvo s ogranichennoy otvetstvennostyu Romashka", "llc romashka"),
        ("Zakrytoe aktsionernoe obshchestvo Romashka", "jsc romashka"),
        ("Gesellschaft mit beschrankter Haftung ABC", "gmbh abc"),
        ("Polmar Sp. z o.o.", "polmar llc"),
        ("Polmar spol. s r.o.", "polmar sro"),
        ("ABC S de RL de CV", "abc llc"),
        ("ABC SA de CV", "abc sa"),
        ("Müller Straße", "muller strasse"),
        ("Łódź", "lodzh"),
        ("Şahin Ğ", "shahin g"),
        ("Ærø", "aero"),
        ("x—y  z", "x y z"),
        ("Иван Петров", "ivan petrov"),
        ("Щукин Хасан", "shchukin khasan"),
    ],
)
def test_clean_text_is_lower_case_ascii_with_legal_forms_spelled_short(
    written: str, clean: str
) -> None:
    assert clean_text(written) == clean


def test_brackets_give_the_outer_name_and_each_inner_one() -> None:
    assert bracket_variants("BUTEMBO AIRLINES (BAL)") == ("BUTEMBO AIRLINES", ["BAL"])
    assert bracket_variants("A [B] (C) D") == ("A D", ["B", "C"])
    assert bracket_variants("A ( x )") == ("A", ["x"])
    assert bracket_variants("A ()") == ("A", [])
    assert bracket_variants("A") == ("A", [])


def test_originals_are_the_words_as_written_where_one_word_made_one_token() -> None:
    assert _originals("Иван Петров", ["ivan", "petrov"]) == ("иван", "петров")
    assert _originals("Иван Петров", ["ivan", "x"]) == ("иван", "")
    assert _originals("Иван", ["y"]) == ()


def test_the_parts_of_a_name() -> None:
    assert split_name("Иван Петров") == NameParts(
        ("ivan", "petrov"), ("ivan", "petrov"), (), ("n", "ptr"), False, ("иван", "петров")
    )
    assert split_name("OOO Romashka") == NameParts(("romashka",), ("romaska",), ("llc",), ("rmsk",))
    assert split_name("LLC") == NameParts(("llc",), ("llc",), ("llc",), ("lk",))
    # A person keeps every word, even one that is also a legal form.
    assert split_name("SE GON KIM", True).tokens == ("se", "gon", "kim")
    assert split_name("SE GON KIM").tokens == ("gon", "kim")
    kana = split_name("タナカ ヒロシ")
    assert kana.tokens == ("tanaka", "hiroshi") and kana.frames == ("", "")
    arabic = split_name("محمد علي")
    assert arabic.abjad and arabic.tokens == ("mhmd", "ali")
    assert arabic.originals == ("محمد", "علي")
    assert split_name("משה לוי").abjad


def test_normalised_names_put_canonical_legal_forms_last() -> None:
    assert normalize_name("Romashka OOO ZAO") == "romashka jsc llc"
    assert normalize_name("PETROV, Ivan") == "ivan petrov"


def test_patronymics_by_their_endings() -> None:
    assert is_patronymic("sergeevich")
    assert is_patronymic("petrovna")
    assert is_patronymic("aliogly")
    assert not is_patronymic("petrov")
