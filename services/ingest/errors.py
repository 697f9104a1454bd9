"""The ingest service's exceptions.

    IngestError
    ├── ConfigError        a setting or a referenced file is unusable (raised at start-up)
    ├── PublishError       Kafka did not acknowledge a batch (broker down, timeout)
    └── ImportFileError    an import file cannot be read as the requested format

Per-record problems are not exceptions: they are `RecordError` values (see parsing.py),
answered to the caller and written to the dead-letter topic.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class of every error the ingest service raises."""


class ConfigError(IngestError):
    """A setting or a file it names is unusable; the service refuses to start."""


class PublishError(IngestError):
    """The broker did not acknowledge every message of a batch."""

    def __init__(self, message: str, *, topic: str | None = None, pending: int = 0) -> None:
        super().__init__(message)
        self.topic = topic
        self.pending = pending


class ImportFileError(IngestError):
    """An import file is missing, unreadable or has unknown columns."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
