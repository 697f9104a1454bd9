"""`chokepoint screen`: the JSON-lines contract on every shared list format."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import pytest

from services.detector import screen_chunks
from services.detector.screen_cli import main
from services.lists.matching import MatchIndex, NameQuery
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


EXCERPT_LISTS = ("--watchlist", str(EXCERPT_DIR / "ofac_sdn_2025-05"), "--watchlist",
                 str(EXCERPT_DIR / "un_dprk_entities.xml"))  # fmt: skip
LISTED = ["NS Leader", "Dmitrii Khoroshev", "Korea Mining Development Trading Corporation"]


def _mixed_lines(count: int) -> list[str]:
    """Listed names, typos, ordinary names, bad and blank lines: a few of every kind of answer."""
    lines = []
    for i in range(count):
        kind = i % 9
        if kind == 4:
            lines.append("{not json" if i % 2 else json.dumps({"id": i, "schema": "Person"}))
        elif kind == 7:
            lines.append("")
        else:
            name = LISTED[i % 3] if kind < 3 else f"Golden Star Trading LLC {i}"
            name = name[:4] + name[5:] if kind == 2 else name
            lines.append(json.dumps({"id": i, "name": name, "country": "ru"}, ensure_ascii=False))
    return lines


def _screen_text(source: TextIO, *args: str) -> tuple[int, str]:
    stdout = io.StringIO()
    status = main([*EXCERPT_LISTS, *args], stdin=source, stdout=stdout)
    return status, stdout.getvalue()


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few lines, so that a few hundred lines make dozens of chunks to reorder."""
    monkeypatch.setattr(screen_chunks, "CHUNK_BYTES", 300)
    monkeypatch.setattr(screen_chunks, "CHUNK_LINES", 7)


@pytest.mark.usefixtures("small_chunks")
def test_jobs_write_the_same_output_in_input_order(tmp_path: Path) -> None:
    lines = [*_mixed_lines(399), "[not an object]"]
    text = "\n".join(lines) + "\n"
    status, one_process = _screen_text(io.StringIO(text), "--jobs", "1")
    assert status == 0
    answers = [json.loads(line) for line in one_process.splitlines()]
    assert [a["id"] for a in answers] == [
        json.loads(line).get("id") if line.startswith('{"') else None for line in lines if line
    ]
    assert any(a.get("matches") for a in answers) and any("error" in a for a in answers)
    assert "line 400" in answers[-1]["error"]  # numbered as in the whole input, not the chunk
    in_memory = _screen_text(io.StringIO(text), "--jobs", "3")
    input_file = tmp_path / "queries.jsonl"
    input_file.write_text(text, encoding="utf-8")
    with input_file.open(encoding="utf-8") as source:  # read through its file descriptor
        from_file = _screen_text(source, "--jobs", "2")
    assert in_memory == from_file == (0, one_process)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_empty_input_writes_nothing(jobs: str) -> None:
    assert _screen_text(io.StringIO(""), "--jobs", jobs) == (0, "")


def test_stdin_through_workers_is_byte_for_byte_the_single_process_output() -> None:
    lines = _mixed_lines(60) + [
        '{"id": "cr",\r"name": "NS Leader"}',
        '{"id": "é", "name": "Ñandú"}',
    ]
    stdin = ("\n".join(lines) + "\n").encode()
    command = [sys.executable, "-m", "services.detector.screen_cli", *EXCERPT_LISTS]
    outputs = [
        subprocess.run(
            [*command, "--jobs", jobs], input=stdin, capture_output=True, timeout=180, check=True
        ).stdout
        for jobs in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 56


def test_a_lone_piped_line_is_answered_before_the_next_arrives() -> None:
    command = [sys.executable, "-m", "services.detector.screen_cli", *EXCERPT_LISTS, "--jobs", "2"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        for i in range(2):
            process.stdin.write(json.dumps({"id": i, "name": "NS Leader"}).encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 120)
            assert ready, "no answer while the input stayed open"
            assert json.loads(process.stdout.readline())["id"] == i
        process.stdin.close()
        assert process.wait(60) == 0


def _fail_on(name: str, failure: Callable[[], object]) -> Callable[..., object]:
    screen = MatchIndex.screen

    def screen_or_fail(self: MatchIndex, query: NameQuery, **kwargs: Any) -> object:
        if query.name == name:
            failure()
        return screen(self, query, **kwargs)

    return screen_or_fail


def _raise() -> None:
    raise RuntimeError("matcher broke")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize(
    ("failure", "reason"), [(_raise, "RuntimeError: matcher broke"), (_die, "killed by signal 9")]
)
def test_a_failing_worker_stops_the_run_with_an_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: Callable[[], object],
    reason: str,
) -> None:
    monkeypatch.setattr(MatchIndex, "screen", _fail_on("Doomed Name", failure))  # forked along
    lines = _mixed_lines(100)
    lines[60] = json.dumps({"id": "doomed", "name": "Doomed Name"})
    status, output = _screen_text(io.StringIO("\n".join(lines)), "--jobs", "2")
    assert status == 1
    assert reason in capsys.readouterr().err
    assert '"doomed"' not in output
