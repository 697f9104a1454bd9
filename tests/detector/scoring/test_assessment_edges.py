"""Scoring's arithmetic and wording at their edges: a reason adds at most 1, scores keep four
places, and the headline is the subject plus up to three distinct short reasons, 300 characters."""

from __future__ import annotations

from schemas import Reason
from services.detector.scoring import RiskConfig
from services.detector.scoring.assessment import assess_reasons, combine, contribution


def _reason(summary: str, subscore: float = 0.9, weight: float = 1.0, **evidence: str) -> Reason:
    return Reason(
        kind="product", summary=summary, subscore=subscore, weight=weight, evidence=evidence
    )


def test_a_heavy_reason_contributes_at_most_one() -> None:
    assert contribution(_reason("x", subscore=0.8, weight=2.0)) == 1.0
    assert combine([_reason("x", subscore=0.8, weight=2.0)]) == 1.0


def test_a_score_keeps_four_decimal_places() -> None:
    assert combine([_reason("x", subscore=0.33333)]) == 0.3333


def test_the_headline_uses_a_reasons_short_form_when_it_has_one(config: RiskConfig) -> None:
    reason = _reason("importer 'OOO Foo' ~ SDN entry FOO LLC via 'Foo', score 0.97", short="SDN")
    assert assess_reasons([reason], config, subject="Shipment s-1").headline == "Shipment s-1: SDN"


def test_without_a_subject_the_headline_is_the_reasons_alone(config: RiskConfig) -> None:
    assessment = assess_reasons([_reason("a", 0.9), _reason("b", 0.8)], config)
    assert assessment.headline == "a; b"


def test_without_reasons_the_headline_is_the_subject(config: RiskConfig) -> None:
    assessment = assess_reasons([], config, subject="Shipment s-1")
    assert (assessment.headline, assessment.alerted) == ("Shipment s-1", False)


def test_a_reason_already_said_by_a_stronger_one_is_left_out(config: RiskConfig) -> None:
    reasons = [_reason("HS 8542.31 on CHPL tier 1", 0.9), _reason("CHPL tier 1", 0.5)]
    assert assess_reasons(reasons, config).headline == "HS 8542.31 on CHPL tier 1"
    distinct = [_reason("into AE", 0.9), _reason("CHPL tier 1", 0.5)]
    assert assess_reasons(distinct, config).headline == "into AE; CHPL tier 1"


def test_the_headline_names_the_three_strongest_reasons(config: RiskConfig) -> None:
    reasons = [
        _reason(name, score) for name, score in [("d", 0.6), ("a", 0.9), ("c", 0.7), ("b", 0.8)]
    ]
    assert assess_reasons(reasons, config, subject="S").headline == "S: a; b; c"


def test_the_headline_is_cut_at_300_characters(config: RiskConfig) -> None:
    headline = assess_reasons([_reason("r" * 400)], config, subject="S").headline
    assert headline == "S: " + "r" * 297
