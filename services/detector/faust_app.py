"""The faust App itself: broker, credentials, producer and web settings from DetectorSettings."""

from __future__ import annotations

from typing import Any

import faust

from services.detector.settings import DetectorSettings


def faust_credentials(settings: DetectorSettings) -> Any:
    """SASL/SSL credentials for faust from the shared Kafka settings (None for PLAINTEXT)."""
    kafka = settings.kafka
    if kafka.security_protocol == "PLAINTEXT":
        return None
    ssl_context = kafka.ssl_context()
    if kafka.security_protocol == "SSL":
        return faust.SSLCredentials(ssl_context)
    password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else ""
    return faust.SASLCredentials(
        username=kafka.sasl_username,
        password=password,
        ssl_context=ssl_context,
        mechanism=kafka.sasl_mechanism,
    )


def new_faust_app(settings: DetectorSettings) -> faust.App:
    """The App that runs the worker: its producer, web pages and tasks (the topics are read by
    the batch loops; docs/kafka.md says why not by faust agents)."""
    return faust.App(
        settings.group_id,
        broker=settings.kafka.faust_broker_url(),
        broker_credentials=faust_credentials(settings),
        store="memory://",  # faust holds no table: the batch loops hold the detector's tables
        datadir=str(settings.data_dir),
        processing_guarantee="at_least_once",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication_factor,
        broker_session_timeout=settings.session_timeout_seconds,
        broker_heartbeat_interval=settings.heartbeat_interval_seconds,
        producer_acks=-1,
        producer_max_batch_size=settings.producer_max_batch_size,
        producer_linger=settings.producer_linger_seconds,
        web_enabled=True,
        # Only our /metrics, /healthz and /readyz: faust's own views would hand table contents
        # (pattern and link state) and the cluster layout to anyone who can reach the port.
        web_router_enabled=False,
        web_tables_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
        web_metrics_enabled=False,
        web_host=settings.http_host,
        web_port=settings.http_port,
        web_in_thread=False,
    )
