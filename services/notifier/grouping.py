"""Grouping (pure), the way Alertmanager does it, adapted to Slack threads.

A group is (channel, group key). Its first alerts wait `group_wait` and then become one channel
message (the parent); later alerts are flushed at most every `group_interval` into the parent's
thread, and the parent's counter is updated. After `repeat_interval` a group starts a new parent,
so a long-running case re-notifies the channel instead of hiding in an old thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import Alert

GROUP_FIELDS = frozenset(
    {
        "entity",
        "counterparty",
        "hs4",
        "record_type",
        "severity",
        "watchlist",
        "program",
        "country",
        "alert_id",
    }
)


def _matched_parties(alert: Alert) -> set[str]:
    return {r.matched.casefold() for r in alert.reasons if r.kind == "entity" and r.matched}


def group_field(alert: Alert, name: str) -> str:
    """One component of the group key."""
    facets = alert.facets
    if name == "entity":
        return ",".join(sorted({e.casefold() for e in facets.entity_ids}))
    if name == "counterparty":
        matched = _matched_parties(alert)
        return ",".join(
            sorted({p.casefold() for p in facets.parties if p.casefold() not in matched})
        )
    if name == "hs4":
        return (facets.hs_code or "")[:4]
    if name == "record_type":
        return alert.record.type
    if name == "severity":
        return alert.severity
    if name == "watchlist":
        return ",".join(sorted(facets.watchlists))
    if name == "program":
        return ",".join(sorted(facets.programs))
    if name == "country":
        return ",".join(sorted(facets.countries))
    if name == "alert_id":
        return alert.alert_id
    raise ValueError(f"unknown group field {name!r}")


LIST_UPDATE_KINDS = frozenset({"retro", "delisted"})


def list_update_group_key(alert: Alert) -> str:
    """A list update's retro (or delisted) alerts about one listed entity: one parent message,
    the rest in its thread."""
    versions = ",".join(f"{name}@{v}" for name, v in sorted(alert.watchlist_versions.items()))
    return f"{alert.kind}|update={versions}|entity={group_field(alert, 'entity')}"


def group_key(alert: Alert, fields: list[str]) -> str:
    """`entity=…|counterparty=…|hs4=…`; no fields → every alert is its own group. Retro and
    delisted alerts group per list update and entity, whatever the fields (a burst from one
    update is one case)."""
    if alert.kind in LIST_UPDATE_KINDS:
        return list_update_group_key(alert)
    if not fields:
        return f"alert_id={alert.alert_id}"
    return "|".join(f"{name}={group_field(alert, name)}" for name in fields)


@dataclass
class Thread:
    """What the ledger knows about a group's current parent message."""

    ts: str | None
    parent_alert: Alert | None
    count: int
    posted_at: float
    last_flush_at: float


@dataclass
class Batch:
    """Alerts to send together to one channel; thread None means: post a new parent."""

    channel: str
    group_key: str
    alerts: list[Alert]
    thread: Thread | None


@dataclass
class _Pending:
    alerts: list[Alert] = field(default_factory=list)
    first_at: float = 0.0


class Grouper:
    """Buffers alerts per group and says which batches are due; one batch per group in flight."""

    def __init__(self, group_wait: float, group_interval: float, repeat_interval: float) -> None:
        self.group_wait = group_wait
        self.group_interval = group_interval
        self.repeat_interval = repeat_interval
        self._pending: dict[tuple[str, str], _Pending] = {}
        self._in_flight: set[tuple[str, str]] = set()

    def add(self, channel: str, key: str, alert: Alert, now: float) -> None:
        pending = self._pending.setdefault((channel, key), _Pending(first_at=now))
        if all(a.alert_id != alert.alert_id for a in pending.alerts):
            pending.alerts.append(alert)

    def pending_count(self) -> int:
        return sum(len(p.alerts) for p in self._pending.values())

    def _ready_at(self, pending: _Pending, thread: Thread | None, now: float) -> float:
        if thread is None or now - thread.posted_at >= self.repeat_interval:
            return pending.first_at + self.group_wait
        return max(pending.first_at, thread.last_flush_at + self.group_interval)

    def due(self, now: float, threads: dict[tuple[str, str], Thread]) -> list[Batch]:
        """Take every batch whose time has come (and whose group has nothing in flight)."""
        batches = []
        for group, pending in list(self._pending.items()):
            if group in self._in_flight:
                continue
            thread = threads.get(group)
            if now >= self._ready_at(pending, thread, now):
                fresh = thread is None or now - thread.posted_at >= self.repeat_interval
                batches.append(Batch(group[0], group[1], pending.alerts, None if fresh else thread))
                del self._pending[group]
                self._in_flight.add(group)
        return batches

    def next_due_in(self, now: float, threads: dict[tuple[str, str], Thread]) -> float | None:
        """Seconds until the next batch could be due (None when nothing waits)."""
        waits = [
            self._ready_at(p, threads.get(g), now) - now
            for g, p in self._pending.items()
            if g not in self._in_flight
        ]
        return max(min(waits), 0.0) if waits else None

    def release(self, channel: str, key: str) -> None:
        """A batch finished (sent, or dead-lettered): the group may send again."""
        self._in_flight.discard((channel, key))
