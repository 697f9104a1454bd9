"""`chokepoint screen`: the JSON-lines contract on every shared list format."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from services.detector.screen_cli import main
from services.lists.watchlists.excerpt import EXCERPT_DIR


def _screen(lines: list[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    stdout = io.StringIO()
    status = main(list(args), stdin=io.StringIO("\n".join(lines) + "\n"), stdout=stdout)
    return status, [json.loads(line) for line in stdout.getvalue().splitlines()]


SDN_2025, SDN_2021 = "ofac/sdn_extract_2025-05", "ofac/sdn_full_2021-07/sdn.csv"
CONS, UN, DPL = "ofac/consolidated_non_sdn_2025-12", "un/UN_consolidated.xml", "us_bis/dpl.txt"
ZALA = "opensanctions/zala_aero_cluster.entities.ftm.json"
PEPS = "opensanctions/format_sample_wd_peps.targets.simple.csv"
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"


@pytest.mark.parametrize(
    ("path", "query", "expected_id", "watchlist"),
    [
        (SDN_2025, {"name": "Dmitrii Khoroshev"}, "us_ofac_sdn:48603", "us_ofac_sdn"),
        (
            SDN_2021,
            {"name": "Islamic Revolutionary Guard Corps"},
            "us_ofac_sdn:10391",
            "us_ofac_sdn",
        ),
        (CONS, {"name": "SZ DJI Technology"}, "us_ofac_cons:33111", "us_ofac_cons"),
        (UN, {"name": "Саддам Хусейн", "schema": "Person"}, None, "un_sc_sanctions"),
        (UN, {"name": "Saddam Hussein Al-Tikriti"}, "un_sc_sanctions:IQi.001", "un_sc_sanctions"),
        (DPL, {"name": "Zimo Sheng", "country": "cn"}, None, "us_bis_dpl"),
        (ZALA, {"name": "Захаров Александр", "birthDate": "1965-09-21"}, ZAKHAROV, "opensanctions"),
        (PEPS, {"name": "Saleh Al-Fawzan"}, "Q61589", "opensanctions"),
    ],
)
def test_each_format_answers_the_contract(
    shared_data: Path, path: str, query: dict[str, str], expected_id: str | None, watchlist: str
) -> None:
    status, results = _screen(
        [json.dumps({"id": "q1", **query})], "--watchlist", str(shared_data / path)
    )
    assert status == 0
    (result,) = results
    assert result["id"] == "q1"
    if expected_id is None:  # only check the shape: the best hit is on this list
        assert result["matches"][0]["watchlist"] == watchlist
    else:
        assert result["matches"][0]["entity_id"] == expected_id
    for match in result["matches"]:
        assert set(match) == {"entity_id", "name", "score", "watchlist", "explanation"}
        assert 0.0 <= match["score"] <= 1.0 and match["explanation"]
        assert match["watchlist"] == watchlist


def test_custom_csv_identifiers_and_bad_lines_keep_order(tmp_path: Path) -> None:
    custom = tmp_path / "partners.csv"
    custom.write_text(
        "id,name,schema,identifiers\nv1,Ocean Glory,Vessel,imoNumber:9339301\n", encoding="utf-8"
    )
    lines = [
        '{"id": "a", "name": "Some Tanker", "schema": "Vessel", "imoNumber": "9339301"}',
        "{not json",
        '{"id": "c", "schema": "Person"}',
        "",
        '{"id": "d", "name": "Ocean Glory", "schema": "Spaceship"}',
        '{"id": 5, "name": "Nobody Special"}',
    ]
    status, results = _screen(lines, "--watchlist", str(custom))
    assert status == 0
    assert [r["id"] for r in results] == ["a", None, "c", "d", 5]
    assert results[0]["matches"][0]["entity_id"] == "partners:v1"
    assert "imoNumber" in results[0]["matches"][0]["explanation"]
    assert "line 2" in results[1]["error"]
    assert "name" in results[2]["error"] and "schema" in results[3]["error"]
    assert results[4] == {"id": 5, "matches": []}


def test_threshold_and_limit(shared_data: Path) -> None:
    ftm = str(shared_data / "opensanctions/zala_aero_cluster.entities.ftm.json")
    query = [json.dumps({"id": "z", "name": "Zakharov"})]
    _, loose = _screen(query, "--watchlist", ftm, "--threshold", "0.3", "--limit", "10")
    _, limited = _screen(query, "--watchlist", ftm, "--threshold", "0.3", "--limit", "2")
    _, strict = _screen(query, "--watchlist", ftm, "--threshold", "0.99")
    assert len(loose[0]["matches"]) > 2 and len(limited[0]["matches"]) == 2
    assert all(m["score"] >= 0.99 for m in strict[0]["matches"])
    scores = [m["score"] for m in loose[0]["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_unusable_watchlist_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "bogus.txt"
    bogus.write_text("nothing to see\n", encoding="utf-8")
    assert main(["--watchlist", str(bogus)], stdin=io.StringIO(""), stdout=io.StringIO()) == 2
    assert "bogus.txt" in capsys.readouterr().err


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "services.detector.screen_cli", "--watchlist",
         str(EXCERPT_DIR / "ofac_sdn_2025-05")],
        input='{"id": "x", "name": "NS Leader", "schema": "Vessel"}\n',
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout)["matches"][0]["entity_id"] == "us_ofac_sdn:47371"
