"""Snapshot content: chunks reassemble in any order; missing, mixed or altered chunks are refused."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime

import pytest

from schemas import WatchlistChunk, WatchlistSnapshot
from services.lists.watchlists.follower import SnapshotAssembler
from services.lists.watchlists.snapshot_content import (
    SnapshotContentError,
    assemble,
    sha256_hex,
    split,
)


def announce(
    name: str, version: str, content: bytes, chunks: list[WatchlistChunk]
) -> WatchlistSnapshot:
    return WatchlistSnapshot(
        name=name,
        version=version,
        format="custom_csv",
        sha256="0" * 64,
        entry_count=1,
        published_at=datetime(2026, 11, 30, tzinfo=UTC),
        chunk_count=len(chunks),
        content_sha256=sha256_hex(content),
    )


def test_content_larger_than_a_message_is_split_under_the_limit_and_rejoined() -> None:
    content = os.urandom(2_500_000)
    chunks = split("big", "v1", content)
    assert len(chunks) == 5
    assert all(len(c.model_dump_json()) < 1_000_000 for c in chunks)
    assert assemble(announce("big", "v1", content, chunks), chunks) == content


def test_a_missing_chunk_or_a_chunk_of_another_version_is_refused() -> None:
    content = os.urandom(1_200_000)
    chunks = split("big", "v1", content)
    snapshot = announce("big", "v1", content, chunks)
    with pytest.raises(SnapshotContentError, match="missing"):
        assemble(snapshot, [*chunks[:-1], None])
    stranger = split("big", "v2", os.urandom(1_200_000))
    with pytest.raises(SnapshotContentError, match="another version"):
        assemble(snapshot, [chunks[0], stranger[1], chunks[2]])


def test_altered_content_fails_the_digest() -> None:
    content = os.urandom(100_000)
    chunks = split("l", "v1", content)
    snapshot = announce("l", "v1", content, chunks)
    altered = [
        c.model_copy(update={"data": split("l", "v1", b"x" * 100_000)[0].data}) for c in chunks
    ]
    with pytest.raises(SnapshotContentError, match="sha256"):
        assemble(snapshot, altered)


def test_the_assembler_applies_a_snapshot_once_its_chunks_arrive_in_any_order() -> None:
    content = os.urandom(1_600_000)
    chunks = split("l", "v1", content)
    snapshot = announce("l", "v1", content, chunks)
    arrivals: list[WatchlistChunk | WatchlistSnapshot] = [snapshot, *chunks]
    random.Random(7).shuffle(arrivals)
    assembler = SnapshotAssembler()
    ready = []
    for item in arrivals:
        got = (
            assembler.add_snapshot(item)
            if isinstance(item, WatchlistSnapshot)
            else assembler.add_chunk(item)
        )
        if got is not None:
            ready.append(got)
    assert len(ready) == 1 and ready[0].content == content
    assert assembler.chunks == {"l": {}} and assembler.pending == {}


def test_the_assembler_waits_for_the_newest_version_when_an_older_one_is_incomplete() -> None:
    old, new = os.urandom(700_000), os.urandom(700_000)
    old_chunks, new_chunks = split("l", "v1", old), split("l", "v2", new)
    assembler = SnapshotAssembler()
    assert assembler.add_chunk(old_chunks[0]) is None
    assert assembler.add_snapshot(announce("l", "v1", old, old_chunks)) is None  # v1 half there
    assert assembler.add_snapshot(announce("l", "v2", new, new_chunks)) is None
    for chunk in new_chunks[:-1]:
        assert assembler.add_chunk(chunk) is None
    ready = assembler.add_chunk(new_chunks[-1])
    assert ready is not None and ready.snapshot.version == "v2" and ready.content == new
