"""Is a downloaded list good enough to replace the one in use? Checks that need no network.

A download is refused (DownloadRefused, with one of REFUSAL_REASONS) when it is an HTML page, is
cut short, is too small to be the list, does not load with its format's loader, has no entries,
or has shrunk by more than the allowed fraction against the last published version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from services.lists.watchlists.detect import detect_format, load_watchlist_as
from services.lists.watchlists.errors import WatchlistError
from services.lists.watchlists.model import Watchlist

RefusalReason = Literal["html", "truncated", "too_small", "unparsable", "empty", "shrank"]
REFUSAL_REASONS: tuple[str, ...] = get_args(RefusalReason)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Publishers that end every row with a line break (OFAC adds a Ctrl-Z): anything else was cut.
_LAST_BYTES = {"bis_dpl": (b"\n",), "ofac_csv": (b"\n", b"\x1a")}


class DownloadRefused(WatchlistError):
    """A download that must not replace the list in use; `reason` is one of REFUSAL_REASONS."""

    def __init__(self, name: str, reason: RefusalReason, detail: str) -> None:
        self.name = name
        self.reason = reason
        self.detail = detail
        super().__init__(f"{name}: refused ({reason}): {detail}")


@dataclass(frozen=True)
class DownloadRules:
    """How much a download must hold, and how far a list may shrink between two versions."""

    min_bytes: int = 1024
    max_shrink_fraction: float = 0.2


@dataclass(frozen=True)
class AcceptedList:
    """A download that passed every check, loaded once (the snapshot reuses it)."""

    format: str
    watchlist: Watchlist


def looks_like_html(head: bytes) -> bool:
    """True for an HTML page (a portal's or a proxy's error page) rather than a list."""
    lowered = head[:2048].lower()
    return any(marker in lowered for marker in _HTML_MARKERS)


def shrink_refusal(previous_entries: int | None, entries: int, max_fraction: float) -> str | None:
    """Why `entries` is too big a drop from `previous_entries`, or None when it is not."""
    if not previous_entries:
        return None
    lost = (previous_entries - entries) / previous_entries
    if lost <= max_fraction:
        return None
    return (
        f"{entries} entries, {previous_entries} in the last published version:"
        f" {lost:.0%} fewer (at most {max_fraction:.0%} allowed)"
    )


def check_download(
    path: Path,
    name: str,
    rules: DownloadRules = DownloadRules(),
    previous_entries: int | None = None,
) -> AcceptedList:
    """Load the downloaded file at `path` as list `name`; raises DownloadRefused with the reason."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(2048)
    if looks_like_html(head):
        raise DownloadRefused(name, "html", "the server sent an HTML page, not a list")
    if size < rules.min_bytes:
        raise DownloadRefused(name, "too_small", f"{size} bytes, fewer than {rules.min_bytes}")
    try:
        fmt = detect_format(path)
        if not _ends_whole(path, fmt):
            raise DownloadRefused(name, "truncated", f"the {fmt} file stops mid-row")
        watchlist = load_watchlist_as(path, fmt, name)
    except DownloadRefused:
        raise
    except WatchlistError as exc:
        raise DownloadRefused(name, "unparsable", str(exc)) from exc
    if not watchlist.entries:
        raise DownloadRefused(name, "empty", f"the {fmt} file has no entries")
    shrank = shrink_refusal(previous_entries, len(watchlist.entries), rules.max_shrink_fraction)
    if shrank:
        raise DownloadRefused(name, "shrank", shrank)
    return AcceptedList(fmt, watchlist)


def _ends_whole(path: Path, fmt: str) -> bool:
    endings = _LAST_BYTES.get(fmt)
    if endings is None or path.is_dir():
        return True
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4))
        tail = handle.read().rstrip(b" \r\t")
    return tail.endswith(endings)
