"""The screening service exports each list's own publication date, refreshed on every swap."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import generate_latest

from services.lists.watchlists import load_watchlist
from services.lists.watchlists.excerpt import EXCERPT_DIR
from services.lists.watchlists.publish import build_snapshot
from services.lists.watchlists.registry import WatchlistRegistry
from services.lists.watchlists.snapshot_content import assemble
from services.screening.metrics import ScreeningMetrics
from tests.support.faults import metric_sum
from tests.support.list_server import UN_EXCERPT_PATH, un_list

PUBLISHED = "chokepoint_screening_watchlist_published_timestamp_seconds"


def test_the_publication_date_follows_each_swapped_in_version(tmp_path: Path) -> None:
    metrics = ScreeningMetrics()
    registry = WatchlistRegistry(
        [load_watchlist(UN_EXCERPT_PATH), load_watchlist(EXCERPT_DIR / "ofac_sdn_2025-05")],
        on_swap=metrics.record_lists,
    )
    text = generate_latest(metrics.registry).decode()
    stated = datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC).timestamp()
    assert metric_sum(text, PUBLISHED, watchlist="un_sc_sanctions") == stated
    assert f'{PUBLISHED}{{watchlist="us_ofac_sdn"}}' not in text  # legacy CSV states no date

    newer = tmp_path / "un.xml"
    newer.write_bytes(un_list(generated="2026-03-02T00:00:00Z"))
    item = build_snapshot(newer, "un_sc_sanctions")
    registry.apply_snapshot(item.snapshot, assemble(item.snapshot, item.chunks))
    text = generate_latest(metrics.registry).decode()
    assert (
        metric_sum(text, PUBLISHED, watchlist="un_sc_sanctions")
        == datetime(2026, 3, 2, tzinfo=UTC).timestamp()
    )
