"""fetch_source: conditional GET into the cache; a bad download never replaces the cached copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.lists.watchlists.fetch import FetchError, FetchResult, fetch_source, list_source
from services.lists.watchlists.registry import snapshot_digest
from services.lists.watchlists.validation import DownloadRefused, check_download
from tests.support.list_server import UN_EXCERPT, ListServer, un_list


@pytest.fixture
def server() -> Iterator[ListServer]:
    with ListServer(UN_EXCERPT) as running:
        yield running


def _fetch(server: ListServer, cache: Path, **options: Any) -> FetchResult:
    source = list_source("un_sc_sanctions", server.url)
    return fetch_source(source, cache, lambda path: check_download(path, source.name), **options)


def test_the_official_file_name_is_kept_for_a_mirror_url() -> None:
    assert (
        list_source("un_sc_sanctions", "http://mirror/x.xml?a=1").filename == "un_consolidated.xml"
    )
    assert list_source("partners", "http://mirror/p/partners.csv?a=1").filename == "partners.csv"
    assert list_source("us_bis_dpl").url.startswith("https://")


def test_download_then_304_with_both_conditional_headers(
    server: ListServer, tmp_path: Path
) -> None:
    first = _fetch(server, tmp_path)
    assert first.status == "downloaded" and first.accepted is not None
    cached = tmp_path / "un_consolidated.xml"
    assert cached.read_bytes() == UN_EXCERPT and first.sha256 == snapshot_digest(cached)
    second = _fetch(server, tmp_path)
    assert second.status == "unchanged" and second.sha256 == first.sha256
    assert second.accepted is None
    sent = server.requests[-1]
    assert sent["If-None-Match"] == server.etag and sent["If-Modified-Since"]


def test_a_body_cut_short_is_refused_as_truncated_and_the_copy_kept(
    server: ListServer, tmp_path: Path
) -> None:
    _fetch(server, tmp_path)
    server.publish(un_list(generated="2026-03-01T00:00:00Z"))
    server.cut_to = len(UN_EXCERPT) // 2
    with pytest.raises(DownloadRefused) as raised:
        _fetch(server, tmp_path)
    assert raised.value.reason == "truncated"
    assert (tmp_path / "un_consolidated.xml").read_bytes() == UN_EXCERPT
    assert not list(tmp_path.glob("*.part"))


def test_an_error_status_is_a_fetch_error(server: ListServer, tmp_path: Path) -> None:
    server.status = 503
    with pytest.raises(FetchError, match="HTTP 503"):
        _fetch(server, tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_download_over_the_limit_is_abandoned(server: ListServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="larger than 1024 bytes"):
        _fetch(server, tmp_path, max_bytes=1024)
    assert not list(tmp_path.iterdir())


def test_a_stop_request_abandons_the_download(server: ListServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="stopped"):
        _fetch(server, tmp_path, should_stop=lambda: True)


def test_an_unreachable_server_is_a_fetch_error(tmp_path: Path) -> None:
    source = list_source("un_sc_sanctions", "http://127.0.0.1:9/list.xml")
    with pytest.raises(FetchError, match="un_sc_sanctions: download failed"):
        fetch_source(source, tmp_path, lambda path: check_download(path, source.name))
