"""The feed list: YAML `feeds: [{name, url, interval_seconds, language}]`, addable by CLI."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

FeedName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")]


class FeedConfigError(ValueError):
    """The feed list file is unreadable or invalid (the message names the file and the field)."""


class FeedConfig(BaseModel):
    """One RSS/Atom feed to poll."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: FeedName = Field(description="Short unique name; becomes NewsRecord.source.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    interval_seconds: float = Field(default=900.0, ge=1.0, le=86_400.0)
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        default=None,
        description="Hint used when neither the feed nor the entry declares a language.",
    )


class _FeedsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feeds: list[FeedConfig] = Field(default_factory=list)


def load_feed_configs(path: Path) -> list[FeedConfig]:
    """Read and validate the feed list; names must be unique. A missing file is an empty list."""
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        feeds = _FeedsFile.model_validate(raw).feeds
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise FeedConfigError(f"feed list {path} is invalid: {exc}") from exc
    names = [f.name for f in feeds]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise FeedConfigError(f"feed list {path} names feeds more than once: {duplicates}")
    return feeds


def add_feed(path: Path, feed: FeedConfig) -> list[FeedConfig]:
    """Add a feed to the list file, written atomically; FeedConfigError if the name is taken."""
    feeds = load_feed_configs(path)
    if any(existing.name == feed.name for existing in feeds):
        raise FeedConfigError(f"feed {feed.name!r} is already in {path}")
    feeds.append(feed)
    payload = {"feeds": [f.model_dump(exclude_none=True) for f in feeds]}
    write_atomically(path, yaml.safe_dump(payload, allow_unicode=True, sort_keys=False))
    return feeds


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
