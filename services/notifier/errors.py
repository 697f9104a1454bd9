"""The notifier's exceptions.

NotifierError
├── ConfigError              bad settings or routing file (raised at start-up)
└── DeliveryError            a Slack call failed (carries channel, method, Slack error code)
    ├── TransientDeliveryError   429 beyond retries, 5xx, connection errors: retried with backoff
    ├── PermanentDeliveryError   channel_not_found, invalid_auth, …: dead-lettered, never retried
    └── UnexpectedDeliveryError  any other failure of a send, after a few retries: dead-lettered
"""

from __future__ import annotations


class NotifierError(Exception):
    """Base of every notifier error."""


class ConfigError(NotifierError):
    """Settings or the routing file are invalid; the service refuses to start."""


class DeliveryError(NotifierError):
    """A Slack call failed."""

    def __init__(self, message: str, *, channel: str, method: str, code: str) -> None:
        super().__init__(f"{method} to {channel} failed: {code} ({message})")
        self.channel = channel
        self.method = method
        self.code = code


class TransientDeliveryError(DeliveryError):
    """Worth retrying: rate limits past the SDK's retries, server errors, network errors."""


class PermanentDeliveryError(DeliveryError):
    """Retrying cannot help (bad token, missing channel): the alert is dead-lettered."""


class UnexpectedDeliveryError(DeliveryError):
    """A send kept failing in a way we do not know (a bug, a broken sink): dead-lettered."""
