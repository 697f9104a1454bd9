"""Screening on the real shared lists: the phenomena analysts see, and the misses they must not."""

from __future__ import annotations

import pytest

from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameMatch, NameQuery


def _top(index: MatchIndex, query: NameQuery, **kwargs: float) -> NameMatch:
    matches = index.screen(query, **kwargs)  # type: ignore[arg-type]
    assert matches, f"no match for {query}"
    return matches[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Захаров Александр Вячеславович", "NK-aU5ybkbRFJucf8YMwsJvDw"),  # Cyrillic
        ("Alexander Zakharov", "NK-aU5ybkbRFJucf8YMwsJvDw"),  # patronymic left out
        ("Dmitriy Khoroshev", "us_ofac_sdn:48603"),  # reordered, other romanisation
        ("Хорошев Дмитрий Юрьевич", "us_ofac_sdn:48603"),
        ("Kalashnikv Concern", "us_ofac_sdn:16911"),  # typo
        ("OOO Aeroskan", "NK-iE6m5ryPeTAMZozfECVSL7"),  # legal form + spelling
        ("Aeroscan Limited Liability Company", "NK-iE6m5ryPeTAMZozfECVSL7"),
        ("صدام حسين التكريتي", "un_sc_sanctions:IQi.001"),  # Arabic script
        ("Saddam Husein al Tikriti", "un_sc_sanctions:IQi.001"),
        ("Bank Melli Iran", "us_ofac_sdn:25578"),
        ("SZ DJI Technology Co Ltd", "us_ofac_cons:33111"),
    ],
)
def test_listed_parties_are_found(shared_index: MatchIndex, name: str, expected: str) -> None:
    matches = shared_index.screen(NameQuery(name))
    assert expected in [m.entry.id for m in matches], [(m.entry.id, m.score) for m in matches]
    assert all(m.score >= DEFAULT_THRESHOLD for m in matches)


@pytest.mark.parametrize(
    "name",
    [
        "Acme Widgets GmbH",
        "Vladimir Putin",  # shares 'Vladimir' with listed people, nothing more
        "Zakharov Trading LLC",  # a listed surname inside a company name
        "ST Vitamin Trading",
        "Aeroflot Catering Services Kazan",
        "Bank of China",
    ],
)
def test_unrelated_names_sharing_words_do_not_match(shared_index: MatchIndex, name: str) -> None:
    assert shared_index.screen(NameQuery(name, schema="Company")) == []


def test_a_listed_company_named_inside_a_longer_party_name_is_reviewed(
    shared_index: MatchIndex,
) -> None:
    # 'Aeroflot Cargo' may well be the listed airline's freight arm: worth an analyst's look.
    matches = shared_index.screen(NameQuery("Aeroflot Cargo", schema="Company"))
    assert any("AEROFLOT" in m.matched_name.upper() for m in matches)


def test_matches_come_best_first_and_explain_themselves(shared_index: MatchIndex) -> None:
    matches = shared_index.screen(NameQuery("Islamic Revolutionary Guard Corps"), limit=3)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    best = matches[0]
    assert best.matched_name.upper() == "ISLAMIC REVOLUTIONARY GUARD CORPS"
    assert "islamic=islamic" in best.explanation and best.entry.id in best.explanation
    assert len(shared_index.screen(NameQuery("Islamic Revolutionary Guard Corps"), limit=1)) == 1


def test_imo_number_finds_a_renamed_vessel(shared_index: MatchIndex) -> None:
    match = _top(
        shared_index,
        NameQuery("Ocean Star", schema="Vessel", identifiers={"imoNumber": "IMO 9339301"}),
    )
    assert match.entry.id == "us_ofac_sdn:47371" and match.score >= 0.9
    assert "imoNumber" in match.explanation


def test_birth_date_corroborates_and_contradicts(shared_index: MatchIndex) -> None:
    name = "Dmitry Khoroshev"
    same = _top(shared_index, NameQuery(name, schema="Person", birth_date="1993-04-17"))
    plain = _top(shared_index, NameQuery(name, schema="Person"))
    assert same.score > plain.score
    assert shared_index.screen(NameQuery(name, schema="Person", birth_date="1950-01-01")) == []


def test_a_person_does_not_match_a_company_of_the_same_name(shared_index: MatchIndex) -> None:
    as_company = shared_index.screen(
        NameQuery("Aleksandr Vyacheslavovich Zakharov", schema="Company")
    )
    as_person = _top(shared_index, NameQuery("Aleksandr Vyacheslavovich Zakharov", schema="Person"))
    assert as_person.entry.id == "NK-aU5ybkbRFJucf8YMwsJvDw"
    assert "NK-aU5ybkbRFJucf8YMwsJvDw" not in [m.entry.id for m in as_company]


def test_weak_alias_alone_needs_more_evidence(shared_index: MatchIndex) -> None:
    assert "us_ofac_sdn:11195" not in [m.entry.id for m in shared_index.screen(NameQuery("HTC"))]
    capped = shared_index.screen(NameQuery("HTC"), threshold=0.5)
    assert any("weak alias" in m.explanation for m in capped if m.entry.id == "us_ofac_sdn:11195")


def test_fifty_percent_rule_screens_owned_company_with_its_path(shared_index: MatchIndex) -> None:
    query = NameQuery("OOO SPS", country="ru")  # 75% owned by Zakharov; not listed itself
    match = _top(shared_index, query)
    assert match.entry.id == "NK-9Xa4Kg7Y7nfccE7VcZt6Q6"
    assert match.entry.listed is False
    assert match.ownership_path == ("NK-aU5ybkbRFJucf8YMwsJvDw", "NK-9Xa4Kg7Y7nfccE7VcZt6Q6")
    assert "OFAC 50% rule" in match.explanation and "75%" in match.explanation


def test_unlisted_company_without_a_known_share_is_not_screened(shared_index: MatchIndex) -> None:
    # ИЖТЕЛЕКОМ is owned by a listed person, but no share is recorded: the rule cannot apply.
    assert shared_index.get("NK-56Edov9bas9puzaChH5pBy") is None
    assert shared_index.screen(NameQuery("Izhtelekom LLC"), threshold=0.5) == []


def test_index_reports_versions_and_entries(shared_index: MatchIndex) -> None:
    assert set(shared_index.versions) == {
        "us_ofac_sdn",
        "us_ofac_cons",
        "un_sc_sanctions",
        "us_bis_dpl",
        "opensanctions",
    }
    assert shared_index.get("us_ofac_sdn:48603") is not None
    assert sum(1 for _ in shared_index.entries()) == len(shared_index) > 11_000


def test_threshold_filters(shared_index: MatchIndex) -> None:
    loose = shared_index.screen(NameQuery("Mohammed Ali"), threshold=0.5, limit=50)
    strict = shared_index.screen(NameQuery("Mohammed Ali"), threshold=0.95, limit=50)
    assert len(strict) < len(loose)
    assert all(m.score >= 0.95 for m in strict)
