"""Detector settings, from DETECTOR_* environment variables, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.service_settings import ServiceSettings
from services.lists.settings import ListSourceFields

# A shorter stall timeout would restart workers that are only rejoining their group.
STALL_FLOOR_SECONDS = 10


class DetectorSettings(ListSourceFields, ServiceSettings):
    """Every DETECTOR_* variable; nested Kafka settings use `__` (DETECTOR_KAFKA__BOOTSTRAP_SERVERS)."""

    model_config = SettingsConfigDict(env_prefix="DETECTOR_")

    group_id: str = Field(
        default="chokepoint-detector",
        description="faust app id = consumer group of the party-memory agents; also names the table"
        " changelogs. The record topics are read by the group `<group id>-records`, legs and"
        " sightings by `<group id>-state`.",
    )
    http_host: str = Field(
        default="0.0.0.0", description="Listen address of /metrics, /healthz and /readyz."
    )
    http_port: int = Field(
        default=6066, ge=0, le=65_535, description="Port of /metrics, /healthz and /readyz."
    )
    risk_config_path: Path | None = Field(
        default=None, description="Risk weights/countries TOML; default: packaged"
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
        default=524_288,
        ge=1,
        description="Producer batch size in bytes, per partition (a fuller batch makes the next send"
        " to that partition wait for it to go out).",
    )
    stall_timeout_seconds: float = Field(
        default=300.0,
        ge=0,
        le=86_400,
        description="Exit (for the orchestrator to restart the worker; nothing is lost) when the"
        " group's committed offset on one of this worker's partitions has not moved for this long"
        " while records wait beyond it; 0 turns the watch off.",
    )
    exactly_once: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="Score records in transactions (one per batch, with its consumer offsets):"
        " auto = where the broker has them (Apache Kafka), else at least once; on = refuse to"
        " start without them.",
    )
    transaction_timeout_seconds: float = Field(
        default=15.0,
        ge=1,
        le=900,
        description="How long the broker keeps a batch's transaction open before aborting it (a"
        " killed worker's open transaction holds read_committed readers back this long).",
    )
    producer_linger_seconds: float = Field(
        default=0.005,
        ge=0,
        le=1,
        description="Wait this long to batch sends into one produce request.",
    )

    @property
    def records_group_id(self) -> str:
        """The consumer group that reads shipments and news (agents/record_loop.py)."""
        return f"{self.group_id}-records"

    @property
    def state_group_id(self) -> str:
        """The consumer group that reads legs and sightings (agents/state_loop.py)."""
        return f"{self.group_id}-state"

    @model_validator(mode="after")
    def _risk_config_exists(self) -> DetectorSettings:
        if self.risk_config_path is not None and not self.risk_config_path.exists():
            raise ValueError(f"configured path does not exist: {self.risk_config_path}")
        return self

    @model_validator(mode="after")
    def _stall_timeout_spans_restarts(self) -> DetectorSettings:
        if 0 < self.stall_timeout_seconds < STALL_FLOOR_SECONDS:
            raise ValueError(
                f"stall_timeout_seconds must be 0 (off) or at least {STALL_FLOOR_SECONDS} s"
            )
        return self

    # Continuous monitoring (docs/monitoring.md): the party memory and list-change rescreens.
    party_memory_lookback_days: int = Field(
        default=400,
        ge=1,
        le=3_650,
        description="How far back (declaration dates, event time) a remembered party's records"
        " are kept and screened when a list changes.",
    )
    party_memory_max_records: int = Field(
        default=50, ge=1, le=1_000, description="Records kept per remembered party (the newest)."
    )
    rescreen_wait_seconds: float = Field(
        default=120.0,
        gt=0,
        le=3_600,
        description="How long a partition's rescreen request waits for this worker to apply the"
        " list version it names before it is skipped.",
    )
    rescreen_max_entries: int = Field(
        default=100_000,
        ge=0,
        description="A list change with more entries than this (added, changed and removed) is not"
        " screened against the party memory: a whole new list rather than an update (logged).",
    )

    scoring_batch_max_records: int = Field(
        default=2_000,
        ge=1,
        le=10_000,
        description="Records scored per batch (scored, sent and committed together); also the state"
        " loop's batch size (legs, sightings). Only a backlog fills a batch: a live stream's"
        " batches hold what arrived within the wait below. Larger batches fold more of a key's"
        " events into one table update and spend less per record on transactions.",
    )
    scoring_batch_max_wait_seconds: float = Field(
        default=0.02,
        gt=0,
        le=5,
        description="How long a fetch waits for records before scoring what it has.",
    )
