"""Counts for the current UTC day (alerts consumed and posted), for `/chokepoint status`.

Pure and in memory: the counts start again at 00:00 UTC and when the process restarts, so the
answer says since when it counted (`counted_since`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

CONSUMED = "consumed"  # alerts read from the alerts topic
POSTED = "posted"  # alerts in messages Slack accepted


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


@dataclass
class DailyCounts:
    """Named counters for one UTC day; the first count on a new day drops the old day's."""

    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    _day: date | None = None
    _counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, amount: int = 1, now: datetime | None = None) -> None:
        day = _utc(now).date()
        if day != self._day:
            self._day, self._counts = day, {}
        self._counts[name] = self._counts.get(name, 0) + amount

    def today(self, now: datetime | None = None) -> dict[str, int]:
        """The counts of `now`'s UTC day (empty when nothing was counted yet that day)."""
        return dict(self._counts) if _utc(now).date() == self._day else {}

    def counted_since(self, now: datetime | None = None) -> datetime:
        """Midnight UTC of `now`'s day, or the start of the process if that was later."""
        midnight = datetime.combine(_utc(now).date(), time(0), tzinfo=UTC)
        return max(midnight, _utc(self.started_at))
