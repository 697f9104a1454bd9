"""Kafka connection settings as each client library takes them: kafka-python gets TLS file
names, aiokafka (and faust) a TLS context built from them; SASL credentials for both."""

from __future__ import annotations

import ssl

import certifi

from services.common.kafka_settings import KafkaConnection


def test_plaintext_gets_no_tls_for_either_client() -> None:
    kafka = KafkaConnection(bootstrap_servers="a:9092, b:9092")
    assert kafka.aiokafka_config() == {
        "bootstrap_servers": ["a:9092", "b:9092"],
        "security_protocol": "PLAINTEXT",
    }
    assert kafka.ssl_context() is None


def test_aiokafka_gets_a_tls_context_where_kafka_python_gets_file_names() -> None:
    kafka = KafkaConnection(
        bootstrap_servers="a:9093",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="detector",
        sasl_password="secret",
        ssl_cafile=certifi.where(),
    )
    assert kafka.kafka_python_config()["ssl_cafile"] == certifi.where()
    config = kafka.aiokafka_config()
    assert not [key for key in config if key.startswith("ssl_") and key != "ssl_context"]
    assert isinstance(config["ssl_context"], ssl.SSLContext)
    assert config["ssl_context"].verify_mode == ssl.CERT_REQUIRED
    assert config["sasl_plain_username"] == "detector"
    assert config["sasl_plain_password"] == "secret"
    assert config["sasl_mechanism"] == "SCRAM-SHA-512"
