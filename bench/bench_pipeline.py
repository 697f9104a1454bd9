"""The whole pipeline on Apache Kafka and on the embedded Tansu broker, each beside its ceilings.

    python -m bench.bench_pipeline [--seconds 60] [--rate 1000] [--climb 1500,2000,…]
                                   [--count 50000] [--skip-ceilings] [--skip-pipeline]
                                   [--backfill [N]] [--broker both|kafka|tansu]

1. ingest → detector → notifier → a local Slack API server, fed at a steady rate for --seconds
   through the ingest HTTP API in NDJSON batches (598 sample shipments, unique ids): records/s,
   p50/p99 submit → alert latency, the backlog (accepted − scored) every 5 s and at the end; then
   the --climb rates in turn on the same services, up to the first one it does not hold.
2. --count messages published straight on a topic, read by a raw aiokafka consumer (json.loads),
   by a bare faust agent that parses (before and after the detector), one that parses and
   forwards, and by one detector (until its state loop is idle again): rates per second and per
   CPU second, and the ratio.
3. --backfill N: N shipments published straight on a topic, scored by 1, 2 and 3 workers.
Everything started here is stopped on exit, Ctrl-C included. Logs stay in a temp folder (printed).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.ceilings import (
    Throughput,
    bare_faust_rate,
    create_topic,
    publish_values,
    raw_consumer_rate,
)
from bench.pipeline_backfill import BackfillRun, run_backfill
from bench.pipeline_live import PipelineFigures, run_pipeline
from bench.pipeline_support import DetectorProcess, UniqueRecords, detector_env
from schemas import Topics
from services.common.kafka_broker import java_and_maven_present
from services.common.local_broker import BrokerKind, local_broker

PARTITIONS = 6
# How often the benchmark reads the detector's /metrics: rendering them costs the detector CPU
# that the bare faust agent does not pay, so not more often than this.
POLL_SECONDS = 0.5
# After the last record is scored the detector counts as done once it uses less than this share
# of a core over IDLE_POLLS polls IDLE_POLL_SECONDS apart (its state loop has handled the legs and
# party sightings); the end is the first of those polls.
IDLE_CPU = 0.1
IDLE_POLL_SECONDS = 0.2
IDLE_POLLS = 4


def detector_rate(bootstrap: str, count: int, work_dir: Path, topic_namespace: str) -> Throughput:
    """One detector over `count` records already on its topic, from the first record scored to
    the end of the work they cause: the last scored and the state loop idle again (its legs and
    party sightings handled), wall time and the process's CPU time alike."""
    env = detector_env(
        bootstrap,
        topic_namespace,
        f"bench-det-{secrets.token_hex(3)}",
        work_dir / "det",
        PARTITIONS,
    )
    detector = DetectorProcess(env, work_dir / "detector-rate.log").start()
    try:
        first: tuple[float, float, float] | None = None
        deadline = time.monotonic() + 120 + count / 200
        while time.monotonic() < deadline:
            scored, now, cpu = detector.scored(), time.perf_counter(), detector.cpu_seconds()
            if first is None and scored > 0:
                first = (now, scored, cpu)
            if scored >= count and first is not None:
                end, end_cpu = wait_until_idle(detector, now, cpu)
                done = scored - first[1]
                return Throughput(done / (end - first[0]), done / max(end_cpu - first[2], 1e-9))
            time.sleep(POLL_SECONDS)
        raise TimeoutError(
            f"the detector scored {detector.scored():.0f} of {count}; see {work_dir}"
        )
    finally:
        detector.stop()


def wait_until_idle(
    detector: DetectorProcess, now: float, cpu: float, timeout_seconds: float = 120
) -> tuple[float, float]:
    """The time and CPU seconds when the detector stopped working: the first poll after which it
    used under IDLE_CPU of a core for IDLE_POLLS polls in a row."""
    samples = [(now, cpu)]
    while samples[-1][0] < now + timeout_seconds:
        time.sleep(IDLE_POLL_SECONDS)
        samples.append((time.perf_counter(), detector.cpu_seconds()))
        if len(samples) > IDLE_POLLS:
            (start, start_cpu), (end, end_cpu) = samples[-IDLE_POLLS - 1], samples[-1]
            if end_cpu - start_cpu < IDLE_CPU * (end - start):
                return start, start_cpu
    raise TimeoutError(f"the detector was still busy {timeout_seconds:.0f} s after the last record")


@dataclass
class Ceilings:
    """The same records read five ways on one broker: the detector beside what bounds it."""

    produce: float
    aiokafka: float
    faust: list[Throughput]  # the bare agent that parses, run before and after the detector
    faust_forward: Throughput
    detector: Throughput

    @property
    def ratio(self) -> float:
        """Detector ÷ bare faust agent that parses, records per second of wall time."""
        return self.detector.rate / (sum(t.rate for t in self.faust) / len(self.faust))

    @property
    def cpu_ratio(self) -> float:
        """The same per second of each process's own CPU time (steadier on a shared machine)."""
        return self.detector.cpu_rate / (sum(t.cpu_rate for t in self.faust) / len(self.faust))


def ceilings(bootstrap: str, count: int, work_dir: Path) -> Ceilings:
    """The same `count` sample records read by aiokafka, bare faust agents and one detector."""
    namespace = f"ceil{secrets.token_hex(4)}"
    topic = Topics(namespace).shipments
    asyncio.run(create_topic(bootstrap, topic, PARTITIONS))
    messages = [(rid.encode(), line.encode()) for rid, line in UniqueRecords("ceil").take(count)]
    produce = asyncio.run(publish_values(bootstrap, topic, messages))
    aiokafka = asyncio.run(raw_consumer_rate(bootstrap, topic, count))
    bare_before = bare_faust_rate(bootstrap, topic, count, work_dir, forward=False)
    forward = bare_faust_rate(bootstrap, topic, count, work_dir, forward=True)
    detector = detector_rate(bootstrap, count, work_dir, namespace)
    bare_after = bare_faust_rate(bootstrap, topic, count, work_dir, forward=False)
    return Ceilings(produce, aiokafka, [bare_before, bare_after], forward, detector)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report_pipeline(p: PipelineFigures, rate: int) -> None:
    print(
        f"\npipeline, {p.seconds:.0f} s at {rate} records/s offered "
        "(ingest → detector → notifier → Slack):"
    )
    print(
        f"  accepted {p.accepted:,} records ({p.accepted / p.seconds:,.0f}/s), "
        f"refused {p.refused:,}; "
        f"scored {p.scored_in_window:,.0f} in the window ({p.scored_in_window / p.seconds:,.0f}/s)"
    )
    if p.latencies:
        print(
            f"  submit → alert on the alerts topic: p50 {p.p50 * 1000:,.0f} ms, "
            f"p99 {p.p99 * 1000:,.0f} ms ({len(p.latencies):,} record alerts)"
        )
    print(
        f"  detector record age (ingest → scored, histogram bucket): p50 ≤ {p.age_p50} s, "
        f"p99 ≤ {p.age_p99} s; "
        f"Slack messages posted {p.slack_messages:,}, notifier age p99 ≤ {p.slack_age_p99} s"
    )
    print("  backlog (accepted − scored) every 5 s: " + ", ".join(f"{b:,.0f}" for b in p.backlog))
    print(
        f"  lag at the end: {p.backlog_at_end:,.0f} records not yet scored; detector lag gauge "
        f"{p.detector_lag:,.0f}; drained in {p.drain_seconds:.1f} s"
    )
    ok_p99 = bool(p.latencies) and p.p99 < 1.0
    print(f"  targets: p99 < 1 s {verdict(ok_p99)}; no growing lag {verdict(p.lag_steady)}")
    if p.steps:
        print(f"  highest offered rate with flat lag: {highest_flat_rate(p, rate)}")


def highest_flat_rate(p: PipelineFigures, rate: int) -> str:
    """The highest rate held (the window's, then each climb step's), and the one that was not."""
    held = [rate] if p.lag_steady else []
    held += [step.offered for step in p.steps if step.flat]
    text = f"{max(held):,} records/s" if held else f"below {rate:,} records/s"
    failed = [step.offered for step in p.steps if not step.flat]
    return text + (f" ({failed[0]:,}/s was not held)" if failed else " (every step held)")


def report_ceilings(c: Ceilings) -> None:
    print("\nsame broker, the same sample records published straight on a 6-partition topic:")
    print(f"  {'':38} {'per s':>9} {'per CPU s':>10}")
    print(f"  {'aiokafka producer':38} {c.produce:>9,.0f}")
    print(f"  {'raw aiokafka consumer + json.loads':38} {c.aiokafka:>9,.0f}")
    for label, t in (
        ("bare faust agent, parse only", c.faust[0]),
        ("bare faust agent, parse + forward", c.faust_forward),
        ("detector, all lists and rules, 1 worker", c.detector),
        ("bare faust agent, parse only, again", c.faust[1]),
    ):
        print(f"  {label:38} {t.rate:>9,.0f} {t.cpu_rate:>10,.0f}")
    print(
        "  (the detector from its first record scored until its state loop is idle again: the "
        "legs, sightings and party sightings the records caused are handled too)"
    )
    print(
        f"  detector ÷ bare faust agent that parses (mean of its two runs): {c.ratio:.0%} per "
        f"second, {c.cpu_ratio:.0%} per CPU second — target ≥ 70% {verdict(c.ratio >= 0.7)}"
    )


@dataclass
class BrokerFigures:
    """One broker's pipeline run, ceilings and backfill."""

    description: str
    pipeline: PipelineFigures
    ceilings: Ceilings | None = None
    backfill: list[BackfillRun] = field(default_factory=list)


def available_brokers(choice: str) -> list[BrokerKind]:
    if choice != "both":
        return [choice]  # type: ignore[list-item]
    return ["kafka", "tansu"] if java_and_maven_present() else ["tansu"]


def measure_on(kind: BrokerKind, args: argparse.Namespace, work_dir: Path) -> BrokerFigures:
    """Start one broker, run what was asked for on it, stop it."""
    broker = local_broker(work_dir, kind)
    print(f"\n--- {broker.describe()} ---", flush=True)
    broker.start()
    try:
        bootstrap = broker.bootstrap_servers
        figures = BrokerFigures(broker.describe(), PipelineFigures())
        if not args.skip_pipeline:
            figures.pipeline = asyncio.run(
                run_pipeline(
                    broker,
                    args.seconds,
                    args.rate,
                    work_dir,
                    args.pipeline_detectors,
                    climb=tuple(args.climb),
                    step_seconds=args.step_seconds,
                )
            )
            report_pipeline(figures.pipeline, args.rate)
        if not args.skip_ceilings:
            figures.ceilings = ceilings(bootstrap, args.count, work_dir)
            report_ceilings(figures.ceilings)
        if args.backfill:
            figures.backfill = run_backfill(
                bootstrap, args.backfill, args.backfill_partitions, work_dir / "backfill", (1, 2, 3)
            )
        return figures
    finally:
        broker.stop()


def report_side_by_side(results: dict[str, BrokerFigures], rate: int) -> None:
    """The headline figures of every broker, in one table."""
    print(f"\nside by side ({rate:,} records/s offered):")
    width = max(len(f.description) for f in results.values())
    print(
        f"  {'broker':<{width}} {'scored/s':>9} {'p50 s':>6} {'p99 s':>6} "
        f"{'detector ÷ bare faust (s / CPU s)':>34} {'backfill 1 / 2 / 3 workers':>28}"
    )
    for figures in results.values():
        p, c = figures.pipeline, figures.ceilings
        scored = f"{p.scored_in_window / p.seconds:,.0f}" if p.seconds else "-"
        p50 = f"{p.p50:.2f}" if p.latencies else "-"
        p99 = f"{p.p99:.2f}" if p.latencies else "-"
        ratio = f"{c.ratio:.0%} / {c.cpu_ratio:.0%}" if c else "-"
        backfill = " / ".join(f"{run.rate:,.0f}" for run in figures.backfill) or "-"
        print(
            f"  {figures.description:<{width}} {scored:>9} {p50:>6} {p99:>6} "
            f"{ratio:>34} {backfill:>28}"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_pipeline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to feed the pipeline")
    parser.add_argument("--rate", type=int, default=1000, help="records/s offered to ingest")
    parser.add_argument(
        "--climb",
        type=lambda text: [int(part) for part in text.split(",") if part],
        default=[1500, 2000, 2500, 3000, 4000],
        help="rates offered in turn after the window (comma-separated) until one is not held",
    )
    parser.add_argument("--step-seconds", type=float, default=20.0, help="length of a climb step")
    parser.add_argument(
        "--count", type=int, default=50_000, help="messages for the ceilings and detector runs"
    )
    parser.add_argument("--pipeline-detectors", type=int, default=1, choices=(1, 2))
    parser.add_argument("--skip-ceilings", action="store_true", help="no ceilings run")
    parser.add_argument("--skip-pipeline", action="store_true", help="no whole-pipeline run")
    parser.add_argument(
        "--backfill",
        type=int,
        nargs="?",
        const=1_000_000,
        default=0,
        metavar="N",
        help="publish N shipments (default 1,000,000) straight on a topic and time 1, 2 and 3 "
        "detector workers scoring them",
    )
    parser.add_argument(
        "--backfill-partitions", type=int, default=PARTITIONS, help="partitions for the backfill"
    )
    parser.add_argument(
        "--broker",
        choices=("both", "kafka", "tansu"),
        default="both",
        help="both = Apache Kafka (where Java and Maven are found) and the embedded Tansu broker",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="chokepoint-bench-"))
    print(f"bench_pipeline: logs in {work_dir}", flush=True)

    def on_sigterm(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    results: dict[str, BrokerFigures] = {}
    try:
        for kind in available_brokers(args.broker):
            results[kind] = measure_on(kind, args, work_dir / kind)
        report_side_by_side(results, args.rate)
        return 0
    except KeyboardInterrupt:
        print("bench_pipeline: interrupted; everything it started was stopped", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
