"""The faust app: agents that score records, track re-export patterns and news ↔ shipment links.

Flow:  shipments/news ──score_records──► alerts (+ dead letters)
                           ├── legs (keyed by party) ──track_state──► pattern alerts
                           ├── sightings (keyed by listed entity) ──track_state──► link alerts
                           └── party sightings (keyed by name) ──track_state──► party memory
        rescreen requests (one per partition and list version) ──track_state──► retro alerts
Each stateful stage reads a topic keyed like its table, so any number of workers share the work.
score_records and track_state are consumer groups of our own (agents/batch_loop.py says why);
faust runs the worker: the producer, the web pages, the tasks and their lifecycle.
"""

from __future__ import annotations

from collections.abc import Callable

import faust

from services.detector.agents.record_loop import add_record_loop
from services.detector.agents.state_loop import add_state_loop
from services.detector.channels import declare_channels
from services.detector.engine import DetectorEngine
from services.detector.faust_app import new_faust_app
from services.detector.metrics import DetectorMetrics
from services.detector.monitoring.monitor import Monitoring
from services.detector.publishing import Publisher
from services.detector.settings import DetectorSettings
from services.detector.web import add_offset_watch, add_ops_pages


def create_app(
    settings: DetectorSettings,
    engine: DetectorEngine,
    metrics: DetectorMetrics,
    ready_checks: Callable[[], dict[str, bool]],
    monitoring: Monitoring | None = None,
) -> faust.App:
    """Build the faust app with its agents, tables and ops pages."""
    app = new_faust_app(settings)
    channels = declare_channels(app, settings)
    publisher = Publisher(app, channels, metrics)
    records = add_record_loop(app, channels, engine, publisher, metrics, settings)
    state = add_state_loop(app, channels, engine, publisher, settings, monitoring)
    add_offset_watch(app, records, [state], settings, metrics)
    add_ops_pages(app, [records, state], metrics, ready_checks)
    return app
