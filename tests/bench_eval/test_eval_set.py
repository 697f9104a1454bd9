"""The evaluation set's shape: size, labels, one query held out of its candidate."""

from __future__ import annotations

from collections import Counter

from bench.eval import handwritten, official
from bench.eval.text import tokens


def test_committed_set_is_large_labelled_and_held_out() -> None:
    pairs = official.load() + handwritten.pairs()
    assert len(pairs) >= 1500
    assert len({p.id for p in pairs}) == len(pairs)
    labels = Counter(p.label for p in pairs)
    assert labels[True] > 0 and labels[False] > 0
    for pair in pairs:
        assert pair.phenomenon and pair.candidate
        if pair.label and pair.section in ("lists", "variants"):
            assert all(tokens(pair.query) != tokens(name) for name in pair.candidate), pair.id


def test_committed_pairs_come_only_from_official_lists() -> None:
    sections = {p.section for p in official.load()}
    assert sections == {"lists", "variants", "negatives"}
    assert all(not p.id.startswith("O") for p in official.load())


def test_must_not_match_list_has_fifty_names() -> None:
    assert len(handwritten.MUST_NOT_MATCH) == 50
    assert len({name for name, _ in handwritten.MUST_NOT_MATCH}) == 50
