"""Retro and delisted alerts from rescreen hits (pure).

A `retro` alert: one per (remembered party, changed entry) and list version — "<entity> (added to
<list> on <date>, program …) matches <party> in N past records", listing the records. A later
version that lists the party again alerts again (the version is in the id); the same version
screened twice gives the same ids, which the notifier delivers once.
A `delisted` alert: one per (remembered party, removed entry), informational.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from schemas import Alert, AlertFacets, AlertRecord, Reason, alert_id_for
from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.rescreen import PartyHit
from services.detector.state import PastRecord

MEMORY_SOURCE = "party memory"
HIGH_SCORE = 0.9


def record_line(record: PastRecord) -> str:
    """'2026-10-20 · HS 940360 · CN → RU · importer'."""
    route = " → ".join(c.upper() for c in (record.origin, record.destination) if c) or "route ?"
    return f"{record.on.isoformat()} · HS {record.hs_code} · {route} · {record.role}"


def _occurred(record: PastRecord) -> datetime:
    return datetime.combine(record.on, time(), tzinfo=UTC)


def _programs(hit: PartyHit) -> str:
    return ", ".join(hit.match.entry.programs)


def retro_headline(hit: PartyHit, delta: ListDelta) -> str:
    entry = hit.match.entry
    verb = "updated on" if any(e.id == entry.id for e in delta.changed) else "added to"
    program = f", program {_programs(hit)}" if entry.programs else ""
    count = len(hit.records)
    noun = "past record" if count == 1 else "past records"
    return (
        f"{entry.caption} ({verb} {delta.watchlist} on {delta.listed_on(entry).isoformat()}"
        f"{program}) matches {hit.party.name} in {count} {noun}"
    )


def _evidence(hit: PartyHit, delta: ListDelta) -> dict[str, str]:
    evidence = {
        "listed_on": delta.listed_on(hit.match.entry).isoformat(),
        "list_version": delta.version,
        "matched_name": hit.match.matched_name,
        "explanation": hit.match.explanation[:1_000],
    }
    evidence.update({f"record:{r.record_id}": record_line(r) for r in hit.records})
    return evidence


def _facets(hits: list[PartyHit], delta: ListDelta) -> AlertFacets:
    records = [r for h in hits for r in h.records]
    entries = {h.match.entry.id: h.match.entry for h in hits}
    latest = max(records, key=lambda r: r.on)
    return AlertFacets(
        parties=sorted({h.party.name for h in hits}),
        countries=sorted({c for r in records for c in (r.origin, r.destination) if c}),
        hs_code=latest.hs_code,
        entity_ids=sorted(entries),
        watchlists=[delta.watchlist],
        programs=sorted({p for e in entries.values() for p in e.programs}),
    )


def retro_alert(hit: PartyHit, delta: ListDelta, now: datetime) -> Alert:
    """The retro alert for one remembered party an added or changed entry matches."""
    entry = hit.match.entry
    latest = max(hit.records, key=lambda r: r.on)
    summary = f"{len(hit.records)} past records of {hit.party.name}: " + "; ".join(
        f"{r.record_id} ({record_line(r)})" for r in hit.records
    )
    reason = Reason(
        kind="entity",
        summary=f'"{hit.party.name}" in past records ~ {delta.watchlist} entry {entry.caption}'
        f" (listed {delta.listed_on(entry).isoformat()})",
        matched=hit.party.name,
        target=entry.caption,
        watchlist=delta.watchlist,
        entry_id=entry.id,
        program=_programs(hit) or None,
        subscore=hit.match.score,
        related_record_ids=[r.record_id for r in hit.records],
        evidence=_evidence(hit, delta),
    )
    return Alert(
        alert_id=alert_id_for(
            "shipment", hit.party_key, "retro", f"{delta.watchlist}@{delta.version}", entry.id
        ),
        kind="retro",
        record=AlertRecord(
            id=latest.record_id,
            type="shipment",
            summary=summary[:2_000],
            source=MEMORY_SOURCE,
            occurred_at=_occurred(latest),
        ),
        score=hit.match.score,
        severity="high" if hit.match.score >= HIGH_SCORE else "medium",
        headline=retro_headline(hit, delta),
        reasons=[reason],
        facets=_facets([hit], delta),
        watchlist_versions={delta.watchlist: delta.version},
        created_at=now,
    )


def delisted_alert(hit: PartyHit, delta: ListDelta, now: datetime) -> Alert:
    """An informational alert: a removed entry matched this remembered party."""
    entry = hit.match.entry
    latest = max(hit.records, key=lambda r: r.on)
    count = len(hit.records)
    noun = "past record" if count == 1 else "past records"
    reason = Reason(
        kind="entity",
        summary=f'"{hit.party.name}" matched {entry.caption}, now removed from {delta.watchlist}',
        matched=hit.party.name,
        target=entry.caption,
        watchlist=delta.watchlist,
        entry_id=entry.id,
        program=_programs(hit) or None,
        subscore=hit.match.score,
        related_record_ids=[r.record_id for r in hit.records],
        evidence={f"record:{r.record_id}": record_line(r) for r in hit.records},
    )
    return Alert(
        alert_id=alert_id_for(
            "shipment", hit.party_key, "delisted", f"{delta.watchlist}@{delta.version}", entry.id
        ),
        kind="delisted",
        record=AlertRecord(
            id=latest.record_id,
            type="shipment",
            summary=f"{entry.caption} removed from {delta.watchlist}; it matched {hit.party.name}",
            source=MEMORY_SOURCE,
            occurred_at=_occurred(latest),
        ),
        score=hit.match.score,
        severity="low",
        headline=(
            f"{entry.caption} was removed from {delta.watchlist} (version {delta.version}); it"
            f" matched {hit.party.name} in {count} {noun}"
        ),
        reasons=[reason],
        facets=_facets([hit], delta),
        watchlist_versions={delta.watchlist: delta.version},
        created_at=now,
    )


def alerts_for(hits: list[PartyHit], delta: ListDelta, now: datetime) -> list[Alert]:
    """A retro alert per (party, added or changed entry), a delisted one per (party, removed
    entry); the notifier groups each list update's alerts about one entity into one thread."""
    build = {"retro": retro_alert, "delisted": delisted_alert}
    return [build[hit.kind](hit, delta, now) for hit in hits]
