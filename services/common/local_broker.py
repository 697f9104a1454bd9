"""The local broker for tests, the demo and benchmarks: Apache Kafka where Java is present, else Tansu.

One setting chooses: CHOKEPOINT_BROKER=kafka|tansu|auto (default auto = Kafka when `java` and
`mvn` are on PATH). Asking for Kafka where it cannot run is an error, never a quiet fallback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Protocol

from services.common.embedded_broker import EmbeddedBroker
from services.common.kafka_broker import KafkaCluster, java_and_maven_present

BrokerKind = Literal["kafka", "tansu"]
BROKER_SETTING = "CHOKEPOINT_BROKER"


class LocalBroker(Protocol):
    """What tests, the demo and benchmarks need of a broker on loopback."""

    @property
    def kind(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def bootstrap_servers(self) -> str: ...

    @property
    def keeps_topic_configs(self) -> bool: ...

    def describe(self) -> str: ...

    def start(self) -> LocalBroker: ...

    def stop(self) -> None: ...

    def kill(self) -> None: ...


def chosen_broker_kind(environ: dict[str, str] | None = None) -> BrokerKind:
    """Read CHOKEPOINT_BROKER; `auto` (or unset) means Kafka when Java and Maven are found."""
    value = (environ if environ is not None else os.environ).get(BROKER_SETTING, "auto")
    value = value.strip().lower() or "auto"
    if value == "auto":
        return "kafka" if java_and_maven_present() else "tansu"
    if value == "kafka":
        if not java_and_maven_present():
            raise RuntimeError(f"{BROKER_SETTING}=kafka but java and mvn are not both on PATH")
        return "kafka"
    if value == "tansu":
        return "tansu"
    raise ValueError(f"{BROKER_SETTING} must be kafka, tansu or auto, not {value!r}")


def local_broker(work_dir: Path, kind: BrokerKind | None = None, *, nodes: int = 1) -> LocalBroker:
    """A not-yet-started broker of the chosen kind, logging under work_dir."""
    kind = kind or chosen_broker_kind()
    work_dir.mkdir(parents=True, exist_ok=True)
    if kind == "kafka":
        return KafkaCluster(work_dir, nodes_count=nodes)
    if nodes != 1:
        raise ValueError("the embedded broker runs a single node only")
    return EmbeddedBroker(log_path=work_dir / "tansu.log")
