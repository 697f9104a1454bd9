"""Turning rejected records into dead-letter messages (pure)."""

from __future__ import annotations

from schemas import DeadLetter, Topics
from services.ingest.parsing import RecordError, RecordType
from services.ingest.publisher import OutgoingMessage


def record_topic(topics: Topics, record_type: RecordType) -> str:
    """The topic a record type is published on."""
    return topics.news if record_type == "news" else topics.shipments


def dead_letter_topic(topics: Topics, record_type: RecordType | None) -> str:
    """The DLQ for a record type; records of no known type go to the shipments DLQ."""
    return topics.news_dlq if record_type == "news" else topics.shipments_dlq


def dead_letter_message(
    error: RecordError, topics: Topics, record_type: RecordType | None, *, origin: str | None = None
) -> OutgoingMessage:
    """The DLQ message for one rejected record; `origin` (e.g. `file.csv`) goes into the detail."""
    where = f"line {error.line}: " if error.line is not None else ""
    detail = f"{origin + ': ' if origin else ''}{where}{error.message}"
    letter = DeadLetter.wrap(
        error.raw,
        reason=error.reason,
        detail=detail,
        service="ingest",
        field_path=error.path,
        topic=record_topic(topics, record_type or "shipment"),
        key=error.key,
    )
    return OutgoingMessage(
        dead_letter_topic(topics, record_type), error.key, letter.model_dump_json().encode("utf-8")
    )
