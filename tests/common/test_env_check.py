"""Misspelt settings are reported instead of silently ignored."""

from __future__ import annotations

from services.common.env_check import unknown_env_vars
from services.detector.settings import DetectorSettings
from services.notifier.settings import Settings as NotifierSettings


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
    assert unknown_env_vars(DetectorSettings, "DETECTOR_", {"detector_web_port": "1"}) == []
