"""What the loaders share: reading bytes, versions, publication dates, de-duplicating names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

# A list cannot be published after it was read; a day of grace covers time zones.
_FUTURE_GRACE = timedelta(days=1)


def read_text(path: Path) -> str:
    """Decode a list file: UTF-8 (BOM or not), else Windows-1252 as older OFAC files use."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\x1a", "")  # OFAC files end with a Ctrl-Z byte


def content_version(paths: Sequence[Path], stamp: str | None = None) -> str:
    """A version from the files' bytes: `<stamp>-<sha256[:12]>`, or `sha-<sha256[:12]>`."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    short = digest.hexdigest()[:12]
    return f"{stamp}-{short}" if stamp else f"sha-{short}"


def unique(values: Iterable[str | None], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Non-empty stripped values in first-seen order, without duplicates or excluded values."""
    seen = {v.casefold() for v in exclude}
    out: list[str] = []
    for value in values:
        if not value:
            continue
        text = " ".join(value.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out)


def utc_moment(text: str | None) -> datetime | None:
    """An ISO date or date-time ('2026-02-27', '2026-02-27T00:00:09.554Z') as aware UTC, else None.

    A date-time without an offset is taken as UTC; a bare date as its midnight UTC.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def newest_past(moments: Iterable[datetime | None], now: datetime | None = None) -> datetime | None:
    """The latest moment that is not in the future; lists carry typos such as the year 3017."""
    latest_allowed = (now or datetime.now(UTC)) + _FUTURE_GRACE
    past = [m for m in moments if m is not None and m <= latest_allowed]
    return max(past, default=None)
