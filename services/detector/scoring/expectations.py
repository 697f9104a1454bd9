"""Compare produced alerts with a sample set's expectations (`samples/shipments.expected.json`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from schemas import Alert
from schemas.alerts import SEVERITY_ORDER


def unique_alerts(alerts: Iterable[Alert]) -> list[Alert]:
    """One alert per alert_id (a pattern seen under a name key and an id key is one alert)."""
    return list({alert.alert_id: alert for alert in alerts}.values())


def _check_record(record_id: str, want: Mapping[str, Any] | None, got: list[Alert]) -> list[str]:
    if want is None:
        return (
            [f"{record_id}: unexpected record alert {got[0].severity} {got[0].headline!r}"]
            if got
            else []
        )
    if len(got) != 1:
        return [f"{record_id}: expected one record alert, got {len(got)}"]
    alert, problems = got[0], []
    if SEVERITY_ORDER[alert.severity] < SEVERITY_ORDER[want["min_severity"]]:
        problems.append(
            f"{record_id}: severity {alert.severity} < {want['min_severity']} ({alert.score})"
        )
    missing = set(want.get("reasons", ())) - {reason.kind for reason in alert.reasons}
    if missing:
        problems.append(
            f"{record_id}: record alert lacks reasons {sorted(missing)}: {alert.headline!r}"
        )
    return problems


def _check_patterns(record_id: str, want: list[Mapping[str, Any]], got: list[Alert]) -> list[str]:
    by_inbound = {}
    for alert in got:
        related = {rid for reason in alert.reasons for rid in reason.related_record_ids} - {
            record_id
        }
        by_inbound[",".join(sorted(related))] = alert
    expected = {item["with"]: item for item in want}
    problems = []
    if set(by_inbound) != set(expected):
        problems.append(
            f"{record_id}: pattern partners {sorted(by_inbound)} != expected {sorted(expected)}"
        )
    for inbound, item in expected.items():
        found = by_inbound.get(inbound)
        if (
            found is not None
            and SEVERITY_ORDER[found.severity] < SEVERITY_ORDER[item["min_severity"]]
        ):
            problems.append(
                f"{record_id}: pattern severity {found.severity} < {item['min_severity']}"
            )
    return problems


def _is_reexport(alert: Alert) -> bool:
    return any(reason.kind == "pattern" for reason in alert.reasons)


def _check_hub_history(
    record_id: str, want: Mapping[str, Any] | None, got: list[Alert]
) -> list[str]:
    """Listed goods into a hub for a party seen shipping onwards: one alert when expected, else none."""
    if want is None:
        return [f"{record_id}: unexpected hub-history alert {got[0].headline!r}"] if got else []
    if len(got) != 1:
        return [f"{record_id}: expected one hub-history alert, got {len(got)}"]
    if SEVERITY_ORDER[got[0].severity] < SEVERITY_ORDER[want["min_severity"]]:
        return [f"{record_id}: hub-history severity {got[0].severity} < {want['min_severity']}"]
    return []


def compare_with_expected(alerts: Iterable[Alert], expected: Mapping[str, Any]) -> list[str]:
    """Every difference between the alerts and the expectations; empty when they agree."""
    records: Mapping[str, Any] = expected["records"]
    grouped: dict[str, dict[str, list[Alert]]] = {}
    for alert in unique_alerts(alerts):
        grouped.setdefault(alert.record.id, {}).setdefault(alert.kind, []).append(alert)
    problems = [
        f"{rid}: alert for a record not in the sample set" for rid in grouped if rid not in records
    ]
    for record_id, spec in records.items():
        want: Any = spec["expect"]
        found = grouped.get(record_id, {})
        if want == "none":
            want = {"record": None, "patterns": []}
        problems += _check_record(record_id, want.get("record"), found.get("record", []))
        patterns = found.get("pattern", [])
        reexports = [alert for alert in patterns if _is_reexport(alert)]
        hub_history = [alert for alert in patterns if not _is_reexport(alert)]
        problems += _check_patterns(record_id, want.get("patterns", []), reexports)
        problems += _check_hub_history(record_id, want.get("hub_history"), hub_history)
    return problems
