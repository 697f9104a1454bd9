"""Follow the watchlist topic in every detector instance and swap in new lists without a restart.

Every instance must see every snapshot, so this reads without a consumer group, from the start,
and keeps the newest version per list (never by seeking to the end offset). A snapshot whose
content travels in chunks is applied once all its chunks arrived, in whatever order they come.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from kafka import KafkaConsumer
from pydantic import ValidationError

from schemas import Topics, WatchlistChunk, WatchlistSnapshot
from services.common.kafka_settings import KafkaConnection
from services.lists.watchlists.snapshot_content import SnapshotContentError, assemble, is_chunk_key

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ReadySnapshot:
    """A snapshot with its content in hand (None: fetch it from snapshot.uri)."""

    snapshot: WatchlistSnapshot
    content: bytes | None


ApplySnapshot = Callable[[ReadySnapshot], None]


@dataclass
class SnapshotAssembler:
    """Pairs announced snapshots with their chunks; holds only what the newest versions need."""

    chunks: dict[str, dict[int, WatchlistChunk]] = field(default_factory=dict)
    pending: dict[str, WatchlistSnapshot] = field(default_factory=dict)

    def add_snapshot(self, snapshot: WatchlistSnapshot) -> ReadySnapshot | None:
        current = self.pending.get(snapshot.name)
        if current is None or _newer(snapshot, current):
            self.pending[snapshot.name] = snapshot
        return self._ready(snapshot.name)

    def add_chunk(self, chunk: WatchlistChunk) -> ReadySnapshot | None:
        held = self.chunks.setdefault(chunk.name, {})
        existing = held.get(chunk.index)
        if existing is None or chunk.version >= existing.version:
            held[chunk.index] = chunk
        return self._ready(chunk.name)

    def _ready(self, name: str) -> ReadySnapshot | None:
        snapshot = self.pending.get(name)
        if snapshot is None:
            return None
        if snapshot.chunk_count == 0:
            del self.pending[name]
            return ReadySnapshot(snapshot, None)
        held = self.chunks.get(name, {})
        pieces = [held.get(i) for i in range(snapshot.chunk_count)]
        if any(p is None or p.version != snapshot.version for p in pieces):
            return None  # more chunks (or the announcement of a newer version) still to come
        try:
            content = assemble(snapshot, pieces)
        except SnapshotContentError as exc:
            log.error("watchlist.bad_content", watchlist=name, error=str(exc))
            del self.pending[name]
            return None
        del self.pending[name]
        self.chunks[name] = {i: c for i, c in held.items() if c.version > snapshot.version}
        return ReadySnapshot(snapshot, content)


class WatchlistFollower:
    """A daemon thread: snapshots on the topic → `apply(snapshot)` for each list's newest version."""

    def __init__(
        self,
        kafka: KafkaConnection,
        topics: Topics,
        apply: ApplySnapshot,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self._kafka = kafka
        self._topic = topics.watchlists
        self._apply = apply
        self._prepare = prepare  # e.g. create the topic as declared; retried with the follow
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="watchlist-follower", daemon=True)
        self._applied: dict[str, str] = {}
        self.caught_up = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._follow()
            except Exception:  # the broker may be away; keep the current lists and retry
                log.exception("watchlist.follow_failed")
                self._stop.wait(2.0)

    def _follow(self) -> None:
        if self._prepare is not None:
            self._prepare()
            self._prepare = None
        consumer = KafkaConsumer(
            self._topic,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            **self._kafka.kafka_python_config(),
        )
        try:
            assembler = SnapshotAssembler()
            while not self._stop.is_set():
                batch = consumer.poll(timeout_ms=1000)
                newest: dict[str, ReadySnapshot] = {}
                for messages in batch.values():
                    for message in messages:
                        ready = _take(assembler, message.key, message.value)
                        current = newest.get(ready.snapshot.name) if ready else None
                        if ready and (current is None or _newer(ready.snapshot, current.snapshot)):
                            newest[ready.snapshot.name] = ready
                for ready in newest.values():
                    self._maybe_apply(ready)
                if not batch:
                    self.caught_up = True
        finally:
            consumer.close()

    def _maybe_apply(self, ready: ReadySnapshot) -> None:
        snapshot = ready.snapshot
        if self._applied.get(snapshot.name, "") >= snapshot.version:
            return
        started = time.perf_counter()
        try:
            self._apply(ready)
        except Exception:
            log.exception(
                "watchlist.apply_failed", watchlist=snapshot.name, version=snapshot.version
            )
            return
        self._applied[snapshot.name] = snapshot.version
        log.info(
            "watchlist.applied",
            watchlist=snapshot.name,
            version=snapshot.version,
            seconds=round(time.perf_counter() - started, 2),
        )


def _newer(a: WatchlistSnapshot, b: WatchlistSnapshot) -> bool:
    return (a.version, a.published_at) > (b.version, b.published_at)


def _take(
    assembler: SnapshotAssembler, key: bytes | None, value: bytes | None
) -> ReadySnapshot | None:
    """Feed one message of the topic to the assembler (tombstones and bad messages are skipped)."""
    if value is None:
        return None
    chunked = key is not None and is_chunk_key(key.decode("utf-8", "replace"))
    try:
        if chunked:
            return assembler.add_chunk(WatchlistChunk.model_validate_json(value))
        return assembler.add_snapshot(WatchlistSnapshot.model_validate_json(value))
    except ValidationError as exc:
        log.warning("watchlist.bad_message", chunk=chunked, error=str(exc)[:300])
        return None
