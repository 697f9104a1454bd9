"""In-memory notifier state is bounded: origins until commit, deliveries and silences by age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas.control import SilenceMatcher
from schemas.notifier import DeliveryIntent
from services.notifier.ledger import DeliveryLedger
from services.notifier.origins import Origin, OriginBook
from services.notifier.silences import SilenceBook, new_silence
from tests.notifier.test_ledger_offsets import NOW, _done


def test_origins_are_dropped_once_committed_or_revoked() -> None:
    book = OriginBook()
    for offset in range(5):
        book.add(f"a{offset}", Origin("alerts", 0, offset, b"{}"))
    book.add("b0", Origin("alerts", 1, 0, b"{}"))
    book.prune({("alerts", 0): 3})  # offsets 0..2 committed
    assert [book.get(f"a{o}") is not None for o in range(5)] == [False, False, False, True, True]
    book.forget([("alerts", 1)])
    assert book.get("b0") is None and len(book) == 2


def test_ledger_forgets_deliveries_threads_and_intents_past_the_retention() -> None:
    ledger = DeliveryLedger()
    old, new = NOW - timedelta(days=8), NOW - timedelta(hours=1)
    ledger.apply(_done("m-old", "parent", ["a-old"], "1.0", at=old))
    ledger.apply(_done("m-new", "reply", ["a-new"], "2.0", "1.0", at=new))
    ledger.apply(
        DeliveryIntent(
            message_id="m-lost", channel="#c", role="parent", group_key="g", alert_ids=["x"], at=old
        )
    )
    forgotten = ledger.prune(NOW.timestamp(), retention_seconds=7 * 86400)
    assert forgotten >= 2
    assert not ledger.is_delivered("a-old", "#c") and ledger.is_delivered("a-new", "#c")
    assert ledger.threads[("#c", "k")].ts == "1.0"  # its last flush (the reply) is recent
    assert ledger.intents == {}
    ledger.prune((NOW + timedelta(days=8)).timestamp(), retention_seconds=7 * 86400)
    assert ledger.threads == {} and ledger.delivered == {}


def test_ended_silences_are_forgotten_after_the_retention() -> None:
    book = SilenceBook()
    now = datetime.now(UTC)
    matcher = SilenceMatcher(entity_id="E1")
    ended = new_silence(
        matcher, created_by="a", comment="", duration_seconds=60, now=now - timedelta(days=9)
    )
    live = new_silence(matcher, created_by="a", comment="", duration_seconds=60, now=now)
    book.upsert(ended)
    book.upsert(live)
    book.prune(now, retention_seconds=7 * 86400)
    assert [s.silence_id for s in book.all()] == [live.silence_id]
