"""Full shipment scoring throughput, with every shared list, CHPL, HS 2022, phrases and rules.

    python -m bench.bench_scoring [--samples samples/shipments.ndjson] [--repeat 5]

Prints shipments/s and per-record p50/p99 for entity + product + description + route scoring,
build_alert, and re-export pattern tracking (legs + observe into a dict store), on one core.
"without screening cache" screens every party afresh (the worst case); "with cache" is the
default (parties repeat heavily in trade data).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas import ShipmentRecord
from services.detector.scoring import (
    PatternTracker,
    RiskConfig,
    ShipmentScorer,
    build_alert,
    load_risk_config,
)
from services.lists.matching import MatchIndex
from services.lists.products import ProductCatalog, example_custom_hs_list
from services.lists.watchlists import default_watchlist_paths, load_watchlists

REPO_ROOT = Path(__file__).resolve().parent.parent


class NoScreening:
    """Screens nothing: isolates product/description/route/pattern cost from the matcher's."""

    versions: dict[str, str] = {}

    def screen(self, query: Any, *, threshold: float = 0.0, limit: int = 5) -> list[Any]:
        return []


def run(
    records: list[ShipmentRecord],
    index: Any,
    catalog: ProductCatalog,
    config: RiskConfig,
    repeat: int,
) -> dict[str, float]:
    """Score the records `repeat` times; returns rate and latency percentiles."""
    scorer = ShipmentScorer(index, catalog, config)
    tracker = PatternTracker(catalog, config)
    store: dict[str, Any] = {}
    now = datetime.now(UTC)
    latencies: list[float] = []
    alerts = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for record in records:
            begin = time.perf_counter()
            alert = build_alert(
                record, scorer.assess(record), watchlist_versions=index.versions, now=now
            )
            for key, leg in tracker.legs(record):
                alerts += len(tracker.observe(key, leg, store, now=now))
            alerts += alert is not None
            latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "shipments": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50_us": cuts[49] * 1e6,
        "p99_us": cuts[98] * 1e6,
        "alerts": alerts,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=REPO_ROOT / "samples" / "shipments.ndjson")
    parser.add_argument("--shared-data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    watchlists = load_watchlists(default_watchlist_paths(args.shared_data))
    index = MatchIndex.build(watchlists)
    hs = args.shared_data / "hs"
    catalog = ProductCatalog.load(
        hs / "chpl_hs_codes.csv",
        hs / "harmonized-system-2022.csv",
        custom_lists=[example_custom_hs_list()],
    )
    config = load_risk_config()
    load_seconds = time.perf_counter() - started
    lines = args.samples.read_text(encoding="utf-8").splitlines()
    records = [ShipmentRecord.model_validate_json(line) for line in lines if line.strip()]
    entries = sum(len(w.entries) for w in watchlists)
    print(
        f"loaded {len(watchlists)} watchlists ({entries} entries), "
        f"{len(catalog.listed_prefixes)} listed HS prefixes, "
        f"{catalog.phrases.phrase_count} phrases in {load_seconds:.1f} s; "
        f"{len(records)} sample shipments"
    )
    no_cache = config.model_copy(
        update={"entities": config.entities.model_copy(update={"screen_cache_size": 0})}
    )
    runs = (
        ("without screening cache", index, no_cache),
        ("with cache (default)", index, config),
        ("rules only, no screening", NoScreening(), config),
    )
    for label, screener, chosen in runs:
        figures = run(records, screener, catalog, chosen, args.repeat)
        print(
            f"full shipment scoring {label:>24}: {figures['rate']:,.0f} shipments/s "
            f"(p50 {figures['p50_us']:.0f} µs, p99 {figures['p99_us']:.0f} µs, "
            f"{figures['shipments']:.0f} scored, {figures['alerts']:.0f} alerts)"
        )


if __name__ == "__main__":
    main()
