"""Detector settings, from DETECTOR_* environment variables, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.kafka_settings import KafkaConnection
from services.common.shared_data import (
    default_shared_data_dir,
    packaged_chpl_path,
    packaged_hs_nomenclature_path,
)


class DetectorSettings(BaseSettings):
    """Every DETECTOR_* variable; nested Kafka settings use `__` (DETECTOR_KAFKA__BOOTSTRAP_SERVERS)."""

    model_config = SettingsConfigDict(
        env_prefix="DETECTOR_", env_nested_delimiter="__", extra="forbid"
    )

    kafka: KafkaConnection = Field(default_factory=KafkaConnection)
    topic_namespace: str = Field(
        default="",
        pattern=r"^[a-zA-Z0-9_\-]*$",
        description="Prefix for every topic name (tests, parallel demos).",
    )
    group_id: str = Field(
        default="chokepoint-detector",
        description="faust app id = consumer group; also names the table changelogs.",
    )
    topic_partitions: int = Field(
        default=6,
        ge=1,
        le=1_000,
        description="Partitions of the topics it creates (internal topics, tables).",
    )
    topic_replication_factor: int = Field(
        default=1, ge=1, le=10, description="Replicas of the topics it creates (3 in production)."
    )
    web_host: str = Field(
        default="0.0.0.0", description="Listen address of /metrics, /healthz and /readyz."
    )
    web_port: int = Field(
        default=6066, ge=0, le=65_535, description="Port of /metrics, /healthz and /readyz."
    )
    shared_data_dir: Path = Field(
        default_factory=default_shared_data_dir,
        description="Folder with the full public lists (default: CHOKEPOINT_SHARED_DATA or ../shared/data).",
    )
    watchlist_paths: list[Path] = Field(
        default_factory=list,
        description="Watchlist files/folders; empty = the shared lists, else the fetch cache,"
        " else the packaged excerpt of official lists.",
    )
    chpl_path: Path | None = Field(default=None, description="CHPL CSV; default: the packaged copy")
    hs_nomenclature_path: Path | None = Field(
        default=None, description="HS 2022 CSV; default: the packaged copy"
    )
    custom_hs_lists: list[Path] = Field(
        default_factory=list,
        description="JSON list of custom HS list CSVs (format in the scoring docs).",
    )
    risk_config_path: Path | None = Field(
        default=None, description="Risk weights/countries TOML; default: packaged"
    )
    store: Literal["memory://", "rocksdb://"] = Field(
        default="memory://",
        description="Table store; rocksdb:// keeps state on disk (faster recovery, needs rocksdict).",
    )
    data_dir: Path = Field(
        default=Path(".chokepoint-cache/detector"), description="faust data directory."
    )
    session_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How long the group waits for a silent member (the demo and tests use 6).",
    )
    heartbeat_interval_seconds: float = Field(
        default=3.0, gt=0, description="Consumer group heartbeat (the demo and tests use 1)."
    )
    producer_max_batch_size: int = Field(
        default=16_384, ge=1, description="Producer batch size in bytes."
    )
    commit_interval_seconds: float = Field(
        default=2.8, gt=0, le=60, description="How often processed offsets are committed (faust)."
    )
    producer_linger_seconds: float = Field(
        default=0.005,
        ge=0,
        le=1,
        description="Wait this long to batch sends into one produce request.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Log level."
    )
    log_json: bool | None = Field(
        default=None, description="JSON logs; unset: JSON when stderr is not a terminal."
    )

    @model_validator(mode="after")
    def _paths_exist(self) -> DetectorSettings:
        for path in [*self.watchlist_paths, *self.custom_hs_lists]:
            if not path.exists():
                raise ValueError(f"configured path does not exist: {path}")
        for optional in (self.chpl_path, self.hs_nomenclature_path, self.risk_config_path):
            if optional is not None and not optional.exists():
                raise ValueError(f"configured path does not exist: {optional}")
        return self

    def resolved_chpl_path(self) -> Path:
        return self.chpl_path or packaged_chpl_path()

    def resolved_hs_nomenclature_path(self) -> Path:
        return self.hs_nomenclature_path or packaged_hs_nomenclature_path()
