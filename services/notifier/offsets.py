"""Which offsets may be committed (pure): only past alerts whose every channel is settled.

An alert is settled for a channel when Slack confirmed it, it was a duplicate or silenced, or it
went to the dead-letter topic. The commit position of a partition is the first unsettled offset.
"""

from __future__ import annotations

from collections import defaultdict

Partition = tuple[str, int]


class OffsetTracker:
    """Per partition: offsets in flight and the highest fetched, for commits and lag."""

    def __init__(self) -> None:
        self._open: dict[Partition, dict[int, set[str]]] = defaultdict(dict)
        self._waiting: dict[tuple[str, str], list[tuple[Partition, int]]] = defaultdict(list)
        self.committed: dict[Partition, int] = {}
        self._handed_out: dict[Partition, int] = {}  # positions returned, not yet marked committed

    def track(self, partition: Partition, offset: int, alert_id: str, channels: list[str]) -> None:
        """An alert was fetched and must reach these channels before its offset is committed."""
        self._open[partition][offset] = set(channels)
        for channel in channels:
            self._waiting[(alert_id, channel)].append((partition, offset))

    def skip(self, partition: Partition, offset: int) -> None:
        """A message that needs nothing more (invalid, dead-lettered at parse)."""
        self._open[partition][offset] = set()

    def settle(self, alert_id: str, channel: str) -> None:
        """The alert is done for this channel (every fetched copy of it)."""
        for partition, offset in self._waiting.pop((alert_id, channel), []):
            channels = self._open[partition].get(offset)
            if channels is not None:
                channels.discard(channel)

    def commit_positions(self) -> dict[Partition, int]:
        """Partitions whose commit position moved: {partition: next offset to read}; a position
        handed out before whose commit failed is handed out again until it is marked committed."""
        moved = dict(self._handed_out)
        for partition, offsets in self._open.items():
            position = None
            for offset in sorted(offsets):
                if offsets[offset]:
                    break
                position = offset + 1
                del offsets[offset]
            if position is not None and position > self.committed.get(partition, -1):
                moved[partition] = position
        self._handed_out = dict(moved)
        return moved

    def mark_committed(self, positions: dict[Partition, int]) -> None:
        self.committed.update(positions)
        for partition, position in positions.items():
            if self._handed_out.get(partition) == position:
                del self._handed_out[partition]

    def forget(self, partitions: list[Partition]) -> None:
        """Revoked partitions: their uncommitted alerts go to the new owner."""
        for partition in partitions:
            self._open.pop(partition, None)
            self._handed_out.pop(partition, None)
        for key, places in list(self._waiting.items()):
            kept = [p for p in places if p[0] not in partitions]
            if kept:
                self._waiting[key] = kept
            else:
                del self._waiting[key]
