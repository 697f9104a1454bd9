"""`/chokepoint status` counts alerts per UTC day: reset at midnight, and since the start."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from services.notifier.daily_counts import CONSUMED, POSTED, DailyCounts
from services.notifier.slash_command import NotifierView, status_answer

BEFORE_MIDNIGHT = datetime(2026, 3, 9, 23, 59, 59, 900_000, tzinfo=UTC)
MIDNIGHT = datetime(2026, 3, 10, tzinfo=UTC)


def test_counts_reset_when_the_utc_day_changes() -> None:
    counts = DailyCounts(started_at=BEFORE_MIDNIGHT - timedelta(days=2))
    counts.add(CONSUMED, now=BEFORE_MIDNIGHT)
    counts.add(CONSUMED, now=BEFORE_MIDNIGHT)
    counts.add(POSTED, 2, now=BEFORE_MIDNIGHT)
    assert counts.today(BEFORE_MIDNIGHT) == {CONSUMED: 2, POSTED: 2}
    assert counts.today(MIDNIGHT) == {}  # a new day with nothing counted yet reads zero
    counts.add(CONSUMED, now=MIDNIGHT)
    assert counts.today(MIDNIGHT + timedelta(hours=5)) == {CONSUMED: 1}
    assert counts.today(BEFORE_MIDNIGHT) == {}  # yesterday's counts are gone, not mixed in
    assert counts.counted_since(MIDNIGHT + timedelta(hours=5)) == MIDNIGHT


def test_the_day_is_the_utc_day_whatever_the_clock_zone() -> None:
    counts = DailyCounts(started_at=BEFORE_MIDNIGHT - timedelta(days=1))
    tokyo = timezone(timedelta(hours=9))
    counts.add(CONSUMED, now=datetime(2026, 3, 10, 8, 0, tzinfo=tokyo))  # 23:00 UTC on the 9th
    assert counts.today(BEFORE_MIDNIGHT) == {CONSUMED: 1}
    assert counts.today(MIDNIGHT) == {}


def test_counting_starts_at_the_process_start_on_its_first_day() -> None:
    started = MIDNIGHT + timedelta(hours=9, minutes=14, seconds=30)
    counts = DailyCounts(started_at=started)
    assert counts.counted_since(started + timedelta(hours=1)) == started
    assert counts.counted_since(MIDNIGHT + timedelta(days=1, hours=1)) == MIDNIGHT + timedelta(
        days=1
    )


def _status(since: datetime, consumed: int = 4, posted: int = 3) -> str:
    view = NotifierView(
        alerts_consumed_today=consumed,
        alerts_posted_today=posted,
        counted_since=since,
        consumer_lag=0.0,
        slack_ready=True,
    )
    return json.dumps(status_answer(view, None, "not configured")["blocks"])


def test_status_says_today_and_since_when_the_notifier_started_today() -> None:
    text = _status(MIDNIGHT + timedelta(hours=9, minutes=14, seconds=30))
    assert "today since 09:14 UTC" in text and "a restart resets it" in text
    assert "alerts consumed: 4" in text and "alerts posted to Slack: 3" in text
    whole_day = _status(MIDNIGHT, 0, 0)
    assert "today (UTC)" in whole_day and "since" not in whole_day
    assert "alerts consumed: 0" in whole_day
