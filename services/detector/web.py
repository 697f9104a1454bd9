"""The detector's web pages (/metrics, /healthz, /readyz), its broker-side lag export and the
stalled-input watch."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import faust
import structlog
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas import Topics
from services.common.consumer_lag import LagProbe, Partition, Progress, lag_of
from services.common.stall_watch import StallWatch
from services.detector.agents.batch_loop import BatchLoop
from services.detector.diagnostics import waiting_tasks
from services.detector.exits import exit_to_restart
from services.detector.metrics import DetectorMetrics
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)


class OffsetWatch:
    """Every tick: lag of the input topics for the metric, and the stall watch over every
    partition this worker consumes: the record topics (read by the record loop's group) and the
    other batch loops' inputs (legs, sightings, party sightings; not the rescreen requests, one of
    which may rightly wait for its list version).

    It runs in a thread of its own, so a worker whose event loop is blocked is seen stalled too.
    """

    def __init__(
        self,
        app: faust.App,
        records: BatchLoop,
        others: list[BatchLoop],
        settings: DetectorSettings,
        metrics: DetectorMetrics,
        on_stall: Callable[[], None],
    ) -> None:
        topics = Topics(settings.topic_namespace)
        self._app = app
        self._records = records
        self._metrics = metrics
        self._probe = LagProbe(settings.kafka, records.group_id)
        self._others = [(loop, LagProbe(settings.kafka, loop.group_id)) for loop in others]
        self._inputs = {topics.shipments: "shipments", topics.news: "news"}
        self._unwatched = {topics.detector_rescreens}
        timeout = settings.stall_timeout_seconds
        self._watch = StallWatch(timeout) if timeout > 0 else None
        self._on_stall = on_stall
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, loop: asyncio.AbstractEventLoop, interval_seconds: float = 5.0) -> None:
        """Tick every `interval_seconds` in a daemon thread until `stop`."""
        self._loop = loop

        def run() -> None:
            while not self._stopped.wait(interval_seconds):
                self.tick()

        self._thread = threading.Thread(target=run, name="offset-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def join(self, timeout_seconds: float) -> None:
        """Wait for the thread to end after `stop` (it may be in a broker call)."""
        if self._thread is not None:
            self._thread.join(timeout_seconds)

    def tick(self) -> None:
        try:
            progress = self._probe.progress(self._records.assignment())
            totals = lag_of(progress)
            for loop, probe in self._others:
                watched = [p for p in loop.assignment() if p.topic not in self._unwatched]
                progress |= probe.progress(watched)
        except Exception as exc:  # the broker may be away; the next tick tries again
            log.warning("lag.probe_failed", error=str(exc)[:300])
            if self._watch is not None:
                self._watch.reset()  # no commit can move while the broker is away
            return
        for topic_name, label in self._inputs.items():
            self._metrics.consumer_lag.labels(label).set(totals.get(topic_name, 0))
        if not self._stopped.is_set():
            self._check_stall(progress)

    def _check_stall(self, progress: dict[Partition, Progress]) -> None:
        if self._watch is None:
            return
        loops = [self._records, *(loop for loop, _ in self._others)]
        if (
            self._app.rebalancing
            or self._app.in_recovery
            or any(loop.rebalancing for loop in loops)
        ):
            self._watch.reset()  # offsets rightly stand still meanwhile
            return
        stalled = self._watch.observe(progress, time.monotonic())
        if not stalled:
            return
        log.error(
            "detector.input_stalled",
            seconds=self._watch.timeout_seconds,
            partitions=[
                {
                    "topic": s.partition.topic,
                    "partition": s.partition.partition,
                    "committed": s.committed,
                    "end": s.end,
                }
                for s in stalled
            ],
            batch_loops=[loop.view() for loop in loops],
            tasks=waiting_tasks(self._loop),
        )
        self._on_stall()


def add_offset_watch(
    app: faust.App,
    records: BatchLoop,
    others: list[BatchLoop],
    settings: DetectorSettings,
    metrics: DetectorMetrics,
    on_stall: Callable[[], None] = exit_to_restart,
) -> OffsetWatch:
    watch = OffsetWatch(app, records, others, settings, metrics, on_stall)

    @app.task
    async def start_offset_watch() -> None:
        watch.start(asyncio.get_running_loop())

    async def stop_offset_watch(*_: Any, **__: Any) -> None:
        watch.stop()  # a stopping worker's offsets rightly stand still

    app.on_before_shutdown.connect(stop_offset_watch)
    return watch


def add_ops_pages(
    app: faust.App,
    loops: list[BatchLoop],
    metrics: DetectorMetrics,
    ready_checks: Callable[[], dict[str, bool]],
) -> None:
    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(
            generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0]
        )

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "ok"})

    # faust serves HTTP while the worker still declares changelogs and joins the group (losing the
    # broker then stops it); app tasks start only once it has finished, so readiness waits for one.
    worker_started: list[bool] = []

    @app.task
    async def mark_worker_started() -> None:
        worker_started.append(True)

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        kafka_ok = (
            bool(worker_started)
            and app.consumer is not None
            and not app.rebalancing
            and all(loop.started and not loop.rebalancing for loop in loops)
        )
        checks = {**ready_checks(), "kafka": kafka_ok}
        ready = all(checks.values())
        return web.json(
            {"status": "ready" if ready else "not_ready", "checks": checks},
            status=200 if ready else 503,
        )
