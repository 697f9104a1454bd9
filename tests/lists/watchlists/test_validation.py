"""A download replaces the published list only if it is a whole, loadable list of similar size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.lists.watchlists.validation import (
    DownloadRefused,
    DownloadRules,
    check_download,
    looks_like_html,
    shrink_refusal,
)
from tests.support.list_server import UN_EXCERPT, UN_EXCERPT_PATH, un_list

RULES = DownloadRules(min_bytes=1024, max_shrink_fraction=0.2)


def _refusal(path: Path, previous: int | None = None, rules: DownloadRules = RULES) -> str:
    with pytest.raises(DownloadRefused) as raised:
        check_download(path, "un_sc_sanctions", rules, previous)
    assert raised.value.name == "un_sc_sanctions"
    return raised.value.reason


def test_the_excerpt_is_accepted_and_loaded_once() -> None:
    accepted = check_download(UN_EXCERPT_PATH, "un_sc_sanctions", RULES, previous_entries=75)
    assert accepted.format == "un_xml"
    assert accepted.watchlist.name == "un_sc_sanctions" and len(accepted.watchlist.entries) == 75


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><head><title>503</title></head><body>down</body></html>",
        b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        b"\n\n  <HTML><BODY>Request Rejected</BODY></HTML>",
    ],
)
def test_an_html_page_is_refused_as_html(tmp_path: Path, page: bytes) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(page * 50)  # larger than the minimum: the size is not what catches it
    assert _refusal(path) == "html"


def test_a_list_file_is_not_html() -> None:
    assert not looks_like_html(UN_EXCERPT)


def test_a_small_file_is_refused_as_too_small(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(un_list(1))
    assert _refusal(path, rules=DownloadRules(min_bytes=path.stat().st_size + 1)) == "too_small"


def test_a_cut_xml_file_is_unparsable(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(UN_EXCERPT[:50_000])
    assert _refusal(path) == "unparsable"


def test_a_dpl_cut_mid_row_is_truncated(tmp_path: Path, shared_data: Path) -> None:
    whole = (shared_data / "us_bis/dpl.txt").read_bytes()
    path = tmp_path / "dpl.txt"
    path.write_bytes(whole[: whole.rindex(b"\n") - 20])
    with pytest.raises(DownloadRefused) as raised:
        check_download(path, "us_bis_dpl", RULES)
    assert raised.value.reason == "truncated"
    path.write_bytes(whole)
    assert len(check_download(path, "us_bis_dpl", RULES).watchlist.entries) == 581


def test_an_ofac_csv_set_ending_in_ctrl_z_is_whole(shared_data: Path) -> None:
    sdn = shared_data / "ofac/sdn_full_2021-07/sdn.csv"
    assert sdn.read_bytes().endswith(b"\x1a")
    assert len(check_download(sdn, "us_ofac_sdn", RULES).watchlist.entries) == 8976


def test_a_list_without_entries_is_refused_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(un_list(0))
    assert _refusal(path, rules=DownloadRules(min_bytes=0)) == "empty"


def test_a_list_that_lost_60_percent_is_refused_as_shrank(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(un_list(30))  # 75 → 30 entries: 60% fewer
    assert _refusal(path, previous=75) == "shrank"
    accepted = check_download(path, "un_sc_sanctions", RULES, previous_entries=None)
    assert len(accepted.watchlist.entries) == 30  # nothing published yet: nothing to shrink from


@pytest.mark.parametrize(
    ("previous", "entries", "refused"),
    [
        (100, 80, False),  # exactly the allowed fraction
        (100, 79, True),
        (100, 40, True),
        (100, 150, False),  # growth is never refused
        (None, 1, False),
        (0, 5, False),
    ],
)
def test_shrink_rule(previous: int | None, entries: int, refused: bool) -> None:
    reason = shrink_refusal(previous, entries, 0.2)
    assert (reason is not None) is refused
    if reason:
        assert re.search(r"\d+% fewer \(at most 20% allowed\)", reason)
