"""Refresher settings from `REFRESHER_*` environment variables, validated at start-up."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.http_server import HttpServerFields
from services.common.service_settings import ServiceSettings
from services.lists.watchlists import default_cache_dir
from services.lists.watchlists.fetch import OFFICIAL_SOURCES, ListSource, list_source
from services.lists.watchlists.validation import DownloadRules

_LIST_NAME = re.compile(r"^[a-z0-9_]{1,64}$")


def _official_urls() -> dict[str, str]:
    return {name: url for name, (_, url) in OFFICIAL_SOURCES.items()}


class RefresherSettings(HttpServerFields, ServiceSettings):
    """Every refresher setting; nested Kafka settings use `REFRESHER_KAFKA__<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="REFRESHER_")

    sources: dict[str, str] = Field(
        default_factory=_official_urls,
        description="Lists to keep current, JSON {list name: URL}; setting it replaces the whole"
        " set (give a mirror the official name to keep the list's name). Default: the official"
        " OFAC SDN and consolidated XML, UN consolidated XML and BIS Denied Persons List.",
    )
    interval_seconds: float = Field(
        default=6 * 3600.0, ge=1.0, description="Time between two checks of every list."
    )
    fetch_timeout_seconds: float = Field(
        default=300.0, gt=0, description="Longest one download may take, connecting included."
    )
    max_download_bytes: int = Field(
        default=512 * 1024 * 1024, ge=1024, description="A larger download is abandoned."
    )
    min_bytes: int = Field(
        default=10_000,
        ge=0,
        description="A smaller download is refused (an error page or an empty export is small).",
    )
    max_shrink_fraction: float = Field(
        default=0.2,
        ge=0.0,
        lt=1.0,
        description="Refuse a list with this fraction fewer entries than its last published"
        " version (0.2: a list that lost more than a fifth of its entries is kept out).",
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description="Downloaded lists and their ETag / Last-Modified (default:"
        " CHOKEPOINT_WATCHLIST_CACHE or ~/.cache/chokepoint/watchlists, as `watchlist fetch`).",
    )
    http_host: str = Field(default="0.0.0.0", description="Listen address of the ops endpoints.")
    http_port: int = Field(
        default=8084, ge=0, le=65535, description="Port of /metrics, /healthz, /readyz."
    )
    shutdown_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="On SIGTERM/SIGINT, how long a download or publish in flight may finish.",
    )

    @model_validator(mode="after")
    def _sources_valid(self) -> Self:
        if not self.sources:
            raise ValueError("sources is empty: nothing to refresh")
        for name, url in self.sources.items():
            if not _LIST_NAME.match(name):
                raise ValueError(f"list name {name!r}: lower-case letters, digits and _ only")
            if urllib.parse.urlparse(url).scheme not in ("http", "https"):
                raise ValueError(f"{name}: {url!r} is not an http(s) URL")
        files = [source.filename for source in self.list_sources()]
        shared = sorted({f for f in files if files.count(f) > 1})
        if shared:
            raise ValueError(f"sources share a cache file name {shared}: give each URL its own")
        return self

    def list_sources(self) -> list[ListSource]:
        return [list_source(name, url) for name, url in self.sources.items()]

    def download_rules(self) -> DownloadRules:
        return DownloadRules(self.min_bytes, self.max_shrink_fraction)
