"""Screening's own steps on a tiny list: exact names at the top threshold, run-together queries,
which pieces a run-together word may split into, identifiers, and the result cache."""

from __future__ import annotations

import pytest

from services.lists.matching import MatchIndex, NameQuery
from services.lists.matching import index as index_module
from services.lists.watchlists import Watchlist, WatchlistEntry

PETROV = WatchlistEntry(
    "p1", "Person", ("Ivan Petrov",), "test",
    identifiers=(("passportNumber", "AB12345"), ("imoNumber", "9179834")),
)  # fmt: skip
STAR = WatchlistEntry("c1", "Company", ("Nova Star LLC",), "test")


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex.build([Watchlist("test", "1", [PETROV, STAR])])


def scores(index: MatchIndex, query: NameQuery, threshold: float) -> list[tuple[str, float]]:
    return [(m.entry.id, m.score) for m in index.screen(query, threshold=threshold)]


@pytest.mark.parametrize(
    "name", ["Ivan Petrov", "Petrov Ivan", "PETROV, Ivan", "IvanPetrov", "ivan  petrov"]
)
def test_the_listed_name_reaches_a_threshold_of_one(index: MatchIndex, name: str) -> None:
    assert scores(index, NameQuery(name), 1.0) == [("p1", 1.0)]
    assert scores(index, NameQuery(name, schema="Person"), 1.0) == [("p1", 1.0)]


def test_a_company_name_with_its_form_run_together_reaches_one(index: MatchIndex) -> None:
    assert scores(index, NameQuery("NovaStarLLC"), 1.0) == [("c1", 1.0)]
    assert scores(index, NameQuery("Nova Star"), 1.0) == [("c1", 1.0)]


def test_two_letter_legal_forms_are_no_pieces_of_a_run_together_word(index: MatchIndex) -> None:
    # 'ivanas' is Ivan with a Lithuanian ending, not 'ivan AS' (a Norwegian company form).
    match = index.screen(NameQuery("Ivanas Petrov"))[0]
    assert match.score == 0.95
    assert "ivanas~ivan 0.90" in match.explanation


def test_any_of_several_identifiers_finds_the_party(index: MatchIndex) -> None:
    query = NameQuery("Qqqq", identifiers={"taxNumber": "77777", "imoNumber": "IMO 9179834"})
    assert scores(index, query, 0.5) == [("p1", 0.9)]


def test_queries_with_identifiers_are_not_cached(index: MatchIndex) -> None:
    query = NameQuery("Ivan Petrov", identifiers={"passportNumber": "AB12345"})
    assert scores(index, query, 0.5) == [("p1", 1.0)]
    assert index._results == {}
    assert scores(index, NameQuery("Ivan Petrov"), 0.5) == [("p1", 1.0)]
    assert len(index._results) == 1


def test_the_cache_keys_every_part_of_a_query(index: MatchIndex) -> None:
    assert scores(index, NameQuery("Nova Star Shipping"), 0.5) == [("c1", 0.8333)]
    assert scores(index, NameQuery("Nova Star Shipping"), 0.84) == []
    assert scores(index, NameQuery("Ivan Petrov", country="ua"), 0.5) == [("p1", 1.0)]
    assert index.screen(NameQuery("Nova Star Shipping"), threshold=0.5, limit=0) == []
    assert len(index._results) == 4


def test_the_result_cache_is_emptied_when_full(
    index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RESULT_CACHE_SIZE", 2)
    for name in ("Ivan Petrov", "Nova Star", "Ivan Petrv", "Nova Stra"):
        index.screen(NameQuery(name))
        assert 1 <= len(index._results) <= 2
    assert scores(index, NameQuery("Ivan Petrov"), 0.5) == [("p1", 1.0)]
