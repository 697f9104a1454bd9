"""Poller state that survives restarts: per-feed ETag, Last-Modified, backoff; seen article ids.

One small JSON file, rewritten atomically after every feed poll. Seen ids are kept newest-last
and trimmed to a bound, so the file stays small however long the poller runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from services.ingest.feeds.config import write_atomically

STATE_VERSION = 1


@dataclass
class FeedState:
    """What the poller remembers about one feed."""

    etag: str | None = None
    modified: str | None = None
    next_poll_at: float = 0.0
    failures: int = 0
    last_status: str = "never"
    last_error: str | None = None


class PollerState:
    """Load once, mutate, `save()`; ids are record ids (derived from guid or URL)."""

    def __init__(self, path: Path, max_seen: int = 50_000) -> None:
        self.path = path
        self.max_seen = max_seen
        self.feeds: dict[str, FeedState] = {}
        self._seen: dict[str, None] = {}  # insertion-ordered set
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.feeds = {name: FeedState(**value) for name, value in raw.get("feeds", {}).items()}
            self._seen = dict.fromkeys(raw.get("seen", []))

    def feed(self, name: str) -> FeedState:
        return self.feeds.setdefault(name, FeedState())

    def seen(self, record_id: str) -> bool:
        return record_id in self._seen

    def mark_seen(self, record_id: str) -> None:
        self._seen[record_id] = None
        while len(self._seen) > self.max_seen:
            del self._seen[next(iter(self._seen))]

    def save(self) -> None:
        payload = {
            "version": STATE_VERSION,
            "feeds": {name: asdict(state) for name, state in self.feeds.items()},
            "seen": list(self._seen),
        }
        write_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=1))
