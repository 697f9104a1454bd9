"""The generated sample set: deterministic, committed as generated, scored as expected."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.generate_samples import generate
from schemas import Alert, ShipmentRecord
from services.detector.scoring import PatternTracker, RiskConfig, ShipmentScorer, build_alert
from services.detector.scoring.expectations import compare_with_expected, unique_alerts
from services.lists.matching import MatchIndex
from services.lists.products import ProductCatalog
from services.lists.watchlists import default_watchlist_paths, load_watchlists
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "samples"
NOW = datetime(2024, 7, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def index(shared_data: Path) -> MatchIndex:
    return MatchIndex.build(load_watchlists(default_watchlist_paths(shared_data)))


@pytest.fixture(scope="module")
def records() -> list[ShipmentRecord]:
    lines = (SAMPLES / "shipments.ndjson").read_text(encoding="utf-8").splitlines()
    return [ShipmentRecord.model_validate_json(line) for line in lines]


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads((SAMPLES / "shipments.expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def score_all(
    records: Iterable[ShipmentRecord],
    index: MatchIndex,
    catalog: ProductCatalog,
    config: RiskConfig,
) -> list[Alert]:
    scorer, tracker, store = (
        ShipmentScorer(index, catalog, config),
        PatternTracker(catalog, config),
        {},
    )
    alerts: list[Alert] = []
    for record in records:
        alert = build_alert(
            record, scorer.assess(record), watchlist_versions=index.versions, now=NOW
        )
        alerts.extend([alert] if alert else [])
        for key, leg in tracker.legs(record):
            alerts.extend(tracker.observe(key, leg, store, now=NOW))
    return unique_alerts(alerts)


def test_generator_is_deterministic_and_committed_output_is_current(tmp_path: Path) -> None:
    count = generate(tmp_path, seed=20240101)
    assert count >= 500
    for name in ("shipments.ndjson", "shipments.expected.json"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), (
            f"regenerate samples/{name}"
        )


def test_sample_set_covers_every_case(
    expected: dict[str, Any], records: list[ShipmentRecord]
) -> None:
    cases = {spec["case"] for spec in expected["records"].values()}
    assert {
        "clean",
        "chpl_legitimate",
        "reexport_onward",
        "misdeclared",
        "sanctioned_party",
        "near_miss_name",
    } <= cases
    assert {r.record_id for r in records} == set(expected["records"])
    months = {r.declaration_date.month for r in records}
    assert len(months) >= 5


def test_scoring_the_samples_gives_the_expected_alerts_and_no_others(
    records: list[ShipmentRecord],
    expected: dict[str, Any],
    index: MatchIndex,
    catalog: ProductCatalog,
    config: RiskConfig,
) -> None:
    alerts = score_all(records, index, catalog, config)
    assert compare_with_expected(alerts, expected) == []
    kinds = {alert.kind for alert in alerts}
    assert kinds == {"record", "pattern"}
    silent = sum(1 for spec in expected["records"].values() if spec["expect"] == "none")
    assert silent > len(records) * 0.7  # most trade is clean and stays quiet


def test_arrival_order_does_not_change_the_alerts(
    records: list[ShipmentRecord], index: MatchIndex, catalog: ProductCatalog, config: RiskConfig
) -> None:
    forward = {
        a.alert_id: (a.severity, a.score) for a in score_all(records, index, catalog, config)
    }
    backward = {
        a.alert_id: (a.severity, a.score)
        for a in score_all(reversed(records), index, catalog, config)
    }
    assert forward == backward
