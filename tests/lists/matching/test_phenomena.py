"""How one query scores against one listed party, phenomenon by phenomenon (invented names)."""

from __future__ import annotations

import pytest

from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameMatch, NameQuery
from services.lists.watchlists import Watchlist, WatchlistEntry
from services.lists.watchlists.model import EntrySchema


def best(query: NameQuery, *listed: str, schema: EntrySchema = "Person") -> NameMatch | None:
    entry = WatchlistEntry("listed", schema, listed, "test")
    index = MatchIndex.build([Watchlist("test", "1", [entry])])
    matches = index.screen(query, threshold=0.0, limit=1)
    return matches[0] if matches else None


def score(
    name: str,
    *listed: str,
    schema: EntrySchema = "Person",
    query_schema: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> float:
    query = NameQuery(name, schema=query_schema, first_name=first_name, last_name=last_name)
    found = best(query, *listed, schema=schema)
    return found.score if found else 0.0


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("박철민", "PAK Chol Min"),  # Hangul, syllable by syllable as the lists write Korean
        ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),  # modern Greek
        ("משה לוי", "Moshe Levi"),  # Hebrew: vowels unwritten
        ("राजेश कुमार", "Rajesh Kumar"),  # Devanagari: final inherent vowel silent
        ("আব্দুল করিম", "Abdul Karim"),  # Bengali
        ("გიორგი ბერიძე", "Giorgi Beridze"),  # Georgian
        ("Արամ Պետրոսյան", "Aram Petrosyan"),  # Armenian
        ("タナカ ヒロシ", "Hiroshi Tanaka"),  # katakana, family name first
        ("Иван Сидоренко", "Ivan Sidorenko"),  # Cyrillic
        ("فلاديمير بيتروف", "Vladimir Petrov"),  # a Russian name in Arabic script (no p, no v)
    ],
)
def test_cross_script_names_meet_their_romanisation(query: str, listed: str) -> None:
    assert score(query, listed) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "query",
    [
        "Sergei Ivnaov",  # two neighbouring letters swapped in a six-letter word
        "Sergei Ivannov",  # a doubled letter
        "Sergei Ivnov",  # a dropped letter
        "Segrei Ivanov",
    ],
)
def test_one_letter_typo_in_a_short_word_still_matches(query: str) -> None:
    assert score(query, "Sergei Ivanov") >= DEFAULT_THRESHOLD


def test_a_replaced_letter_in_a_short_word_counts_for_less_than_a_typo() -> None:
    assert score("Karim Nasser", "Kasim Nasser") < score("Kraim Nasser", "Karim Nasser")


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("MaximPetrenko", "Maxim Petrenko", "Person"),  # a whole person's name without spaces
        ("NovaStarLLC", "Nova Star LLC", "Company"),  # a name and its legal form run together
        ("Nova StarLLC", "NOVA STAR", "Company"),
    ],
)
def test_words_run_together_are_split_on_the_listed_words(
    query: str, listed: str, schema: EntrySchema
) -> None:
    assert score(query, listed, schema=schema) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "query",
    [
        "OAO Sibirtrans",  # OAO vs JSC
        "Sibirtrans Joint Stock Company",
        "Sibirtrans Joint Stok Company",  # the legal form misspelt
        "Sibirtrans",  # the legal form missing
        "AO Sibirtrans Holding",
    ],
)
def test_legal_form_variants_do_not_hide_the_name(query: str) -> None:
    assert score(query, "Sibirtrans JSC", schema="Company") >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "query",
    [
        "Polmar Sp. z o.o.",  # Polish limited company
        "POLMAR S.A. DE C.V.",  # dotted letters are one abbreviation, not four initials
        "Polmar Limited Liability Company",
    ],
)
def test_foreign_legal_forms_are_recognised(query: str) -> None:
    assert score(query, "Polmar LLC", schema="Company") >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "query",
    [
        "General Ivan Sidorenko",
        "Генерал Иван Сидоренко",  # the rank in Cyrillic
        "Dr. Ivan Sidorenko",
        "Sheikh Ivan Sidorenko",
        "Colonel Ivan Sidorenko",
    ],
)
def test_titles_before_a_name_barely_count(query: str) -> None:
    assert score(query, "Ivan Sidorenko") >= 0.9


def test_patronymic_missing_from_the_query() -> None:
    assert score("Ivan Sidorenko", "Ivan Petrovich Sidorenko") >= DEFAULT_THRESHOLD


def test_nickname_meets_the_full_given_name() -> None:
    match = best(NameQuery("Sasha Sidorenko"), "Alexander Sidorenko")
    assert match is not None and match.score >= DEFAULT_THRESHOLD
    assert "sasha~alexander" in match.explanation


@pytest.mark.parametrize(
    "query",
    ["Ivanas Petrovas", "Wladimir Petrow", "Vladimirs Petrovs", "Dmitrij Petrov"],
)
def test_national_spellings_of_the_same_name(query: str) -> None:
    assert score(query, "Vladimir Petrov", "Ivan Petrov", "Dmitriy Petrov") >= DEFAULT_THRESHOLD


def test_numbers_written_as_words_equal_digits() -> None:
    assert score("Three Rivers Trading", "3 Rivers Trading", schema="Company") >= 0.95
    assert score("Twenty One Shipping", "21 Shipping", schema="Company") >= 0.95


def test_names_differing_only_in_a_number_do_not_match() -> None:
    match = best(
        NameQuery("Golden Star Trading LLC 17"), "Golden Star Trading LLC 18", schema="Company"
    )
    assert match is not None and match.score < DEFAULT_THRESHOLD
    assert "numbers differ (17 vs listed 18)" in match.explanation
    assert score("27th Design Bureau", "28th Design Bureau", schema="Company") < DEFAULT_THRESHOLD
    assert score("Source4Parts", "Source1Parts", schema="Company") < DEFAULT_THRESHOLD


def test_a_person_does_not_match_the_company_named_after_them() -> None:
    match = best(NameQuery("Ivan Sidorenko LLC"), "Ivan Sidorenko")
    assert match is not None and match.score < DEFAULT_THRESHOLD
    assert "listed party is a person" in match.explanation
    as_person = score(
        "Ivan Sidorenko", "Ivan Sidorenko LLC", schema="Company", query_schema="Person"
    )
    assert as_person < DEFAULT_THRESHOLD


def test_a_legal_form_the_listed_person_also_carries_is_no_conflict() -> None:
    assert score("AG MOUSSA, Ibrahim", "AG MOUSSA, Ibrahim") >= DEFAULT_THRESHOLD


def test_structured_first_and_last_names_swapped_do_not_match() -> None:
    swapped = best(
        NameQuery("Sidorenko Ivan", first_name="Sidorenko", last_name="Ivan"), "Ivan SIDORENKO"
    )
    assert swapped is not None and swapped.score < DEFAULT_THRESHOLD
    assert "swapped" in swapped.explanation
    assert (
        score("Ivan Sidorenko", "SIDORENKO, Ivan", first_name="Ivan", last_name="Sidorenko") == 1.0
    )


def test_unstructured_reordering_still_matches() -> None:
    assert score("SIDORENKO Ivan", "Ivan Sidorenko") >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("אהרון גולדברג", "Aharon Goldberg"),  # b and v, p and f written alike
        ("Ντίνος Μπακογιάννης", "Dinos Bakoyannis"),  # Greek ντ and μπ are d and b
    ],
)
def test_more_scripts_and_spellings(query: str, listed: str) -> None:
    assert score(query, listed) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Drei Linden GmbH", "3 Linden GmbH"),
        ("Quattro Venti SRL", "4 Venti SRL"),
        ("Foundry Number Nine", "Foundry No. 9"),
        ("Twenty First Street Traders", "21st Street Traders"),
    ],
)
def test_numbers_in_words_of_other_languages(query: str, listed: str) -> None:
    assert score(query, listed, schema="Company") >= DEFAULT_THRESHOLD


def test_korean_syllables_run_together() -> None:
    assert score("HANSOKPAK", "Han Sok PAK") >= DEFAULT_THRESHOLD


def test_a_short_name_with_the_same_legal_form_is_corroborated() -> None:
    assert score("ООО «РТЦ»", "RTTs LLC", schema="Company") >= DEFAULT_THRESHOLD
    assert score("РТЦ", "RTTs LLC", schema="Company") < DEFAULT_THRESHOLD


def test_a_person_whose_name_looks_like_a_legal_form_is_no_company() -> None:
    assert score("Sa'd Yunus Hamdan", "SA'D YUNUS HAMDAN", query_schema="Person") == 1.0


def test_a_person_run_together_splits_into_words_that_are_also_legal_forms() -> None:
    assert score("SEBOKLEE", "Se Bok LEE", query_schema="Person") >= DEFAULT_THRESHOLD
    assert score("KUMINHO", "Ku Min HO", query_schema="Person") >= DEFAULT_THRESHOLD


def test_a_patronymic_left_out_on_either_side_still_matches() -> None:
    assert score("Gleb Yaroslavovich TURCHENKO", "Gleb TURCHENKO") >= DEFAULT_THRESHOLD
    assert score("Gleb TURCHENKO", "Gleb Yaroslavovich TURCHENKO") >= DEFAULT_THRESHOLD
    assert score("Gleb Yaroslavovich TURCHENKO", "Oleg TURCHENKO") < DEFAULT_THRESHOLD


def test_a_compound_name_without_its_abd_still_pairs_in_part() -> None:
    found = score("Yasin AL KARIM SHUKRI", "Yasin Abd AL KARIM SHUKRI")
    assert found >= DEFAULT_THRESHOLD
    assert score("Yasin AL KARIM SHUKRI", "Yasin Abd AL RAHMAN SHUKRI") < found


def people_list_with(listed: str, others: int = 80) -> MatchIndex:
    """One listed person among more invented people than the matcher compares one by one."""
    filler = [
        WatchlistEntry(f"other{i}", "Person", (f"Oskar Wilhelmsen{i:03d}",), "test")
        for i in range(others)
    ]
    entry = WatchlistEntry("listed", "Person", (listed,), "test")
    return MatchIndex.build([Watchlist("test", "1", [*filler, entry])])


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Sasha Petrov", "Alexander Petrov"),
        ("Bill Hennessey", "William Hennessey"),
        ("Саша Петров", "Alexander Petrov"),
    ],
)
def test_a_nickname_is_found_at_the_default_threshold_in_a_list_too_large_to_read_whole(
    query: str, listed: str
) -> None:
    index = people_list_with(listed)
    for threshold in (DEFAULT_THRESHOLD, 0.8):
        matches = index.screen(NameQuery(query), threshold=threshold, limit=3)
        assert [m.entry.id for m in matches][:1] == ["listed"], (query, threshold)


def test_an_organisation_query_does_not_look_people_up_by_given_name() -> None:
    index = people_list_with("Alexander Petrov")
    query = NameQuery("Sasha Petrov", schema="Organization")
    assert index.screen(query, threshold=DEFAULT_THRESHOLD, limit=3) == []
