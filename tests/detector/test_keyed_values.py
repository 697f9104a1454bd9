"""A batch's internal messages: one per topic and key, the key's values in record order, read back
value by value (a message of one value is the value itself, as before batching)."""

from __future__ import annotations

from datetime import date
from typing import cast

import faust

from services.detector.agents.scoring import KeyedValues
from services.detector.state import PartySighting, PastRecord, decode_states, encode_state


class StubTopic:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_topic_name(self) -> str:
        return self.name


def party(record_id: str) -> PartySighting:
    past = PastRecord(record_id=record_id, on=date(2026, 6, 1), hs_code="880621", role="importer")
    return PartySighting(name="Orion Trade LLC", record=past)


def test_values_of_one_key_go_as_one_message_in_record_order() -> None:
    parties, legs = cast(faust.TopicT, StubTopic("parties")), cast(faust.TopicT, StubTopic("legs"))
    grouped = KeyedValues()
    for topic, key, record_id in [
        (parties, "name:a", "r1"), (parties, "name:b", "r2"), (legs, "name:a", "r3"),
        (parties, "name:a", "r4"),
    ]:  # fmt: skip
        grouped.add(topic, key, encode_state(party(record_id)))
    messages = grouped.messages()
    assert [(m.topic.get_topic_name(), m.key) for m in messages] == [
        ("parties", b"name:a"), ("parties", b"name:b"), ("legs", b"name:a"),
    ]  # fmt: skip
    assert all(m.partition is None for m in messages)  # the key's own partition
    read = [
        [s.record.record_id for s in decode_states(PartySighting, m.value or b"")] for m in messages
    ]
    assert read == [["r1", "r4"], ["r2"], ["r3"]]
    assert messages[1].value == encode_state(party("r2"))  # one value: the value itself


def test_a_key_with_more_than_the_limit_goes_in_several_messages_in_order() -> None:
    parties = cast(faust.TopicT, StubTopic("parties"))
    one = len(encode_state(party("r00")))
    grouped = KeyedValues(limit_bytes=3 * one)
    for n in range(8):
        grouped.add(parties, "name:a", encode_state(party(f"r{n:02}")))
    messages = grouped.messages()
    assert [len(m.value or b"") <= 3 * one + 4 for m in messages] == [True, True, True]
    read = [
        s.record.record_id for m in messages for s in decode_states(PartySighting, m.value or b"")
    ]
    assert read == [f"r{n:02}" for n in range(8)]
