"""`chokepoint-ingest import` with the embedded broker: records and dead letters land."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from schemas import DeadLetter, Topics
from services.common.embedded_broker import EmbeddedBroker
from services.common.shared_data import packaged_hs_nomenclature_path

with warnings.catch_warnings():  # kafka-python 3.0 warns while importing (pyproject fix pending)
    warnings.simplefilter("ignore", DeprecationWarning)
    from tests.support.kafka_io import read_topic

pytestmark = pytest.mark.integration

CSV = (
    "record_id,declaration_date,exporter_name,exporter_country,importer_name,importer_country,"
    "importer_inn,hs_code,goods_description,transport_mode\n"
    "imp-1,2024-01-10,SZ Drone Co,cn,OOO Vostok,ru,7701234567,8806.21,quadcopters,air\n"
    "imp-2,2024-01-11,Dubai Parts FZE,ae,OOO Vostok,ru,,8542.31,microcircuits,road\n"
    "imp-3,2024-01-12,Acme,cn,OOO Vostok,ru,,0101.99,no such subheading,sea\n"
)


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    return subprocess.run(
        [sys.executable, "-m", "services.ingest", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_csv_import_end_to_end(broker: EmbeddedBroker, topics: Topics, tmp_path: Path) -> None:
    path = tmp_path / "shipments.csv"
    path.write_text(CSV)
    env = {
        "INGEST_KAFKA__BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "INGEST_TOPIC_NAMESPACE": topics.namespace,
        "INGEST_ALLOW_ANONYMOUS": "true",
        "INGEST_HS_NOMENCLATURE_PATH": str(packaged_hs_nomenclature_path()),
    }
    result = run_cli(["import", str(path), "--no-progress"], env)
    assert result.returncode == 1, result.stderr  # something was rejected
    assert "shipments.csv: 2 accepted, 1 rejected" in result.stdout
    assert "line 4 hs_code" in result.stdout and "unknown_hs_code" in result.stdout

    records = read_topic(broker.bootstrap_servers, topics.shipments, until=lambda m: len(m) >= 2)
    assert sorted(r["record_id"] for r in records) == ["imp-1", "imp-2"]
    [raw] = read_topic(broker.bootstrap_servers, topics.shipments_dlq, until=bool)
    letter = DeadLetter.model_validate(raw)
    assert (letter.reason, letter.key) == ("unknown_hs_code", "imp-3")
    assert letter.original.startswith("imp-3,") and "shipments.csv: line 4" in letter.detail


def test_cli_refuses_bad_settings_and_missing_files(tmp_path: Path) -> None:
    typo = run_cli(["import", "x.csv"], {"INGEST_ALLOW_ANONYMOUS": "true", "INGEST_API_TOKNE": "x"})
    assert typo.returncode == 2 and "INGEST_API_TOKNE" in typo.stderr
    missing = run_cli(["import", str(tmp_path / "nope.csv")], {"INGEST_ALLOW_ANONYMOUS": "true"})
    assert missing.returncode == 2 and "no such file" in missing.stderr
