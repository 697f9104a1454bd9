"""Detector exceptions.

DetectorError
└── PoisonRecord         one message cannot be scored; it goes to the dead-letter topic

Start-up failures are the libraries' own: RiskConfigError, WatchlistError, TopicConfigError.
"""

from __future__ import annotations

from schemas.dlq import DeadLetterReason


class DetectorError(Exception):
    """Base of every detector error."""


class PoisonRecord(DetectorError):
    """A message that cannot be scored, with the dead-letter reason and field path."""

    def __init__(
        self, reason: DeadLetterReason, detail: str, field_path: str | None = None
    ) -> None:
        super().__init__(detail)
        self.reason: DeadLetterReason = reason
        self.detail = detail
        self.field_path = field_path
