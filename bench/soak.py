"""Soak: the whole pipeline for 20 minutes at a steady rate while Slack misbehaves.

    python -m bench.soak [--minutes 20] [--rate 5]

ingest → detector → notifier → a local Slack API, fed through the ingest HTTP API. Throughout,
every third Slack call is answered 429 with Retry-After; at a third of the run Slack is down
(503) for 30 s; at half the notifier is SIGKILLed and started again. After feeding stops, it
waits until Slack holds every alert, then prints the resident memory (RSS) of each service at
start, middle and end, and records in / scored / alerts / posted / duplicates / missing.
Targets: every accepted record scored, 0 duplicates, 0 missing, RSS growth under 20 % between
the middle and the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from kafka import KafkaConsumer

from bench.pipeline_live import Feeder
from bench.pipeline_support import SCORED, UniqueRecords
from schemas import Topics
from services.common.local_broker import local_broker
from tests.support.faults import SERVICE_NAMES, ServiceProcesses
from tests.support.slack_api import FakeSlack

OUTAGE_SECONDS = 30
DRAIN_TIMEOUT_SECONDS = 1800
DEAD_LETTERS = "chokepoint_detector_dead_letters_total"


@dataclass
class SoakFigures:
    rss_mib: dict[str, list[float]] = field(default_factory=dict)  # service → start, middle, end
    accepted: int = 0
    refused: int = 0
    scored: float = 0.0
    dead_lettered: float = 0.0
    alerts: int = 0
    posted: int = 0
    duplicates: int = 0
    missing: int = 0


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sample_rss(services: ServiceProcesses, figures: SoakFigures) -> None:
    for name in SERVICE_NAMES:
        figures.rss_mib.setdefault(name, []).append(rss_mib(services.processes[name].pid))


def alert_ids_on_topic(bootstrap: str, topic: str) -> set[str]:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3000,
        isolation_level="read_committed",
    )
    try:
        return {json.loads(m.value)["alert_id"] for m in consumer}
    finally:
        consumer.close()


async def feed_with_faults(
    services: ServiceProcesses, slack: FakeSlack, seconds: float, rate: int, figures: SoakFigures
) -> Feeder:
    """Feed for `seconds`; Slack outage at a third, notifier kill and RSS sample at half."""
    feeder = Feeder(
        services.url("ingest", "/v1/shipments?partial=true"),
        rate,
        UniqueRecords(f"soak{secrets.token_hex(2)}"),
    )
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        feeding = asyncio.create_task(feeder.run(session, seconds))
        await asyncio.sleep(seconds / 3)
        slack.start_outage(OUTAGE_SECONDS)
        print(f"soak: Slack down for {OUTAGE_SECONDS} s", flush=True)
        await asyncio.sleep(seconds / 2 - seconds / 3)
        sample_rss(services, figures)
        services.kill("notifier")
        services.start_one("notifier")
        print("soak: notifier killed (SIGKILL) and started again", flush=True)
        await feeding
    return feeder


def wait_until_scored(services: ServiceProcesses, accepted: int, timeout_seconds: float) -> None:
    """Until the detector has scored (or dead-lettered) as many records as ingest accepted."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        handled = services.metric("detector", SCORED) + services.metric("detector", DEAD_LETTERS)
        if handled >= accepted:
            return
        time.sleep(2)


def wait_until_posted(slack: FakeSlack, expected: set[str], timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline and not expected <= set(slack.posted_alert_ids()):
        time.sleep(2)


def run(minutes: float, rate: int, work_dir: Path) -> SoakFigures:
    figures = SoakFigures()
    topics = Topics(namespace=f"soak{secrets.token_hex(4)}")
    broker = local_broker(work_dir / "broker")
    print(f"soak: {broker.describe()}, {minutes:g} min at {rate}/s; logs in {work_dir}", flush=True)
    broker.start()
    try:
        with FakeSlack() as slack:
            services = ServiceProcesses(
                broker,
                work_dir,
                namespace=topics.namespace,
                extra_env={
                    "ingest": {"INGEST_RATE_LIMIT_PER_SECOND": "0", "INGEST_LOG_LEVEL": "WARNING"},
                    "detector": {
                        "DETECTOR_GROUP_ID": f"soak-detector-{topics.namespace}",
                        "DETECTOR_LOG_LEVEL": "WARNING",
                    },
                    "notifier": {
                        "NOTIFIER_SLACK_BOT_TOKEN": "xoxb-soak",
                        "NOTIFIER_SLACK_BASE_URL": slack.base_url,
                        "NOTIFIER_GROUP_ID": f"soak-notifier-{topics.namespace}",
                        "NOTIFIER_CHANNEL_INTERVAL_SECONDS": "0.05",
                        "NOTIFIER_GROUP_WAIT_SECONDS": "1",
                        "NOTIFIER_GROUP_INTERVAL_SECONDS": "2",
                        "NOTIFIER_RETRY_MAX_SECONDS": "2",
                        "NOTIFIER_LOG_LEVEL": "WARNING",
                    },
                },
            )
            services.start()
            try:
                services.wait_ready(180)
                sample_rss(services, figures)
                slack.rate_limit_every = 3
                feeder = asyncio.run(feed_with_faults(services, slack, minutes * 60, rate, figures))
                figures.accepted, figures.refused = feeder.accepted, feeder.refused
                wait_until_scored(services, feeder.accepted, DRAIN_TIMEOUT_SECONDS)
                expected = alert_ids_on_topic(broker.bootstrap_servers, topics.alerts)
                wait_until_posted(slack, expected, DRAIN_TIMEOUT_SECONDS)
                sample_rss(services, figures)
                posted = Counter(slack.posted_alert_ids())
                figures.scored = services.metric("detector", SCORED)
                figures.dead_lettered = services.metric("detector", DEAD_LETTERS)
                figures.alerts = len(expected)
                figures.posted = len(set(posted) & expected)
                figures.duplicates = sum(1 for n in posted.values() if n > 1)
                figures.missing = len(expected - set(posted))
            finally:
                services.stop()
    finally:
        broker.stop()
    return figures


def report(f: SoakFigures) -> bool:
    print("\nsoak figures:")
    print(
        f"  records accepted {f.accepted:,} (refused by ingest {f.refused:,}), scored {f.scored:,.0f}"
    )
    print(
        f"  alerts {f.alerts:,}, posted {f.posted:,}, duplicates {f.duplicates}, missing {f.missing}"
    )
    ok = f.duplicates == 0 and f.missing == 0 and f.dead_lettered == 0 and f.scored >= f.accepted
    for name, (start, middle, end) in f.rss_mib.items():
        growth = (end - middle) / middle if middle else 0.0
        ok = ok and growth < 0.20
        print(
            f"  RSS {name:<9} start {start:6.0f} MiB  middle {middle:6.0f} MiB  "
            f"end {end:6.0f} MiB  (middle → end {growth:+.0%})"
        )
    print(
        "  targets (every record scored, 0 duplicates, 0 missing, RSS growth < 20 %): "
        + ("met" if ok else "MISSED")
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--rate", type=int, default=5, help="records/s offered to ingest")
    args = parser.parse_args(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="chokepoint-soak-"))
    return 0 if report(run(args.minutes, args.rate, work_dir)) else 1


if __name__ == "__main__":
    sys.exit(main())
