"""Two instances opening a parent for the same new group at once: the earliest message wins.

Alerts of one group can sit on different partitions of the alerts topic, so two notifier
instances may each post a parent for a brand-new group at the same instant. Right after posting
(before recording it), each instance lists the channel's recent messages of that group (by the
group token in the message metadata). Slack orders a channel's messages by `ts`, so both see the
same earliest parent: the instance whose parent is not the earliest deletes it and threads its
alerts under the winner. No lock, no extra topic; needs `channels:history` like reconciliation.
"""

from __future__ import annotations

import hashlib

import structlog

from services.notifier.errors import DeliveryError
from services.notifier.sinks import Sink

log = structlog.get_logger(__name__)


class ParentSupersededError(Exception):
    """Our new parent lost to an earlier one of the same group (posted by another instance)."""

    def __init__(self, winner_ts: str) -> None:
        super().__init__(f"an earlier parent {winner_ts} exists")
        self.winner_ts = winner_ts


def group_token(channel: str, group_key: str) -> str:
    """What goes into a message's metadata to find a group's parents (no names in it)."""
    return hashlib.sha256(f"{channel}\x1f{group_key}".encode()).hexdigest()[:24]


def ts_order(ts: str) -> tuple[int, int]:
    """Slack ts ("seconds.micros") as exact integers (a float loses the last digits)."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


async def earlier_parent(
    sink: Sink, channel: str, group: str, own_ts: str, window_seconds: float
) -> str | None:
    """The earliest parent of `group` posted before ours within the window, if there is one."""
    try:
        found = await sink.find_group_parents(channel, group, ts_order(own_ts)[0] - window_seconds)
    except DeliveryError as exc:  # keep ours: a duplicate parent beats a lost alert
        log.warning("parent_race.lookup_failed", channel=channel, code=exc.code)
        return None
    earlier = [ts for ts in found if ts_order(ts) < ts_order(own_ts)]
    return min(earlier, key=ts_order) if earlier else None
