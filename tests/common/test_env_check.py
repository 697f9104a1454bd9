"""Misspelt settings are reported instead of silently ignored."""

from __future__ import annotations

import pytest

from services.common.env_check import unknown_env_vars
from services.common.service_settings import RENAMED_SETTINGS, ServiceSettings
from services.common.startup import load_or_exit
from services.detector.settings import DetectorSettings
from services.ingest.settings import Settings as IngestSettings
from services.notifier.settings import Settings as NotifierSettings
from services.screening.settings import ScreeningSettings


def test_known_and_nested_names_pass_and_typos_are_reported() -> None:
    environ = {
        "DETECTOR_TOPIC_PARTITIONS": "3",
        "DETECTOR_KAFKA__BOOTSTRAP_SERVERS": "k:9092",
        "DETECTOR_KAFKA__SASL_PASSWORD": "x",
        "DETECTOR_TOPIC_PARTITONS": "3",
        "DETECTOR_KAFKA__BOOTSTRAP": "k:9092",
        "DETECTOR_GROUP_ID__X": "y",
        "NOTIFIER_SLACK_BOT_TOKEN": "not mine",
        "PATH": "/bin",
    }
    assert unknown_env_vars(DetectorSettings, "DETECTOR_", environ) == [
        "DETECTOR_GROUP_ID__X",
        "DETECTOR_KAFKA__BOOTSTRAP",
        "DETECTOR_TOPIC_PARTITONS",
    ]
    assert unknown_env_vars(NotifierSettings, "NOTIFIER_", environ) == []


def test_names_are_matched_case_insensitively() -> None:
    assert unknown_env_vars(DetectorSettings, "DETECTOR_", {"detector_http_port": "1"}) == []


def test_an_old_setting_name_is_refused_with_its_new_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        load_or_exit(
            DetectorSettings, "DETECTOR_", "chokepoint-detector", {"DETECTOR_WEB_PORT": "6066"}
        )
    assert exit_info.value.code == 2
    assert "DETECTOR_WEB_PORT is now DETECTOR_HTTP_PORT" in capsys.readouterr().err


def test_a_retired_setting_is_refused_with_what_replaced_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        load_or_exit(
            DetectorSettings, "DETECTOR_", "chokepoint-detector", {"DETECTOR_STORE": "rocksdb://"}
        )
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "DETECTOR_STORE is no longer used: the detector's tables are held in memory" in err


def test_every_service_names_its_shared_settings_alike() -> None:
    shared = set(ServiceSettings.model_fields)
    for settings in (DetectorSettings, NotifierSettings, IngestSettings, ScreeningSettings):
        assert shared <= set(settings.model_fields), settings.__name__
        assert not set(RENAMED_SETTINGS).intersection(
            name.upper() for name in settings.model_fields
        ), settings.__name__
