"""Backfill: N shipments published straight on the records topic, scored by 1, 2 and 3 workers.

Each worker count gets its own topics (a fresh namespace: records, internal topics, tables) and
consumer group. The records are published first (so the producer does not share the cores with
scoring), then the workers start; the rate counts from the moment every worker has scored a record
(the group has settled) to the last record scored.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from bench.ceilings import create_topic, publish_values
from bench.pipeline_support import DetectorProcess, UniqueRecords, detector_env
from schemas import Topics

PUBLISH_CHUNK = 50_000
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class BackfillRun:
    workers: int
    records: int
    seconds: float
    rate: float  # records/s while every worker was scoring
    per_worker: list[float]


def publish_records(bootstrap: str, topic: str, count: int, prefix: str) -> None:
    """`count` unique sample shipments on `topic`, generated and sent in chunks."""
    records = UniqueRecords(prefix)
    sent = 0
    while sent < count:
        chunk = records.take(min(PUBLISH_CHUNK, count - sent))
        messages = [(rid.encode(), line.encode()) for rid, line in chunk]
        asyncio.run(publish_values(bootstrap, topic, messages))
        sent += len(chunk)


def backfill_with(
    bootstrap: str, count: int, workers: int, partitions: int, work_dir: Path
) -> BackfillRun:
    """Publish `count` records, start `workers` detectors, wait until all are scored."""
    namespace = f"bf{workers}{secrets.token_hex(3)}"
    topic = Topics(namespace).shipments
    asyncio.run(create_topic(bootstrap, topic, partitions))
    env = detector_env(
        bootstrap, namespace, f"bench-bf-{namespace}", work_dir / namespace, partitions
    )
    detectors = [
        DetectorProcess(env, work_dir / f"backfill-{workers}-{i}.log") for i in range(workers)
    ]
    publish_records(bootstrap, topic, count, namespace)
    try:
        for detector in detectors:
            detector.start()
        started: tuple[float, float] | None = None
        deadline = time.monotonic() + 600 + count / 100
        while time.monotonic() < deadline:
            if any(d.process is None or d.process.poll() is not None for d in detectors):
                raise RuntimeError(f"a detector exited during the backfill; see {work_dir}")
            counts = [d.scored() for d in detectors]
            now = time.perf_counter()
            if started is None and min(counts) > 0:
                started = (now, sum(counts))
            if sum(counts) >= count and started is not None:
                seconds = now - started[0]
                rate = (sum(counts) - started[1]) / seconds
                return BackfillRun(workers, count, seconds, rate, counts)
            time.sleep(POLL_SECONDS)
        raise TimeoutError(f"{workers} workers did not score {count:,} records; see {work_dir}")
    finally:
        for detector in detectors:
            detector.stop()


def run_backfill(
    bootstrap: str, count: int, partitions: int, work_dir: Path, worker_counts: tuple[int, ...]
) -> list[BackfillRun]:
    """One backfill per worker count, printed as it finishes."""
    work_dir.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    print(
        f"\nbackfill: {count:,} shipments published straight on a {partitions}-partition topic, "
        f"scored by 1–{max(worker_counts)} detector workers ({cores} cores on this machine)",
        flush=True,
    )
    runs = []
    for workers in worker_counts:
        run = backfill_with(bootstrap, count, workers, partitions, work_dir)
        runs.append(run)
        factor = run.rate / runs[0].rate
        print(
            f"  {workers} worker(s): {run.rate:>8,.0f} records/s ({factor:.2f}× one worker); "
            f"all scored in {run.seconds:,.0f} s; per worker "
            + ", ".join(f"{c:,.0f}" for c in run.per_worker),
            flush=True,
        )
    return runs
