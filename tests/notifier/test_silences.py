"""Silences: matching, newest version wins, expiry, false-positive silences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schemas.control import SilenceMatcher
from services.notifier.silences import (
    SilenceBook,
    expired,
    false_positive_silence,
    new_silence,
    parse_duration,
)
from tests.support.alert_factory import make_alert

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def test_silence_covers_matching_alerts_until_it_ends() -> None:
    book = SilenceBook()
    silence = new_silence(
        SilenceMatcher(entity_id="ofac-12345", hs_prefix="8542"),
        created_by="ana",
        comment="",
        duration_seconds=3600,
        now=NOW,
    )
    book.upsert(silence)
    assert book.covering(make_alert(), NOW + timedelta(minutes=1)) == silence
    assert book.covering(make_alert(hs_code="84713000"), NOW) is None
    assert book.covering(make_alert(), NOW + timedelta(hours=2)) is None


def test_expiring_republishes_the_same_id() -> None:
    book = SilenceBook()
    silence = new_silence(
        SilenceMatcher(party="OOO ARTEKS"),
        created_by="ana",
        comment="",
        duration_seconds=3600,
        now=NOW,
    )
    book.upsert(silence)
    book.upsert(expired(silence, NOW + timedelta(minutes=5)))
    assert book.covering(make_alert(), NOW + timedelta(minutes=6)) is None
    assert len(book.all()) == 1


def test_false_positive_silences_only_that_entity_party_pair() -> None:
    silence = false_positive_silence(
        "OFAC-12345", "OOO Arteks", user="ana", alert_id="a1", duration_seconds=60, now=NOW
    )
    assert silence is not None and silence.silence_id.startswith("fp-")
    book = SilenceBook()
    book.upsert(silence)
    assert book.covering(make_alert(), NOW) is not None
    assert book.covering(make_alert(party="OOO Other"), NOW) is None
    assert (
        false_positive_silence(None, "x", user="u", alert_id="a", duration_seconds=60, now=NOW)
        is None
    )


def test_empty_matchers_and_bad_durations_are_refused() -> None:
    with pytest.raises(ValueError):
        new_silence(SilenceMatcher(), created_by="ana", comment="", duration_seconds=60, now=NOW)
    assert parse_duration("7d") == 7 * 86400
    assert parse_duration("90") == 90
    with pytest.raises(ValueError):
        parse_duration("-1h")
