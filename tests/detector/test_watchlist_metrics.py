"""The detector exports each list's own publication date, not only when it loaded the list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import generate_latest

from services.detector.bootstrap import record_watchlist_metrics
from services.detector.metrics import DetectorMetrics
from services.lists.watchlists import load_watchlist
from services.lists.watchlists.excerpt import EXCERPT_DIR
from services.lists.watchlists.publish import build_snapshot
from services.lists.watchlists.registry import WatchlistRegistry
from services.lists.watchlists.snapshot_content import assemble
from tests.support.faults import metric_sum
from tests.support.list_server import UN_EXCERPT_PATH, un_list

PUBLISHED = "chokepoint_detector_watchlist_published_timestamp_seconds"
UN_DATE = datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)


def _exported(metrics: DetectorMetrics) -> str:
    return generate_latest(metrics.registry).decode()


def test_publication_dates_from_the_files_and_from_a_swapped_in_snapshot(tmp_path: Path) -> None:
    metrics = DetectorMetrics()
    registry = WatchlistRegistry(
        [
            load_watchlist(UN_EXCERPT_PATH),
            load_watchlist(EXCERPT_DIR / "ofac_sdn_2025-05"),  # legacy CSV: no date
        ]
    )
    record_watchlist_metrics(metrics, registry)
    text = _exported(metrics)
    assert metric_sum(text, PUBLISHED, watchlist="un_sc_sanctions") == UN_DATE.timestamp()
    assert f'{PUBLISHED}{{watchlist="us_ofac_sdn"}}' not in text
    assert metric_sum(text, "chokepoint_detector_watchlist_entries", watchlist="us_ofac_sdn") == 17

    newer = tmp_path / "un.xml"
    newer.write_bytes(un_list(generated="2026-03-02T00:00:00Z"))
    item = build_snapshot(newer, "un_sc_sanctions")
    registry.apply_snapshot(item.snapshot, assemble(item.snapshot, item.chunks))
    record_watchlist_metrics(metrics, registry)
    swapped = metric_sum(_exported(metrics), PUBLISHED, watchlist="un_sc_sanctions")
    assert swapped == datetime(2026, 3, 2, tzinfo=UTC).timestamp()

    undated = tmp_path / "un_sc_sanctions.csv"
    undated.write_text("id,name\nx1,Korea Mining Development Trading Corporation\n", "utf-8")
    item = build_snapshot(undated, "un_sc_sanctions")
    registry.apply_snapshot(item.snapshot, assemble(item.snapshot, item.chunks))
    record_watchlist_metrics(metrics, registry)
    assert f'{PUBLISHED}{{watchlist="un_sc_sanctions"}}' not in _exported(metrics)
