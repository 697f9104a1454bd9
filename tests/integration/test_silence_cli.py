"""`chokepoint silence`: add, list and expire silences on the compacted topic, any namespace."""

from __future__ import annotations

import json

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from services.notifier.silence_cli import main

pytestmark = pytest.mark.integration


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    status = main(list(argv))
    return status, capsys.readouterr().out.splitlines()


def test_a_silence_added_is_listed_then_expired(
    broker: LocalBroker,
    topics: Topics,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "NOTIFIER_TOPIC_NAMESPACE", topics.namespace
    )  # read when --namespace is absent
    kafka = ["--bootstrap-servers", broker.bootstrap_servers]
    status, out = _run(
        capsys, *kafka, "add", "--entity-id", "OFAC-1", "--duration", "2h", "--by", "analyst"
    )
    assert status == 0
    silence_id = out[0]

    status, out = _run(capsys, *kafka, "list", "--json")
    assert status == 0
    listed = [json.loads(line) for line in out]
    assert [(s["silence_id"], s["matcher"]["entity_id"]) for s in listed] == [
        (silence_id, "OFAC-1")
    ]

    status, out = _run(capsys, *kafka, "--namespace", topics.namespace, "expire", silence_id)
    assert (status, out) == (0, [f"expired {silence_id}"])
    status, out = _run(capsys, *kafka, "list")
    assert (status, out) == (0, [])
    status, out = _run(capsys, *kafka, "--namespace", "elsewhere", "list", "--all")
    assert (status, out) == (0, [])
