"""check_metrics_text: passes prometheus_client output, fails what promtool or the parser reject."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from tests.support.metric_catalogue import CATALOGUE
from tests.support.promtool import check_metrics_text, require_promtool


def _registry_with_the_contract() -> CollectorRegistry:
    """Every contract metric as prometheus_client exports it, one labelled sample each."""
    registry = CollectorRegistry()
    for spec in CATALOGUE.values():
        labels = sorted(spec.labels)
        if spec.type == "counter":
            metric = Counter(
                spec.name.removesuffix("_total"), "Contract metric.", labels, registry=registry
            )
        elif spec.type == "histogram":
            metric = Histogram(spec.name, "Contract metric.", labels, registry=registry)
        else:
            metric = Gauge(spec.name, "Contract metric.", labels, registry=registry)
        child = metric.labels(**{label: "x" for label in labels}) if labels else metric
        child.observe(0.2) if spec.type == "histogram" else child.inc()
    return registry


def test_the_contract_exported_by_prometheus_client_passes() -> None:
    check_metrics_text(generate_latest(_registry_with_the_contract()).decode())


def test_a_counter_without_total_is_rejected_with_promtools_reason() -> None:
    require_promtool()
    text = (
        "# HELP chokepoint_detector_alerts Alerts.\n"
        "# TYPE chokepoint_detector_alerts counter\n"
        "chokepoint_detector_alerts 3\n"
    )
    with pytest.raises(AssertionError, match="_total"):
        check_metrics_text(text)


def test_unparsable_text_is_rejected() -> None:
    with pytest.raises(AssertionError, match="does not parse"):
        check_metrics_text('chokepoint_ingest_records_received_total{record_type="shipment" 1\n')
