"""The dead-letter envelope: the original bytes, where they came from and why they failed."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DeadLetterReason = Literal[
    "invalid_json",
    "invalid_encoding",
    "validation_error",
    "too_large",
    "unknown_record_type",
    "unknown_hs_code",
    "processing_error",
    "slack_permanent_error",
]


class DeadLetter(BaseModel):
    """One rejected message. `original` is the text if it was UTF-8, else base64."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    original: str
    original_encoding: Literal["utf-8", "base64"]
    original_size_bytes: int = Field(ge=0)
    truncated: bool = False
    topic: str | None = Field(
        default=None, description="Where it was read from (or would have gone)."
    )
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    reason: DeadLetterReason
    detail: str = Field(description="Human-readable error.")
    field_path: str | None = Field(default=None, description="e.g. 'importer.country'")
    service: Literal["ingest", "detector", "notifier"]
    failed_at: datetime

    @classmethod
    def wrap(
        cls,
        raw: bytes,
        *,
        reason: DeadLetterReason,
        detail: str,
        service: Literal["ingest", "detector", "notifier"],
        field_path: str | None = None,
        topic: str | None = None,
        partition: int | None = None,
        offset: int | None = None,
        key: str | None = None,
        max_bytes: int = 512 * 1024,
    ) -> DeadLetter:
        """Build an envelope; bodies beyond max_bytes are cut so the envelope fits in a Kafka message."""
        kept = raw[:max_bytes]
        try:
            original, encoding = kept.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            original, encoding = base64.b64encode(kept).decode("ascii"), "base64"
        return cls(
            original=original,
            original_encoding=encoding,
            original_size_bytes=len(raw),
            truncated=len(raw) > max_bytes,
            topic=topic,
            partition=partition,
            offset=offset,
            key=key,
            reason=reason,
            detail=detail[:2_000],
            field_path=field_path,
            service=service,
            failed_at=datetime.now(UTC),
        )

    def original_bytes(self) -> bytes:
        """The bytes as received (up to the truncation limit)."""
        if self.original_encoding == "base64":
            return base64.b64decode(self.original)
        return self.original.encode("utf-8")
