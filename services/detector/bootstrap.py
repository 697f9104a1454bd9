"""Build the detector's engine from settings: watchlists, product catalogue, risk config."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import structlog

from schemas import WatchlistSnapshot
from services.detector.engine import DetectorEngine
from services.detector.matching import MatchIndex
from services.detector.metrics import DetectorMetrics
from services.detector.scoring import ProductCatalog, load_risk_config
from services.detector.settings import DetectorSettings
from services.detector.watchlists import Watchlist, default_watchlist_paths, load_watchlists

log = structlog.get_logger(__name__)


def watchlist_paths(settings: DetectorSettings) -> list[Path]:
    """The configured lists, else the shared lists (or the fetch cache)."""
    return list(settings.watchlist_paths) or default_watchlist_paths(settings.shared_data_dir)


def record_watchlist_metrics(metrics: DetectorMetrics, watchlists: list[Watchlist]) -> None:
    now = time.time()
    for watchlist in watchlists:
        metrics.watchlist_entries.labels(watchlist.name).set(len(watchlist.entries))
        metrics.watchlist_loaded.labels(watchlist.name).set(now)


def build_engine(
    settings: DetectorSettings, metrics: DetectorMetrics | None = None, extra_watchlists: list[Path] | None = None
) -> DetectorEngine:
    """Load every list and rule once; raises on anything unusable (fail loudly at start-up)."""
    started = time.perf_counter()
    paths = list(extra_watchlists or []) or watchlist_paths(settings)
    if not paths:
        raise FileNotFoundError(
            "no watchlists: set DETECTOR_WATCHLIST_PATHS, provide the shared data, or run `chokepoint watchlist fetch`"
        )
    watchlists = load_watchlists(paths)
    index = MatchIndex.build(watchlists)
    catalog = ProductCatalog.load(
        settings.resolved_chpl_path(),
        settings.resolved_hs_nomenclature_path(),
        custom_lists=settings.custom_hs_lists,
    )
    config = load_risk_config(settings.risk_config_path)
    if metrics is not None:
        record_watchlist_metrics(metrics, watchlists)
    log.info(
        "engine.built",
        watchlists={w.name: len(w.entries) for w in watchlists},
        seconds=round(time.perf_counter() - started, 2),
    )
    return DetectorEngine(index, catalog, config)


def apply_snapshot_to(engine: DetectorEngine, metrics: DetectorMetrics) -> Callable[[WatchlistSnapshot], None]:
    """A follower callback: load a published snapshot, rebuild the index, swap it into the engine."""
    def apply(snapshot: WatchlistSnapshot) -> None:
        from services.detector.watchlist_registry import WatchlistRegistry

        registry = WatchlistRegistry(engine.loaded_watchlists)
        try:
            index = registry.apply_snapshot(snapshot)
        except Exception:
            metrics.watchlist_updates.labels("failed").inc()
            raise
        engine.use_index(index)
        record_watchlist_metrics(metrics, [w for w in registry.watchlists() if w.name == snapshot.name])
        metrics.watchlist_updates.labels("applied").inc()

    return apply
