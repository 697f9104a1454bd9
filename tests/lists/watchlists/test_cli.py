"""`chokepoint watchlist`: fetch with ETags, publish snapshots with their content, swap them in."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.lists.matching import NameQuery
from services.lists.watchlists import load_watchlist
from services.lists.watchlists.cli import build_snapshot, main
from services.lists.watchlists.registry import SnapshotError, WatchlistRegistry, snapshot_digest
from services.lists.watchlists.snapshot_content import assemble, pack, sha256_hex, unpack

CUSTOM_LIST = "id,name,schema\nc1,Romashka Trading LLC,Company\n"


class _ListServer(http.server.BaseHTTPRequestHandler):
    body = CUSTOM_LIST.encode()
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        etag = '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'
        type(self).requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def list_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ListServer)
    _ListServer.requests = []
    _ListServer.body = CUSTOM_LIST.encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/partners.csv"
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_downloads_then_skips_unchanged_then_refreshes(
    list_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fetch", "--cache", str(tmp_path), "--source", f"partners={list_server}"]  # local only
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["status"] == "downloaded"
    assert (tmp_path / "partners.csv").read_text() == CUSTOM_LIST
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out.splitlines()[0])
    assert second["status"] == "unchanged"
    assert _ListServer.requests[-1].get("If-None-Match")
    _ListServer.body = (CUSTOM_LIST + "c2,Lutik OOO,Company\n").encode()
    assert main(argv) == 0
    third = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (
        third["status"] == "downloaded"
        and len(load_watchlist(tmp_path / "partners.csv").entries) == 2
    )


def test_fetch_refuses_an_error_page_and_keeps_the_good_copy(
    list_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fetch", "--cache", str(tmp_path), "--source", f"partners={list_server}"]
    assert main(argv) == 0
    _ListServer.body = b"<html>Service unavailable</html>"
    assert main(argv) == 1
    assert "failed" in capsys.readouterr().out
    assert (tmp_path / "partners.csv").read_text() == CUSTOM_LIST


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
