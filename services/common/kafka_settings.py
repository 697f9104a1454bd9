"""Kafka connection settings shared by the services, for kafka-python, aiokafka and faust."""

from __future__ import annotations

import argparse
import os
import ssl
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaConnection(BaseModel):
    """Where the brokers are and how to authenticate (PLAINTEXT locally, SASL_SSL in production)."""

    bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="Comma-separated host:port list of brokers."
    )
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT",
        description="How to reach the brokers: plaintext, TLS, SASL, SASL over TLS.",
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        default=None, description="SASL mechanism; required with SASL_*."
    )
    sasl_username: str | None = Field(default=None, description="SASL user; required with SASL_*.")
    sasl_password: SecretStr | None = Field(
        default=None, description="SASL password; required with SASL_*."
    )
    ssl_cafile: str | None = Field(
        default=None,
        description="CA bundle (PEM) that signed the brokers' certificates; system CAs when unset.",
    )
    ssl_certfile: str | None = Field(
        default=None, description="Client certificate (PEM) for mutual TLS."
    )
    ssl_keyfile: str | None = Field(default=None, description="Client key (PEM) for mutual TLS.")

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> KafkaConnection:
        if self.security_protocol.startswith("SASL") and not (
            self.sasl_mechanism and self.sasl_username and self.sasl_password
        ):
            raise ValueError("SASL needs sasl_mechanism, sasl_username and sasl_password")
        return self

    def servers(self) -> list[str]:
        return [s.strip() for s in self.bootstrap_servers.split(",") if s.strip()]

    def kafka_python_config(self) -> dict[str, Any]:
        """Keyword arguments for kafka-python clients (and aiokafka, which uses the same names)."""
        config: dict[str, Any] = {
            "bootstrap_servers": self.servers(),
            "security_protocol": self.security_protocol,
        }
        if self.sasl_mechanism:
            config["sasl_mechanism"] = self.sasl_mechanism
            config["sasl_plain_username"] = self.sasl_username
            config["sasl_plain_password"] = (
                self.sasl_password.get_secret_value() if self.sasl_password else None
            )
        if self.security_protocol in ("SSL", "SASL_SSL"):
            config["ssl_cafile"] = self.ssl_cafile
            config["ssl_certfile"] = self.ssl_certfile
            config["ssl_keyfile"] = self.ssl_keyfile
        return config

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context for SSL / SASL_SSL (aiokafka and faust take a context, not files)."""
        if self.security_protocol not in ("SSL", "SASL_SSL"):
            return None
        context = ssl.create_default_context(cafile=self.ssl_cafile)
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context

    def aiokafka_config(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka clients: kafka-python's names, TLS as a context."""
        config = {k: v for k, v in self.kafka_python_config().items() if not k.startswith("ssl_")}
        if (context := self.ssl_context()) is not None:
            config["ssl_context"] = context
        return config

    def faust_broker_url(self) -> str:
        return ";".join(f"kafka://{s}" for s in self.servers())


class _KafkaFromEnv(BaseSettings):
    """Only the nested `<PREFIX>KAFKA__*` variables of a service's environment."""

    model_config = SettingsConfigDict(env_nested_delimiter="__", extra="ignore")

    kafka: KafkaConnection = Field(default_factory=KafkaConnection)


def kafka_connection_from_env(
    env_prefix: str, bootstrap_servers: str | None = None
) -> KafkaConnection:
    """The Kafka settings a service reads (`DETECTOR_KAFKA__SASL_USERNAME`…), for its CLIs too.

    `bootstrap_servers` (a CLI's --bootstrap-servers) overrides the environment's.
    """
    connection = _KafkaFromEnv(_env_prefix=env_prefix).kafka
    if bootstrap_servers:
        connection = connection.model_copy(update={"bootstrap_servers": bootstrap_servers})
    return connection


def add_kafka_options(parser: argparse.ArgumentParser, env_prefix: str) -> None:
    """--bootstrap-servers and --namespace, the same for every CLI that talks to Kafka."""
    parser.add_argument(
        "--bootstrap-servers",
        default=None,
        metavar="HOST:PORT[,…]",
        help=f"overrides {env_prefix}KAFKA__BOOTSTRAP_SERVERS (other {env_prefix}KAFKA__* apply)",
    )
    parser.add_argument(
        "--namespace",
        default=None,
        help=f"topic namespace (default: {env_prefix}TOPIC_NAMESPACE, else none)",
    )


def kafka_from_args(args: argparse.Namespace, env_prefix: str) -> tuple[KafkaConnection, str]:
    """The connection and topic namespace `add_kafka_options` asked for."""
    namespace = args.namespace
    if namespace is None:
        namespace = os.environ.get(f"{env_prefix}TOPIC_NAMESPACE", "")
    return kafka_connection_from_env(env_prefix, args.bootstrap_servers), namespace
