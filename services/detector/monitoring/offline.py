"""Offline parity (pure): the stream's party memory and delta screening over a file of records.

`chokepoint score --rescreen OLD NEW` drives this: the same `party_sightings`, `remember`,
`compute_delta`, `screen_parties` and alert builders the detector runs, with a dict for a table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from schemas import Alert, NewsRecord, ShipmentRecord
from services.detector.monitoring.alerts import alerts_for
from services.detector.monitoring.delta import ListDelta, compute_delta, publication_date
from services.detector.monitoring.memory import MemoryPolicy, party_sightings, remember
from services.detector.monitoring.rescreen import DeltaScreen, screen_parties
from services.detector.state import PartyMemory, decode_state, encode_state
from services.lists.watchlists import Watchlist

NO_VERSION = "none"


class PartyMemoryStore:
    """The party memory in a dict, stored as the table stores it (name key → PartyMemory JSON)."""

    def __init__(self, policy: MemoryPolicy) -> None:
        self.policy = policy
        self.raw: dict[str, bytes] = {}
        self.newest_seen: date | None = None

    def add(self, record: ShipmentRecord | NewsRecord) -> None:
        for key, sighting in party_sightings(record):
            held = self.raw.get(key)
            memory = remember(
                decode_state(PartyMemory, held) if held else None, [sighting], self.policy
            )
            self.raw[key] = encode_state(memory)
            if self.newest_seen is None or sighting.record.on > self.newest_seen:
                self.newest_seen = sighting.record.on


def as_versions_of_one_list(
    old: Sequence[Watchlist], new: Sequence[Watchlist]
) -> tuple[list[Watchlist], list[Watchlist]]:
    """Two single files are two versions of one list, whatever their file names: OLD takes NEW's
    list name. Folders of several lists are paired by name."""
    if len(old) == 1 and len(new) == 1 and old[0].name != new[0].name:
        previous, name = old[0], new[0].name
        prefix = f"{previous.name}:"

        def renamed_id(entry_id: str) -> str:  # loaders prefix ids with the list name
            return (
                name + ":" + entry_id.removeprefix(prefix)
                if entry_id.startswith(prefix)
                else entry_id
            )

        renamed = Watchlist(
            name=name,
            version=previous.version,
            entries=[replace(e, id=renamed_id(e.id), source=name) for e in previous.entries],
        )
        return [renamed], list(new)
    return list(old), list(new)


def list_deltas(
    old: Sequence[Watchlist], new: Sequence[Watchlist], published_on: date
) -> list[ListDelta]:
    """One delta per list name in either set (a name only in OLD: every entry removed)."""
    names = sorted({w.name for w in old} | {w.name for w in new})
    deltas = []
    for name in names:
        current = [w for w in new if w.name == name]
        merged = Watchlist(
            name=name,
            version="+".join(w.version for w in current) or NO_VERSION,
            entries=[e for w in current for e in w.entries],
        )
        day = publication_date(current[0], published_on) if current else published_on
        deltas.append(compute_delta([w for w in old if w.name == name], merged, day))
    return deltas


def rescreen_records(
    records: Iterable[ShipmentRecord | NewsRecord],
    old: Sequence[Watchlist],
    new: Sequence[Watchlist],
    policy: MemoryPolicy,
    now: datetime,
) -> list[Alert]:
    """Remember the records' parties, then screen them against what NEW changed from OLD."""
    old, new = as_versions_of_one_list(old, new)
    store = PartyMemoryStore(policy)
    for record in records:
        store.add(record)
    today = store.newest_seen or now.date()
    alerts: list[Alert] = []
    for delta in list_deltas(old, new, now.date()):
        if delta.empty:
            continue
        hits = screen_parties(DeltaScreen.prepare(delta), store.raw.items(), policy, today)
        alerts.extend(alerts_for(hits, delta, now))
    return alerts
