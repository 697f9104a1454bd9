"""Party memory (pure): which parties a shipment names, and what a party's table entry keeps.

Scoring finds one PartySighting per party of a shipment, keyed by the party's name key (the same
fingerprint the pattern tracker uses), so every sighting of a party lands on one partition; a
batch's sightings of a party travel as runs of one spelling (state.PartySightings), and the party
memory folds them into that key's PartyMemory with `remember`, as it would one at a time.
Records expire by event time (declaration dates), never by arrival time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from schemas import NewsRecord, ShipmentRecord
from services.detector.scoring.party_keys import name_key, party_keys
from services.detector.state import PartyMemory, PartySighting, PartySightings, PastRecord

KeyedPartySighting = tuple[str, PartySighting]
NAME_KEY_PREFIX = "name:"
_LAST_SEEN = re.compile(rb'"last_seen":"(\d{4}-\d{2}-\d{2})"')


@dataclass(frozen=True)
class MemoryPolicy:
    """How much of the past each party keeps: a look-back in days and a record count."""

    lookback_days: int = 400
    max_records: int = 50

    def cutoff(self, newest: date) -> date:
        """Records declared before this day are forgotten, given the newest day seen."""
        return newest - timedelta(days=self.lookback_days)


def party_sightings(record: ShipmentRecord | NewsRecord) -> list[KeyedPartySighting]:
    """One sighting per distinct party of a shipment (news names no trading parties)."""
    if not isinstance(record, ShipmentRecord):
        return []
    origin = record.origin_country or record.departure_country or ""
    if not origin and record.exporter is not None:
        origin = record.exporter.country or ""
    destination = record.destination_country or ""
    if not destination and record.importer is not None:
        destination = record.importer.country or ""
    found: list[KeyedPartySighting] = []
    seen: set[str] = set()
    for role, party in record.parties():
        key = name_key(party.name)
        if key is None or key in seen:
            continue
        seen.add(key)
        past = PastRecord(
            record_id=record.record_id,
            on=record.declaration_date,
            hs_code=record.hs_code,
            origin=origin,
            destination=destination,
            role=role,
        )
        identifiers = tuple(k for k in party_keys(party) if not k.startswith(NAME_KEY_PREFIX))
        found.append(
            (
                key,
                PartySighting(
                    name=party.name, country=party.country, identifiers=identifiers, record=past
                ),
            )
        )
    return found


def remember(
    memory: PartyMemory | None,
    sightings: Sequence[PartySighting | PartySightings],
    policy: MemoryPolicy,
) -> PartyMemory:
    """The party's entry with these sightings (in arrival order) folded in: one entry per record
    id, oldest first, nothing older than the look-back (from the newest declaration date), at
    most max_records; name and country from the sighting with the newest declaration date."""
    if not sightings:
        raise ValueError("remember needs at least one sighting")
    records = {r.record_id: r for r in (memory.records if memory else ())}
    name = memory.name if memory else sightings[0].name
    country = memory.country if memory else None
    last_seen = memory.last_seen if memory else None
    identifiers = set(memory.identifiers if memory else ())
    for sighting in sightings:
        identifiers.update(sighting.identifiers)
        for record in sighting.records:
            records[record.record_id] = record
            if last_seen is None or record.on >= last_seen:
                name, country = sighting.name, sighting.country or country
                last_seen = record.on
    newest = max(r.on for r in records.values())
    cutoff = policy.cutoff(newest)
    kept = sorted(
        (r for r in records.values() if r.on >= cutoff), key=lambda r: (r.on, r.record_id)
    )
    return PartyMemory(
        last_seen=newest,
        name=name,
        country=country,
        identifiers=tuple(sorted(identifiers))[:20],
        records=tuple(kept[-policy.max_records :]),
    )


def within_lookback(
    memory: PartyMemory, policy: MemoryPolicy, today: date
) -> tuple[PastRecord, ...]:
    """The records still inside the look-back, counted back from `today` (event time)."""
    cutoff = policy.cutoff(today)
    return tuple(r for r in memory.records if r.on >= cutoff)


def expired_keys(
    parties: Iterable[tuple[str, bytes]], policy: MemoryPolicy, today: date
) -> list[str]:
    """Parties not seen within the look-back (event time): their whole entry can go."""
    cutoff = policy.cutoff(today)
    return [
        key for key, raw in parties if (seen := last_seen_of(raw)) is not None and seen < cutoff
    ]


def last_seen_of(raw: bytes) -> date | None:
    """A stored entry's newest declaration date, read without decoding the whole value."""
    found = _LAST_SEEN.search(raw, 0, 64)
    return date.fromisoformat(found.group(1).decode()) if found else None
