"""Screening settings from `SCREENING_*` environment variables, validated at start-up."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.http_server import ApiTokenFields, HttpServerFields
from services.common.service_settings import ServiceSettings
from services.lists.settings import ListSourceFields


class ScreeningSettings(ApiTokenFields, HttpServerFields, ListSourceFields, ServiceSettings):
    """Every screening setting; nested Kafka settings use `SCREENING_KAFKA__<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="SCREENING_")

    follow_watchlists: bool = Field(
        default=True,
        description="Follow the watchlists topic and swap in published snapshots (false: the"
        " lists loaded at start only, no Kafka needed).",
    )

    http_host: str = Field(default="0.0.0.0", description="Listen address.")
    http_port: int = Field(
        default=8083, ge=0, le=65535, description="Port of the API and /metrics, /healthz, /readyz."
    )
    rate_limit_per_second: float = Field(
        default=50.0,
        ge=0.0,
        description="Requests/s per token name, or per client address without a valid token (0 = off).",
    )
    rate_limit_burst: int = Field(default=100, ge=1, description="Rate-limit bucket size.")
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Larger request bodies are answered 413."
    )
    max_queries: int = Field(
        default=100, ge=1, le=1000, description="Queries per POST /match request."
    )
    max_limit: int = Field(default=500, ge=1, description="Largest `limit` a request may ask for.")
    shutdown_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Drain time for requests in flight on SIGTERM/SIGINT."
    )
