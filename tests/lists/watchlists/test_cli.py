"""`chokepoint watchlist`: fetch with ETags, publish snapshots with their content, swap them in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.lists.matching import NameQuery
from services.lists.watchlists import load_watchlist
from services.lists.watchlists.cli import build_snapshot, main
from services.lists.watchlists.registry import SnapshotError, WatchlistRegistry, snapshot_digest
from services.lists.watchlists.snapshot_content import assemble, pack, sha256_hex, unpack
from tests.support.list_server import ListServer

CUSTOM_LIST = "id,name,schema\nc1,Romashka Trading LLC,Company\n"


@pytest.fixture
def list_server() -> Iterator[ListServer]:
    with ListServer(CUSTOM_LIST.encode(), path="/partners.csv") as server:
        yield server


def _fetch_argv(cache: Path, server: ListServer) -> list[str]:
    # A local source only; a two-row list is far below the default minimum size.
    source = f"partners={server.url}"
    return ["fetch", "--cache", str(cache), "--source", source, "--min-bytes=1"]


def test_fetch_downloads_then_skips_unchanged_then_refreshes(
    list_server: ListServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _fetch_argv(tmp_path, list_server)
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["status"] == "downloaded" and first["entries"] == 1
    assert (tmp_path / "partners.csv").read_text() == CUSTOM_LIST
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out.splitlines()[0])
    assert second["status"] == "unchanged"
    assert list_server.requests[-1].get("If-None-Match") == list_server.etag
    assert list_server.requests[-1].get("If-Modified-Since")
    list_server.publish((CUSTOM_LIST + "c2,Lutik OOO,Company\n").encode())
    assert main(argv) == 0
    third = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (
        third["status"] == "downloaded"
        and len(load_watchlist(tmp_path / "partners.csv").entries) == 2
    )


def test_fetch_refuses_an_error_page_and_keeps_the_good_copy(
    list_server: ListServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _fetch_argv(tmp_path, list_server)
    assert main(argv) == 0
    list_server.html = True
    assert main(argv) == 1
    failed = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert failed["status"] == "failed" and "refused (html)" in failed["error"]
    assert (tmp_path / "partners.csv").read_text() == CUSTOM_LIST
    assert not list(tmp_path.glob("*.part"))


def test_registry_swaps_in_a_verified_snapshot_and_refuses_a_tampered_one(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(CUSTOM_LIST, encoding="utf-8")
    registry = WatchlistRegistry()
    assert not registry.ready and registry.index is None
    item = build_snapshot(path)
    content = assemble(item.snapshot, item.chunks)
    path.unlink()  # the detector needs only what travels on the topic
    index = registry.apply_snapshot(item.snapshot, content)
    assert registry.ready and registry.index is index
    assert registry.versions == {"partners": item.snapshot.version}
    assert index.screen(NameQuery("OOO Romashka Trading"))[0].entry.id == "partners:c1"
    other = tmp_path / "other" / "partners.csv"
    other.parent.mkdir()
    other.write_text(CUSTOM_LIST + "c2,Lutik OOO,Company\n", encoding="utf-8")
    swapped_content = pack(other)  # right archive digest, wrong list digest
    tampered = item.snapshot.model_copy(update={"content_sha256": sha256_hex(swapped_content)})
    with pytest.raises(SnapshotError, match="sha256"):
        registry.apply_snapshot(tampered, swapped_content)
    assert registry.index is index  # the old index stays


def test_a_folder_list_travels_as_content_with_the_same_digest(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.csv").write_text("x\n")
    (folder / "b.csv").write_text("y\n")
    restored = unpack(pack(folder), tmp_path / "out")
    assert restored.is_dir()
    assert snapshot_digest(restored) == snapshot_digest(folder)


def test_versions_published_within_one_second_order_as_published(tmp_path: Path) -> None:
    versions = []
    for n in range(5):  # well within a second; digests in no particular order
        path = tmp_path / f"v{n}" / "partners.csv"
        path.parent.mkdir()
        path.write_text(f"{CUSTOM_LIST}c{n + 2},Variant {n} Trading LLC,Company\n", "utf-8")
        versions.append(build_snapshot(path, "partners").snapshot.version)
    assert versions == sorted(versions) and len(set(versions)) == 5
