"""Silences (pure): keep the newest version of each silence, tell whether one covers an alert."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from schemas import Alert, Silence
from schemas.control import SilenceMatcher


def _folded(values: list[str]) -> set[str]:
    return {v.casefold() for v in values}


def matcher_covers(matcher: SilenceMatcher, alert: Alert) -> bool:
    """Every field the matcher sets must match (case-insensitive); empty matches nothing."""
    facets = alert.facets
    checks: list[bool] = []
    if matcher.entity_id is not None:
        checks.append(matcher.entity_id.casefold() in _folded(facets.entity_ids))
    if matcher.party is not None:
        reason_parties = [r.matched for r in alert.reasons if r.kind == "entity" and r.matched]
        checks.append(matcher.party.casefold() in _folded([*facets.parties, *reason_parties]))
    if matcher.record_type is not None:
        checks.append(alert.record.type == matcher.record_type)
    if matcher.severity is not None:
        checks.append(alert.severity == matcher.severity)
    if matcher.watchlist is not None:
        checks.append(matcher.watchlist.casefold() in _folded(facets.watchlists))
    if matcher.hs_prefix is not None:
        checks.append(bool(facets.hs_code) and str(facets.hs_code).startswith(matcher.hs_prefix))
    return bool(checks) and all(checks)


class SilenceBook:
    """Known silences, newest version per id (re-publishing with ends_at=now expires one)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Silence] = {}

    def upsert(self, silence: Silence) -> None:
        self._by_id[silence.silence_id] = silence

    def prune(self, now: datetime, retention_seconds: float) -> None:
        """Forget silences that ended more than `retention_seconds` ago."""
        self._by_id = {
            k: s
            for k, s in self._by_id.items()
            if (now - s.ends_at).total_seconds() <= retention_seconds
        }

    def active(self, now: datetime) -> list[Silence]:
        return [s for s in self._by_id.values() if s.starts_at <= now < s.ends_at]

    def all(self) -> list[Silence]:
        return sorted(self._by_id.values(), key=lambda s: s.starts_at)

    def covering(self, alert: Alert, now: datetime) -> Silence | None:
        """The first active silence that covers the alert, if any."""
        return next((s for s in self.active(now) if matcher_covers(s.matcher, alert)), None)


def new_silence(
    matcher: SilenceMatcher,
    *,
    created_by: str,
    comment: str,
    duration_seconds: float,
    now: datetime,
) -> Silence:
    """A silence starting now; refuses an empty matcher, which would silence nothing."""
    if not matcher.model_dump(exclude_none=True):
        raise ValueError("a silence needs at least one matcher field")
    if duration_seconds <= 0:
        raise ValueError("duration must be positive")
    return Silence(
        silence_id=uuid.uuid4().hex,
        matcher=matcher,
        created_by=created_by,
        comment=comment,
        starts_at=now,
        ends_at=now + timedelta(seconds=duration_seconds),
    )


def false_positive_silence(
    entity_id: str | None,
    party: str | None,
    *,
    user: str,
    alert_id: str,
    duration_seconds: float,
    now: datetime,
) -> Silence | None:
    """The silence a 'False positive' click creates: this list entry × this party only."""
    if not entity_id or not party:
        return None
    digest = hashlib.sha256(f"{entity_id.casefold()}\x1f{party.casefold()}".encode()).hexdigest()[
        :24
    ]
    silence = new_silence(
        SilenceMatcher(entity_id=entity_id, party=party),
        created_by=user,
        comment=f"false positive, marked in Slack on alert {alert_id}",
        duration_seconds=duration_seconds,
        now=now,
    )
    return silence.model_copy(update={"silence_id": f"fp-{digest}"})


def expired(silence: Silence, now: datetime) -> Silence:
    """The same silence ending now (published under the same id, it supersedes the old version)."""
    return silence.model_copy(update={"ends_at": max(now, silence.starts_at)})


def parse_duration(text: str) -> float:
    """`90s`, `30m`, `12h`, `7d` or plain seconds → seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    text = text.strip().lower()
    if text and text[-1] in units:
        value, unit = float(text[:-1]), units[text[-1]]
    else:
        value, unit = float(text), 1
    if value <= 0:
        raise ValueError(f"duration {text!r} must be positive")
    return value * unit
