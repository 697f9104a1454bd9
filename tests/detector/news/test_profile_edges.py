"""An entry's profile, built on a hand-made word-frequency table: every key with its spelling,
content words, shape and points in English and Russian text (a weak alias capped at two, a vessel
and an acronym one point less); the countries, identifiers, name words, organisation types and
program topics that may corroborate a mention; and the organisation words stripped from a name."""

from __future__ import annotations

from typing import Any

import pytest

from services.detector.news.mentions import country_lookup
from services.detector.news.namekeys import (
    EntryProfile,
    NameKey,
    _strip_generic,
    alias_weight,
    build_profile,
)
from services.detector.news.rarity import RarityTable, WordRarity
from services.detector.news.textnorm import fold_phrase
from services.lists.watchlists.model import WatchlistEntry

# Zipf by folded word: "kestrel" uncommon in English, common in Russian; "falk" uncommon in
# Russian only. Words not in the table are rare (3 points).
RARITY = RarityTable({"en": {"kestrel": 3.0}, "ru": {"kestrel": 4.0, "falk": 3.0}})
RARE = WordRarity("zorveks", 0.0)
KESTREL_EN, KESTREL_RU = WordRarity("kestrel", 3.0), WordRarity("kestrel", 4.0)


def _profile(**fields: Any) -> EntryProfile:
    entry = WatchlistEntry(id="x:1", source="custom", **fields)
    profile = build_profile(entry, country_lookup(), RARITY)
    assert profile is not None
    return profile


def _keys(profile: EntryProfile) -> list[tuple[object, ...]]:
    return [
        (k.folded, k.plain, k.strength, k.name, k.content, k.acronym, k.cyrillic, k.points)
        for k in profile.keys
    ]


def test_an_organisation_is_looked_for_by_its_whole_name_and_its_core() -> None:
    profile = _profile(
        schema="Organization", names=("THE ZORVEX KESTREL TRADING LLC", "OOO KESTREL")
    )
    content = ("zorveks", "kestrel", "trading")
    name = "THE ZORVEX KESTREL TRADING LLC"
    assert _keys(profile) == [
        ("the zorveks kestrel trading lc", "the zorvex kestrel trading llc", "strong", name,
         content, False, False, (5, 5)),
        ("zorveks kestrel trading", "zorvex kestrel trading", "strong", name,
         content, False, False, (5, 5)),
        ("o kestrel", "ooo kestrel", "weak", "OOO KESTREL", ("kestrel",), False, False, (2, 1)),
        ("kestrel", "kestrel", "weak", "OOO KESTREL", ("kestrel",), False, False, (2, 1)),
    ]  # fmt: skip
    assert [k.rarest for k in profile.keys] == [(RARE, RARE)] * 2 + [(KESTREL_EN, KESTREL_RU)] * 2
    assert profile.name_tokens == {"zorveks", "kestrel"}


def test_a_weak_alias_is_worth_two_points_at_most() -> None:
    weak = ("QWYX", "Qwyxor")  # a rare acronym (3 - 1) and a rare word (3)
    profile = _profile(schema="Organization", names=("ZORVEX",), weak_aliases=weak)
    assert [(k.folded, k.strength, k.points) for k in profile.keys] == [
        ("zorveks", "strong", (3, 3)),
        ("qviks", "weak", (2, 2)),
        ("qviksor", "weak", (2, 2)),
    ]


def test_a_keys_strength_is_from_its_points_in_english_text() -> None:
    [key] = _profile(schema="Organization", names=("Falk",)).keys
    assert (key.strength, key.points) == ("strong", (3, 2))


def test_a_person_is_looked_for_in_both_orders_and_never_by_one_name() -> None:
    profile = _profile(schema="Person", names=("UTKIN, Dmitriy", "Zorvex"))
    assert _keys(profile) == [
        ("dmitr utkin", "dmitriy utkin", "strong", "UTKIN, Dmitriy", ("dmitr", "utkin"),
         False, False, (4, 4)),
        ("utkin dmitr", "utkin dmitriy", "strong", "UTKIN, Dmitriy", ("utkin", "dmitr"),
         False, False, (4, 4)),
    ]  # fmt: skip
    assert profile.name_tokens == {"dmitr", "utkin", "zorveks"}


def test_a_person_named_with_organisation_words_keeps_them() -> None:
    keys = _profile(schema="Person", names=("TRADING, Zorvex LLC",)).keys
    assert [k.folded for k in keys] == [
        "zorveks lc trading",
        "zorveks trading",
        "trading zorveks lc",
    ]


def test_a_vessel_and_an_acronym_are_one_point_less() -> None:
    [vessel] = _profile(schema="Vessel", names=("NS LEADER",)).keys
    assert (vessel.folded, vessel.points, vessel.acronym) == ("ns leader", (3, 3), False)
    assert _profile(schema="Vessel", names=("NS LEADER",)).name_tokens == {"leader"}
    profile = _profile(schema="Organization", names=("GRU",))
    assert _keys(profile) == [("gru", "gru", "weak", "GRU", ("gru",), True, False, (2, 2))]
    assert profile.name_tokens == {"gru"}


def test_names_that_leave_nothing_of_their_own_are_skipped_and_the_next_read() -> None:
    profile = _profile(
        schema="Organization", names=("BANK OF RUSSIA", "AB", "K2", "ЗОРВЕКС", "OF KESTREL THE")
    )
    assert _keys(profile) == [
        ("zorveks", "zorveks", "strong", "ЗОРВЕКС", ("zorveks",), False, True, (3, 3)),
        ("of kestrel the", "of kestrel the", "weak", "OF KESTREL THE", ("kestrel",), False,
         False, (2, 1)),
        ("kestrel", "kestrel", "weak", "OF KESTREL THE", ("kestrel",), False, False, (2, 1)),
    ]  # fmt: skip
    assert profile.groups == {"bank"}


def test_countries_are_codes_or_country_names_and_unknown_ones_kept() -> None:
    profile = _profile(
        schema="Organization",
        names=("ZORVEX",),
        countries=("AE", " ir ", "Russia", "USA", "Atlantis"),
    )
    assert profile.countries == {"ae", "ir", "ru", "us", "atlantis"}


def test_identifiers_of_five_characters_with_a_digit_corroborate() -> None:
    identifiers = (
        ("registrationNumber", "AB-123"),
        ("registrationNumber", "AB 12"),
        ("taxNumber", "ABCDEF"),
        ("imoNumber", "9339301"),
    )
    profile = _profile(schema="Organization", names=("ZORVEX",), identifiers=identifiers)
    assert profile.identifiers == {"ab123": "AB-123", fold_phrase("9339301"): "9339301"}


def test_a_profile_keeps_the_entrys_organisation_types_and_program_topics() -> None:
    profile = _profile(
        schema="Organization", names=("PRIVATE MILITARY COMPANY ZORVEX",), programs=("NPWMD",)
    )
    assert (profile.groups, profile.topics) == ({"pmc"}, frozenset({"proliferation"}))


def test_aircraft_have_no_profile() -> None:
    entry = WatchlistEntry(id="x:9", schema="Aircraft", names=("ZORVEX ONE",), source="custom")
    assert build_profile(entry, country_lookup(), RARITY) is None


def test_an_alias_gains_a_point_per_further_word_up_to_two() -> None:
    def points(words: list[str]) -> int:
        return alias_weight(words, False, "Organization", RARITY, "en")[1]

    assert [points(["kestrel"] * n) for n in (1, 2, 3, 4)] == [2, 3, 4, 4]


def test_an_everyday_word_is_worth_nothing_and_named_as_the_rarest() -> None:
    assert alias_weight(["bank"], False, "Organization", RARITY, "en") == (
        WordRarity("bank", 5.0),
        0,
    )
    assert alias_weight(["bank"], True, "Vessel", RARITY, "en")[1] == 0


@pytest.mark.parametrize(
    ("name", "core", "groups"),
    [
        ("PRIVATE MILITARY COMPANY WAGNER", (3, 4), {"pmc"}),
        ("WAGNER LLC", (0, 1), {"llc"}),
        ("THE ZORVEX OF", (1, 2), set()),
        ("ZORVEX OF", (0, 1), set()),
        ("LLC", (1, 1), {"llc"}),
        ("THE OF", (2, 2), set()),
        ("THE LLC ZORVEX", (2, 3), {"llc"}),
        ("LLC PRIVATE MILITARY COMPANY WAGNER", (4, 5), {"pmc", "llc"}),
        ("WAGNER PRIVATE MILITARY COMPANY LLC", (0, 3), {"company", "llc"}),
        ("BANK", (1, 1), {"bank"}),
        ("LLC LLC", (2, 2), {"llc"}),
        ("LLC LLC COMPANY", (2, 2), {"company", "llc"}),
        ("THE LLC THE", (2, 2), {"llc"}),
    ],
)
def test_organisation_and_stop_words_are_stripped_from_both_ends_until_none_is_left(
    name: str, core: tuple[int, int], groups: set[str]
) -> None:
    found: set[str] = set()
    assert _strip_generic(fold_phrase(name).split(), found) == core
    assert found == groups


def test_a_name_key_is_one_point_less_across_scripts_for_one_word() -> None:
    key = NameKey("zorveks", "zorvex", "strong", "ZORVEX", ("zorveks",), points=(3, 2))
    assert key.weight(True) == (WordRarity("", 0.0), 1)
    assert key.weight(False) == (WordRarity("", 0.0), 3)
