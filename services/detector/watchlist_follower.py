"""Follow the watchlist topic in every detector instance and swap in new lists without a restart.

Every instance must see every snapshot, so this reads without a consumer group, from the start,
and keeps the newest version per list (never by seeking to the end offset).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import structlog
from kafka import KafkaConsumer
from pydantic import ValidationError

from schemas import Topics, WatchlistSnapshot
from services.common.kafka_settings import KafkaConnection

log = structlog.get_logger(__name__)

ApplySnapshot = Callable[[WatchlistSnapshot], None]


class WatchlistFollower:
    """A daemon thread: snapshots on the topic → `apply(snapshot)` for each list's newest version."""

    def __init__(self, kafka: KafkaConnection, topics: Topics, apply: ApplySnapshot) -> None:
        self._kafka = kafka
        self._topic = topics.watchlists
        self._apply = apply
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
        consumer = KafkaConsumer(
            self._topic,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            **self._kafka.kafka_python_config(),
        )
        try:
            while not self._stop.is_set():
                batch = consumer.poll(timeout_ms=1000)
                newest: dict[str, WatchlistSnapshot] = {}
                for messages in batch.values():
                    for message in messages:
                        snapshot = _parse(message.value)
                        if snapshot is None:
                            continue
                        current = newest.get(snapshot.name)
                        if current is None or _newer(snapshot, current):
                            newest[snapshot.name] = snapshot
                for snapshot in newest.values():
                    self._maybe_apply(snapshot)
                if not batch:
                    self.caught_up = True
        finally:
            consumer.close()

    def _maybe_apply(self, snapshot: WatchlistSnapshot) -> None:
        if self._applied.get(snapshot.name, "") >= snapshot.version:
            return
        started = time.perf_counter()
        try:
            self._apply(snapshot)
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


def _parse(raw: bytes | None) -> WatchlistSnapshot | None:
    if raw is None:
        return None
    try:
        return WatchlistSnapshot.model_validate_json(raw)
    except ValidationError as exc:
        log.warning("watchlist.bad_snapshot", error=str(exc)[:300])
        return None
