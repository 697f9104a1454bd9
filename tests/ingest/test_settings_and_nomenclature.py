"""Settings fail loudly; the HS-6 set loads from the packaged nomenclature."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from services.common.env_check import unknown_env_vars
from services.common.shared_data import packaged_hs_nomenclature_path
from services.ingest.errors import ConfigError
from services.ingest.nomenclature import load_hs6_codes
from services.ingest.settings import Settings


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_API_TOKEN", "a-token-of-sixteen-chars")
    monkeypatch.setenv("INGEST_KAFKA__BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    monkeypatch.setenv("INGEST_TOPIC_NAMESPACE", "demo")
    settings = Settings()
    assert settings.kafka.servers() == ["k1:9092", "k2:9092"]
    assert settings.topic_namespace == "demo"
    assert "sixteen" not in repr(settings)  # the token never shows in logs or reprs


@pytest.mark.parametrize(
    "env",
    [
        {},  # no token and not explicitly open
        {"INGEST_API_TOKEN": "short"},
        {"INGEST_ALLOW_ANONYMOUS": "true", "INGEST_HTTP_PORT": "99999"},
        {"INGEST_ALLOW_ANONYMOUS": "true", "INGEST_HS_NOMENCLATURE_PATH": "/nonexistent.csv"},
    ],
)
def test_bad_settings_fail(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_misspelt_env_vars_are_found() -> None:
    environ = {
        "INGEST_API_TOKNE": "x",
        "INGEST_KAFKA__BOOTSTRAP_SERVERS": "k:9092",
        "INGEST_KAFKA__BOOTSTRAP": "k",
        "INGEST_HTTP_PORT": "1",
        "PATH": "/bin",
    }
    assert unknown_env_vars(Settings, "INGEST_", environ) == [
        "INGEST_API_TOKNE",
        "INGEST_KAFKA__BOOTSTRAP",
    ]


def test_hs6_codes_from_the_hs2022_nomenclature() -> None:
    codes = load_hs6_codes(packaged_hs_nomenclature_path())
    assert len(codes) == 5613
    assert {"880621", "854231", "010121"} <= codes
    assert "8806" not in codes and "TOTAL" not in codes


def test_unusable_nomenclature_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "hs.csv"
    bad.write_text("code,text\n01,Animals\n")
    with pytest.raises(ConfigError, match="missing columns"):
        load_hs6_codes(bad)
    with pytest.raises(ConfigError):
        load_hs6_codes(tmp_path / "missing.csv")
