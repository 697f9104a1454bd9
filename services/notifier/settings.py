"""Notifier settings: environment variables `NOTIFIER_*`, validated at start-up."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.http_guard import check_named_tokens
from services.common.http_server import HttpServerFields
from services.common.service_settings import ServiceSettings
from services.notifier.grouping import GROUP_FIELDS

Mode = Literal["slack", "webhook", "console"]


def _default_instance_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Settings(HttpServerFields, ServiceSettings):
    """Every setting of the notifier; see the README, "Notifier", for the table."""

    model_config = SettingsConfigDict(env_prefix="NOTIFIER_")

    group_id: str = Field(default="chokepoint-notifier", description="Kafka consumer group.")
    session_timeout_seconds: float = Field(
        default=10.0, gt=0, description="How long the group waits for a silent member."
    )
    instance_id: str = Field(
        default_factory=_default_instance_id,
        description="Names this instance's state markers; default: host name and process id.",
    )

    slack_bot_token: SecretStr | None = Field(
        default=None, description="Bot token: Web API mode (threads, updates, buttons)."
    )
    slack_webhook_url: SecretStr | None = Field(
        default=None, description="Incoming webhook: webhook mode (not with a bot token)."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        description="Enables POST /slack/actions and /slack/commands (503 without).",
    )
    slack_base_url: str = Field(
        default="https://slack.com/api/",
        description="Web API base (tests point it at a local server).",
    )
    slack_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Timeout per Slack request."
    )
    slack_auth_retry_seconds: float = Field(
        default=15.0,
        gt=0,
        description="While Slack's auth.test fails (Slack down at start-up), how often to retry it.",
    )
    default_channel: str = Field(
        default="#sanctions-alerts", description="Channel for alerts no routing rule matches."
    )
    routing_file: Path | None = Field(default=None, description="YAML routing rules (must exist).")

    group_by: list[str] = Field(
        default_factory=lambda: ["entity", "counterparty", "hs4"],
        description="Alert fields that form the group key, JSON list; [] = no grouping.",
    )
    group_wait_seconds: float = Field(
        default=30.0, ge=0, description="How long a new group collects its first alerts."
    )
    group_interval_seconds: float = Field(
        default=300.0, ge=0, description="Time between thread flushes of a group."
    )
    repeat_interval_seconds: float = Field(
        default=4 * 3600.0, gt=0, description="After this a group gets a new parent message."
    )

    channel_interval_seconds: float = Field(
        default=1.0, ge=0, description="Pacing: Slack allows ~1 msg/s/channel."
    )
    rate_limit_max_retries: int = Field(
        default=10, ge=0, description="429 retries inside slack-sdk before our own backoff."
    )
    retry_initial_seconds: float = Field(
        default=1.0, gt=0, description="First backoff for 5xx and network errors."
    )
    retry_max_seconds: float = Field(
        default=60.0, gt=0, description="Longest backoff for 5xx and network errors."
    )
    unexpected_error_attempts: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Attempts at a batch whose send fails unexpectedly before it is dead-lettered.",
    )
    state_retention_seconds: float = Field(
        default=7 * 86400.0,
        gt=0,
        description=(
            "How long deliveries, threads and ended silences are kept in memory (at least"
            " repeat_interval_seconds); an alert re-emitted later is posted again."
        ),
    )
    reconcile_pending: bool = Field(
        default=True, description="Look up pending delivery intents in Slack at start."
    )
    parent_race_window_seconds: float = Field(
        default=60.0,
        ge=0,
        description=(
            "After posting a new parent, look this far back for an earlier parent of the same"
            " group from another instance; the later one is deleted (0 = off)."
        ),
    )
    false_positive_silence_seconds: float = Field(
        default=90 * 86400.0,
        gt=0,
        description="Length of the silence the False positive button creates.",
    )
    signature_max_age_seconds: int = Field(
        default=300,
        ge=1,
        le=300,
        description="Oldest Slack request signature accepted (at most 300).",
    )
    screening_url: str | None = Field(
        default=None,
        description=(
            "Base URL of the screening service the /chokepoint slash command asks (screen, hs,"
            " status); unset: those subcommands answer that screening is not configured."
        ),
    )
    screening_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for the screening service (one of its named tokens).",
    )
    screening_timeout_seconds: float = Field(
        default=2.0,
        gt=0,
        le=2.5,
        description="Timeout per screening request; Slack wants the answer within 3 s.",
    )

    http_host: str = Field(
        default="0.0.0.0",
        description="Internal listener (/metrics /healthz /readyz, the silences API): keep private.",
    )
    http_port: int = Field(default=8081, ge=0, le=65535, description="Internal listener port.")
    public_http_host: str = Field(
        default="0.0.0.0",
        description=(
            "Public listener (only POST /slack/actions, /slack/commands and /healthz); opened only when"
            " NOTIFIER_SLACK_SIGNING_SECRET is set."
        ),
    )
    public_http_port: int = Field(
        default=8082, ge=0, le=65535, description="Public listener port (Slack's request URL)."
    )
    admin_tokens: dict[str, SecretStr] = Field(
        default_factory=dict,
        description=(
            "Named bearer tokens for the silences API, JSON {name: token}; the name shows in"
            " logs, metrics and the rate-limit key. None set: the API answers 503."
        ),
    )
    http_rate_limit_per_second: float = Field(
        default=5.0, ge=0, description="Requests per second per token or client (0 = off)."
    )
    http_rate_limit_burst: int = Field(default=20, ge=1, description="Rate-limit bucket size.")

    @field_validator("group_by")
    @classmethod
    def _known_group_fields(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in GROUP_FIELDS]
        if unknown:
            raise ValueError(
                f"unknown group_by fields {unknown}; choose from {sorted(GROUP_FIELDS)}"
            )
        return value

    @field_validator("default_channel")
    @classmethod
    def _channel_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("default_channel must not be blank")
        return value.strip()

    @model_validator(mode="after")
    def _one_destination(self) -> Settings:
        if self.slack_bot_token is not None and self.slack_webhook_url is not None:
            raise ValueError("set NOTIFIER_SLACK_BOT_TOKEN or NOTIFIER_SLACK_WEBHOOK_URL, not both")
        if self.state_retention_seconds < self.repeat_interval_seconds:
            raise ValueError("state_retention_seconds must be >= repeat_interval_seconds")
        if self.retry_max_seconds < self.retry_initial_seconds:
            raise ValueError("retry_max_seconds must be >= retry_initial_seconds")
        check_named_tokens(self.admin_tokens)
        if self.public_http_port and self.public_http_port == self.http_port:
            raise ValueError("public_http_port must differ from http_port")
        if self.routing_file is not None and not self.routing_file.is_file():
            raise ValueError(f"routing_file {self.routing_file} does not exist")
        return self

    @property
    def mode(self) -> Mode:
        """Web API with a bot token, an incoming webhook, or the console (demo default)."""
        if self.slack_bot_token is not None:
            return "slack"
        if self.slack_webhook_url is not None:
            return "webhook"
        return "console"
