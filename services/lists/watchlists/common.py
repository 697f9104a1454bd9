"""Helpers shared by the loaders: reading bytes, versions, de-duplicating names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path


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
