"""Put list snapshots on the watchlists topic, and read back the newest one announced per list.

`chokepoint watchlist publish` and the refresher both publish through `publish_snapshots`: the
content in chunks, then a WatchlistSnapshot keyed by list name, all of one list on one partition.
"""

from __future__ import annotations

import time
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import structlog
from pydantic import ValidationError

from schemas import WatchlistChunk, WatchlistSnapshot
from services.common.kafka_settings import KafkaConnection
from services.lists.watchlists.detect import detect_format, load_watchlist_as
from services.lists.watchlists.model import Watchlist
from services.lists.watchlists.registry import snapshot_digest
from services.lists.watchlists.snapshot_content import (
    chunk_key,
    is_chunk_key,
    pack,
    sha256_hex,
    split,
)

with warnings.catch_warnings():
    # kafka-python's protocol modules use importlib.resources APIs deprecated in 3.11.
    warnings.simplefilter("ignore", DeprecationWarning)
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SnapshotToPublish:
    """The announcement and the chunks that carry its content."""

    snapshot: WatchlistSnapshot
    chunks: list[WatchlistChunk]


def build_snapshot(
    path: Path, name: str | None = None, loaded: tuple[str, Watchlist] | None = None
) -> SnapshotToPublish:
    """Load the list (to validate and count it), pack its content and describe it.

    `loaded` is (format, watchlist) when the caller has already loaded `path` as list `name`.
    """
    fmt, watchlist = loaded or (detect_format(path), None)
    if watchlist is None:
        watchlist = load_watchlist_as(path, fmt, name)
    digest = snapshot_digest(path)
    content = pack(path)
    now = datetime.now(UTC)
    # Versions compare as strings everywhere (follower, monitor, marks): the time leads, to the
    # microsecond, so two snapshots published within one second still order by publication.
    version = f"{now:%Y%m%dT%H%M%S.%f}Z-{digest[:6]}"
    chunks = split(watchlist.name, version, content)
    snapshot = WatchlistSnapshot(
        name=watchlist.name,
        version=version,
        format=fmt,
        sha256=digest,
        entry_count=len(watchlist.entries),
        published_at=now,
        chunk_count=len(chunks),
        content_sha256=sha256_hex(content),
        list_published_at=watchlist.published_at,
    )
    return SnapshotToPublish(snapshot, chunks)


def publish_snapshots(
    snapshots: list[SnapshotToPublish], kafka: KafkaConnection, topic: str
) -> None:
    """Chunks first, then the announcement, all of one list on one partition, acks=all.

    Raises unless the broker confirms every message.
    """
    producer = KafkaProducer(
        acks="all",
        max_request_size=1_000_000,
        request_timeout_ms=30_000,
        max_block_ms=30_000,
        **kafka.kafka_python_config(),
    )
    try:
        partitions = sorted(producer.partitions_for(topic))
        for item in snapshots:
            partition = partitions[zlib.crc32(item.snapshot.name.encode()) % len(partitions)]
            futures = [
                producer.send(
                    topic,
                    key=chunk_key(chunk.name, chunk.index).encode(),
                    value=chunk.model_dump_json().encode(),
                    partition=partition,
                )
                for chunk in item.chunks
            ]
            futures.append(
                producer.send(
                    topic,
                    key=item.snapshot.name.encode(),
                    value=item.snapshot.model_dump_json().encode(),
                    partition=partition,
                )
            )
            for future in futures:
                future.get(timeout=60)
    finally:
        producer.close(timeout=30)


def _newer(a: WatchlistSnapshot, b: WatchlistSnapshot) -> bool:
    return (a.version, a.published_at) > (b.version, b.published_at)


def read_published_snapshots(
    kafka: KafkaConnection,
    topic: str,
    *,
    timeout_seconds: float = 120.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict[str, WatchlistSnapshot]:
    """The newest announcement per list on the topic, read from the start (never by seeking to the
    end offset, which some brokers report wrong): done once every partition is at or past its
    reported end and a poll brought nothing more. Raises TimeoutError after `timeout_seconds`."""
    consumer = KafkaConsumer(
        group_id=None,
        enable_auto_commit=False,
        request_timeout_ms=30_000,
        **kafka.kafka_python_config(),
    )
    newest: dict[str, WatchlistSnapshot] = {}
    deadline = time.monotonic() + timeout_seconds
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        if not partitions:
            return newest
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        while not should_stop():
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} took longer than {timeout_seconds}s")
            batch = consumer.poll(timeout_ms=1000)
            for message in (m for messages in batch.values() for m in messages):
                snapshot = _announcement(message.key, message.value)
                current = newest.get(snapshot.name) if snapshot else None
                if snapshot and (current is None or _newer(snapshot, current)):
                    newest[snapshot.name] = snapshot
            ends = consumer.end_offsets(partitions)
            if not batch and all(consumer.position(tp) >= ends[tp] for tp in partitions):
                return newest
        return newest
    finally:
        consumer.close()


def _announcement(key: bytes | None, value: bytes | None) -> WatchlistSnapshot | None:
    if value is None or key is None or is_chunk_key(key.decode("utf-8", "replace")):
        return None
    try:
        return WatchlistSnapshot.model_validate_json(value)
    except ValidationError as exc:
        log.warning("watchlist.bad_announcement", error=str(exc)[:300])
        return None
