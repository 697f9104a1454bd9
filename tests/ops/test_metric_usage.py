"""Every metric the rules and dashboard query is in the contract, with the labels it has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.metric_catalogue import (
    CATALOGUE,
    CONTRACT_LABELS,
    SCRAPE_LABELS,
    catalogue_name,
    naming_problems,
)
from tests.support.ops_files import alert_rules, dashboard_targets
from tests.support.promql import grouping_labels, legend_labels, selectors


def queries() -> Iterator[tuple[str, str]]:
    """(where, expression) for every PromQL expression in the rules and the dashboard."""
    for rule in alert_rules():
        yield f"rule {rule['alert']}", rule["expr"]
    for title, target in dashboard_targets():
        yield f"panel {title!r} {target['refId']}", target["expr"]


def _labels_of(name: str) -> set[str]:
    if name == "up":
        return set()
    resolved = catalogue_name(name)
    assert resolved is not None, f"{name} is not in the metric contract"
    return set(CATALOGUE[resolved].labels)


@pytest.mark.parametrize(("where", "expr"), list(queries()), ids=lambda value: str(value)[:60])
def test_query_uses_contract_metrics_and_their_labels(where: str, expr: str) -> None:
    found = selectors(expr)
    assert found, f"{where}: queries no metric"
    available: set[str] = set(SCRAPE_LABELS)
    for name, matched in found:
        labels = _labels_of(name)
        assert matched <= labels | SCRAPE_LABELS, (
            f"{where}: {name} has no label(s) {matched - labels}"
        )
        available |= labels
    assert grouping_labels(expr) <= available, (
        f"{where}: groups by {grouping_labels(expr) - available}"
    )


def test_catalogue_names_and_labels_follow_the_style_guide() -> None:
    problems = [
        problem for spec in CATALOGUE.values() for problem in naming_problems(spec.name, spec.type)
    ]
    problems += [
        f"{spec.name}: label(s) {set(spec.labels - CONTRACT_LABELS)}"
        for spec in CATALOGUE.values()
        if not spec.labels <= CONTRACT_LABELS
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("chokepoint_detector_alerts_emitted", "counter"),
        ("chokepoint_notifier_slack_latency_ms", "histogram"),
        ("chokepoint_ingest_last_seen_timestamp", "gauge"),
        ("detector_records_total", "counter"),
        ("chokepoint_detector_watchlist_entries_total", "gauge"),
    ],
)
def test_naming_rules_reject_bad_names(name: str, type_: str) -> None:
    assert naming_problems(name, type_) != []  # type: ignore[arg-type]


def test_dashboard_shows_every_contract_metric() -> None:
    shown = {
        catalogue_name(name)
        for _, target in dashboard_targets()
        for name, _ in selectors(target["expr"])
    }
    assert set(CATALOGUE) - shown == set()


def test_dashboard_legends_name_only_grouped_labels() -> None:
    for title, target in dashboard_targets():
        legend = target.get("legendFormat", "")
        assert legend_labels(legend) <= grouping_labels(target["expr"]), (
            f"{title}: legend {legend!r}"
        )
