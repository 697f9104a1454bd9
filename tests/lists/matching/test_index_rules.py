"""Screening a tiny hand-made list: the score's constants at their edges (short names, weak
aliases, corroboration, spacing, identifiers, country), word weights, the threshold and limit,
building the index, and the explanation a user reads, word for word."""

from __future__ import annotations

import pytest

from services.lists.matching import MatchIndex, NameMatch, NameQuery
from services.lists.matching.index import (
    CORROBORATION_LIFT,
    LONG_WEAK_ALIAS_CAP,
    SHORT_NAME_CHARS,
    TITLE_WEIGHT,
    WEAK_ALIAS_CAP,
    _cover,
)
from services.lists.matching.normalize import split_name
from services.lists.watchlists import Watchlist, WatchlistEntry
from services.lists.watchlists.model import EntrySchema, Ownership


def entry(
    entry_id: str,
    schema: EntrySchema,
    *names: str,
    weak: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    identifiers: tuple[tuple[str, str], ...] = (),
    listed: bool = True,
) -> WatchlistEntry:
    return WatchlistEntry(
        entry_id, schema, names, "test", weak_aliases=weak, countries=countries,
        identifiers=identifiers, listed=listed,
    )  # fmt: skip


def index_of(*entries: WatchlistEntry, ownerships: tuple[Ownership, ...] = ()) -> MatchIndex:
    return MatchIndex.build([Watchlist("test", "1", list(entries), list(ownerships))])


PETROV = entry(
    "p1", "Person", "Ivan Petrov",
    weak=("Vanya", "Vanyushka Petrovsky"), countries=("ru",),
    identifiers=(("passportNumber", "AB12345"), ("idNumber", "1234")),
)  # fmt: skip
ABCD = entry("c1", "Company", "ABCD", "Dajiang Innovations")
TSST = entry("c2", "Company", "TSST LLC")
OWNED = entry("o1", "Company", "Owned Subsidiary Zeta", listed=False)
UNOWNED = entry("o2", "Company", "Unowned Subsidiary Eta", listed=False)
INDEX = (PETROV, ABCD, TSST, OWNED, UNOWNED)
STAKES = (Ownership("c1", "o1", 60.0), Ownership("c1", "o2", 40.0))


@pytest.fixture
def index() -> MatchIndex:
    """Built per test (a few milliseconds): mutation runs tie each test to what it builds."""
    return index_of(*INDEX, ownerships=STAKES)


def best(index: MatchIndex, query: NameQuery | str) -> NameMatch:
    found = index.screen(NameQuery(query) if isinstance(query, str) else query, threshold=0.01)
    assert found, f"nothing found for {query}"
    return found[0]


# --- exact and close names --------------------------------------------------------------------


def test_an_exact_name_scores_one_and_says_which_words_matched(index: MatchIndex) -> None:
    match = best(index, "Ivan Petrov")
    assert (match.entry.id, match.watchlist, match.matched_name, match.score) == (
        "p1", "test", "Ivan Petrov", 1.0
    )  # fmt: skip
    assert match.explanation == (
        "'Ivan Petrov' ~ name 'Ivan Petrov' of Ivan Petrov [p1, test]: "
        "words ivan=ivan 1.00, petrov=petrov 1.00; score 1.00"
    )
    assert match.ownership_path == ()


def test_a_typo_shows_as_a_close_word_with_its_similarity(index: MatchIndex) -> None:
    match = best(index, "Ivan Petrv")
    assert match.score == 0.95
    assert match.explanation == (
        "'Ivan Petrv' ~ name 'Ivan Petrov' of Ivan Petrov [p1, test]: "
        "words ivan=ivan 1.00, petrv~petrov 0.90; score 0.95"
    )


def test_missing_and_extra_words_are_listed(index: MatchIndex) -> None:
    match = best(index, "Petrov Sidor")
    assert match.explanation == (
        "'Petrov Sidor' ~ name 'Ivan Petrov' of Ivan Petrov [p1, test]: words petrov=petrov 1.00; "
        "listed words not in query: ivan; query words not listed: sidor; score 0.50"
    )
    assert match.score == 0.5


def test_an_alias_is_called_an_alias(index: MatchIndex) -> None:
    match = best(index, "Dajiang Innovations")
    assert match.matched_name == "Dajiang Innovations" and match.score == 1.0
    assert match.explanation.startswith(
        "'Dajiang Innovations' ~ alias 'Dajiang Innovations' of ABCD [c1, test]: "
    )


def test_the_same_letters_spaced_differently_score_097(index: MatchIndex) -> None:
    match = best(index, "Da Jiang Innovations")
    assert match.score == 0.97
    assert match.explanation == (
        "'Da Jiang Innovations' ~ alias 'Dajiang Innovations' of ABCD [c1, test]: "
        "words innovations=innovations 1.00; listed words not in query: dajiang; "
        "query words not listed: da jiang; score 0.97"
    )


# --- short names ------------------------------------------------------------------------------


def test_a_name_of_four_letters_is_short_and_capped_even_when_exact(index: MatchIndex) -> None:
    assert SHORT_NAME_CHARS == 4 and WEAK_ALIAS_CAP == 0.65
    match = best(index, "ABCD")
    assert match.score == 0.65
    assert match.explanation == (
        "'ABCD' ~ name 'ABCD' of ABCD [c1, test]: words abcd=abcd 1.00; "
        "short name or weak alias: capped at 0.65 without more evidence; score 0.65"
    )


def test_five_letters_are_not_a_short_name() -> None:
    listed = index_of(entry("c1", "Company", "ABCDE"))
    assert best(listed, "ABCDE").score == 1.0
    assert "capped" not in best(listed, "ABCDE").explanation


def test_a_short_name_that_differs_counts_six_tenths() -> None:
    listed = index_of(entry("c1", "Company", "ABCD Trading"))
    # 'abcd' found whole on the query's side, 1 / 1.15 of the listed weight (trading: 0.15).
    assert best(listed, "ABCD").score == round(0.6 * (0.5 + 0.5 / 1.15), 4)
    listed = index_of(entry("c1", "Company", "ABCDE Trading"))
    assert best(listed, "ABCDE").score == round(0.5 + 0.5 / 1.15, 4)


def test_the_same_short_name_with_the_same_legal_form_is_corroborated(index: MatchIndex) -> None:
    assert best(index, "TSST OOO").score == WEAK_ALIAS_CAP + CORROBORATION_LIFT == 0.77
    assert best(index, "TSST").score == 0.65
    assert best(index, "TSST AG").score <= 0.65  # a joint-stock company: another kind of form


def test_a_legal_form_of_the_same_kind_corroborates_a_short_name() -> None:
    # rigour's generic class: S.A. and A.S. are both joint-stock companies, GmbH and LLC both
    # limited-liability ones.
    listed = index_of(entry("c1", "Company", "STEP A.S."), TSST)
    assert best(listed, "STEP S.A.").score == 0.77
    assert best(listed, "TSST GmbH").score == 0.77
    assert best(listed, "STEP GmbH").score == 0.65


# --- weak aliases -----------------------------------------------------------------------------


def test_a_weak_alias_is_capped_and_says_so(index: MatchIndex) -> None:
    match = best(index, "Vanya")
    assert match.score == 0.65
    assert match.explanation == (
        "'Vanya' ~ weak alias 'Vanya' of Ivan Petrov [p1, test]: words vanya=vanya 1.00; "
        "short name or weak alias: capped at 0.65 without more evidence; score 0.65"
    )


def test_a_long_weak_alias_matched_exactly_is_capped_higher(index: MatchIndex) -> None:
    assert LONG_WEAK_ALIAS_CAP == 0.77
    match = best(index, "Vanyushka Petrovsky")
    assert match.score == 0.77
    assert "capped at 0.77 without more evidence" in match.explanation


def test_a_matching_country_lifts_a_weak_alias_cap(index: MatchIndex) -> None:
    match = best(index, NameQuery("Vanya", country="RU"))
    assert match.score == 0.8  # 0.65 + 0.12, then the country's 0.03
    assert match.explanation.endswith(
        "short name or weak alias: capped at 0.77 without more evidence; country ru matches; "
        "score 0.80"
    )
    assert best(index, NameQuery("Vanyushka Petrovsky", country="RU")).score == 0.92


def test_a_weak_alias_under_its_cap_is_not_said_to_be_capped(index: MatchIndex) -> None:
    match = best(index, "Vanyushka Ivanovsky")
    assert match.score < 0.65
    assert "capped" not in match.explanation


# --- evidence in the score --------------------------------------------------------------------


def test_another_country_takes_007_off(index: MatchIndex) -> None:
    match = best(index, NameQuery("Ivan Petrov", country="UA"))
    assert match.score == 0.93
    assert match.explanation.endswith("; country ua not among listed ru; score 0.93")


def test_a_matching_country_never_lifts_past_one(index: MatchIndex) -> None:
    assert best(index, NameQuery("Ivan Petrov", country="RU")).score == 1.0


def test_a_matching_identifier_scores_at_least_09(index: MatchIndex) -> None:
    match = best(index, NameQuery("Ivan Petrov", identifiers={"passportNumber": "AB 12345"}))
    assert match.score == 1.0
    assert match.explanation.endswith(
        "; identifier passportNumber AB 12345 matches listed passportNumber; score 1.00"
    )
    halfway = best(index, NameQuery("Petrov Sidor", identifiers={"passportNumber": "AB 12345"}))
    assert halfway.score == 0.95  # 0.9 + a tenth of the name's 0.5


def test_an_identifier_finds_a_party_whose_name_nothing_leads_to() -> None:
    fillers = [entry(f"f{n}", "Company", f"Filler Number {n}") for n in range(70)]
    listed = index_of(PETROV, *fillers)
    found = listed.screen(NameQuery("Qqqq Zzzz", identifiers={"passportNumber": "ab-12345"}))
    assert [(m.entry.id, m.matched_name, m.score) for m in found] == [("p1", "Ivan Petrov", 0.9)]


def test_identifiers_under_five_characters_are_not_indexed() -> None:
    fillers = [entry(f"f{n}", "Company", f"Filler Number {n}") for n in range(70)]
    listed = index_of(PETROV, *fillers)
    assert listed.screen(NameQuery("Qqqq Zzzz", identifiers={"idNumber": "1234"})) == []


def test_another_kind_of_party_is_capped(index: MatchIndex) -> None:
    match = best(index, NameQuery("Ivan Petrov", schema="Vessel"))
    assert match.score == 0.65
    assert "kind differs (Vessel vs listed Person)" in match.explanation


def test_every_conflict_caps_and_explains() -> None:
    listed = index_of(entry("c1", "Company", "Golden Star 17"))
    match = best(listed, "Golden Star 18")
    assert match.score == 0.6
    assert match.explanation.endswith("; numbers differ (18 vs listed 17); score 0.60")


# --- threshold, limit, order ------------------------------------------------------------------


def test_a_score_exactly_at_the_threshold_is_kept(index: MatchIndex) -> None:
    query = NameQuery("Petrov Sidor")
    assert [m.score for m in index.screen(query, threshold=0.5)] == [0.5]
    assert index.screen(query, threshold=0.5001) == []


def test_results_are_best_first_then_by_id_and_cut_at_the_limit() -> None:
    listed = index_of(
        entry("b", "Company", "Nova Star Trading"),
        entry("a", "Company", "Nova Star Shipping"),
        entry("c", "Company", "Nova Star"),
    )
    found = listed.screen(NameQuery("Nova Star"), threshold=0.5, limit=5)
    # 'trading' is a generic word (0.15): missing, it costs less than 'shipping'.
    assert [(m.entry.id, m.score) for m in found] == [("c", 1.0), ("b", 0.8636), ("a", 0.6429)]
    limited = listed.screen(NameQuery("Nova Star"), threshold=0.5, limit=2)
    assert [m.entry.id for m in limited] == ["c", "b"]
    assert listed.screen(NameQuery("Nova Star"), limit=0) == []


def test_equal_scores_are_ordered_by_entry_id() -> None:
    listed = index_of(entry("b", "Company", "Nova Star"), entry("a", "Company", "Nova Star"))
    assert [m.entry.id for m in listed.screen(NameQuery("Nova Star"))] == ["a", "b"]


def test_an_empty_name_finds_nothing(index: MatchIndex) -> None:
    assert index.screen(NameQuery(""), threshold=0.0) == []
    assert index.screen(NameQuery("--"), threshold=0.0) == []


def test_a_repeated_query_is_answered_from_the_cache_alike(index: MatchIndex) -> None:
    first = index.screen(NameQuery("Ivan Petrov"))
    assert index.screen(NameQuery("Ivan Petrov")) == first
    assert index.screen(NameQuery("Ivan Petrov", country="UA"))[0].score == 0.93
    assert index.screen(NameQuery("Ivan Petrov"), threshold=0.99)[0].score == 1.0


# --- ownership --------------------------------------------------------------------------------


def test_a_company_owned_by_a_listed_one_is_screened_with_the_path(index: MatchIndex) -> None:
    match = best(index, "Owned Subsidiary Zeta")
    assert match.ownership_path == ("c1", "o1")
    assert match.explanation == (
        "'Owned Subsidiary Zeta' ~ name 'Owned Subsidiary Zeta' of Owned Subsidiary Zeta "
        "[o1, test]: words owned=owned 1.00, subsidiary=subsidiary 1.00, zeta=zeta 1.00; "
        "not listed itself but owned 60% by blocked parties (ABCD [c1] 60%); "
        "path ABCD → Owned Subsidiary Zeta (OFAC 50% rule); score 1.00"
    )


def test_an_unlisted_company_under_the_rule_is_not_indexed(index: MatchIndex) -> None:
    assert index.get("o2") is None
    assert index.screen(NameQuery("Unowned Subsidiary Eta"), threshold=0.9) == []


# --- the index itself -------------------------------------------------------------------------


def test_the_index_counts_entries_and_names(index: MatchIndex) -> None:
    assert len(index) == 4
    assert index.name_count == 7  # three of Petrov, two of ABCD, TSST, the owned company
    assert [e.id for e in index.entries()] == ["p1", "c1", "c2", "o1"]
    assert index.get("p1") is PETROV
    assert index.get("missing") is None
    assert index.versions == {"test": "1"}


def test_later_lists_win_on_shared_ids_and_versions_add_up() -> None:
    first = Watchlist("test", "1", [entry("x", "Company", "Old Name Trading")])
    second = Watchlist("test", "2", [entry("x", "Company", "New Name Shipping")])
    other = Watchlist("other", "7", [entry("y", "Company", "Other Name")])
    built = MatchIndex.build([first, second, other])
    assert built.versions == {"test": "1+2", "other": "7"}
    assert len(built) == 2
    assert best(built, "New Name Shipping").entry.id == "x"
    assert built.screen(NameQuery("Old Name Trading"), threshold=0.9) == []
    versions = built.versions
    versions["test"] = "changed"
    assert built.versions["test"] == "1+2"  # a copy


def test_bracketed_names_are_screened_whole_outside_and_inside() -> None:
    listed = index_of(entry("c1", "Company", "Butembo Airlines (BAL)"))
    assert best(listed, "Butembo Airlines").score == 1.0
    assert best(listed, "Butembo Airlines (BAL)").score == 1.0
    inner = best(listed, "BAL")
    assert inner.matched_name == "BAL" and inner.score == 0.65  # a weak alias


def test_names_without_a_word_are_not_indexed() -> None:
    listed = index_of(entry("c1", "Company", "--", "Real Name"))
    assert listed.name_count == 1


# --- word weights -----------------------------------------------------------------------------


def test_word_weights_by_kind(index: MatchIndex) -> None:
    weights = index._token_weights
    assert TITLE_WEIGHT == 0.1
    # A title, a patronymic (a person's: a third of its weight), a generic word, an initial.
    assert weights(split_name("General Ivan Sergeevich Petrov the J", True), True) == (
        0.1, 1.0, 0.35, 1.0, 0.15, 0.3
    )  # fmt: skip
    assert weights(split_name("General Ivan Sergeevich Petrov"), False) == (0.1, 1.0, 1.0, 1.0)
    # Words of a legal form weigh little for companies, not for people.
    assert weights(split_name("Joint Stock Petrov"), False) == (0.1, 0.1, 1.0)
    assert weights(split_name("Joint Stock Petrov"), True) == (1.0, 1.0, 1.0)
    # Nothing but titles: they keep their weights, as something must carry the name.
    assert weights(split_name("General Colonel"), False) == (0.15, 1.0)


def test_cover_is_the_share_of_weight_held_by_the_heaviest_words() -> None:
    assert _cover((0.5, 1.0, 0.5)) == (0.0, 0.5, 0.75, 1.0)
    assert _cover(()) == (0.0,)
    assert _cover((0.0, 0.0)) == (0.0, 0.0, 0.0)
