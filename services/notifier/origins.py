"""Where each in-flight alert came from (pure): kept until its offset is committed, then dropped.

A dead letter carries the alert's original bytes and topic/partition/offset, so the notifier
remembers them while the alert is in flight; once the partition's commit position passes the
offset nothing can dead-letter it any more, so memory stays bounded by the uncommitted alerts.
"""

from __future__ import annotations

from dataclasses import dataclass

Partition = tuple[str, int]


@dataclass(frozen=True)
class Origin:
    """An alert message as it was read."""

    topic: str
    partition: int
    offset: int
    raw: bytes | None


class OriginBook:
    """alert id → Origin, pruned by commit positions and partition revocation."""

    def __init__(self) -> None:
        self._by_alert: dict[str, Origin] = {}

    def __len__(self) -> int:
        return len(self._by_alert)

    def add(self, alert_id: str, origin: Origin) -> None:
        self._by_alert[alert_id] = origin

    def get(self, alert_id: str) -> Origin | None:
        return self._by_alert.get(alert_id)

    def prune(self, positions: dict[Partition, int]) -> None:
        """Forget alerts whose offset lies before their partition's new commit position."""
        self._by_alert = {
            alert_id: origin
            for alert_id, origin in self._by_alert.items()
            if origin.offset >= positions.get((origin.topic, origin.partition), -1)
        }

    def forget(self, partitions: list[Partition]) -> None:
        """Revoked partitions: another instance owns their alerts now."""
        gone = set(partitions)
        self._by_alert = {
            alert_id: origin
            for alert_id, origin in self._by_alert.items()
            if (origin.topic, origin.partition) not in gone
        }
