"""Chokepoint's wire contract: message models, topic names, JSON Schema files.

A library with no I/O and no settings. Every service imports it; none import each other.
"""

from schemas.alerts import (
    Alert,
    AlertFacets,
    AlertRecord,
    Reason,
    ReasonKind,
    Severity,
    alert_id_for,
)
from schemas.control import Feedback, Silence, WatchlistChunk, WatchlistSnapshot
from schemas.dlq import DeadLetter, DeadLetterReason
from schemas.records import NewsRecord, Party, ShipmentRecord, Transport, parse_record
from schemas.topics import Topics

__all__ = [
    "Alert",
    "AlertFacets",
    "AlertRecord",
    "DeadLetter",
    "DeadLetterReason",
    "Feedback",
    "NewsRecord",
    "Party",
    "Reason",
    "ReasonKind",
    "Severity",
    "ShipmentRecord",
    "Silence",
    "Topics",
    "Transport",
    "WatchlistChunk",
    "WatchlistSnapshot",
    "alert_id_for",
    "parse_record",
]
