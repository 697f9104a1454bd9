"""Screening settings from `SCREENING_*` environment variables, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.http_server import ApiTokenFields, HttpServerFields
from services.common.kafka_settings import KafkaConnection
from services.common.shared_data import (
    default_shared_data_dir,
    packaged_chpl_path,
    packaged_hs_nomenclature_path,
)


class ScreeningSettings(ApiTokenFields, HttpServerFields, BaseSettings):
    """Every screening setting; nested Kafka settings use `SCREENING_KAFKA__<NAME>`."""

    model_config = SettingsConfigDict(
        env_prefix="SCREENING_", env_nested_delimiter="__", extra="forbid"
    )

    kafka: KafkaConnection = Field(default_factory=KafkaConnection)
    topic_namespace: str = Field(
        default="",
        pattern=r"^[a-zA-Z0-9_\-]*$",
        description="Prefix for every topic name (tests, parallel demos); as the detector's.",
    )
    topic_partitions: int = Field(
        default=6,
        ge=1,
        description="Partitions of the watchlists topic when this service creates it.",
    )
    topic_replication_factor: int = Field(
        default=1,
        ge=1,
        description="Replication of the watchlists topic when this service creates it (3 in production).",
    )
    follow_watchlists: bool = Field(
        default=True,
        description="Follow the watchlists topic and swap in published snapshots (false: the"
        " lists loaded at start only, no Kafka needed).",
    )
    shared_data_dir: Path = Field(
        default_factory=default_shared_data_dir,
        description="Folder with the full public lists (default: CHOKEPOINT_SHARED_DATA or ../shared/data).",
    )
    watchlist_paths: list[Path] = Field(
        default_factory=list,
        description="Watchlist files/folders; empty = the shared lists, else the fetch cache,"
        " else the packaged excerpt of official lists (as the detector).",
    )
    chpl_path: Path | None = Field(default=None, description="CHPL CSV; default: the packaged copy")
    hs_nomenclature_path: Path | None = Field(
        default=None, description="HS 2022 CSV; default: the packaged copy"
    )
    custom_hs_lists: list[Path] = Field(
        default_factory=list,
        description="JSON list of custom HS list CSVs (format in the scoring docs).",
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

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Log level."
    )
    log_json: bool | None = Field(
        default=None, description="JSON logs; unset: JSON when stderr is not a terminal."
    )

    @model_validator(mode="after")
    def _check(self) -> ScreeningSettings:
        for path in [*self.watchlist_paths, *self.custom_hs_lists]:
            if not path.exists():
                raise ValueError(f"configured path does not exist: {path}")
        for optional in (self.chpl_path, self.hs_nomenclature_path):
            if optional is not None and not optional.exists():
                raise ValueError(f"configured path does not exist: {optional}")
        return self

    def resolved_chpl_path(self) -> Path:
        return self.chpl_path or packaged_chpl_path()

    def resolved_hs_nomenclature_path(self) -> Path:
        return self.hs_nomenclature_path or packaged_hs_nomenclature_path()
