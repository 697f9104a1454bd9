"""The delivery ledger (pure): what was posted where, and which threads exist."""

from __future__ import annotations

import hashlib

from schemas.notifier import DeliveryDone, DeliveryIntent, MessageRole, StateMarker
from services.notifier.grouping import Thread


def message_id_for(channel: str, role: MessageRole, alert_ids: list[str]) -> str:
    """Deterministic: same channel, role and alerts → same id."""
    material = "\x1f".join([channel, role, *sorted(alert_ids)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


class DeliveryLedger:
    """Built by replaying the state topic; answers 'already delivered?' and 'which thread?'."""

    def __init__(self) -> None:
        self.delivered: dict[tuple[str, str], float] = {}  # (alert_id, channel) → posted at
        self.threads: dict[tuple[str, str], Thread] = {}  # (channel, group_key) → parent
        self.intents: dict[str, DeliveryIntent] = {}  # message_id → intent without a done yet
        self.markers: set[str] = set()
        self._done_ids: dict[str, float] = {}  # message_id → posted at

    def apply(self, record: DeliveryIntent | DeliveryDone | StateMarker) -> None:
        """Fold one state record in (records may arrive twice or out of order across partitions)."""
        if isinstance(record, StateMarker):
            self.markers.add(record.marker_id)
        elif isinstance(record, DeliveryIntent):
            if not all((a, record.channel) in self.delivered for a in record.alert_ids):
                self.intents[record.message_id] = record
        else:
            self._apply_done(record)

    def _apply_done(self, done: DeliveryDone) -> None:
        self.intents.pop(done.message_id, None)
        if done.message_id in self._done_ids:
            return  # our own record echoed back by the state topic, or a replay
        at = done.at.timestamp()
        self._done_ids[done.message_id] = at
        self.delivered.update(((a, done.channel), at) for a in done.alert_ids)
        group = (done.channel, done.group_key)
        thread = self.threads.get(group)
        if done.role in ("parent", "standalone") and (thread is None or at >= thread.posted_at):
            self.threads[group] = Thread(done.ts, done.parent_alert, len(done.alert_ids), at, at)
        elif done.role == "reply" and thread is not None and thread.ts == done.thread_ts:
            thread.count += len(done.alert_ids)
            thread.last_flush_at = max(thread.last_flush_at, at)

    def is_delivered(self, alert_id: str, channel: str) -> bool:
        return (alert_id, channel) in self.delivered

    def prune(self, now: float, retention_seconds: float) -> int:
        """Forget deliveries, threads and markers older than the retention; returns how many.

        An alert re-emitted after the retention is posted again, and a group whose parent is
        older starts a new parent (which `repeat_interval`, shorter, has done already).
        """
        cutoff = now - retention_seconds
        before = len(self.delivered) + len(self.threads) + len(self._done_ids)
        self.delivered = {k: at for k, at in self.delivered.items() if at >= cutoff}
        self._done_ids = {k: at for k, at in self._done_ids.items() if at >= cutoff}
        self.threads = {k: t for k, t in self.threads.items() if t.last_flush_at >= cutoff}
        self.intents = {k: i for k, i in self.intents.items() if i.at.timestamp() >= cutoff}
        self.markers.clear()  # only needed while the state topic is replayed at start
        return before - len(self.delivered) - len(self.threads) - len(self._done_ids)
