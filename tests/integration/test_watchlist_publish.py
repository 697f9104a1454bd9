"""`chokepoint watchlist publish` puts a list's content and its announcement on the topic."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from schemas import Topics, WatchlistChunk, WatchlistSnapshot
from services.common.local_broker import LocalBroker
from services.lists.watchlists.cli import main
from services.lists.watchlists.registry import WatchlistRegistry, snapshot_digest
from services.lists.watchlists.snapshot_content import assemble

CUSTOM_LIST = "id,name,schema\nc1,Romashka Trading LLC,Company\n"


@pytest.mark.integration
def test_publish_puts_chunks_and_an_announcement_on_the_topic(
    broker: LocalBroker, topics: Topics, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(CUSTOM_LIST, encoding="utf-8")
    namespace = topics.namespace
    status = main(
        [
            "publish",
            str(path),
            "--bootstrap-servers",
            broker.bootstrap_servers,
            "--namespace",
            namespace,
        ]
    )
    assert status == 0
    printed = WatchlistSnapshot.model_validate_json(capsys.readouterr().out.splitlines()[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # kafka-python on Python 3.11
        from tests.support.kafka_io import read_topic
    found = read_topic(broker.bootstrap_servers, topics.watchlists, until=lambda m: len(m) >= 2)
    chunk = WatchlistChunk.model_validate(found[0])
    snapshot = WatchlistSnapshot.model_validate(found[1])
    assert snapshot == printed
    assert (
        snapshot.name == "partners"
        and snapshot.format == "custom_csv"
        and snapshot.entry_count == 1
        and snapshot.chunk_count == 1
        and snapshot.uri is None
    )
    assert snapshot.sha256 == snapshot_digest(path)
    registry = WatchlistRegistry()
    registry.apply_snapshot(snapshot, assemble(snapshot, [chunk]))
    assert registry.versions["partners"] == snapshot.version
