"""The 50% rule at its edges: exactly half, shares over 100, self-ownership, chains listed in
any order, owners shown largest first."""

from __future__ import annotations

from services.lists.matching.ownership import OwnedBy, blocked_by_ownership
from services.lists.watchlists.model import Ownership


def test_exactly_half_is_blocked() -> None:
    assert blocked_by_ownership(["a"], [Ownership("a", "x", 50)]) == {
        "x": OwnedBy("x", 50, (("a", 50),), ("a", "x"))
    }


def test_shares_add_up_to_at_most_one_hundred() -> None:
    reached = blocked_by_ownership(["a", "b"], [Ownership("a", "x", 70), Ownership("b", "x", 60)])
    assert reached["x"].share == 100.0
    assert reached["x"].owners == (("a", 70), ("b", 60))


def test_owners_are_shown_largest_first_and_the_path_runs_through_the_largest() -> None:
    reached = blocked_by_ownership(["a", "b"], [Ownership("b", "x", 20), Ownership("a", "x", 40)])
    assert reached["x"] == OwnedBy("x", 60, (("a", 40), ("b", 20)), ("a", "x"))


def test_owning_oneself_counts_for_nothing() -> None:
    assert blocked_by_ownership(["a"], [Ownership("a", "a", 100)]) == {}
    assert blocked_by_ownership(["a"], [Ownership("x", "x", 100), Ownership("a", "x", 10)]) == {}


def test_a_chain_is_followed_whatever_order_its_links_come_in() -> None:
    reached = blocked_by_ownership(["a"], [Ownership("x", "y", 100), Ownership("a", "x", 50)])
    assert reached["y"] == OwnedBy("y", 100, (("x", 100),), ("a", "x", "y"))
    assert reached["x"].path == ("a", "x")


def test_a_listed_party_is_not_reached_again() -> None:
    assert blocked_by_ownership(["x"], [Ownership("a", "x", 100)]) == {}
    assert blocked_by_ownership(["a", "x"], [Ownership("a", "x", 100)]) == {}


def test_nothing_listed_blocks_nothing() -> None:
    assert blocked_by_ownership([], [Ownership("a", "x", 100)]) == {}
    assert blocked_by_ownership(["a"], []) == {}
