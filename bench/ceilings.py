"""Throughput ceilings: a raw aiokafka consumer and a bare faust agent over the same messages.

    python -m bench.ceilings faust-worker --bootstrap HOST:PORT --topic T --count N \\
        --result FILE --data-dir DIR [--forward]

is the bare faust agent (run as its own process, as the detector is); bench_pipeline calls the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

REPO_ROOT = Path(__file__).resolve().parent.parent


async def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=1)]
        )
    finally:
        await admin.close()


async def publish_values(
    bootstrap: str, topic: str, messages: Sequence[tuple[bytes, bytes]]
) -> float:
    """Publish (key, value) pairs as fast as aiokafka goes; returns messages/s."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks=1, linger_ms=5, max_batch_size=256 * 1024
    )
    await producer.start()
    started = time.perf_counter()
    try:
        pending = []
        for key, value in messages:
            pending.append(await producer.send(topic, value=value, key=key))
            if len(pending) >= 5_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return len(messages) / (time.perf_counter() - started)


async def raw_consumer_rate(
    bootstrap: str, topic: str, count: int, timeout_seconds: float = 120
) -> float:
    """A plain aiokafka consumer, json.loads per message, reading `count` messages: messages/s."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen, started = 0, None
    deadline = time.monotonic() + timeout_seconds
    try:
        while seen < count and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for records in batches.values():
                if started is None:
                    started = time.perf_counter()
                for record in records:
                    json.loads(record.value)  # type: ignore[arg-type]
                seen += len(records)
    finally:
        await consumer.stop()
    if seen < count or started is None:
        raise TimeoutError(f"raw consumer read {seen} of {count} messages")
    return count / (time.perf_counter() - started)


@dataclass(frozen=True)
class Throughput:
    """Messages per second of wall time, and per second of the process's own CPU time."""

    rate: float
    cpu_rate: float


def bare_faust_rate(
    bootstrap: str,
    topic: str,
    count: int,
    work_dir: Path,
    *,
    forward: bool,
    timeout_seconds: float = 180,
) -> Throughput:
    """The bare faust agent as a worker process over `count` messages on `topic`."""
    result = work_dir / f"faust-{uuid.uuid4().hex[:8]}.json"
    command = [
        sys.executable, "-m", "bench.ceilings", "faust-worker",
        "--bootstrap", bootstrap, "--topic", topic,
        "--count", str(count), "--result", str(result), "--data-dir", str(work_dir / "faust-data"),
    ]  # fmt: skip
    with open(work_dir / "faust-ceiling.log", "ab") as log:
        process = subprocess.Popen(
            [*command, *(["--forward"] if forward else [])],
            stdout=log,
            stderr=log,
            cwd=REPO_ROOT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout_seconds
        while not result.exists():
            if process.poll() is not None:
                raise RuntimeError(
                    f"faust ceiling worker exited {process.returncode}; see {work_dir}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError("faust ceiling worker did not finish")
            time.sleep(0.2)
        figures = json.loads(result.read_text())
        return Throughput(float(figures["rate"]), count / float(figures["cpu_seconds"]))
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen[bytes], grace_seconds: float = 10) -> None:
    """SIGTERM a child's process group, SIGKILL it if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_faust_worker(args: argparse.Namespace) -> int:
    """The bare agent: json.loads each message (--forward: send it on); time first → last event."""
    import faust

    app = faust.App(
        f"bench-bare-{uuid.uuid4().hex[:8]}",
        broker=f"kafka://{args.bootstrap}",
        store="memory://",
        datadir=args.data_dir,
        processing_guarantee="at_least_once",
        topic_replication_factor=1,
        broker_session_timeout=6.0,
        broker_heartbeat_interval=1.0,
        web_enabled=False,
        consumer_auto_offset_reset="earliest",
    )
    source = app.topic(args.topic, key_serializer="raw", value_serializer="raw")
    sink = app.topic(f"{args.topic}.forwarded", key_serializer="raw", value_serializer="raw")
    state: dict[str, Any] = {"seen": 0, "started": None, "cpu": None}

    @app.agent(source)
    async def parse_and_forward(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            if state["started"] is None:
                state["started"], state["cpu"] = time.perf_counter(), time.process_time()
            json.loads(event.value)
            if args.forward:
                await sink.send(key=event.key, value=event.value)
            state["seen"] += 1
            if state["seen"] == args.count:
                rate = args.count / (time.perf_counter() - state["started"])
                cpu_seconds = time.process_time() - state["cpu"]
                Path(args.result).write_text(json.dumps({"rate": rate, "cpu_seconds": cpu_seconds}))
            yield None

    worker = faust.Worker(app, loglevel="WARNING", quiet=True)
    worker.execute_from_commandline()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ceilings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    worker = sub.add_parser(
        "faust-worker", help="run the bare faust agent (used by bench_pipeline)"
    )
    worker.add_argument("--bootstrap", required=True)
    worker.add_argument("--topic", required=True)
    worker.add_argument("--count", type=int, required=True)
    worker.add_argument("--result", required=True)
    worker.add_argument("--data-dir", required=True)
    worker.add_argument(
        "--forward", action="store_true", help="also send every message to <topic>.forwarded"
    )
    args = parser.parse_args(argv)
    return run_faust_worker(args)


if __name__ == "__main__":
    sys.exit(main())
