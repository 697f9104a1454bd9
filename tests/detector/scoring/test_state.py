"""Pattern and link state as versioned models: the previous dict format is read, others refused."""

from __future__ import annotations

import json
from datetime import date

import pytest

from services.detector.news import LinkTracker
from services.detector.scoring import PatternTracker, RiskConfig
from services.detector.state import (
    EntityLinks,
    Leg,
    ModelStore,
    PartyLegs,
    Sighting,
    StateFormatError,
    decode_state,
    decode_states,
    encode_state,
    encode_states,
)
from services.lists.products import ProductCatalog
from tests.detector.scoring.test_patterns import NOW, inbound, onward

# A leg exactly as the detector wrote it before versioning (on the legs topic and in the table).
PREVIOUS_LEG = {
    "id": "in-1",
    "dir": "in",
    "date": "2024-01-10",
    "hs": "85423100",
    "hs4": "8542",
    "grade": "Tier 1",
    "list": "chpl",
    "subscore": 1.0,
    "from": "cn",
    "to": "ae",
    "party": "Gulf Bridge General Trading L.L.C.",
    "role": "importer",
}


def previous_format(leg: Leg) -> dict[str, object]:
    """What the previous version stored for this leg."""
    old: dict[str, object] = {
        "id": leg.record_id,
        "dir": leg.direction,
        "date": leg.declared_on.isoformat(),
        "hs": leg.hs_code,
        "hs4": leg.hs4,
        "grade": leg.grade,
        "list": leg.list_name,
        "subscore": leg.subscore,
        "from": leg.origin,
        "to": leg.destination,
        "party": leg.party,
        "role": leg.role,
    }
    return old | ({"hub_alerted": True} if leg.hub_alerted else {})


def test_a_leg_in_the_previous_format_is_converted_field_by_field() -> None:
    leg = decode_state(Leg, json.dumps(PREVIOUS_LEG))
    assert leg == Leg(
        record_id="in-1",
        direction="in",
        declared_on=date(2024, 1, 10),
        hs_code="85423100",
        hs4="8542",
        grade="Tier 1",
        list_name="chpl",
        subscore=1.0,
        origin="cn",
        destination="ae",
        party="Gulf Bridge General Trading L.L.C.",
        role="importer",
    )
    assert json.loads(encode_state(leg))["schema_version"] == 1


def test_a_pattern_table_value_in_the_previous_format_still_closes_the_pattern(
    catalog: ProductCatalog, config: RiskConfig
) -> None:
    """State saved by the previous version is read after an upgrade: same alert, same id."""
    tracker = PatternTracker(catalog, config)
    fresh: dict[str, PartyLegs] = {}
    expected = [
        alert
        for record in (inbound(), onward())
        for key, leg in tracker.legs(record)
        for alert in tracker.observe(key, leg, fresh, now=NOW)
    ]
    raw: dict[str, bytes] = {
        key: json.dumps({"in": [previous_format(leg)], "out": []}).encode()
        for key, leg in tracker.legs(inbound())
    }
    store = ModelStore(raw, PartyLegs)
    upgraded = [
        alert
        for key, leg in tracker.legs(onward())
        for alert in tracker.observe(key, leg, store, now=NOW)
    ]
    assert expected and [a.model_dump() for a in upgraded] == [a.model_dump() for a in expected]
    assert all(json.loads(value)["schema_version"] == 1 for value in raw.values())


def test_a_hub_alerted_flag_of_the_previous_format_is_kept() -> None:
    value = json.dumps({"in": [PREVIOUS_LEG | {"hub_alerted": True}], "out": []})
    [leg] = decode_state(PartyLegs, value).inbound
    assert leg.hub_alerted


def test_link_state_and_sightings_in_the_previous_format_are_converted() -> None:
    old_news = {"record_id": "n1", "record_type": "news", "date": "2024-03-01", "summary": "n"}
    old_value = {"sightings": [old_news], "linked": []}
    raw = {"e1": json.dumps(old_value).encode()}
    store = ModelStore(raw, EntityLinks)
    sighting = decode_state(
        Sighting,
        json.dumps(
            {"record_id": "s1", "record_type": "shipment", "date": "2024-03-05T10:00:00+00:00"}
        ),
    )
    assert sighting.seen_on == date(2024, 3, 5)
    [alert] = LinkTracker(window_days=30).observe("e1", sighting, store, now=NOW)
    assert alert.reasons[0].related_record_ids == ["n1", "s1"]
    assert [s.record_id for s in store["e1"].sightings] == ["n1", "s1"]


@pytest.mark.parametrize(
    ("model", "value", "complaint"),
    [
        (Leg, {**PREVIOUS_LEG, "schema_version": 2}, "schema_version 2"),
        (PartyLegs, {"schema_version": 2, "inbound": [], "outbound": []}, "schema_version 2"),
        (Leg, {k: v for k, v in PREVIOUS_LEG.items() if k != "dir"}, "direction"),
        (Leg, {**PREVIOUS_LEG, "drection": "in"}, "drection"),
        (Leg, {**PREVIOUS_LEG, "dir": "sideways"}, "direction"),
        (Sighting, {"record_id": "x", "record_type": "tweet", "date": "2024-01-01"}, "record_type"),
        (PartyLegs, {"in": [{"id": "in-1"}], "out": []}, "inbound.0"),
        (EntityLinks, ["not", "a", "mapping"], "EntityLinks"),
    ],
)
def test_a_value_in_no_known_format_is_refused_with_what_is_wrong(
    model: type[Leg] | type[PartyLegs] | type[Sighting] | type[EntityLinks],
    value: object,
    complaint: str,
) -> None:
    with pytest.raises(StateFormatError, match=complaint):
        decode_state(model, json.dumps(value))


def test_bytes_that_are_not_json_are_refused() -> None:
    with pytest.raises(StateFormatError, match="PartyLegs"):
        decode_state(PartyLegs, b"\x00garbage")


def test_state_models_are_frozen() -> None:
    leg = decode_state(Leg, json.dumps(PREVIOUS_LEG))
    with pytest.raises(ValueError, match="frozen"):
        leg.hub_alerted = True  # type: ignore[misc]


def test_a_message_of_several_values_is_read_in_order_and_a_single_value_as_before() -> None:
    first, second = (
        decode_state(Leg, json.dumps(PREVIOUS_LEG)),
        decode_state(Leg, json.dumps(PREVIOUS_LEG)),
    )
    second = second.model_copy(update={"record_id": "in-2"})
    both = encode_states([encode_state(first), encode_state(second)])
    assert [leg.record_id for leg in decode_states(Leg, both)] == ["in-1", "in-2"]
    assert decode_states(Leg, json.dumps(PREVIOUS_LEG)) == [first]  # the previous format, alone
    assert encode_states([encode_state(first)]) == encode_state(first)


def test_a_message_of_values_with_one_unreadable_is_refused_with_its_position() -> None:
    bad = b"[" + encode_state(decode_state(Leg, json.dumps(PREVIOUS_LEG))) + b', {"dir": "up"}]'
    with pytest.raises(StateFormatError, match=r"list of Leg: 1\."):
        decode_states(Leg, bad)
