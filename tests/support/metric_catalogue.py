"""The metric contract the rules and the dashboard are written against, and the naming rules.

Services implement exactly these names and at least these labels (extra labels are fine: the
rules aggregate `by` the labels listed here). Exposition names, i.e. counters end in `_total`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MetricType = Literal["counter", "gauge", "histogram"]


@dataclass(frozen=True)
class MetricSpec:
    name: str
    type: MetricType
    labels: frozenset[str] = frozenset()


def _spec(name: str, type_: MetricType, *labels: str) -> MetricSpec:
    return MetricSpec(name, type_, frozenset(labels))


CATALOGUE: dict[str, MetricSpec] = {
    spec.name: spec
    for spec in (
        _spec("chokepoint_ingest_records_received_total", "counter", "record_type"),
        _spec("chokepoint_ingest_records_accepted_total", "counter", "record_type"),
        _spec("chokepoint_ingest_records_rejected_total", "counter", "record_type", "reason"),
        _spec("chokepoint_ingest_dead_letters_total", "counter", "record_type", "reason"),
        _spec("chokepoint_ingest_last_processed_timestamp_seconds", "gauge"),
        _spec("chokepoint_detector_records_consumed_total", "counter", "record_type"),
        _spec("chokepoint_detector_records_scored_total", "counter", "record_type"),
        _spec("chokepoint_detector_records_failed_total", "counter", "record_type", "reason"),
        _spec("chokepoint_detector_dead_letters_total", "counter", "record_type", "reason"),
        _spec("chokepoint_detector_alerts_emitted_total", "counter", "severity", "kind"),
        _spec("chokepoint_detector_scoring_duration_seconds", "histogram", "record_type"),
        _spec("chokepoint_detector_record_age_seconds", "histogram", "record_type"),
        _spec("chokepoint_detector_watchlist_entries", "gauge", "watchlist"),
        _spec("chokepoint_detector_watchlist_loaded_timestamp_seconds", "gauge", "watchlist"),
        _spec("chokepoint_detector_watchlist_published_timestamp_seconds", "gauge", "watchlist"),
        _spec("chokepoint_detector_consumer_lag_messages", "gauge", "topic"),
        _spec("chokepoint_detector_last_processed_timestamp_seconds", "gauge"),
        _spec("chokepoint_notifier_alerts_consumed_total", "counter"),
        _spec("chokepoint_notifier_messages_sent_total", "counter", "status"),
        _spec("chokepoint_notifier_slack_requests_total", "counter", "method", "status"),
        _spec("chokepoint_notifier_rate_limited_total", "counter"),
        _spec("chokepoint_notifier_alerts_suppressed_total", "counter", "reason"),
        _spec("chokepoint_notifier_dead_letters_total", "counter", "reason"),
        _spec("chokepoint_notifier_record_age_seconds", "histogram"),
        _spec("chokepoint_notifier_consumer_lag_messages", "gauge", "topic"),
        _spec("chokepoint_notifier_last_processed_timestamp_seconds", "gauge"),
        _spec("chokepoint_refresher_checks_total", "counter", "watchlist", "status"),
        _spec("chokepoint_refresher_downloads_refused_total", "counter", "watchlist", "reason"),
        _spec("chokepoint_refresher_last_success_timestamp_seconds", "gauge", "watchlist"),
        _spec("chokepoint_refresher_watchlist_published_timestamp_seconds", "gauge", "watchlist"),
        _spec("chokepoint_refresher_watchlist_entries", "gauge", "watchlist"),
    )
}

SERVICES = ("ingest", "detector", "notifier", "refresher")
# Small fixed sets only (STYLE.md): never names, ids or HS codes.
CONTRACT_LABELS = frozenset(
    {"record_type", "reason", "severity", "kind", "watchlist", "status", "method", "topic"}
)
# Added by Prometheus (job, instance) or by histograms (le).
SCRAPE_LABELS = frozenset({"job", "instance", "le"})

_NAME = re.compile(r"^chokepoint_(ingest|detector|notifier|refresher)_[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_NON_BASE_UNITS = (
    "_milliseconds",
    "_ms",
    "_microseconds",
    "_minutes",
    "_hours",
    "_days",
    "_kilobytes",
    "_megabytes",
    "_percent",
)
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def naming_problems(name: str, type_: MetricType) -> list[str]:
    """Why a name breaks `chokepoint_<service>_<noun>_<unit>` with base units; [] if it does not."""
    problems = []
    if not _NAME.match(name):
        problems.append(
            f"{name}: not chokepoint_<ingest|detector|notifier|refresher>_<snake_case noun and unit>"
        )
    if (type_ == "counter") != name.endswith("_total"):
        problems.append(f"{name}: counters, and only counters, end in _total")
    if type_ == "histogram" and not name.endswith(("_seconds", "_bytes")):
        problems.append(f"{name}: histograms measure a base unit (_seconds or _bytes)")
    if "timestamp" in name and not name.endswith("_timestamp_seconds"):
        problems.append(f"{name}: timestamps are _timestamp_seconds (Unix time)")
    problems += [
        f"{name}: {unit[1:]} is not a base unit" for unit in _NON_BASE_UNITS if unit in name
    ]
    return problems


def catalogue_name(series_name: str) -> str | None:
    """The catalogue metric a queried series belongs to (`_bucket` etc. resolved), or None."""
    if series_name in CATALOGUE:
        return series_name
    for suffix in HISTOGRAM_SUFFIXES:
        base = series_name.removesuffix(suffix)
        if base != series_name and CATALOGUE.get(base) and CATALOGUE[base].type == "histogram":
            return base
    return None
