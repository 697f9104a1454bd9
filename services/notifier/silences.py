"""Silences (pure): keep the newest version of each silence, tell whether one covers an alert."""

from __future__ import annotations

from datetime import datetime

from schemas import Alert, Silence
from schemas.control import SilenceMatcher


def matcher_covers(matcher: SilenceMatcher, alert: Alert) -> bool:
    """Every field the matcher sets must match the alert (case-insensitive); an empty matcher matches nothing."""
    facets = alert.facets
    folded = lambda values: {v.casefold() for v in values}  # noqa: E731
    checks: list[bool] = []
    if matcher.entity_id is not None:
        checks.append(matcher.entity_id.casefold() in folded(facets.entity_ids))
    if matcher.party is not None:
        reason_parties = [r.matched for r in alert.reasons if r.kind == "entity" and r.matched]
        checks.append(matcher.party.casefold() in folded([*facets.parties, *reason_parties]))
    if matcher.record_type is not None:
        checks.append(alert.record.type == matcher.record_type)
    if matcher.severity is not None:
        checks.append(alert.severity == matcher.severity)
    if matcher.watchlist is not None:
        checks.append(matcher.watchlist.casefold() in folded(facets.watchlists))
    if matcher.hs_prefix is not None:
        checks.append(bool(facets.hs_code) and str(facets.hs_code).startswith(matcher.hs_prefix))
    return bool(checks) and all(checks)


class SilenceBook:
    """The silences known so far, newest version per id (re-publishing with ends_at=now expires one)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Silence] = {}

    def upsert(self, silence: Silence) -> None:
        self._by_id[silence.silence_id] = silence

    def active(self, now: datetime) -> list[Silence]:
        return [s for s in self._by_id.values() if s.starts_at <= now < s.ends_at]

    def all(self) -> list[Silence]:
        return sorted(self._by_id.values(), key=lambda s: s.starts_at)

    def covering(self, alert: Alert, now: datetime) -> Silence | None:
        """The first active silence that covers the alert, if any."""
        return next((s for s in self.active(now) if matcher_covers(s.matcher, alert)), None)
