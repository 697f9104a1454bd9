"""Ingest settings from `INGEST_*` environment variables, validated at start-up."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from schemas.decoding import MAX_RECORD_BYTES
from services.common.http_server import ApiTokenFields, HttpServerFields
from services.common.service_settings import ServiceSettings


class Settings(ApiTokenFields, HttpServerFields, ServiceSettings):
    """Every ingest setting; nested Kafka settings use `INGEST_KAFKA__<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="INGEST_")

    http_host: str = Field(default="0.0.0.0", description="Listen address.")
    http_port: int = Field(
        default=8080, ge=0, le=65535, description="Port of the API and /metrics, /healthz, /readyz."
    )

    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="Larger request bodies are answered 413."
    )
    max_record_bytes: int = Field(
        default=MAX_RECORD_BYTES,
        ge=1024,
        le=MAX_RECORD_BYTES,
        description="Larger records are refused as too_large; at most the detector's limit, so"
        " nothing ingest accepts is dead-lettered for its size downstream.",
    )
    max_batch_records: int = Field(default=10_000, ge=1, description="Lines per NDJSON request.")
    rate_limit_per_second: float = Field(
        default=20.0,
        ge=0.0,
        description="Requests/s per token name, or per client address without a valid token (0 = off).",
    )
    rate_limit_burst: int = Field(default=40, ge=1, description="Rate-limit bucket size.")

    publish_timeout_seconds: float = Field(
        default=15.0,
        gt=0,
        description="How long to wait for Kafka's acknowledgement before answering 503.",
    )
    readiness_probe_interval_seconds: float = Field(
        default=5.0,
        gt=0,
        description="Kafka probe interval for /readyz (and connect retry interval).",
    )
    shutdown_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Drain time for requests and the producer on SIGTERM/SIGINT.",
    )

    hs_nomenclature_path: Path | None = Field(
        default=None, description="HS nomenclature CSV; enables the check that an HS-6 code exists."
    )
    feeds_config_path: Path | None = Field(
        default=None, description="Feed list (YAML); serve polls it when set."
    )
    feeds_state_path: Path = Field(
        default=Path("feeds-state.json"), description="Poller state (ETags, seen items)."
    )

    @model_validator(mode="after")
    def _nomenclature_is_a_file(self) -> Settings:
        if self.hs_nomenclature_path is not None and not self.hs_nomenclature_path.is_file():
            raise ValueError(
                f"INGEST_HS_NOMENCLATURE_PATH {self.hs_nomenclature_path} is not a file"
            )
        return self
