"""Alerts: what the detector found in a record, with every reason explained."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["low", "medium", "high", "critical"]
SEVERITY_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "critical": 3}
ReasonKind = Literal["entity", "product", "description", "route", "pattern", "mention", "link"]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reason(_Frozen):
    """One piece of evidence: what in the record matched what on which list, and its weight."""

    kind: ReasonKind
    summary: str = Field(
        description="One readable sentence, e.g. 'importer \"OOO Foo\" ~ SDN entry FOO LLC'."
    )
    matched: str = Field(default="", description="The text or code in the record that matched.")
    target: str = Field(
        default="", description="What it matched: list entry name, HS code, country set."
    )
    watchlist: str | None = None
    entry_id: str | None = None
    program: str | None = None
    tier: str | None = None
    subscore: Score = 0.0
    weight: Annotated[float, Field(ge=0.0)] = 1.0
    related_record_ids: list[str] = Field(default_factory=list)
    evidence: dict[str, str] = Field(
        default_factory=dict, description="Offsets, snippets, roles, paths."
    )


class AlertRecord(_Frozen):
    """The record an alert is about, summarised."""

    id: str
    type: Literal["shipment", "news"]
    summary: str
    source: str = ""
    url: str | None = None
    occurred_at: datetime | None = Field(
        default=None, description="Declaration date or publication time."
    )
    ingested_at: datetime | None = None


class AlertFacets(_Frozen):
    """Structured fields for routing, grouping and silences (the notifier reads these)."""

    parties: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    hs_code: str | None = None
    hs_tier: str | None = None
    entity_ids: list[str] = Field(default_factory=list)
    watchlists: list[str] = Field(default_factory=list)
    programs: list[str] = Field(default_factory=list)


class Alert(_Frozen):
    """A scored record: the detector's output and the notifier's input."""

    alert_id: str = Field(
        description="Deterministic: the same record (and pattern) always gives the same id."
    )
    kind: Literal["record", "pattern", "link", "retro", "delisted"] = Field(
        default="record",
        description="record: one record scored; pattern / link: across records; retro: a list"
        " change matched a party of past records; delisted: an entry such a party matched was"
        " removed from its list (informational).",
    )
    record: AlertRecord
    score: Score
    severity: Severity
    headline: str
    reasons: list[Reason]
    facets: AlertFacets = Field(default_factory=AlertFacets)
    watchlist_versions: dict[str, str] = Field(default_factory=dict)
    created_at: datetime


def alert_id_for(record_type: str, record_id: str, kind: str = "record", *related: str) -> str:
    """A stable alert id, so a re-published record or a replayed stream alerts once."""
    material = "\x1f".join([kind, record_type, record_id, *sorted(related)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
