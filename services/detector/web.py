"""The detector's web pages (/metrics, /healthz, /readyz) and its broker-side lag export."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import faust
import structlog
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas import Topics
from services.common.consumer_lag import LagProbe, Partition
from services.detector.metrics import DetectorMetrics
from services.detector.settings import DetectorSettings

log = structlog.get_logger(__name__)


def add_lag_export(app: faust.App, settings: DetectorSettings, metrics: DetectorMetrics) -> None:
    topics = Topics(settings.topic_namespace)
    lag_probe = LagProbe(settings.kafka, settings.group_id)
    input_topics = {topics.shipments: "shipments", topics.news: "news"}

    @app.timer(interval=5.0)
    async def export_lag() -> None:
        """Lag of this worker's input partitions, from the broker (end − committed offset)."""
        assigned = [
            Partition(tp.topic, tp.partition)
            for tp in app.consumer.assignment()
            if tp.topic in input_topics
        ]
        try:
            totals = await asyncio.get_running_loop().run_in_executor(None, lag_probe.lag, assigned)
        except Exception as exc:  # the broker may be away; the next tick tries again
            log.warning("lag.probe_failed", error=str(exc)[:300])
            return
        for topic_name, label in input_topics.items():
            metrics.consumer_lag.labels(label).set(totals.get(topic_name, 0))


def add_ops_pages(
    app: faust.App, metrics: DetectorMetrics, ready_checks: Callable[[], dict[str, bool]]
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
        kafka_ok = bool(worker_started) and app.consumer is not None and not app.rebalancing
        checks = {**ready_checks(), "kafka": kafka_ok}
        ready = all(checks.values())
        return web.json(
            {"status": "ready" if ready else "not_ready", "checks": checks},
            status=200 if ready else 503,
        )
