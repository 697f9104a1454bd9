"""Control messages: watchlist snapshots, silences and analyst feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WatchlistSnapshot(_Frozen):
    """A new version of a watchlist, published by reference (lists are far larger than a message)."""

    name: str = Field(description="Watchlist name, e.g. 'us_ofac_sdn'. Key of the message.")
    version: str = Field(description="Monotonic version, e.g. '20260227T000009Z-3f9a1c'.")
    format: str = Field(
        description="Loader format: ofac_csv, ofac_xml, un_xml, bis_dpl, ftm_json, targets_csv, custom_csv."
    )
    uri: str = Field(description="Path or URL the detector reads the snapshot from.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    entry_count: int = Field(ge=0)
    published_at: datetime


class SilenceMatcher(_Frozen):
    """Alerts match a silence when every given field matches (case-insensitive)."""

    entity_id: str | None = None
    party: str | None = None
    record_type: Literal["shipment", "news"] | None = None
    severity: Literal["low", "medium", "high", "critical"] | None = None
    watchlist: str | None = None
    hs_prefix: str | None = None


class Silence(_Frozen):
    """Suppress matching alerts until ends_at. Re-publishing the id with ends_at=now expires it."""

    silence_id: str
    matcher: SilenceMatcher
    created_by: str
    comment: str = ""
    starts_at: datetime
    ends_at: datetime


class Feedback(_Frozen):
    """An analyst's verdict on an alert, from a Slack button or the API."""

    alert_id: str
    action: Literal["acknowledged", "false_positive"]
    user: str
    at: datetime
    channel: str | None = None
    message_ts: str | None = None
