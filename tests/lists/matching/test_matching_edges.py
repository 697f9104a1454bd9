"""Edges of the matcher's rules the mutation runs found unguarded: weak-alias length and score
edges, spacing at exactly 0.9, reversed two-word names, a listed word that is no typo, names
of legal entities, memos consulted, surnames, ownership details, explanations without pairs."""

from __future__ import annotations

import pytest

from services.lists.matching import NameQuery, pruning, similarity
from services.lists.matching.explain import explain_match
from services.lists.matching.normalize import split_name
from services.lists.matching.ownership import OwnedBy, blocked_by_ownership
from services.lists.matching.pruning import _unread_similarity
from services.lists.matching.rules import kind_conflict, listed_surname
from services.lists.matching.scripts import romanise_scripts
from services.lists.watchlists import WatchlistEntry
from services.lists.watchlists.model import EntrySchema, Ownership
from tests.lists.matching.test_index_rules import entry, index_of
from tests.lists.matching.test_similarity_rules import similarity as word_similarity


def top(
    listed: tuple[str, ...],
    query: str,
    *,
    schema: EntrySchema = "Company",
    weak: tuple[str, ...] = (),
) -> tuple[float, str]:
    found = index_of(entry("x", schema, *listed, weak=weak)).screen(
        NameQuery(query), threshold=0.01
    )
    assert found
    return found[0].score, found[0].explanation


# --- weak aliases and short names -------------------------------------------------------------


def test_a_weak_alias_of_eight_letters_matched_exactly_is_a_long_one() -> None:
    assert top(("Primary Name",), "Abcdefgh", weak=("Abcdefgh",))[0] == 0.77
    assert top(("Primary Name",), "Abcdefg", weak=("Abcdefg",))[0] == 0.65


def test_a_weak_alias_matched_at_exactly_097_is_a_long_exact_one() -> None:
    # The same letters spaced differently score 0.97: enough for the long alias cap.
    assert top(("Primary Name",), "Da Jiang Innovations", weak=("Dajiang Innovations",))[0] == 0.77


def test_a_two_word_short_name_matched_exactly_is_capped_not_discounted() -> None:
    score, explanation = top(("XY ZW",), "XY ZW")
    assert score == 0.65
    assert "words xy=xy 1.00, zw=zw 1.00" in explanation


# --- spacing ----------------------------------------------------------------------------------


def test_spacing_at_exactly_09_alike_counts() -> None:
    score, explanation = top(("Abcdefghij",), "Abcde Fghix")
    assert score == 0.87  # ten letters, one differs: 0.9, less 0.03
    assert "no word in common" in explanation


def test_a_two_word_name_run_together_the_other_way_round() -> None:
    assert top(("Li Fangwei",), "Fang Weili", schema="Person")[0] == 0.97


# --- which words pair -------------------------------------------------------------------------


def test_a_query_word_listed_in_its_own_right_is_no_typo_of_another() -> None:
    listed = index_of(
        entry("a", "Company", "Ivnov Trading"), entry("b", "Company", "Ivanov Shipping")
    )
    found = listed.screen(NameQuery("Ivnov Shipping"), threshold=0.3)
    assert [(m.entry.id, m.score) for m in found] == [("b", 0.8986), ("a", 0.6848)]
    assert "ivnov~ivanov 0.70" in found[0].explanation  # not the typo's 0.90


def test_a_legal_entity_without_forms_pairs_given_names_as_people_do() -> None:
    assert top(("Alexander Petrov",), "Sasha Petrov", schema="LegalEntity")[0] == 0.94
    assert top(("Alexander Petrov",), "Sasha Petrov LLC", schema="LegalEntity")[0] == 0.5
    assert top(("Alexander Petrov LLC",), "Sasha Petrov", schema="LegalEntity")[0] == 0.5


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1234", "123a", 0.0),  # a number is never close to a word
        ("abc", "abcd", 0.0),  # three letters must be equal
        ("abcd", "abce", 0.45),  # four are compared: 0.75 alike, discounted
        ("abcdef", "abcdxy", 0.0),  # under 0.7 alike: nothing
    ],
)
def test_word_similarity_edges(a: str, b: str, expected: float) -> None:
    assert word_similarity(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b", "typo"),
    [
        ("abcde", "abde", True),  # five letters, one dropped
        ("abcdef", "abcf", False),
        ("abcd", "abc", False),
        ("abcdef", "abcdeg", False),
    ],
)
def test_typo_length_edges(a: str, b: str, typo: bool) -> None:
    assert similarity._typo(a, b) is typo


def test_given_names_of_two_letters_count() -> None:
    assert similarity.same_given_name("jo", "joseph") is similarity.same_given_name("joseph", "jo")
    assert not similarity.same_given_name("12", "ivan")
    assert not similarity.same_given_name("ivan", "12")


# --- memos are consulted ----------------------------------------------------------------------


def test_word_pairs_are_remembered_and_read_back() -> None:
    assert similarity.token_similarity("ivanov", "ivnaov") == 0.9
    assert similarity._MEMO == {("ivanov", "ivnaov", False, True, "", ""): 0.9}
    similarity._MEMO[("ivanov", "ivnaov", False, True, "", "")] = 0.42
    assert similarity.token_similarity("ivanov", "ivnaov") == 0.42


def test_unread_words_are_remembered_and_read_back() -> None:
    query, listed = split_name("Ivan Petrov"), split_name("Ivan Petrova")
    assert _unread_similarity(query, 1, listed, False) == 0.85
    key = ("petrov", "ptr", "", ("ivan", "petrova"), (), False)  # words as written: Latin
    assert dict(pruning._UNREAD_MEMO) == {key: 0.85}
    assert pruning._WORD_ROWS[("petrov", "ptr", False)] == {
        ("ivan", "n"): 0.0,
        ("petrova", "ptr"): 0.85,
    }
    pruning._UNREAD_MEMO[key] = 0.42
    assert _unread_similarity(query, 1, listed, False) == 0.42
    pruning._UNREAD_MEMO.clear()
    pruning._WORD_ROWS[("petrov", "ptr", False)][("petrova", "ptr")] = 0.61
    assert _unread_similarity(query, 1, listed, False) == 0.61


def test_an_unread_word_in_arabic_script_pairs_by_its_consonants() -> None:
    query, listed = split_name("محمد"), split_name("Mohammed")
    assert _unread_similarity(query, 0, listed, True) == 0.9
    assert _unread_similarity(query, 0, listed, False) < 0.9


def test_an_unread_word_pairs_by_the_rules_beyond_spelling_too() -> None:
    # The bound stays an upper one: a generic word by rigour's symbol, a word in another
    # alphabet by its consonants (scoring pairs those for organisations only).
    group, listed = split_name("Όμιλος Ολυμπία"), split_name("Olympia Group")
    assert _unread_similarity(group, 0, listed, False) == similarity.SYMBOL_SIMILARITY
    tobacco, listed = split_name("Інтэр Табак"), split_name("Inter Tobacco")
    assert _unread_similarity(tobacco, 1, listed, False) == 0.8
    assert _unread_similarity(split_name("Tabak"), 0, listed, False) == 0.0


def test_an_unread_spelling_is_compared_as_spelled() -> None:
    query, listed = split_name("Zakharv"), split_name("Zakharov Trading")
    assert _unread_similarity(query, 0, listed, False) == 0.9  # a dropped letter


# --- surnames and kinds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "surname", "given"),
    [
        ("PETROV Ivan", {"petrov"}, {"ivan"}),  # capitals first
        ("LI Ivan", {"li"}, {"ivan"}),  # a two-letter surname in capitals
        ("Ivan PETROV SIDOROV", {"petrov", "sidorov"}, {"ivan"}),
        ("Petrov, Ivan", {"petrov"}, {"ivan"}),
        ("PETROV, Ivan, Jr", {"petrov"}, {"ivan", "jr"}),  # the first comma
    ],
)
def test_the_listed_surname(written: str, surname: set[str], given: set[str]) -> None:
    assert listed_surname(written) == (surname, given)


def _kind(query: str, listed: str, schema: EntrySchema, query_schema: str | None) -> object:
    listed_entry = WatchlistEntry("x", schema, (listed,), "test")
    return kind_conflict(
        NameQuery(query, schema=query_schema), split_name(query), listed_entry, split_name(listed)
    )


def test_several_legal_forms_are_all_shown() -> None:
    assert _kind("Ivan Petrov LLC GmbH", "Ivan Petrov", "Person", None) == (
        "query has a legal form (gmbh llc), listed party is a person", 0.65
    )  # fmt: skip
    assert _kind("Ivan Petrov", "Ivan Petrov LLC GmbH", "LegalEntity", "Person") == (
        "query is a person, listed name is an organisation (gmbh llc)", 0.65
    )  # fmt: skip


def test_a_listed_person_with_a_legal_form_word_is_no_organisation() -> None:
    assert _kind("Ag Moussa", "Ag Moussa", "Person", "Person") is None


# --- ownership --------------------------------------------------------------------------------


def test_the_largest_of_repeated_shares_stands_whichever_comes_first() -> None:
    reached = blocked_by_ownership(["a"], [Ownership("a", "y", 51), Ownership("a", "y", 20)])
    assert reached["y"].share == 51


def test_a_tiny_share_counts_as_itself() -> None:
    reached = blocked_by_ownership(
        ["a", "b"], [Ownership("a", "x", 0.5), Ownership("b", "x", 49.5)]
    )
    assert reached["x"].share == 50.0 and reached["x"].owners == (("b", 49.5), ("a", 0.5))


def test_owners_are_ordered_by_share_not_by_name() -> None:
    reached = blocked_by_ownership(["a", "b"], [Ownership("a", "x", 20), Ownership("b", "x", 40)])
    assert reached["x"].owners == (("b", 40), ("a", 20))
    assert reached["x"].path == ("b", "x")


def test_an_asset_already_blocked_does_not_stop_the_others() -> None:
    edges = [Ownership("a", "x", 100), Ownership("a", "y", 60)]
    assert set(blocked_by_ownership(["a", "x"], edges)) == {"y"}


# --- explanations -----------------------------------------------------------------------------


def test_an_explanation_without_a_pair_and_with_unknown_captions() -> None:
    listed = WatchlistEntry("o1", "Company", ("Owned Subsidiary Zeta",), "test")
    owned = OwnedBy("o1", 75.0, (("c1", 50.0), ("c2", 25.0)), ("c1", "o1"))
    text = explain_match(
        "Qqqq Zzzz", split_name("Qqqq Zzzz"), listed, "Owned Subsidiary Zeta",
        split_name("Owned Subsidiary Zeta"), "name", (), [], 0.0, owned, {"c1": "Parent Co"},
    )  # fmt: skip
    assert text == (
        "'Qqqq Zzzz' ~ name 'Owned Subsidiary Zeta' of Owned Subsidiary Zeta [o1, test]: "
        "no word in common; listed words not in query: owned subsidiary zeta; "
        "query words not listed: qqqq zzzz; not listed itself but owned 75% by blocked parties "
        "(Parent Co [c1] 50%, c2 [c2] 25%); path Parent Co → o1 (OFAC 50% rule); score 0.00"
    )


# --- Indic ------------------------------------------------------------------------------------


def test_an_aspirated_consonant_alone_keeps_its_vowel() -> None:
    assert romanise_scripts("ख") == "kha"  # three letters: not shortened
