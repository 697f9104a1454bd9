"""Each service registers the contract metrics the rules and dashboard query, all well named.

A dashboard panel on a metric no service exports stays empty and an alert on it never fires,
so a drift between a service's metrics.py and tests/support/metric_catalogue.py fails here.
"""

from __future__ import annotations

import importlib

import pytest
from prometheus_client import CollectorRegistry

from tests.support.metric_catalogue import CATALOGUE, SERVICES, MetricSpec, naming_problems

_TYPES = {"counter", "gauge", "histogram"}


def registered_metrics(service: str) -> dict[str, MetricSpec]:
    """What `services.<service>.metrics` registers, by exposition name (counters with `_total`)."""
    module = importlib.import_module(f"services.{service}.metrics")
    (metrics_class,) = [
        cls
        for name, cls in vars(module).items()
        if name.endswith("Metrics") and isinstance(cls, type)
    ]
    registry = CollectorRegistry()
    metrics_class(registry=registry)
    found = {}
    for collector in list(registry._collector_to_names):  # noqa: SLF001 — labels are only known to collectors
        for family in collector.describe():
            if family.type not in _TYPES:
                continue
            name = family.name + "_total" if family.type == "counter" else family.name
            labels = frozenset(getattr(collector, "_labelnames", ()))
            found[name] = MetricSpec(name, family.type, labels)  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_service_registers_every_contract_metric(service: str) -> None:
    registered = registered_metrics(service)
    problems = []
    for spec in (
        spec for spec in CATALOGUE.values() if spec.name.startswith(f"chokepoint_{service}_")
    ):
        actual = registered.get(spec.name)
        if actual is None:
            problems.append(f"missing {spec.name}")
        elif actual.type != spec.type:
            problems.append(f"{spec.name} is a {actual.type}, the contract says {spec.type}")
        elif not spec.labels <= actual.labels:
            problems.append(f"{spec.name} lacks label(s) {sorted(spec.labels - actual.labels)}")
    assert not problems, f"services/{service}/metrics.py vs the contract:\n" + "\n".join(problems)


@pytest.mark.parametrize("service", SERVICES)
def test_service_metric_names_follow_the_style_guide(service: str) -> None:
    registered = registered_metrics(service).values()
    assert [
        problem for spec in registered for problem in naming_problems(spec.name, spec.type)
    ] == []
