"""The monitor: list changes from the follower thread become rescreen requests on the loop."""

from __future__ import annotations

import asyncio
import threading

from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.monitor import ListMonitor
from tests.detector.monitoring.factories import TODAY, entry

POTOK = entry("x", "Severny Potok Elektronika")


def change(version: str, *, empty: bool = False) -> ListDelta:
    added = () if empty else (POTOK,)
    return ListDelta("blocklist", version, "v0", TODAY, added=added)


def test_changes_before_the_worker_runs_are_requested_once_it_does() -> None:
    monitor = ListMonitor()
    monitor.list_changed(change("v1"))
    requested: list[tuple[str, str]] = []

    async def request(watchlist: str, version: str) -> None:
        requested.append((watchlist, version))

    async def run() -> None:
        monitor.attach(asyncio.get_running_loop(), request)
        thread = threading.Thread(target=monitor.list_changed, args=(change("v2"),))
        thread.start()
        await asyncio.to_thread(thread.join)
        for _ in range(50):
            if len(requested) == 2:
                break
            await asyncio.sleep(0.01)

    asyncio.run(run())
    assert requested == [("blocklist", "v1"), ("blocklist", "v2")]


def test_an_empty_change_requests_nothing_and_a_newer_version_supersedes_an_older() -> None:
    monitor = ListMonitor()
    requested: list[tuple[str, str]] = []

    async def request(watchlist: str, version: str) -> None:
        requested.append((watchlist, version))

    async def run() -> None:
        monitor.attach(asyncio.get_running_loop(), request)
        monitor.list_changed(change("v1"))
        monitor.list_changed(change("v2", empty=True))
        await asyncio.sleep(0.05)

    asyncio.run(run())
    assert requested == [("blocklist", "v1")]
    assert monitor.superseded("blocklist", "v1")  # v2 came after it
    assert monitor.superseded("blocklist", "v2")  # applied, nothing to screen
    assert monitor.screen_for("blocklist", "v1") is None


def test_a_partition_waits_for_this_process_to_apply_the_version() -> None:
    monitor = ListMonitor()

    async def run() -> tuple[object, object]:
        waiting = asyncio.create_task(monitor.wait_for("blocklist", "v3", timeout_seconds=10))
        await asyncio.sleep(0.05)
        await asyncio.to_thread(monitor.list_changed, change("v3"))
        found = await waiting
        missing = await monitor.wait_for("blocklist", "v9", timeout_seconds=0.3)
        return found, missing

    found, missing = asyncio.run(run())
    assert found is not None and found is monitor.screen_for("blocklist", "v3")
    assert missing is None


def test_a_change_larger_than_the_limit_is_not_screened() -> None:
    monitor = ListMonitor(max_entries=0)
    monitor.list_changed(change("v1"))
    assert monitor.screen_for("blocklist", "v1") is None
    assert monitor.superseded("blocklist", "v1")  # applied: a rescreen request for it is skipped
