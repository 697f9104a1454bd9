"""The canonical comparison form: scripts, case, legal forms, name order, punctuation."""

from __future__ import annotations

import pytest

from services.lists.matching.normalize import normalize_name, skeleton, split_name


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("ООО Ромашка", "Romashka LLC"),
        ("OOO ROMASHKA", "Romashka, L.L.C."),
        ("Общество с ограниченной ответственностью Ромашка", "Romashka Limited Liability Company"),
        ("Закрытое акционерное общество Ромашка", "Romashka JSC"),
        ("KHOROSHEV, Dmitry Yuryevich", "Dmitry Yuryevich Khoroshev"),
        ("Müller GmbH", "MULLER GMBH"),
        ("Müller Gesellschaft mit beschränkter Haftung", "Muller GmbH"),
        ("D'S SUPERMARKET", "Ds Supermarket"),
        ("Acme Co., Ltd.", "ACME LIMITED"),
        # Forms rigour compares only in their own script, by their generic class:
        ("შპს კავკასია", "Kavkasia LLC"),  # Georgian
        ("სს კავკასია", "Kavkasia JSC"),
        ("ААТ Беларуськалій", "Belaruskaliy JSC"),  # Belarusian
        ("Нур Савдо МЧЖ", "Nur Savdo LLC"),  # Uzbek
        ("Nur Savdo MChJ", "Nur Savdo LLC"),
    ],
)
def test_same_name_in_different_dress_normalises_the_same(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


def test_scripts_become_ascii() -> None:
    assert normalize_name("Александр Захаров") == "aleksandr zakharov"
    assert normalize_name("Ελληνικά") == "ellinika"  # modern Greek (UNGEGN)
    assert normalize_name("深圳市大疆创新科技有限公司").endswith(" ltd")  # 有限公司 → legal form
    assert normalize_name("محمد").isascii()


def test_legal_forms_are_not_part_of_the_identity() -> None:
    assert split_name("OOO Aeroskan").tokens == ("aeroskan",)
    assert split_name("Aeroscan Limited Liability Company").tokens == ("aeroscan",)
    assert split_name("LLC").tokens == ("llc",)  # nothing else: keep it


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("zakharov", "zaharov"),
        ("dmitriy", "dmitry"),
        ("yuryevich", "yurevich"),
        ("concern", "kontsern"),
    ],
)
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_short_tokens_keep_their_letters() -> None:
    assert skeleton("tsst") != skeleton("st")


@pytest.mark.parametrize(
    "name", ["FIRST OIL JV CO Limited", "First Oil JV Company Limited", "FIRST OIL JV CO., LTD."]
)
def test_co_limited_is_one_legal_form_like_co_ltd(name: str) -> None:
    parts, listed = split_name(name), split_name("FIRST OIL JV CO LTD")
    assert (parts.tokens, parts.legal_forms) == (listed.tokens, listed.legal_forms)
    assert "co" not in parts.tokens and "company" not in parts.tokens
    assert "ltd" in parts.legal_forms


def test_company_without_limited_stays_a_word_of_the_name() -> None:
    assert "company" in split_name("Aegeon Shipping Company").tokens


def test_a_form_joined_by_a_hyphen_is_the_arabic_article() -> None:
    assert split_name("Салах ад-Дин").legal_forms == ()
    assert split_name("АД Салах").legal_forms == ("jsc",)  # Bulgarian АД
