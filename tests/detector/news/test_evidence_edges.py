"""Weighing a mention's evidence at its edges: the namesake penalty, a product alone, the best
corroboration of a kind, the evidence kept, and the program topics an entry's context comes from."""

from __future__ import annotations

from services.detector.news.context import program_topics
from services.detector.news.evidence import Corroboration, MentionEvidence, best_per_kind, weigh
from services.detector.news.rarity import WordRarity

RAREST = WordRarity("vagner", 3.7)
COUNTRY = Corroboration("country", "ru", 1)
LISTING = Corroboration("listing", "sanctioned", 1)
PRODUCT = Corroboration("product", "unmanned aircraft", 1)


def test_the_evidence_keeps_the_alias_its_shape_what_backed_it_and_the_total() -> None:
    name = Corroboration("name", "pmc", 2)
    evidence = weigh(1, RAREST, True, [name, LISTING], ["opera", "opera"])
    assert evidence == MentionEvidence(1, RAREST, True, (LISTING, name), ("opera",), 4)
    assert evidence.describe() == (
        'alias worth 1 (acronym, "vagner" is common (Zipf 3.7)); corroborated by sanctioned '
        "(listing +1), pmc (name +2); namesake cues: opera; 4 points"
    )


def test_a_namesake_cue_takes_two_points_off_weak_context() -> None:
    evidence = weigh(3, RAREST, False, [COUNTRY, LISTING], ["opera"])
    assert evidence is not None and evidence.total == 3
    assert weigh(2, RAREST, False, [COUNTRY, LISTING], ["opera"]) is None


def test_a_product_alone_does_not_back_a_weak_alias_however_many_points() -> None:
    assert weigh(2, RAREST, False, [PRODUCT], []) is None
    evidence = weigh(2, RAREST, False, [PRODUCT, COUNTRY], [])
    assert evidence is not None and evidence.total == 4
    strong = weigh(3, RAREST, False, [PRODUCT], [])
    assert strong is not None and strong.total == 4


def test_the_strongest_corroboration_of_a_kind_wins_whatever_its_spelling() -> None:
    weaker, stronger = Corroboration("name", "alpha", 1), Corroboration("name", "beta", 2)
    assert best_per_kind([weaker, stronger]) == (stronger,)
    assert best_per_kind([stronger, weaker, COUNTRY]) == (COUNTRY, stronger)


def test_program_topics_are_read_whatever_the_programs_case() -> None:
    assert program_topics(("ukraine-eo13660",)) == frozenset({"defence"})
    assert program_topics(("SDGT", "NPWMD")) == frozenset({"terrorism", "proliferation"})
    assert program_topics(("GLOMAG",)) == frozenset()
    assert program_topics(()) == frozenset()
