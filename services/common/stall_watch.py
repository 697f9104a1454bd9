"""Stalled input: a partition whose committed offset stays put while records wait beyond it.

A consumer that stopped committing (a stuck task, offset bookkeeping lost in a rebalance) looks
alive: it heartbeats and answers /healthz. What shows it is the broker's view: the group's
committed offset on a partition has not moved for `timeout_seconds` although the partition's end
is past it. Pure logic; the caller reads the offsets (LagProbe.progress) and decides what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.common.consumer_lag import Partition, Progress


@dataclass(frozen=True)
class Stalled:
    """A partition that made no progress: where it stands and since when (monotonic seconds)."""

    partition: Partition
    committed: int | None
    end: int
    since: float


class StallWatch:
    """Remembers, per partition, the committed offset last seen to move and when."""

    def __init__(self, timeout_seconds: float) -> None:
        if timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        self.timeout_seconds = timeout_seconds
        self._last_move: dict[Partition, tuple[int | None, float]] = {}

    def reset(self) -> None:
        """Forget every clock (partitions changed hands, or the worker was recovering)."""
        self._last_move.clear()

    def observe(self, progress: dict[Partition, Progress], now: float) -> list[Stalled]:
        """The partitions stalled for at least the timeout, given their progress at `now`.

        A partition that is caught up (nothing beyond its committed offset) is never stalled; one
        not in `progress` (no longer assigned) is forgotten.
        """
        for gone in self._last_move.keys() - progress.keys():
            del self._last_move[gone]
        stalled = []
        for tp, state in sorted(progress.items()):
            last = self._last_move.get(tp)
            if _caught_up(state) or last is None or last[0] != state.committed:
                self._last_move[tp] = (state.committed, now)
                continue
            if now - last[1] >= self.timeout_seconds:
                stalled.append(Stalled(tp, state.committed, state.end, last[1]))
        return stalled


def _caught_up(state: Progress) -> bool:
    """Nothing beyond the committed offset (never committed, or -1 from the broker: offset 0)."""
    committed = state.committed if state.committed is not None else 0
    return state.end <= max(committed, 0)
