"""The detector's current MatchIndex and list versions; snapshots swap in a new index atomically.

Readers take `registry.index` (one attribute read) and use it for a whole record, so a record is
never scored against half-old, half-new lists. Writers build the new index aside, then swap.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from schemas import WatchlistSnapshot
from services.lists.matching import MatchIndex
from services.lists.watchlists import Watchlist, WatchlistError, load_watchlist_as
from services.lists.watchlists.snapshot_content import SnapshotContentError, unpack

OnSwap = Callable[["WatchlistRegistry"], None]  # called after each swap, e.g. to export metrics


class SnapshotError(WatchlistError):
    """A snapshot that cannot be applied: unreachable, wrong digest or unreadable."""


def snapshot_digest(path: Path) -> str:
    """sha256 of a list file, or of a folder's files (names and bytes, sorted by name)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.iterdir() if p.is_file()):
            digest.update(child.name.encode() + b"\0")
            digest.update(child.read_bytes())
    else:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _local_copy(uri: str, workdir: Path) -> Path:
    """A local path for the snapshot's uri (plain path, file:// or http(s)://)."""
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme in ("", "file"):
        return Path(urllib.request.url2pathname(parsed.path) if parsed.scheme else uri)
    if parsed.scheme in ("http", "https"):
        target = workdir / (Path(parsed.path).name or "snapshot")
        with urllib.request.urlopen(uri, timeout=60) as response, target.open("wb") as out:  # noqa: S310
            shutil.copyfileobj(response, out)
        return target
    raise SnapshotError(f"unsupported snapshot uri {uri!r}")


def _materialise(snapshot: WatchlistSnapshot, content: bytes | None, workdir: Path) -> Path:
    """The list on local disk: unpacked from its content, else fetched from its uri."""
    if content is not None:
        return unpack(content, workdir)
    if not snapshot.uri:
        raise SnapshotError(
            f"snapshot {snapshot.name}@{snapshot.version} has no content and no uri"
        )
    return _local_copy(snapshot.uri, workdir)


class WatchlistRegistry:
    """Thread-safe holder of the lists, the index built from them and when each was loaded."""

    def __init__(self, watchlists: Sequence[Watchlist] = (), on_swap: OnSwap | None = None) -> None:
        self._lock = threading.Lock()
        self._lists: dict[str, list[Watchlist]] = {}
        self._loaded_at: dict[str, float] = {}
        self._on_swap = on_swap
        self._index: MatchIndex | None = None
        if watchlists:
            for watchlist in watchlists:
                self._lists.setdefault(watchlist.name, []).append(watchlist)
                self._loaded_at[watchlist.name] = time.time()
            self.swap(MatchIndex.build([w for ws in self._lists.values() for w in ws]))

    @property
    def index(self) -> MatchIndex | None:
        """The current index (None until lists are loaded)."""
        return self._index

    @property
    def ready(self) -> bool:
        """True once an index exists (drives /readyz)."""
        return self._index is not None

    @property
    def versions(self) -> dict[str, str]:
        return self._index.versions if self._index is not None else {}

    def lists(self, name: str) -> list[Watchlist]:
        """The loaded version(s) of one list name (several files may share a name)."""
        return list(self._lists.get(name, []))

    @property
    def published_at(self) -> dict[str, float]:
        """Watchlist name → the publication date its files state (unix time; the oldest of several
        files of one name); a list whose files state no date is absent."""
        published = {}
        for name, watchlists in self._lists.items():
            dates = [w.published_at for w in watchlists if w.published_at is not None]
            if dates:
                published[name] = min(dates).timestamp()
        return published

    @property
    def loaded_at(self) -> dict[str, float]:
        """Watchlist name → unix time its current version was loaded (the freshness metric)."""
        return dict(self._loaded_at)

    def swap(self, index: MatchIndex) -> None:
        """Make `index` current in one assignment; readers see the old or the new, never a mix."""
        self._index = index
        if self._on_swap is not None:
            self._on_swap(self)

    def apply_snapshot(
        self, snapshot: WatchlistSnapshot, content: bytes | None = None
    ) -> MatchIndex:
        """Unpack (or fetch), verify the sha256, load, rebuild and swap; the old index stays on error.

        `content` is the snapshot's assembled chunks; without it the list is read from its uri.
        """
        with self._lock, tempfile.TemporaryDirectory(prefix="chokepoint-snapshot-") as workdir:
            try:
                path = _materialise(snapshot, content, Path(workdir))
                if not path.exists():
                    raise SnapshotError(
                        f"snapshot {snapshot.name}@{snapshot.version}: {path} not found"
                    )
                actual = snapshot_digest(path)
            except (OSError, SnapshotContentError) as exc:
                raise SnapshotError(f"snapshot {snapshot.name}@{snapshot.version}: {exc}") from exc
            if actual != snapshot.sha256:
                raise SnapshotError(
                    f"snapshot {snapshot.name}@{snapshot.version}: "
                    f"sha256 {actual} != published {snapshot.sha256}"
                )
            loaded = load_watchlist_as(path, snapshot.format, snapshot.name)
            loaded.version = snapshot.version
            lists = {**self._lists, snapshot.name: [loaded]}
            index = MatchIndex.build([w for ws in lists.values() for w in ws])
            self._lists = lists
            self._loaded_at[snapshot.name] = time.time()
            self.swap(index)
            return index
