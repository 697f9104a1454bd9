"""`chokepoint score --rescreen OLD NEW`: the stream's delta screening over a file of records."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

from services.detector.monitoring.memory import MemoryPolicy
from services.detector.monitoring.offline import rescreen_records
from services.detector.score_cli import rescreen_stream
from services.detector.settings import DetectorSettings
from tests.detector.monitoring.factories import entry, shipment, watchlist

POTOK = entry("x", "Severny Potok Elektronika", "Северный Поток Электроника")
KUZNETSKY = entry("k", "Kuznetsky Most Trading House")
RECORDS = [
    shipment("r1", "Severny Potok Elektronika LLC"),
    shipment("r2", "ООО «Северный Поток Электроника»"),
    shipment("r3", "Kuznetsky Most Trading House"),
]
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_list_change_backtested_gives_retro_and_delisted_alerts() -> None:
    alerts = rescreen_records(
        RECORDS, [watchlist("v1", KUZNETSKY)], [watchlist("v2", POTOK)], MemoryPolicy(), NOW
    )
    assert sorted(a.kind for a in alerts) == ["delisted", "retro", "retro"]
    assert {a.reasons[0].matched for a in alerts if a.kind == "retro"} == {
        "Severny Potok Elektronika LLC",
        "ООО «Северный Поток Электроника»",
    }


def test_the_same_list_twice_gives_nothing() -> None:
    lists = [watchlist("v1", KUZNETSKY, POTOK)]
    assert (
        rescreen_records(RECORDS, lists, [watchlist("v2", KUZNETSKY, POTOK)], MemoryPolicy(), NOW)
        == []
    )


def test_two_files_are_two_versions_of_one_list(tmp_path: Path) -> None:
    header = "id,name,aliases,schema,countries,programs,listed_on\n"
    old = tmp_path / "blocklist-2026-10.csv"
    new = tmp_path / "blocklist-2026-11.csv"
    kuznetsky = "k,Kuznetsky Most Trading House,,Company,ru,WATCH,2026-01-15\n"
    old.write_text(header + kuznetsky, encoding="utf-8")
    new.write_text(
        header
        + kuznetsky
        + "x,Severny Potok Elektronika,Северный Поток Электроника,Company,ru,WATCH,2026-11-28\n",
        encoding="utf-8",
    )
    source = io.StringIO("\n".join(r.model_dump_json() for r in RECORDS) + "\nnot json\n")
    out, err = io.StringIO(), io.StringIO()
    rejected = rescreen_stream(source, out, err, DetectorSettings(), old, new)
    alerts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rejected == 1 and json.loads(err.getvalue())["line"] == 4
    assert [a["kind"] for a in alerts] == ["retro", "retro"]  # Kuznetsky is on both: no alert
    assert all("on 2026-11-28, program WATCH" in a["headline"] for a in alerts)
