"""chokepoint-detector: the faust worker that scores shipments and news and emits alerts."""

from __future__ import annotations

import argparse
import sys

import structlog

from schemas import Topics
from services.common.heap import settle_long_lived_objects
from services.common.logs import configure_logging
from services.common.startup import load_or_exit, run_or_exit
from services.common.topics_admin import ensure_topics
from services.detector.scoring import RiskConfigError
from services.detector.settings import DetectorSettings
from services.lists.watchlists import WatchlistError

log = structlog.get_logger(__name__)

_EPILOG = """Settings come from DETECTOR_* environment variables (see README, "Detector settings"),
e.g. DETECTOR_KAFKA__BOOTSTRAP_SERVERS=kafka:9092 DETECTOR_WATCHLIST_PATHS='["/lists/sdn.csv"]'.
Serves /metrics, /healthz and /readyz on DETECTOR_HTTP_PORT (default 6066)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chokepoint-detector",
        description="Score customs shipments and news against watchlists and emit explained alerts.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.parse_args(argv)
    settings = load_or_exit(DetectorSettings, "DETECTOR_", "chokepoint-detector")
    configure_logging(settings.log_level, settings.log_json)
    return run_or_exit(
        "chokepoint-detector", lambda: run(settings), (RiskConfigError, WatchlistError)
    )


def run(settings: DetectorSettings) -> int:
    """Load lists, create topics, start the worker; returns when stopped (SIGINT/SIGTERM)."""
    import faust

    from services.detector.app import create_app
    from services.detector.bootstrap import apply_snapshot_to, build_engine
    from services.detector.channels import state_changelogs
    from services.detector.metrics import DetectorMetrics
    from services.detector.monitoring.monitor import Monitoring
    from services.lists.watchlists.follower import WatchlistFollower

    settings.data_dir.mkdir(parents=True, exist_ok=True)  # faust creates only the last level
    metrics = DetectorMetrics()
    monitoring = Monitoring.from_settings(settings, metrics.registry)
    engine, registry = build_engine(settings, metrics)
    settle_long_lived_objects()  # the lists' index out of the collector's full passes
    topics = Topics(settings.topic_namespace)
    ensure_topics(
        settings.kafka,
        topics.all() + state_changelogs(settings),
        partitions=settings.topic_partitions,
        replication_factor=settings.topic_replication_factor,
    )
    follower = WatchlistFollower(
        settings.kafka,
        topics,
        apply_snapshot_to(engine, registry, metrics, monitoring.monitor.list_changed),
    )
    follower.start()
    app = create_app(
        settings,
        engine,
        metrics,
        ready_checks=lambda: {"watchlists": follower.caught_up},
        monitoring=monitoring,
    )

    class Worker(faust.Worker):
        def _setup_logging(self) -> None:
            """Keep the structlog set-up from main(); faust would install its own handlers."""

    worker = Worker(app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        follower.stop()
        log.info("detector.stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
