from __future__ import annotations

from pathlib import Path

import pytest

from services.detector.scoring import RiskConfigError, load_risk_config


def test_packaged_default_loads_with_documented_values() -> None:
    config = load_risk_config()
    assert config.thresholds.alert == 0.30
    assert config.pattern.window_days == 90
    assert {"ru", "by", "ir", "kp"} <= config.routes.high_risk_destinations
    assert {
        "ae",
        "tr",
        "kz",
        "kg",
        "am",
        "ge",
        "uz",
        "hk",
        "cn",
    } <= config.routes.transshipment_hubs
    assert config.severity_for(0.95) == "critical"
    assert config.severity_for(0.55) == "medium"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[weights]\nentity = 1.5\n", "weights.entity"),
        ("[thresholds]\nalert = 0.8\nmedium = 0.5\n", "alert <= medium"),
        ('[routes]\nhigh_risk_destinations = ["RU", "XX"]\n', "XX"),
        (
            '[routes]\nhigh_risk_destinations = ["RU"]\ntransshipment_hubs = ["ru"]\n',
            "both high-risk and hubs",
        ),
        ("[pattern]\nwindow_dayz = 30\n", "window_dayz"),
        ("[weights\n", "not valid TOML"),
    ],
)
def test_invalid_config_fails_at_load_naming_the_problem(
    tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "risk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RiskConfigError, match=named.replace("[", r"\[")):
        load_risk_config(path)


def test_partial_config_keeps_defaults_for_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "risk.toml"
    path.write_text("[pattern]\nwindow_days = 30\n", encoding="utf-8")
    config = load_risk_config(path)
    assert config.pattern.window_days == 30
    assert config.weights.entity == 0.95


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RiskConfigError, match="cannot read"):
        load_risk_config(tmp_path / "nope.toml")
