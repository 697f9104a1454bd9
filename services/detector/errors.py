"""Detector exceptions.

DetectorError
├── ConfigError          settings or risk config unusable (raised at start-up)
├── WatchlistLoadError   a watchlist or snapshot could not be loaded
└── PoisonRecord         one message cannot be scored; it goes to the dead-letter topic
"""

from __future__ import annotations

from schemas.dlq import DeadLetterReason


class DetectorError(Exception):
    """Base of every detector error."""


class ConfigError(DetectorError):
    """Settings or the risk config are unusable."""


class WatchlistLoadError(DetectorError):
    """A watchlist could not be loaded."""


class PoisonRecord(DetectorError):
    """A message that cannot be scored, with the dead-letter reason and field path."""

    def __init__(
        self, reason: DeadLetterReason, detail: str, field_path: str | None = None
    ) -> None:
        super().__init__(detail)
        self.reason: DeadLetterReason = reason
        self.detail = detail
        self.field_path = field_path
