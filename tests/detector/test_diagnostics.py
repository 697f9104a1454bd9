"""What a stalled worker logs: the waiting tasks' stacks."""

from __future__ import annotations

import asyncio

from services.detector.diagnostics import waiting_tasks


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
