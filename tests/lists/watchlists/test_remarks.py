"""OFAC remarks: the facts hidden in free text."""

from __future__ import annotations

from services.lists.watchlists.remarks import normalize_identifier, parse_date, parse_remarks

REMARKS = (
    "DOB 28 Jul 1963; POB Toledo District, Belize; nationality Russia; Passport P0017003 (Belize); "
    "alt. Passport 2006801524 (Russia); Tax ID No. 7701234567 (Russia); "
    "Vessel Registration Identification IMO 9179834; MMSI 273347730; "
    "a.k.a. 'BURTON BURGESS'; Linked To: MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS; "
    "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS."
)


def test_remarks_give_dates_countries_ids_aliases_and_links() -> None:
    parsed = parse_remarks(REMARKS)
    assert parsed.birth_dates == ["1963-07-28"]
    assert parsed.countries == ["ru"]
    assert ("passportNumber", "P0017003") in parsed.identifiers
    assert ("passportNumber", "2006801524") in parsed.identifiers
    assert ("innCode", "7701234567") in parsed.identifiers  # a Russian tax id is an INN
    assert ("imoNumber", "9179834") in parsed.identifiers
    assert parsed.weak_aliases == ["BURTON BURGESS"]
    assert parsed.linked_to == [
        "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS",
        "ISLAMIC REVOLUTIONARY GUARD CORPS",
    ]


def test_partial_dates_and_identifier_forms() -> None:
    assert parse_date("Jul 1963") == "1963-07"
    assert parse_date("1963") == "1963"
    assert parse_date("someday") is None
    assert normalize_identifier("IMO 9339301") == "9339301"
    assert normalize_identifier("CH-660.0.699.004-7") == "CH66006990047"
