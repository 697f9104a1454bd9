"""Evidence beyond the name and the hard conflicts, rule by rule with the sentence each shows:
kind of party, country, birth date, identifiers, numbers, a person's namesake company, swapped
first and last names."""

from __future__ import annotations

import pytest

from services.lists.matching.evidence import (
    BIRTH_DATE_BONUS,
    CONTRADICTION_CAP,
    COUNTRY_BONUS,
    Evidence,
    possible_bonus,
    schema_penalty,
    weigh_evidence,
)
from services.lists.matching.normalize import split_name
from services.lists.matching.results import NameQuery
from services.lists.matching.rules import (
    KIND_CAP,
    NUMBER_CAP,
    SWAP_CAP,
    kind_conflict,
    listed_surname,
    number_conflict,
    swapped_names,
)
from services.lists.watchlists.model import EntrySchema, WatchlistEntry


def person(
    *,
    countries: tuple[str, ...] = (),
    birth_dates: tuple[str, ...] = (),
    identifiers: tuple[tuple[str, str], ...] = (),
    schema: EntrySchema = "Person",
) -> WatchlistEntry:
    return WatchlistEntry(
        "listed", schema, ("Ivan Petrov",), "test",
        countries=countries, birth_dates=birth_dates, identifiers=identifiers,
    )  # fmt: skip


def weigh(
    entry: WatchlistEntry,
    *,
    schema: str | None = None,
    country: str | None = None,
    birth_date: str | None = None,
    identifiers: dict[str, str] | None = None,
) -> Evidence:
    return weigh_evidence(entry, schema, country, birth_date, identifiers or {})


# --- what a query's country and birth date can add --------------------------------------------


def test_the_possible_bonus_is_what_country_and_birth_date_can_add() -> None:
    assert possible_bonus(None, None) == 0.0
    assert possible_bonus("ru", None) == COUNTRY_BONUS == 0.03
    assert possible_bonus(None, "1970-01-01") == BIRTH_DATE_BONUS == 0.05
    assert possible_bonus("ru", "1970") == pytest.approx(0.08)


# --- kind of party ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "listed", "penalty"),
    [
        (None, "Person", 0.0),
        ("", "Person", 0.0),
        ("Person", "Person", 0.0),
        ("LegalEntity", "Person", 0.0),  # a legal entity may be either
        ("Person", "LegalEntity", 0.0),
        ("Company", "Organization", 0.0),  # organisations of any kind
        ("Organization", "Company", 0.0),
        ("LegalEntity", "Vessel", 0.0),
        ("Person", "Company", 0.25),
        ("Company", "Person", 0.25),
        ("Vessel", "Company", 0.25),
        ("Person", "Vessel", 0.25),
    ],
)
def test_the_kind_of_party_penalty(query: str | None, listed: str, penalty: float) -> None:
    assert schema_penalty(query, listed) == penalty


def test_another_kind_of_party_caps_the_score_with_a_reason() -> None:
    found = weigh(person(), schema="Company")
    assert found.cap == CONTRADICTION_CAP == 0.65
    assert found.notes == ["kind differs (Company vs listed Person)"]
    assert found.adjustment == 0.0 and not found.corroborated and not found.identifier_match


def test_no_evidence_changes_nothing() -> None:
    found = weigh(person(countries=("ru",), birth_dates=("1970",)))
    assert found == Evidence()
    assert weigh(person(), country="ru", birth_date="1970-01-01") == Evidence()


# --- country ----------------------------------------------------------------------------------


def test_a_listed_country_corroborates() -> None:
    found = weigh(person(countries=("ru", "by")), country="BY")
    assert found.adjustment == COUNTRY_BONUS
    assert found.corroborated and found.cap == 1.0
    assert found.notes == ["country by matches"]


def test_another_country_lowers_the_score() -> None:
    found = weigh(person(countries=("ru", "by")), country="UA")
    assert found.adjustment == pytest.approx(-0.07)
    assert not found.corroborated and found.cap == 1.0
    assert found.notes == ["country ua not among listed ru,by"]


# --- birth date -------------------------------------------------------------------------------


def test_the_listed_birth_date_corroborates() -> None:
    found = weigh(person(birth_dates=("1970-05-01",)), birth_date="1970-05-01")
    assert found.adjustment == BIRTH_DATE_BONUS and found.corroborated
    assert found.notes == ["birth date 1970-05-01 matches"]


def test_a_listed_month_covers_every_day_of_it() -> None:
    found = weigh(person(birth_dates=("1970-05",)), birth_date="1970-05-17")
    assert found.adjustment == BIRTH_DATE_BONUS
    assert found.notes == ["birth date 1970-05-17 matches"]


def test_a_listed_year_alone_matches_as_a_year() -> None:
    found = weigh(person(birth_dates=("1970",)), birth_date="1970-05-17")
    assert found.adjustment == pytest.approx(0.02) and found.corroborated
    assert found.notes == ["birth year 1970 matches"]


def test_the_same_year_another_day_matches_as_a_year() -> None:
    found = weigh(person(birth_dates=("1970-01-01", "bad")), birth_date="1970-12-31")
    assert found.adjustment == pytest.approx(0.02)
    assert found.notes == ["birth year 1970 matches"]


@pytest.mark.parametrize("year", ["1969", "1971"])
def test_a_year_either_side_is_neither_evidence_nor_conflict(year: str) -> None:
    assert weigh(person(birth_dates=("1970-01-01",)), birth_date=f"{year}-01-01") == Evidence()


@pytest.mark.parametrize("year", ["1968", "1972"])
def test_two_years_apart_is_another_person(year: str) -> None:
    found = weigh(person(birth_dates=("1970-01-01", "1970-02-02")), birth_date=f"{year}-06-01")
    assert found.cap == CONTRADICTION_CAP and found.adjustment == 0.0
    assert not found.corroborated
    assert found.notes == [f"birth date {year}-06-01 differs from listed 1970-01-01, 1970-02-02"]


def test_birth_dates_without_a_year_say_nothing() -> None:
    assert weigh(person(birth_dates=("1970",)), birth_date="circa") == Evidence()
    assert weigh(person(birth_dates=("unknown",)), birth_date="1970") == Evidence()


def test_a_birth_date_counts_for_people_only() -> None:
    company = person(birth_dates=("1970-01-01",), schema="Company")
    assert weigh(company, birth_date="1970-01-01") == Evidence()


# --- identifiers ------------------------------------------------------------------------------


def test_the_same_identifier_in_any_scheme_matches() -> None:
    entry = person(identifiers=(("passportNumber", "AB 12345"), ("innCode", "7701234567")))
    found = weigh(entry, identifiers={"taxNumber": "7701-234-567"})
    assert found.identifier_match and found.corroborated and found.cap == 1.0
    assert found.notes == ["identifier taxNumber 7701-234-567 matches listed innCode"]


def test_another_number_in_a_scheme_of_the_same_group_conflicts() -> None:
    entry = person(identifiers=(("innCode", "7701234567"), ("imoNumber", "9179834")))
    found = weigh(entry, identifiers={"taxNumber": "7709999999"})
    assert found.cap == CONTRADICTION_CAP and not found.identifier_match
    assert found.notes == ["identifier differs: taxNumber 7709999999 vs listed 7701234567"]


def test_numbers_in_unrelated_schemes_neither_match_nor_conflict() -> None:
    entry = person(identifiers=(("imoNumber", "9179834"),))
    assert weigh(entry, identifiers={"passportNumber": "7709999"}) == Evidence()


def test_identifiers_under_five_characters_are_ignored() -> None:
    entry = person(identifiers=(("passportNumber", "1234"),))
    assert weigh(entry, identifiers={"passportNumber": "1234"}) == Evidence()
    assert weigh(entry, identifiers={"passportNumber": "12-34"}) == Evidence()
    five = person(identifiers=(("passportNumber", "12345"),))
    assert weigh(five, identifiers={"idNumber": "12345"}).identifier_match


def test_a_conflict_shows_at_most_two_listed_numbers() -> None:
    entry = person(
        identifiers=(("idNumber", "11111"), ("passportNumber", "22222"), ("idNumber", "33333"))
    )
    found = weigh(entry, identifiers={"passportNumber": "99999"})
    assert found.notes == [
        "identifier differs: passportNumber 99999 vs listed 11111; passportNumber 99999 vs listed 22222"
    ]


def test_a_match_wins_over_an_earlier_conflict() -> None:
    entry = person(identifiers=(("idNumber", "11111"), ("passportNumber", "99999")))
    found = weigh(entry, identifiers={"passportNumber": "99999"})
    assert found.identifier_match and found.cap == 1.0
    assert found.notes == ["identifier passportNumber 99999 matches listed passportNumber"]


def test_every_kind_of_evidence_adds_up_in_order() -> None:
    entry = person(
        countries=("ru",), birth_dates=("1970-05-01",), identifiers=(("mmsi", "273999999"),)
    )
    found = weigh(
        entry,
        schema="Vessel",
        country="RU",
        birth_date="1970-05-01",
        identifiers={"mmsi": "273 999 999"},
    )
    assert found.adjustment == pytest.approx(0.08) and found.cap == CONTRADICTION_CAP
    assert found.notes == [
        "kind differs (Vessel vs listed Person)",
        "country ru matches",
        "birth date 1970-05-01 matches",
        "identifier mmsi 273 999 999 matches listed mmsi",
    ]


# --- numbers in names -------------------------------------------------------------------------


def test_different_numbers_conflict_with_both_shown_sorted() -> None:
    found = number_conflict(split_name("Star 18 Shipping 2"), split_name("Star Shipping 017 3"))
    assert found == ("numbers differ (18 2 vs listed 17 3)", NUMBER_CAP)
    assert NUMBER_CAP == 0.6


def test_numbers_inside_words_count_and_leading_zeros_do_not() -> None:
    assert number_conflict(split_name("Source4Parts"), split_name("Source1Parts")) == (
        "numbers differ (4 vs listed 1)", 0.6
    )  # fmt: skip
    assert number_conflict(split_name("Bureau 007"), split_name("Bureau 7")) is None
    assert number_conflict(split_name("Bureau 00"), split_name("Bureau 0")) is None


def test_a_number_on_one_side_only_is_no_conflict() -> None:
    assert number_conflict(split_name("Star Shipping 17"), split_name("Star Shipping")) is None
    assert number_conflict(split_name("Star Shipping"), split_name("Star Shipping 17")) is None


# --- a person and a company -------------------------------------------------------------------


def query(
    schema: str | None = None, first: str | None = None, last: str | None = None
) -> NameQuery:
    return NameQuery("x", schema=schema, first_name=first, last_name=last)


def _kind(name: str, listed: str, schema: EntrySchema, query_schema: str | None = None) -> object:
    entry = WatchlistEntry("listed", schema, (listed,), "test")
    return kind_conflict(query(query_schema), split_name(name), entry, split_name(listed))


def test_a_legal_form_on_a_listed_persons_name_is_their_namesake_company() -> None:
    assert _kind("Ivan Petrov LLC", "Ivan Petrov", "Person") == (
        "query has a legal form (llc), listed party is a person", KIND_CAP
    )  # fmt: skip
    assert KIND_CAP == 0.65
    assert _kind("Ivan Petrov LLC", "Ivan Petrov", "Person", "Person") is None
    assert _kind("Ivan Petrov LLC", "Ivan Petrov LLC", "Person") is None  # listed so too


def test_a_person_queried_against_an_organisation() -> None:
    assert _kind("Ivan Petrov", "Ivan Petrov LLC", "LegalEntity", "Person") == (
        "query is a person, listed name is an organisation (llc)", KIND_CAP
    )  # fmt: skip
    assert _kind("Ivan Petrov", "Ivan Petrov", "Company", "Person") == (
        "query is a person, listed name is an organisation (Company)", KIND_CAP
    )  # fmt: skip
    assert _kind("Ivan Petrov", "Ivan Petrov", "Organization", "Person") is not None
    assert _kind("Ivan Petrov", "Ivan Petrov", "LegalEntity", "Person") is None
    assert _kind("Ivan Petrov", "Ivan Petrov", "Vessel", "Person") is None
    assert _kind("Ivan Petrov", "Ivan Petrov", "Person", "Person") is None
    assert _kind("Ivan Petrov", "Ivan Petrov", "Company", None) is None


# --- swapped first and last names -------------------------------------------------------------


def test_the_surname_is_before_a_comma_or_in_capitals_or_last() -> None:
    assert listed_surname("PETROV, Ivan") == ({"petrov"}, {"ivan"})
    assert listed_surname("Ivan PETROV") == ({"petrov"}, {"ivan"})
    assert listed_surname("Ivan Sergeevich Petrov") == ({"petrov"}, {"ivan", "sergivic"})
    assert listed_surname("IVAN PETROV") == ({"petrov"}, {"ivan"})  # all capitals: last
    assert listed_surname("Ivan A PETROV") == ({"petrov"}, {"ivan", "a"})  # one capital: an initial
    assert listed_surname("Petrov") is None
    assert listed_surname("Petrov 17") is None
    assert listed_surname(", Ivan") is None


def test_structured_names_the_other_way_round_are_swapped() -> None:
    assert swapped_names(query(first="Petrov", last="Ivan"), "Ivan PETROV") == (
        "first and last names swapped (Ivan is a listed given name)", SWAP_CAP
    )  # fmt: skip
    assert SWAP_CAP == 0.6
    assert swapped_names(query(first="Ivan", last="Petrov"), "Ivan PETROV") is None


def test_swapping_needs_both_structured_names_and_a_two_word_listing() -> None:
    assert swapped_names(query(first="Petrov"), "Ivan PETROV") is None
    assert swapped_names(query(last="Ivan"), "Ivan PETROV") is None
    assert swapped_names(query(first="Petrov", last="Ivan"), "PETROV") is None
    assert swapped_names(query(first="...", last="Ivan"), "Ivan PETROV") is None
    assert swapped_names(query(first="Petrov", last="..."), "Ivan PETROV") is None


def test_a_last_name_that_is_also_the_surname_is_not_swapped() -> None:
    # Ivan Ivan: the query's last name is the listed surname too.
    assert swapped_names(query(first="Ivan", last="Ivan"), "Ivan IVAN") is None
