"""An assessment: the reasons found in a record, the combined score and its severity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas import AlertFacets, Reason
from services.detector.scoring.config import RiskConfig, SeverityName


@dataclass(frozen=True)
class Assessment:
    """What a scorer concluded about one record; build_alert turns it into an Alert."""

    reasons: list[Reason]
    score: float
    severity: SeverityName
    alerted: bool
    facets: AlertFacets = field(default_factory=AlertFacets)
    headline: str = ""

    @property
    def reason_kinds(self) -> list[str]:
        return sorted({reason.kind for reason in self.reasons})


def contribution(reason: Reason) -> float:
    """What one reason adds on its own: its weight times its subscore, at most 1."""
    return min(1.0, reason.weight * reason.subscore)


def combine(reasons: Sequence[Reason]) -> float:
    """Noisy-OR of the contributions: each reason adds evidence, the score stays in 0..1."""
    remaining = 1.0
    for reason in reasons:
        remaining *= 1.0 - contribution(reason)
    return round(1.0 - remaining, 4)


def assess_reasons(
    reasons: Sequence[Reason],
    config: RiskConfig,
    *,
    facets: AlertFacets | None = None,
    subject: str = "",
) -> Assessment:
    """Score a list of reasons under the config (also for other scorers, e.g. news)."""
    ordered = sorted(reasons, key=contribution, reverse=True)
    score = combine(ordered)
    severity = config.severity_for(score)
    alerted = bool(ordered) and score >= config.thresholds.alert
    fragments: list[str] = []
    for reason in ordered:
        short = reason.evidence.get("short", reason.summary)
        if not any(short in seen for seen in fragments):
            fragments.append(short)
    top = "; ".join(fragments[:3])
    headline = f"{subject}: {top}" if subject and top else (top or subject)
    return Assessment(
        reasons=list(ordered),
        score=score,
        severity=severity,
        alerted=alerted,
        facets=facets or AlertFacets(),
        headline=headline[:300],
    )
