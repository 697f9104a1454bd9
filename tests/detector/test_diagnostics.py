"""What a stalled worker logs: faust's bookkeeping for the stalled partitions, or "unknown"."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import SimpleNamespace

from services.common.consumer_lag import Partition
from services.detector.diagnostics import consumer_view, waiting_tasks


@dataclass(frozen=True)
class TP:
    topic: str
    partition: int


def test_the_view_shows_the_stalled_partitions_bookkeeping_only() -> None:
    stuck, other = TP("shipments", 0), TP("shipments", 1)
    consumer = SimpleNamespace(
        _unacked_messages={"m1", "m2"},
        _paused_partitions={other},
        _buffered_partitions={stuck},
        _acked={stuck: [15, 12, 13, 14, 16, 17], other: [3]},
        _committed_offset={stuck: 10},
        _gap={},
    )
    app = SimpleNamespace(consumer=consumer, flow_control=SimpleNamespace(is_active=lambda: True))
    assert consumer_view(app, [Partition("shipments", 0)]) == {
        "unacked_messages": 2,
        "flow_active": True,
        "paused": ["shipments:1"],
        "buffer_full": ["shipments:0"],
        "shipments:0": {
            "believed_committed": 10,
            "acked_count": 6,
            "acked_lowest": [12, 13, 14, 15, 16],
            "gaps": 0,
        },
    }


def test_a_faust_without_those_attributes_gives_unknown_not_an_error() -> None:
    view = consumer_view(SimpleNamespace(consumer=None), [Partition("shipments", 0)])
    assert list(view) == ["unknown"]


def test_the_waiting_tasks_are_named_with_their_stacks() -> None:
    async def parked() -> None:
        await asyncio.sleep(60)

    async def main() -> str:
        task = asyncio.create_task(parked(), name="parked-agent")
        await asyncio.sleep(0)
        try:
            return waiting_tasks(asyncio.get_running_loop())
        finally:
            task.cancel()

    dump = asyncio.run(main())
    assert "--- parked-agent" in dump and "in parked" in dump
    assert waiting_tasks(None) == ""  # the watch started before the loop was known
