"""Errors raised while reading a watchlist file.

WatchlistError
└── WatchlistFormatError   unknown format, or a file that does not parse as its format
"""

from __future__ import annotations

from pathlib import Path


class WatchlistError(Exception):
    """Base class for watchlist problems."""


class WatchlistFormatError(WatchlistError):
    """A file that is not a known watchlist format, or is malformed; names the path and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")
