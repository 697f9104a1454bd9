"""Control messages: watchlist snapshots, silences and analyst feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WatchlistSnapshot(_Frozen):
    """A new version of a watchlist. Key: the list name.

    Its content travels on the same topic in `WatchlistChunk` messages (`chunk_count` of them, a
    gzip'd tar of the list's file(s), verified by `content_sha256`), so any detector on any host can
    load it; or, with `chunk_count` 0, it is fetched from `uri` (http(s) or a path the detector sees).
    """

    name: str = Field(description="Watchlist name, e.g. 'us_ofac_sdn'. Key of the message.")
    version: str = Field(
        description="Monotonic version: later publications compare greater as strings, e.g."
        " '20260227T000009.554000Z-3f9a1c' (publication time, then the list's digest)."
    )
    format: str = Field(
        description="Loader format: ofac_csv, ofac_xml, un_xml, bis_dpl, ftm_json, targets_csv, custom_csv."
    )
    uri: str | None = Field(
        default=None, description="Where to fetch the list when it is not carried in chunks."
    )
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="Digest of the list file (or folder) itself."
    )
    entry_count: int = Field(ge=0)
    published_at: datetime
    chunk_count: int = Field(
        default=0, ge=0, description="How many WatchlistChunk messages carry the content."
    )
    content_sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Digest of the chunks' data joined in index order.",
    )
    list_published_at: datetime | None = Field(
        default=None,
        description="The list's own publication date as its file states it (OFAC Publish_Date, UN"
        " dateGenerated, BIS DPL newest Last_Update); unset when the format carries none.",
    )

    @model_validator(mode="after")
    def _content_or_uri(self) -> WatchlistSnapshot:
        if self.chunk_count == 0 and not self.uri:
            raise ValueError("a snapshot needs chunks (chunk_count > 0) or a uri")
        if self.chunk_count > 0 and self.content_sha256 is None:
            raise ValueError("a chunked snapshot needs content_sha256")
        return self


class WatchlistChunk(_Frozen):
    """One piece of a snapshot's content. Key: '<name>#chunk-<index>' (compaction keeps the newest)."""

    name: str
    version: str = Field(description="The WatchlistSnapshot version this piece belongs to.")
    index: int = Field(ge=0)
    count: int = Field(ge=1)
    data: str = Field(description="Base64 of this piece of the gzip'd tar archive.")


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
