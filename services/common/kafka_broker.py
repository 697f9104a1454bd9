"""Apache Kafka (KRaft) on loopback without Docker: jars from Maven Central, one JVM per node.

The jars are fetched once by `mvn dependency:copy-dependencies` from `deploy/kafka/pom.xml` into
`.chokepoint-cache/kafka-<version>/libs` (ignored by git); a node is `java -cp libs/* kafka.Kafka`,
exactly what the distribution's `kafka-server-start.sh` runs. Same version as docker-compose.yml.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from services.common.embedded_broker import free_port, wait_for_port

REPO_ROOT = Path(__file__).resolve().parents[2]
POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"
CACHE = REPO_ROOT / ".chokepoint-cache"
LOG4J = """log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File={log}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
"""


def kafka_version() -> str:
    """The Kafka version pinned in deploy/kafka/pom.xml (kept equal to docker-compose.yml's)."""
    found = re.search(r"<kafka.version>([^<]+)</kafka.version>", POM.read_text())
    if not found:
        raise ValueError(f"{POM} has no <kafka.version>")
    return found.group(1)


def java_and_maven_present() -> bool:
    return shutil.which("java") is not None and shutil.which("mvn") is not None


def kafka_libs(version: str | None = None) -> Path:
    """The broker's jar folder, fetched with Maven on first use."""
    version = version or kafka_version()
    libs = CACHE / f"kafka-{version}" / "libs"
    # Maven copies the jars only once every dependency resolved: the broker's jar means all are there.
    if (libs / f"kafka_2.13-{version}.jar").exists():
        return libs
    if shutil.which("mvn") is None:
        raise FileNotFoundError("Apache Maven (mvn) is needed to fetch the Kafka broker's jars")
    fetched = subprocess.run(
        ["mvn", "-q", "-B", "-Dstyle.color=never", "-f", str(POM), "dependency:copy-dependencies"],
        capture_output=True,  # Maven writes terminal escape codes even when quiet
        text=True,
        timeout=900,
        check=False,
    )
    if fetched.returncode != 0:
        raise RuntimeError(
            f"mvn could not fetch the Kafka broker's jars:\n{fetched.stdout}{fetched.stderr}"
        )
    return libs


@dataclass
class KafkaNode:
    """One KRaft node (broker and controller) with its own ports and log dir."""

    node_id: int
    port: int
    controller_port: int
    data_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def properties(self, voters: str, replication: int) -> str:
        min_isr = 2 if replication >= 3 else 1
        settings = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            "controller.quorum.voters": voters,
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(self.data_dir / "log"),
            "num.partitions": "1",
            "default.replication.factor": str(replication),
            "min.insync.replicas": str(min_isr),
            "offsets.topic.replication.factor": str(replication),
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": str(replication),
            "transaction.state.log.min.isr": str(min_isr),
            "transaction.state.log.num.partitions": "10",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "true",
            # Compaction runs within seconds when a topic asks for it (tests set segment.ms).
            "log.cleaner.backoff.ms": "1000",
            "log.retention.check.interval.ms": "5000",
            "log.segment.delete.delay.ms": "1000",
            "log.cleaner.dedupe.buffer.size": str(16 * 1024 * 1024),
            "unclean.leader.election.enable": "false",
        }
        return "".join(f"{key}={value}\n" for key, value in settings.items())


@dataclass
class KafkaCluster:
    """N KRaft nodes on loopback (1 for tests and the demo, 3 for the cluster fault test)."""

    work_dir: Path
    nodes_count: int = 1
    heap: str = "512m"
    version: str = field(default_factory=kafka_version)
    kind: str = "kafka"
    nodes: list[KafkaNode] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.nodes:
            self.nodes = [
                KafkaNode(i + 1, free_port(), free_port(), self.work_dir / f"node{i + 1}")
                for i in range(self.nodes_count)
            ]
        self._cluster_id = uuid.uuid4().hex[:22]
        self._formatted = False

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.address for node in self.nodes)

    @property
    def keeps_topic_configs(self) -> bool:
        return True

    def describe(self) -> str:
        return f"Apache Kafka {self.version} (KRaft, {len(self.nodes)} node(s))"

    def _voters(self) -> str:
        return ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in self.nodes)

    def _java(self, main: str, *args: str, node: KafkaNode) -> list[str]:
        libs = kafka_libs(self.version)
        return [
            "java",
            f"-Xmx{self.heap}",
            "-Xms128m",
            "-XX:+UseG1GC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            f"-Dlog4j.configuration=file:{node.data_dir / 'log4j.properties'}",
            "-cp",
            f"{libs}/*",
            main,
            *args,
        ]

    def _prepare(self, node: KafkaNode) -> Path:
        node.data_dir.mkdir(parents=True, exist_ok=True)
        config = node.data_dir / "server.properties"
        config.write_text(node.properties(self._voters(), len(self.nodes)))
        (node.data_dir / "log4j.properties").write_text(
            LOG4J.format(log=node.data_dir / "server.log")
        )
        if not self._formatted:
            # A new cluster (a new id): a log dir left by an earlier one (a demo run before, in
            # the same folder) cannot be joined, so it is cleared; restarts keep theirs.
            shutil.rmtree(node.data_dir / "log", ignore_errors=True)
            subprocess.run(
                self._java(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    self._cluster_id,
                    "-c",
                    str(config),
                    "--ignore-formatted",
                    node=node,
                ),
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=120,
            )
        return config

    def start_node(self, node: KafkaNode) -> None:
        config = self._prepare(node)
        with open(node.data_dir / "stdout.log", "ab") as out:
            node.process = subprocess.Popen(
                self._java("kafka.Kafka", str(config), node=node),
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ},
                start_new_session=True,
            )

    def start(self) -> KafkaCluster:
        try:
            for node in self.nodes:
                self.start_node(node)
            self._formatted = True
            for node in self.nodes:
                wait_for_port(node.port, timeout_seconds=90)
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def wait_ready(self, timeout_seconds: float = 90.0) -> None:
        """Until the cluster creates a topic and answers metadata with every node registered."""
        from kafka.admin import KafkaAdminClient

        deadline = time.monotonic() + timeout_seconds
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap_servers, request_timeout_ms=5000
                )
                try:
                    brokers = admin.describe_cluster()["brokers"]
                    if len(brokers) >= len([n for n in self.nodes if n.process]):
                        return
                finally:
                    admin.close()
            except Exception as exc:  # noqa: BLE001 - not up yet; retried until the deadline
                last_error = exc
            time.sleep(0.5)
        raise TimeoutError(f"{self.describe()} not ready after {timeout_seconds}s: {last_error}")

    def kill_node(self, node: KafkaNode) -> None:
        """kill -9 one node: no flush, no controlled shutdown."""
        if node.process and node.process.poll() is None:
            node.process.kill()
            node.process.wait(timeout=30)
        node.process = None

    def stop_node(self, node: KafkaNode) -> None:
        if node.process and node.process.poll() is None:
            node.process.terminate()
            try:
                node.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait()
        node.process = None

    def kill(self) -> None:
        for node in self.nodes:
            self.kill_node(node)

    def stop(self) -> None:
        for node in self.nodes:
            self.stop_node(node)

    def restart_after_kill(self) -> None:
        """Start again after kill(); what was written to the log dirs is kept."""
        self.start()

    def __enter__(self) -> KafkaCluster:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
