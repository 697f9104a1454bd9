"""Build the detector's engine from settings: watchlists, product catalogue, risk config."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import structlog

from services.common.heap import settle_long_lived_objects
from services.detector.engine import DetectorEngine
from services.detector.metrics import DetectorMetrics
from services.detector.monitoring.delta import ListDelta, compute_delta, publication_date
from services.detector.scoring import load_risk_config
from services.detector.settings import DetectorSettings
from services.lists.products import ProductCatalog
from services.lists.watchlists import Watchlist, load_watchlists, resolve_default_watchlists
from services.lists.watchlists.follower import ReadySnapshot
from services.lists.watchlists.registry import WatchlistRegistry

log = structlog.get_logger(__name__)


def watchlist_paths(settings: DetectorSettings) -> list[Path]:
    """The configured lists, else the shared lists, the fetch cache or the packaged excerpt;
    logs which (one start-up line)."""
    if settings.watchlist_paths:
        log.info("watchlists.source", origin="configured", paths=len(settings.watchlist_paths))
        return list(settings.watchlist_paths)
    default = resolve_default_watchlists(settings.shared_data_dir)
    log.info(
        "watchlists.source",
        origin=default.origin,
        directory=str(default.directory),
        paths=len(default.paths),
        detail=f"watchlists: {default.describe()}",
    )
    return default.paths


def record_watchlist_metrics(metrics: DetectorMetrics, registry: WatchlistRegistry) -> None:
    """Entries, load time and publication date per list name (several files may share one name,
    e.g. two OFAC SDN sets: the list is then as old as its oldest dated file)."""
    index = registry.index
    if index is None:
        return
    sizes = Counter(entry.source for entry in index.entries())
    for name, loaded_at in registry.loaded_at.items():
        metrics.watchlist_entries.labels(name).set(sizes.get(name, 0))
        metrics.watchlist_loaded.labels(name).set(loaded_at)
    published = registry.published_at
    for name in registry.loaded_at:
        if name in published:
            metrics.watchlist_published.labels(name).set(published[name])
        else:
            with contextlib.suppress(KeyError):  # the new version states no date
                metrics.watchlist_published.remove(name)


def build_engine(
    settings: DetectorSettings,
    metrics: DetectorMetrics | None = None,
    extra_watchlists: list[Path] | None = None,
) -> tuple[DetectorEngine, WatchlistRegistry]:
    """Load every list and rule once; raises on anything unusable (fail loudly at start-up)."""
    started = time.perf_counter()
    paths = list(extra_watchlists or []) or watchlist_paths(settings)
    if not paths:
        raise FileNotFoundError(
            "no watchlists: set DETECTOR_WATCHLIST_PATHS, provide the shared data, or run `chokepoint watchlist fetch`"
        )
    registry = WatchlistRegistry(load_watchlists(paths))
    assert registry.index is not None
    catalog = ProductCatalog.load(
        settings.resolved_chpl_path(),
        settings.resolved_hs_nomenclature_path(),
        custom_lists=settings.custom_hs_lists,
    )
    config = load_risk_config(settings.risk_config_path)
    if metrics is not None:
        record_watchlist_metrics(metrics, registry)
    log.info(
        "engine.built",
        versions=registry.versions,
        entries=sum(1 for _ in registry.index.entries()),
        seconds=round(time.perf_counter() - started, 2),
    )
    return DetectorEngine(registry.index, catalog, config), registry


def apply_snapshot_to(
    engine: DetectorEngine,
    registry: WatchlistRegistry,
    metrics: DetectorMetrics,
    on_change: Callable[[ListDelta], None] | None = None,
) -> Callable[[ReadySnapshot], None]:
    """A follower callback: load a published snapshot, rebuild the index, swap it into the engine;
    then hand what the new version added, changed and removed to `on_change` (monitoring)."""

    def apply(ready: ReadySnapshot) -> None:
        name = ready.snapshot.name
        previous = registry.lists(name)
        try:
            index = registry.apply_snapshot(ready.snapshot, ready.content)
        except Exception:
            metrics.watchlist_updates.labels("failed").inc()
            raise
        engine.use_index(index)
        record_watchlist_metrics(metrics, registry)
        metrics.watchlist_updates.labels("applied").inc()
        if on_change is not None:
            current = registry.lists(name)[0]
            try:
                on_change(compute_delta(previous, current, snapshot_publication(ready, current)))
            except Exception:  # monitoring must not undo a list that is already in use
                log.exception("monitoring.list_change_failed", watchlist=name)
        del previous  # the old version's objects go with the old index
        settle_long_lived_objects()

    return apply


def snapshot_publication(ready: ReadySnapshot, watchlist: Watchlist) -> date:
    """The list's own publication date (from the snapshot or the file), else when it was
    published on the topic."""
    stated = getattr(ready.snapshot, "list_published_at", None)
    if isinstance(stated, datetime):
        return stated.date()
    return publication_date(watchlist, ready.snapshot.published_at.date())
