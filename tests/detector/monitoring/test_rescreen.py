"""Screening remembered parties against a list change: who is pre-selected, who matches."""

from __future__ import annotations

from datetime import date

from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.memory import MemoryPolicy, party_sightings, remember
from services.detector.monitoring.rescreen import DeltaScreen, EntryIndex, preselect, screen_parties
from services.detector.state import PartyMemory, encode_state
from tests.detector.monitoring.factories import TODAY, entry, shipment

POTOK = entry("x", "Severny Potok Elektronika", "Северный Поток Электроника")
ORION = entry("o", "Orion Trade", identifiers=(("innCode", "7701234567"),))


def memory_of(*records: object) -> dict[str, bytes]:
    """The party-memory table after these shipments, as the stream would build it."""
    table: dict[str, PartyMemory] = {}
    for record in records:
        for key, sighting in party_sightings(record):  # type: ignore[arg-type]
            table[key] = remember(table.get(key), [sighting], MemoryPolicy())
    return {key: encode_state(value) for key, value in table.items()}


def index_of(*entries: object) -> EntryIndex:
    return EntryIndex.build("blocklist", "v2", tuple(entries))  # type: ignore[arg-type]


def test_parties_sharing_the_listed_words_are_pre_selected_in_any_script_or_one_typo_away() -> None:
    index = index_of(POTOK)
    table = memory_of(
        shipment("r1", "Severny Potok Elektronika LLC"),
        shipment("r2", "ООО «Северный Поток Электроника»"),
        shipment("r3", "Severny Potok Elektronica LLC"),  # one letter off
        shipment("r4", "Potok Garden Furniture LLC"),  # one word of three: not worth screening
        shipment("r5", "Jiangsu Lianxin Furniture Co., Ltd."),
    )
    selected = {key for key, raw in table.items() if index.may_match(key, raw)}
    by_name = {key: key.removeprefix("name:") for key in table}
    assert {by_name[k] for k in selected} >= {
        "elektronika llc potok severny",
        "elektronica llc potok severny",
    }
    assert not {k for k in selected if "garden" in k or "jiangsu" in k}
    assert len([k for k in selected if "severnyj" in k or "severnyi" in k or "severnyy" in k]) == 1


def test_a_registry_identifier_pre_selects_a_party_under_any_name() -> None:
    index = index_of(ORION)
    table = memory_of(
        shipment("r1", "OOO Sozvezdie", importer_extra={"identifiers": {"inn": "7701234567"}}),
        shipment("r2", "OOO Sozvezdie Dva", importer_extra={"identifiers": {"inn": "7709999999"}}),
    )
    selected = [key for key, raw in table.items() if index.may_match(key, raw)]
    assert selected == ["name:ooo sozvezdie"]


def delta(**fields: object) -> ListDelta:
    return ListDelta("blocklist", "v2", "v1", date(2026, 11, 28), **fields)  # type: ignore[arg-type]


def test_added_entries_match_remembered_parties_with_their_records() -> None:
    table = memory_of(
        shipment("r1", "Severny Potok Elektronika LLC", on="2026-05-01"),
        shipment("r2", "Severny Potok Elektronika LLC", on="2026-06-01"),
        shipment("r3", "ООО «Северный Поток Электроника»", on="2026-07-01"),
        shipment("r4", "Jiangsu Lianxin Furniture Co., Ltd."),
    )
    hits = screen_parties(
        DeltaScreen.prepare(delta(added=(POTOK,))), table.items(), MemoryPolicy(), TODAY
    )
    assert {h.kind for h in hits} == {"retro"}
    records = {h.party.name: [r.record_id for r in h.records] for h in hits}
    assert records == {
        "Severny Potok Elektronika LLC": ["r1", "r2"],
        "ООО «Северный Поток Электроника»": ["r3"],
    }
    assert {h.match.entry.id for h in hits} == {POTOK.id}


def test_removed_entries_give_delisted_hits_and_unrelated_changes_give_none() -> None:
    table = memory_of(shipment("r1", "Severny Potok Elektronika LLC"))
    removed = screen_parties(
        DeltaScreen.prepare(delta(removed=(POTOK,))), table.items(), MemoryPolicy(), TODAY
    )
    assert [h.kind for h in removed] == ["delisted"]
    unrelated = screen_parties(
        DeltaScreen.prepare(delta(added=(ORION,))), table.items(), MemoryPolicy(), TODAY
    )
    assert unrelated == []


def test_records_outside_the_look_back_are_not_screened() -> None:
    table = memory_of(shipment("r1", "Severny Potok Elektronika LLC", on="2025-01-01"))
    screen = DeltaScreen.prepare(delta(added=(POTOK,)))
    assert screen_parties(screen, table.items(), MemoryPolicy(lookback_days=400), TODAY) == []
    assert len(screen_parties(screen, table.items(), MemoryPolicy(lookback_days=800), TODAY)) == 1


def test_only_the_partitions_own_parties_are_screened() -> None:
    table = memory_of(shipment("r1", "Severny Potok Elektronika LLC"))
    screen = DeltaScreen.prepare(delta(added=(POTOK,)))
    assert (
        screen_parties(screen, table.items(), MemoryPolicy(), TODAY, owned=lambda key: False) == []
    )


def test_preselection_keeps_candidates_of_either_side_and_unreadable_values_are_skipped() -> None:
    table = memory_of(
        shipment("r1", "Severny Potok Elektronika LLC"), shipment("r2", "Orion Trade LLC")
    )
    screen = DeltaScreen.prepare(delta(added=(POTOK,), removed=(ORION,)))
    assert sorted(k for k, _ in preselect(screen, table.items())) == [
        "name:elektronika llc potok severny",
        "name:llc orion trade",
    ]
    broken = {**table, "name:elektronika llc potok severny": b'{"schema_version": 9}'}
    hits = screen_parties(screen, broken.items(), MemoryPolicy(), TODAY)
    assert [(h.kind, h.party.name) for h in hits] == [("delisted", "Orion Trade LLC")]
