"""The settings every service shares, under one name each.

class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DETECTOR_")
    ...                                  # the service's own fields

Read through `startup.load_or_exit`, which refuses misspelt variables and names the new variable
when an old one (RENAMED_SETTINGS) is still set.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.kafka_settings import KafkaConnection

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

# Variables (after the prefix) renamed when the services' settings were unified: old → new.
RENAMED_SETTINGS: dict[str, str] = {
    "WEB_HOST": "HTTP_HOST",
    "WEB_PORT": "HTTP_PORT",
    "CONSUMER_GROUP": "GROUP_ID",
    "JSON_LOGS": "LOG_JSON",
}
# Variables no service reads any more, with what replaced them.
RETIRED_SETTINGS: dict[str, str] = {
    "DETECTOR_STORE": "the detector's tables are held in memory and read back from their"
    " changelogs when a worker takes a partition",
    "DETECTOR_COMMIT_INTERVAL_SECONDS": "the detector commits each batch's offsets with the batch",
}


class ServiceSettings(BaseSettings):
    """Kafka connection, topic layout and logging; nested Kafka settings use `<PREFIX>KAFKA__<NAME>`."""

    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="forbid")

    kafka: KafkaConnection = Field(default_factory=KafkaConnection)
    topic_namespace: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="Prefix for every topic name (<ns>.chokepoint.shipments.v1): tests, parallel demos.",
    )
    topic_partitions: int = Field(
        default=6,
        ge=1,
        le=1_000,
        description="Partitions of the topics it creates (the same default in every service).",
    )
    topic_replication_factor: int = Field(
        default=1, ge=1, le=10, description="Replicas of the topics it creates (3 in production)."
    )
    log_level: LogLevel = Field(default="INFO", description="Log level.")
    log_json: bool | None = Field(
        default=None, description="JSON logs; unset: JSON when stderr is not a terminal."
    )
