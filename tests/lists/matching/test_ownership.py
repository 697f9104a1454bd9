"""The OFAC 50% rule on small graphs: aggregation, chains, unknown and repeated shares."""

from __future__ import annotations

from services.lists.matching.ownership import blocked_by_ownership
from services.lists.watchlists.model import Ownership


def test_shares_of_several_blocked_owners_add_up() -> None:
    reached = blocked_by_ownership(["a", "b"], [Ownership("a", "x", 30), Ownership("b", "x", 25)])
    assert reached["x"].share == 55 and reached["x"].path == ("a", "x")
    assert reached["x"].owners == (("a", 30), ("b", 25))


def test_below_fifty_percent_is_not_blocked() -> None:
    assert blocked_by_ownership(["a"], [Ownership("a", "x", 49.9), Ownership("c", "x", 50)]) == {}


def test_ownership_chains_through_blocked_companies() -> None:
    edges = [Ownership("a", "x", 60), Ownership("x", "y", 100)]
    reached = blocked_by_ownership(["a"], edges)
    assert reached["y"].path == ("a", "x", "y")


def test_unknown_share_and_repeated_edges() -> None:
    edges = [Ownership("a", "x", None), Ownership("a", "y", 20), Ownership("a", "y", 51)]
    reached = blocked_by_ownership(["a"], edges)
    assert "x" not in reached  # unknown share cannot be shown to reach 50%
    assert reached["y"].share == 51  # the largest recorded share of one owner, not the sum
