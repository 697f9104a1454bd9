"""Refresher settings: official sources by default, a bad value stops it at start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest
from prometheus_client import generate_latest
from pydantic import ValidationError

from services.lists.watchlists.fetch import OFFICIAL_SOURCES
from services.refresher.metrics import RefresherMetrics
from services.refresher.settings import RefresherSettings
from tests.support.promtool import check_metrics_text


def test_defaults_refresh_every_official_list_every_six_hours() -> None:
    settings = RefresherSettings()
    assert settings.interval_seconds == 6 * 3600
    assert [s.name for s in settings.list_sources()] == list(OFFICIAL_SOURCES)
    assert all(s.url.startswith("https://") for s in settings.list_sources())
    assert settings.download_rules().max_shrink_fraction == 0.2


def test_a_mirror_keeps_the_official_file_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFRESHER_SOURCES", '{"us_ofac_sdn": "http://mirror.internal/sdn?x=1"}')
    (source,) = RefresherSettings().list_sources()
    assert (source.name, source.filename) == ("us_ofac_sdn", "sdn.xml")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REFRESHER_SOURCES", "{}", "nothing to refresh"),
        ("REFRESHER_SOURCES", '{"us_ofac_sdn": "ftp://x/sdn.xml"}', r"not an http\(s\) URL"),
        ("REFRESHER_SOURCES", '{"US OFAC": "https://x/sdn.xml"}', "lower-case letters"),
        (
            "REFRESHER_SOURCES",
            '{"a": "https://one.example/list.csv", "b": "https://two.example/list.csv"}',
            "share a cache file name",
        ),
        ("REFRESHER_MAX_SHRINK_FRACTION", "1.5", "less than 1"),
        ("REFRESHER_INTERVAL_SECONDS", "0", "greater than or equal to 1"),
    ],
)
def test_bad_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=message):
        RefresherSettings()


def test_a_misspelt_variable_stops_the_process_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "services.refresher"],
        env={"REFRESHER_INTERVAL": "60", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "REFRESHER_INTERVAL" in result.stderr


def test_help_names_the_settings_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "services.refresher", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "REFRESHER_" in result.stdout and "docs/refresher.md" in result.stdout


def test_every_list_exports_its_counters_at_zero_and_passes_promtool() -> None:
    metrics = RefresherMetrics()
    metrics.start_list("us_ofac_sdn")
    text = generate_latest(metrics.registry).decode()
    assert (
        'chokepoint_refresher_downloads_refused_total{reason="shrank",watchlist="us_ofac_sdn"} 0.0'
        in text
    )
    assert 'chokepoint_refresher_checks_total{status="failed",watchlist="us_ofac_sdn"} 0.0' in text
    check_metrics_text(text)
