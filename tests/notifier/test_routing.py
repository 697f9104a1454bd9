"""Routing rules: first match wins, `continue` fans out, default catches the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.notifier.errors import ConfigError
from services.notifier.routing import load_routing
from tests.support.alert_factory import make_alert

ROUTES = """
default_channel: "#alerts"
routes:
  - name: critical russia
    match: {min_severity: high, country: [RU, BY]}
    channels: ["#sanctions-critical"]
    continue: true
  - match: {watchlist: [us_ofac_sdn], program: [russia-eo14024]}
    channels: ["#ofac"]
  - match: {record_type: [news]}
    channels: ["#news"]
"""


def test_rules_route_by_severity_country_watchlist_and_program(tmp_path: Path) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(ROUTES)
    routing = load_routing(path)
    assert routing.channels_for(make_alert(), "#fallback") == ["#sanctions-critical", "#ofac"]
    low = make_alert(severity="low")
    assert routing.channels_for(low, "#fallback") == ["#ofac"]
    elsewhere = make_alert(
        severity="low",
        facets=make_alert().facets.model_copy(update={"watchlists": [], "countries": ["de"]}),
    )
    assert routing.channels_for(elsewhere, "#fallback") == ["#alerts"]


def test_no_file_sends_everything_to_the_default_channel() -> None:
    assert load_routing(None).channels_for(make_alert(), "#fallback") == ["#fallback"]


@pytest.mark.parametrize(
    "text",
    [
        "routes: [{match: {severity: [urgent]}, channels: ['#x']}]",
        "routes: [{match: {country: [XX]}, channels: ['#x']}]",
        "routes: [{channels: []}]",
        "routes: [{match: {colour: red}, channels: ['#x']}]",
        "routes: [unclosed",
    ],
)
def test_invalid_routing_files_fail_at_start(tmp_path: Path, text: str) -> None:
    path = tmp_path / "routes.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        load_routing(path)
