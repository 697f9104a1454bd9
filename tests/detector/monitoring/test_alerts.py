"""Retro and delisted alerts: what they say, and ids that change with the list version only."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.detector.monitoring.alerts import alerts_for, record_line
from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.memory import MemoryPolicy, party_sightings, remember
from services.detector.monitoring.rescreen import DeltaScreen, PartyHit, screen_parties
from services.detector.state import PartyMemory, encode_state
from tests.detector.monitoring.factories import TODAY, entry, shipment

POTOK = entry(
    "x", "Severny Potok Elektronika", "Северный Поток Электроника", listed_on=date(2026, 11, 28)
)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def hits_for(delta: ListDelta) -> list[PartyHit]:
    table: dict[str, PartyMemory] = {}
    for record in (
        shipment("r1", "Severny Potok Elektronika LLC", on="2026-05-01"),
        shipment("r2", "Severny Potok Elektronika LLC", on="2026-06-01", hs_code="9403.60"),
    ):
        for key, sighting in party_sightings(record):
            table[key] = remember(table.get(key), [sighting], MemoryPolicy())
    raw = {key: encode_state(value) for key, value in table.items()}
    return screen_parties(DeltaScreen.prepare(delta), raw.items(), MemoryPolicy(), TODAY)


def delta(version: str = "v2", **fields: object) -> ListDelta:
    return ListDelta("blocklist", version, "v1", date(2026, 11, 30), **fields)  # type: ignore[arg-type]


def test_a_retro_alert_names_the_entity_list_date_program_party_and_past_records() -> None:
    added = delta(added=(POTOK,))
    [alert] = alerts_for(hits_for(added), added, NOW)
    assert alert.kind == "retro"
    assert alert.headline == (
        "Severny Potok Elektronika (added to blocklist on 2026-11-28, program ANALYST-WATCH)"
        " matches Severny Potok Elektronika LLC in 2 past records"
    )
    [reason] = alert.reasons
    assert reason.related_record_ids == ["r1", "r2"]
    assert reason.evidence["record:r2"] == "2026-06-01 · HS 94036000 · CN → RU · importer" or (
        reason.evidence["record:r2"].startswith("2026-06-01 · HS 940360")
    )
    assert reason.entry_id == POTOK.id and reason.watchlist == "blocklist"
    assert alert.record.id == "r2" and alert.record.source == "party memory"
    assert alert.watchlist_versions == {"blocklist": "v2"}
    assert alert.facets.entity_ids == [POTOK.id] and alert.facets.countries == ["cn", "ru"]


def test_a_changed_entry_says_updated() -> None:
    changed = delta(changed=(POTOK,))
    [alert] = alerts_for(hits_for(changed), changed, NOW)
    assert "(updated on blocklist on 2026-11-28" in alert.headline


def test_ids_are_stable_for_one_version_and_new_for_the_next() -> None:
    first = delta("v2", added=(POTOK,))
    again = alerts_for(hits_for(first), first, datetime(2026, 12, 2, tzinfo=UTC))
    later = delta("v3", added=(POTOK,))
    assert [a.alert_id for a in alerts_for(hits_for(first), first, NOW)] == [
        a.alert_id for a in again
    ]
    assert {a.alert_id for a in again}.isdisjoint(
        a.alert_id for a in alerts_for(hits_for(later), later, NOW)
    )


def test_a_removed_entry_gives_an_informational_delisted_alert() -> None:
    removed = delta(removed=(POTOK,))
    [alert] = alerts_for(hits_for(removed), removed, NOW)
    assert alert.kind == "delisted" and alert.severity == "low"
    assert alert.headline.startswith(
        "Severny Potok Elektronika was removed from blocklist (version v2)"
    )
    retro = alerts_for(hits_for(delta(added=(POTOK,))), delta(added=(POTOK,)), NOW)
    assert alert.alert_id != retro[0].alert_id


def test_record_lines_show_what_is_known() -> None:
    [hit] = hits_for(delta(added=(POTOK,)))
    record = hit.records[0].model_copy(update={"origin": "", "destination": ""})
    assert record_line(record).endswith("· route ? · importer")
