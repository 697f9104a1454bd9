"""A batch's internal messages: one per topic and key, the key's values in record order, read back
value by value (a message of one value is the value itself, as before batching); a party's
sightings as runs of one spelling, which the party memory folds as it folds single sightings."""

from __future__ import annotations

from datetime import date
from typing import cast

import faust

from services.detector.agents.scoring import KeyedValues
from services.detector.monitoring.memory import MemoryPolicy, remember
from services.detector.state import (
    PartySighting,
    PartySightings,
    PastRecord,
    Sighting,
    decode_party_sightings,
    decode_states,
    encode_state,
    party_sighting_runs,
)
from tests.detector.test_state_loop import StubTopic

PARTIES = cast(faust.TopicT, StubTopic("parties"))


def seen(record_id: str) -> bytes:
    return encode_state(
        Sighting(record_id=record_id, record_type="shipment", seen_on=date(2026, 6, 1))
    )


def party(record_id: str, name: str = "Orion Trade LLC", day: int = 1) -> PartySighting:
    past = PastRecord(record_id=record_id, on=date(2026, 6, day), hs_code="880621", role="importer")
    return PartySighting(name=name, country="ru", record=past)


def test_values_of_one_key_go_as_one_message_in_record_order() -> None:
    sightings, legs = (
        cast(faust.TopicT, StubTopic("sightings")),
        cast(faust.TopicT, StubTopic("legs")),
    )
    grouped = KeyedValues(PARTIES)
    for topic, key, record_id in [
        (sightings, "e1", "r1"), (sightings, "e2", "r2"), (legs, "e1", "r3"), (sightings, "e1", "r4"),
    ]:  # fmt: skip
        grouped.add(topic, key, seen(record_id))
    messages = grouped.messages()
    assert [(m.topic.get_topic_name(), m.key) for m in messages] == [
        ("sightings", b"e1"), ("sightings", b"e2"), ("legs", b"e1"),
    ]  # fmt: skip
    assert all(m.partition is None for m in messages)  # the key's own partition
    read = [[s.record_id for s in decode_states(Sighting, m.value or b"")] for m in messages]
    assert read == [["r1", "r4"], ["r2"], ["r3"]]
    assert messages[1].value == seen("r2")  # one value: the value itself


def test_a_key_with_more_than_the_limit_goes_in_several_messages_in_order() -> None:
    sightings = cast(faust.TopicT, StubTopic("sightings"))
    grouped = KeyedValues(PARTIES, limit_bytes=3 * len(seen("r00")))
    for n in range(8):
        grouped.add(sightings, "e1", seen(f"r{n:02}"))
    messages = grouped.messages()
    assert len(messages) == 3
    read = [s.record_id for m in messages for s in decode_states(Sighting, m.value or b"")]
    assert read == [f"r{n:02}" for n in range(8)]


def test_a_party_s_sightings_go_as_runs_of_one_spelling_and_fold_as_single_sightings_do() -> None:
    batch = [
        ("name:orion", party("r1", day=1)), ("name:orion", party("r2", day=3)),
        ("name:other", party("r5", name="Other LLC")),
        ("name:orion", party("r3", name="ORION TRADE LLC", day=2)), ("name:orion", party("r4", day=2)),
    ]  # fmt: skip
    grouped = KeyedValues(PARTIES)
    for key, sighting in batch:
        grouped.add_party(key, sighting)
    messages = grouped.messages()
    orion = [decode_party_sightings(m.value or b"") for m in messages if m.key == b"name:orion"]
    assert [[r.record_id for r in run.records] for run in orion] == [["r1", "r2"], ["r3"], ["r4"]]
    assert all(isinstance(run, PartySightings) for run in orion)
    assert {m.key for m in messages} == {b"name:orion", b"name:other"}
    one_by_one = None
    for _, sighting in [item for item in batch if item[0] == "name:orion"]:
        one_by_one = remember(one_by_one, [sighting], MemoryPolicy())
    assert remember(None, orion, MemoryPolicy()) == one_by_one
    assert one_by_one is not None and one_by_one.name == "Orion Trade LLC"  # of the newest day


def test_a_single_sighting_written_before_runs_is_still_read() -> None:
    assert decode_party_sightings(encode_state(party("r1"))).records == (party("r1").record,)


def test_a_run_longer_than_the_message_limit_is_split_in_order() -> None:
    sightings = [party(f"r{n}") for n in range(5)]
    runs = party_sighting_runs(sightings, max_records=2)
    assert [[r.record_id for r in run.records] for run in runs] == [
        ["r0", "r1"],
        ["r2", "r3"],
        ["r4"],
    ]
    assert {(run.name, run.country) for run in runs} == {("Orion Trade LLC", "ru")}
