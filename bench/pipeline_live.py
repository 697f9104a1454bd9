"""The live pipeline run: three services and a local Slack, fed through ingest at a steady rate."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiokafka import AIOKafkaConsumer

from bench.pipeline_support import (
    SCORED,
    DetectorProcess,
    UniqueRecords,
    histogram_quantile,
    metric_sum,
    percentile,
    scrape,
)
from schemas import Topics
from services.common.local_broker import LocalBroker
from services.demo import Services
from tests.support.slack_api import FakeSlack

TICK_SECONDS = 0.1
SAMPLE_EVERY_SECONDS = 5.0
MAX_REQUESTS_IN_FLIGHT = 8


@dataclass(frozen=True)
class RateStep:
    """One step of the climb: what was offered, accepted and scored per second, backlog growth."""

    offered: int
    accepted: float
    scored: float
    backlog_growth: float

    @property
    def flat(self) -> bool:
        """Ingest took ≥ 90 % of the offer and the backlog grew by at most one second of input."""
        return self.accepted >= 0.9 * self.offered and self.backlog_growth <= self.accepted


@dataclass
class PipelineFigures:
    seconds: float = 0.0
    accepted: int = 0
    refused: int = 0
    scored_in_window: float = 0.0
    latencies: list[float] = field(default_factory=list)
    backlog: list[float] = field(default_factory=list)
    backlog_at_end: float = 0.0
    detector_lag: float = 0.0
    drain_seconds: float = 0.0
    age_p50: float | None = None
    age_p99: float | None = None
    slack_messages: int = 0
    slack_age_p99: float | None = None
    steps: list[RateStep] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99)

    @property
    def lag_steady(self) -> bool:
        """The last third's backlog is at most one second of input above the first third's."""
        if len(self.backlog) < 3:
            return self.backlog_at_end <= self.accepted / max(self.seconds, 1.0)
        third = max(1, len(self.backlog) // 3)
        per_second = self.accepted / max(self.seconds, 1.0)
        return max(self.backlog[-third:]) <= max(self.backlog[:third]) + per_second


class Feeder:
    """Posts NDJSON batches every tick for a steady offered rate; remembers each submit time."""

    def __init__(self, url: str, rate: int, records: UniqueRecords) -> None:
        self.url = url
        self.rate = rate
        self.records = records
        self.submitted: dict[str, float] = {}
        self.accepted = 0
        self.refused = 0
        self._in_flight = asyncio.Semaphore(MAX_REQUESTS_IN_FLIGHT)

    async def run(self, session: aiohttp.ClientSession, seconds: float) -> None:
        started = time.perf_counter()
        owed, tasks = 0.0, set()
        for tick in range(int(seconds / TICK_SECONDS)):
            await asyncio.sleep(max(0.0, started + tick * TICK_SECONDS - time.perf_counter()))
            owed += self.rate * TICK_SECONDS
            batch = self.records.take(int(owed))
            owed -= len(batch)
            await (
                self._in_flight.acquire()
            )  # back-pressure: a slow ingest shows as a lower offered rate
            task = asyncio.create_task(self._post(session, batch))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)

    async def _post(self, session: aiohttp.ClientSession, batch: list[tuple[str, str]]) -> None:
        try:
            now = time.perf_counter()
            for record_id, _ in batch:
                self.submitted[record_id] = now
            body = "\n".join(line for _, line in batch).encode()
            headers = {"Content-Type": "application/x-ndjson"}
            async with session.post(self.url, data=body, headers=headers) as response:
                answer = await response.json(content_type=None)
                # partial=true: ingest refuses only the invalid records (some samples carry HS codes
                # outside HS 2022 on purpose) and publishes the rest.
                accepted = int(answer.get("accepted", 0)) if response.status in (202, 207) else 0
                self.accepted += accepted
                self.refused += len(batch) - accepted
        finally:
            self._in_flight.release()


async def watch_alerts(
    bootstrap: str, topic: str, submitted: dict[str, float], latencies: list[float]
) -> None:
    """Submit → alert latency of every record alert, read as it lands on the alerts topic."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for records in batches.values():
                for record in records:
                    alert = json.loads(record.value)  # type: ignore[arg-type]
                    sent = submitted.get(alert["record"]["id"])
                    if alert["kind"] == "record" and sent is not None:
                        latencies.append(now - sent)
    finally:
        await consumer.stop()


async def scored_total(ports: list[int]) -> float:
    texts = await asyncio.gather(*(asyncio.to_thread(scrape, port) for port in ports))
    return sum(metric_sum(text, SCORED) for text in texts)


async def climb_rates(
    feeder: Feeder, ports: list[int], rates: tuple[int, ...], step_seconds: float
) -> list[RateStep]:
    """Feed each rate in turn for `step_seconds` on the running pipeline; stop at the first
    rate it does not hold."""
    steps: list[RateStep] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
        for rate in rates:
            feeder.rate = rate
            accepted, scored, started = (
                feeder.accepted,
                await scored_total(ports),
                time.perf_counter(),
            )
            await feeder.run(client, step_seconds)
            seconds = time.perf_counter() - started
            taken, done = feeder.accepted - accepted, await scored_total(ports) - scored
            steps.append(RateStep(rate, taken / seconds, done / seconds, taken - done))
            print(
                f"  climb: {rate:,}/s offered → {taken / seconds:,.0f}/s accepted, "
                f"{done / seconds:,.0f}/s scored, backlog {taken - done:+,.0f}",
                flush=True,
            )
            if not steps[-1].flat:
                break
    return steps


async def run_pipeline(
    broker: LocalBroker,
    seconds: float,
    rate: int,
    work_dir: Path,
    detectors: int,
    climb: tuple[int, ...] = (),
    step_seconds: float = 20.0,
) -> PipelineFigures:
    """Start everything, feed for `seconds`, drain, climb `climb` rates, stop everything."""
    bootstrap = broker.bootstrap_servers
    topics = Topics(namespace=f"pipe{secrets.token_hex(4)}")
    group = f"bench-pipe-{secrets.token_hex(3)}"
    figures = PipelineFigures(seconds=seconds)
    with FakeSlack() as slack, open(work_dir / "notifier.stdout", "ab") as notifier_stdout:
        services = Services(
            broker,
            work_dir,
            namespace=topics.namespace,
            extra_env={
                "ingest": {
                    "INGEST_RATE_LIMIT_PER_SECOND": "0",
                    "INGEST_TOPIC_PARTITIONS": "6",
                    "INGEST_LOG_LEVEL": "WARNING",
                },
                "detector": {
                    "DETECTOR_GROUP_ID": group,
                    "DETECTOR_TOPIC_PARTITIONS": "6",
                    "DETECTOR_LOG_LEVEL": "WARNING",
                },
                "notifier": {
                    "NOTIFIER_SLACK_BOT_TOKEN": "xoxb-bench-token",
                    "NOTIFIER_SLACK_BASE_URL": slack.base_url,
                    "NOTIFIER_GROUP_ID": f"bench-notifier-{topics.namespace}",
                    # Whichever service creates a topic first sets its partitions: all say 6, or
                    # the detector's internal topics may not match its tables.
                    "NOTIFIER_TOPIC_PARTITIONS": "6",
                    "NOTIFIER_CHANNEL_INTERVAL_SECONDS": "0.01",
                    "NOTIFIER_GROUP_WAIT_SECONDS": "0",
                    "NOTIFIER_GROUP_INTERVAL_SECONDS": "1",
                    "NOTIFIER_LOG_LEVEL": "WARNING",
                },
            },
            notifier_stdout=notifier_stdout,
        )
        extra = [
            DetectorProcess(dict(services.env["detector"]), work_dir / f"detector-extra-{i}.log")
            for i in range(detectors - 1)
        ]
        try:
            services.start()
            for detector in extra:
                detector.start()
            await asyncio.to_thread(services.wait_ready, 180)
            for detector in extra:
                await asyncio.to_thread(detector.wait_ready)
            detector_ports = [services.ports["detector"], *(d.port for d in extra)]
            feeder = Feeder(
                services.url("ingest", "/v1/shipments?partial=true"),
                rate,
                UniqueRecords(f"p{secrets.token_hex(2)}"),
            )
            watcher = asyncio.create_task(
                watch_alerts(bootstrap, topics.alerts, feeder.submitted, figures.latencies)
            )
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
                scored_at_start = await scored_total(detector_ports)
                feeding = asyncio.create_task(feeder.run(session, seconds))
                started = time.perf_counter()
                while not feeding.done():
                    await asyncio.wait({feeding}, timeout=SAMPLE_EVERY_SECONDS)
                    figures.backlog.append(
                        feeder.accepted - (await scored_total(detector_ports) - scored_at_start)
                    )
                await feeding
                figures.seconds = time.perf_counter() - started
            scored_now = await scored_total(detector_ports) - scored_at_start
            figures.scored_in_window = scored_now
            figures.accepted, figures.refused = feeder.accepted, feeder.refused
            figures.backlog_at_end = feeder.accepted - scored_now
            detector_text = scrape(services.ports["detector"])
            figures.detector_lag = metric_sum(
                detector_text, "chokepoint_detector_consumer_lag_messages"
            )
            drain_started = time.perf_counter()
            while await scored_total(detector_ports) - scored_at_start < feeder.accepted:
                if time.perf_counter() - drain_started > 120:
                    break
                await asyncio.sleep(0.2)
            figures.drain_seconds = time.perf_counter() - drain_started
            await asyncio.sleep(1.0)  # the last alerts reach the watcher
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            detector_text = scrape(services.ports["detector"])
            figures.age_p50 = histogram_quantile(
                detector_text, "chokepoint_detector_record_age_seconds", 0.5
            )
            figures.age_p99 = histogram_quantile(
                detector_text, "chokepoint_detector_record_age_seconds", 0.99
            )
            notifier_text = scrape(services.ports["notifier"])
            figures.slack_age_p99 = histogram_quantile(
                notifier_text, "chokepoint_notifier_record_age_seconds", 0.99
            )
            figures.slack_messages = len(slack.snapshot())
            figures.steps = await climb_rates(feeder, detector_ports, climb, step_seconds)
        finally:
            for detector in extra:
                detector.stop()
            services.stop()
    return figures
