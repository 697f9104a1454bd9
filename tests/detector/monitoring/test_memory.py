"""Party memory: one sighting per party, records folded in, expired by event time, bounded."""

from __future__ import annotations

from datetime import date, timedelta

from schemas import NewsRecord
from services.detector.monitoring.memory import (
    MemoryPolicy,
    expired_keys,
    last_seen_of,
    party_sightings,
    remember,
    within_lookback,
)
from services.detector.state import (
    PartyMemory,
    PartySighting,
    PastRecord,
    decode_state,
    encode_state,
)
from tests.detector.monitoring.factories import shipment


def sighting(
    record_id: str, on: date, name: str = "Orion Trade LLC", country: str = "ru", **fields: object
) -> PartySighting:
    past = PastRecord(
        record_id=record_id, on=on, hs_code="854231", origin="cn", destination="ru", role="importer"
    )
    return PartySighting(name=name, country=country, record=past, **fields)  # type: ignore[arg-type]


def test_a_shipment_gives_one_sighting_per_distinct_party_keyed_by_its_name_key() -> None:
    record = shipment(
        "r1", "Orion Trade LLC", importer_extra={"identifiers": {"inn": "7701234567"}},
        consignee={"name": "ORION TRADE, LLC", "country": "ru"},
    )  # fmt: skip
    found = party_sightings(record)
    keys = [key for key, _ in found]
    assert keys == sorted(set(keys), key=keys.index)  # no key twice
    assert len(found) == 2  # the exporter, and the importer (the consignee is the same name)
    importer = dict(found)["name:llc orion trade"]
    assert importer.identifiers == ("inn:7701234567",)
    assert importer.record.role == "importer"
    assert (importer.record.origin, importer.record.destination) == ("cn", "ru")
    assert importer.record.hs_code == "85423100" or importer.record.hs_code.startswith("854231")


def test_news_names_no_trading_parties() -> None:
    news = NewsRecord(
        record_id="n1",
        url="https://example.org/a",
        title="t",
        published_at="2026-06-01T00:00:00Z",
        source="s",
    )  # type: ignore[arg-type]
    assert party_sightings(news) == []


def test_records_fold_in_once_each_oldest_first() -> None:
    policy = MemoryPolicy()
    memory = remember(None, [sighting("r2", date(2026, 6, 2))], policy)
    memory = remember(memory, [sighting("r1", date(2026, 6, 1))], policy)
    memory = remember(memory, [sighting("r2", date(2026, 6, 2))], policy)  # redelivered
    assert [r.record_id for r in memory.records] == ["r1", "r2"]
    assert memory.last_seen == date(2026, 6, 2)


def test_records_expire_by_event_time_not_arrival() -> None:
    policy = MemoryPolicy(lookback_days=30)
    memory = remember(None, [sighting("old", date(2026, 1, 1))], policy)
    memory = remember(memory, [sighting("late", date(2025, 12, 5))], policy)  # arrives late: kept
    memory = remember(memory, [sighting("too-old", date(2025, 11, 30))], policy)  # 32 days before
    assert [r.record_id for r in memory.records] == ["late", "old"]
    memory = remember(memory, [sighting("new", date(2026, 3, 1))], policy)
    assert [r.record_id for r in memory.records] == ["new"]


def test_a_party_keeps_at_most_max_records_the_newest() -> None:
    policy = MemoryPolicy(max_records=3)
    memory = None
    for day in range(10):
        memory = remember(
            memory, [sighting(f"r{day}", date(2026, 6, 1) + timedelta(days=day))], policy
        )
    assert memory is not None
    assert [r.record_id for r in memory.records] == ["r7", "r8", "r9"]


def test_identifiers_accumulate_and_the_newest_spelling_is_kept() -> None:
    policy = MemoryPolicy()
    memory = remember(
        None, [sighting("r1", date(2026, 6, 1), identifiers=("inn:7701234567",))], policy
    )
    memory = remember(
        memory,
        [
            sighting(
                "r2", date(2026, 6, 5), name="ORION TRADE LLC", identifiers=("ogrn:1027700132195",)
            )
        ],
        policy,
    )
    memory = remember(memory, [sighting("r0", date(2026, 5, 1), name="Orion Trd")], policy)  # older
    assert memory.identifiers == ("inn:7701234567", "ogrn:1027700132195")
    assert memory.name == "ORION TRADE LLC"


def test_within_lookback_and_whole_parties_expire_from_the_newest_date_seen() -> None:
    policy = MemoryPolicy(lookback_days=100)
    recent = remember(None, [sighting("a", date(2026, 9, 1))], policy)
    stale = remember(None, [sighting("b", date(2026, 1, 1))], policy)
    today = date(2026, 10, 1)
    assert within_lookback(recent, policy, today) == recent.records
    assert within_lookback(stale, policy, today) == ()
    table = {"name:recent": encode_state(recent), "name:stale": encode_state(stale)}
    assert expired_keys(table.items(), policy, today) == ["name:stale"]


def test_last_seen_is_read_from_the_stored_bytes_and_values_round_trip() -> None:
    memory = remember(None, [sighting("a", date(2026, 9, 1))], MemoryPolicy())
    raw = encode_state(memory)
    assert last_seen_of(raw) == date(2026, 9, 1)
    assert decode_state(PartyMemory, raw) == memory
    assert last_seen_of(b'{"schema_version":1}') is None


def test_a_batch_of_sightings_folds_in_as_one_at_a_time_would() -> None:
    policy = MemoryPolicy(lookback_days=30, max_records=3)
    batch = [
        sighting("b", date(2026, 3, 2), name="ORION TRADE LLC", identifiers=("inn:7701234567",)),
        sighting("a", date(2026, 3, 1), name="Orion Trd"),  # older: not the spelling kept
        sighting("c", date(2026, 3, 20), country="by", identifiers=("ogrn:1027700132195",)),
        sighting("d", date(2026, 1, 5)),  # before the look-back of the newest
        sighting("e", date(2026, 3, 19)),
        sighting("b", date(2026, 3, 2)),  # redelivered
    ]
    start = remember(None, [sighting("z", date(2026, 2, 25), country="ru")], policy)
    one_at_a_time = start
    for each in batch:
        one_at_a_time = remember(one_at_a_time, [each], policy)
    at_once = remember(start, batch, policy)
    assert at_once == one_at_a_time
    assert [r.record_id for r in at_once.records] == ["b", "e", "c"]
    assert (at_once.name, at_once.country) == ("Orion Trade LLC", "by")
