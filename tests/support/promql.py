"""Just enough PromQL reading to check which metrics and labels an expression uses."""

from __future__ import annotations

import re

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SELECTOR = re.compile(r"\b(chokepoint_[a-z0-9_]+|up)\b\s*(\{[^}]*\})?")
_MATCHER_LABEL = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")
_GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
_LEGEND_LABEL = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")


def _without_strings(expr: str) -> str:
    return _STRING.sub('""', expr)


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """(metric name, label names matched on) for each series selector in the expression."""
    found = []
    for match in _SELECTOR.finditer(_without_strings(expr)):
        matchers = match.group(2) or ""
        found.append((match.group(1), set(_MATCHER_LABEL.findall(matchers))))
    return found


def grouping_labels(expr: str) -> set[str]:
    """Label names in every `by (...)` / `without (...)` clause."""
    labels: set[str] = set()
    for clause in _GROUPING.findall(_without_strings(expr)):
        labels |= {part.strip() for part in clause.split(",") if part.strip()}
    return labels


def legend_labels(legend: str) -> set[str]:
    """Label names a Grafana legend template `{{label}}` refers to."""
    return set(_LEGEND_LABEL.findall(legend))
