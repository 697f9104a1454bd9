"""Hands list changes from the watchlist follower (a thread) to the faust worker's agents.

The follower computes each change's delta as it swaps the list in; the monitor prepares it for
screening, keeps it by (list, version) and asks the worker to send one rescreen request per
partition. The agent that takes a partition's request waits here for this process's own delta
of that version (every worker follows the lists), so whichever worker owns the partition then
screens it — also after a rebalance or a crash, as the request is redelivered until done.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from dataclasses import dataclass

import structlog
from prometheus_client import CollectorRegistry

from services.detector.monitoring.delta import ListDelta
from services.detector.monitoring.memory import MemoryPolicy
from services.detector.monitoring.metrics import MonitoringMetrics
from services.detector.monitoring.rescreen import DeltaScreen
from services.detector.settings import DetectorSettings
from services.lists.matching import DEFAULT_THRESHOLD

log = structlog.get_logger(__name__)
RequestRescreen = Callable[[str, str], Coroutine[object, object, None]]


class ListMonitor:
    """Thread-safe: `list_changed` from the follower; `screen_for` / `wait_for` from agents."""

    def __init__(
        self, threshold: float = DEFAULT_THRESHOLD, max_entries: int | None = None
    ) -> None:
        self.threshold = threshold
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._screens: dict[tuple[str, str], DeltaScreen] = {}
        self._newest: dict[str, str] = {}  # list → newest version applied in this process
        self._loop: asyncio.AbstractEventLoop | None = None
        self._request: RequestRescreen | None = None
        self._unsent: list[tuple[str, str]] = []
        self._sent: list[Future[None]] = []

    def list_changed(self, delta: ListDelta) -> None:
        """Called by the follower after a list was swapped in (not on the event loop)."""
        started = time.perf_counter()
        size = len(delta.to_screen) + len(delta.removed)
        too_large = self.max_entries is not None and size > self.max_entries
        if too_large:
            log.warning(
                "monitoring.delta_too_large",
                watchlist=delta.watchlist,
                version=delta.version,
                entries=size,
                limit=self.max_entries,
            )
        screened = not delta.empty and not too_large
        screen = DeltaScreen.prepare(delta, self.threshold) if screened else None
        with self._lock:
            self._newest[delta.watchlist] = max(
                self._newest.get(delta.watchlist, ""), delta.version
            )
            # Older versions of this list are covered by this one's delta (from this process's base).
            for key in [k for k in self._screens if k[0] == delta.watchlist]:
                del self._screens[key]
            if screen is not None:
                self._screens[(delta.watchlist, delta.version)] = screen
        log.info(
            "monitoring.list_changed",
            watchlist=delta.watchlist,
            version=delta.version,
            previous=delta.previous_version,
            added=len(delta.added),
            changed=len(delta.changed),
            removed=len(delta.removed),
            seconds=round(time.perf_counter() - started, 2),
        )
        if screen is not None:
            self._ask((delta.watchlist, delta.version))

    def attach(self, loop: asyncio.AbstractEventLoop, request: RequestRescreen) -> None:
        """The worker is running: send rescreen requests through `request` on `loop`."""
        with self._lock:
            self._loop, self._request = loop, request
            unsent, self._unsent = self._unsent, []
        for change in unsent:
            self._ask(change)

    def _ask(self, change: tuple[str, str]) -> None:
        with self._lock:
            loop, request = self._loop, self._request
            if loop is None or request is None:
                self._unsent.append(change)
                return
        sent = asyncio.run_coroutine_threadsafe(request(*change), loop)
        sent.add_done_callback(lambda done: _log_failure(done, change))
        self._sent.append(sent)
        self._sent = [f for f in self._sent if not f.done()]

    def screen_for(self, watchlist: str, version: str) -> DeltaScreen | None:
        with self._lock:
            return self._screens.get((watchlist, version))

    def superseded(self, watchlist: str, version: str) -> bool:
        """This process already applied a newer version (whose delta covers this one) or the
        same one with nothing to screen."""
        with self._lock:
            newest = self._newest.get(watchlist, "")
            return newest > version or (
                newest == version and (watchlist, version) not in self._screens
            )

    async def wait_for(
        self, watchlist: str, version: str, timeout_seconds: float
    ) -> DeltaScreen | None:
        """This process's delta for (list, version), once its follower applied it; None when a
        newer version covers it, there is nothing to screen, or it does not come in time."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            screen = self.screen_for(watchlist, version)
            if screen is not None or self.superseded(watchlist, version):
                return screen
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(0.2)


def _log_failure(sent: Future[None], change: tuple[str, str]) -> None:
    if not sent.cancelled() and sent.exception() is not None:
        log.error(
            "monitoring.rescreen_request_failed",
            watchlist=change[0],
            version=change[1],
            error=repr(sent.exception()),
        )


@dataclass(frozen=True)
class Monitoring:
    """What continuous monitoring needs in a detector process, built once in main()."""

    monitor: ListMonitor
    policy: MemoryPolicy
    metrics: MonitoringMetrics
    wait_seconds: float

    @classmethod
    def from_settings(cls, settings: DetectorSettings, registry: CollectorRegistry) -> Monitoring:
        return cls(
            monitor=ListMonitor(max_entries=settings.rescreen_max_entries),
            policy=MemoryPolicy(
                lookback_days=settings.party_memory_lookback_days,
                max_records=settings.party_memory_max_records,
            ),
            metrics=MonitoringMetrics(registry),
            wait_seconds=settings.rescreen_wait_seconds,
        )
