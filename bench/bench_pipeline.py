"""The whole pipeline on Apache Kafka and on the embedded Tansu broker, each beside its ceilings.

    python -m bench.bench_pipeline [--seconds 60] [--rate 2000] [--count 20000] [--skip-ceilings]
                                   [--broker both|kafka|tansu]

1. ingest → detector → notifier → a local Slack API server, fed at a steady rate for --seconds
   through the ingest HTTP API in NDJSON batches (598 sample shipments, unique ids): records/s,
   p50/p99 submit → alert latency, the backlog (accepted − scored) every 5 s and at the end.
2. --count messages published straight on a topic, read by a raw aiokafka consumer (json.loads),
   by a bare faust agent (parse; parse + forward each) and by one detector: its rate and ratio.
3. Two detectors in one group over 6 partitions: both get partitions and both score.
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

from bench.ceilings import bare_faust_rate, create_topic, publish_values, raw_consumer_rate
from bench.pipeline_live import PipelineFigures, run_pipeline
from bench.pipeline_support import DetectorProcess, UniqueRecords, detector_env
from schemas import Topics
from services.common.kafka_broker import java_and_maven_present
from services.common.local_broker import BrokerKind, local_broker

PARTITIONS = 6


def detector_rate(bootstrap: str, count: int, work_dir: Path, topic_namespace: str) -> float:
    """One detector over `count` records already on its topic: records/s, first to last scored."""
    env = detector_env(
        bootstrap,
        topic_namespace,
        f"bench-det-{secrets.token_hex(3)}",
        work_dir / "det",
        PARTITIONS,
    )
    detector = DetectorProcess(env, work_dir / "detector-rate.log").start()
    try:
        first: tuple[float, float] | None = None
        deadline = time.monotonic() + 120 + count / 200
        while time.monotonic() < deadline:
            scored, now = detector.scored(), time.perf_counter()
            if first is None and scored > 0:
                first = (now, scored)
            if scored >= count and first is not None:
                return (scored - first[1]) / (now - first[0])
            time.sleep(0.1)
        raise TimeoutError(
            f"the detector scored {detector.scored():.0f} of {count}; see {work_dir}"
        )
    finally:
        detector.stop()


def two_detectors(bootstrap: str, count: int, work_dir: Path) -> tuple[list[float], float]:
    """Two detectors in one group: (scored by each, combined records/s) for `count` records."""
    namespace = f"two{secrets.token_hex(4)}"
    asyncio.run(create_topic(bootstrap, Topics(namespace).shipments, PARTITIONS))
    env = detector_env(
        bootstrap, namespace, f"bench-two-{secrets.token_hex(3)}", work_dir / "two", PARTITIONS
    )
    detectors = [DetectorProcess(env, work_dir / f"detector-{i}.log") for i in (1, 2)]
    try:
        for detector in detectors:
            detector.start()
        for detector in detectors:
            detector.wait_ready()
        messages = [(rid.encode(), line.encode()) for rid, line in UniqueRecords("two").take(count)]
        started = time.perf_counter()
        asyncio.run(publish_values(bootstrap, Topics(namespace).shipments, messages))
        deadline = time.monotonic() + 120 + count / 200
        while time.monotonic() < deadline:
            counts = [d.scored() for d in detectors]
            if sum(counts) >= count:
                return counts, count / (time.perf_counter() - started)
            time.sleep(0.1)
        raise TimeoutError(f"two detectors scored {[d.scored() for d in detectors]} of {count}")
    finally:
        for detector in detectors:
            detector.stop()


def ceilings(bootstrap: str, count: int, work_dir: Path) -> dict[str, float]:
    """The same `count` sample records read four ways; messages/s each."""
    namespace = f"ceil{secrets.token_hex(4)}"
    topic = Topics(namespace).shipments
    asyncio.run(create_topic(bootstrap, topic, PARTITIONS))
    messages = [(rid.encode(), line.encode()) for rid, line in UniqueRecords("ceil").take(count)]
    figures = {"produce": asyncio.run(publish_values(bootstrap, topic, messages))}
    figures["aiokafka"] = asyncio.run(raw_consumer_rate(bootstrap, topic, count))
    figures["faust"] = bare_faust_rate(bootstrap, topic, count, work_dir, forward=False)
    figures["faust_forward"] = bare_faust_rate(bootstrap, topic, count, work_dir, forward=True)
    figures["detector"] = detector_rate(bootstrap, count, work_dir, namespace)
    return figures


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
            f"p99 {p.p99 * 1000:,.0f} ms "
            f"({len(p.latencies):,} record alerts)"
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
    ok_rate = p.scored_in_window / p.seconds >= 2000
    ok_p99 = bool(p.latencies) and p.p99 < 1.0
    print(
        f"  targets: ≥ 2,000 records/s {verdict(ok_rate)}; p99 < 1 s {verdict(ok_p99)}; "
        f"no growing lag {verdict(p.lag_steady)}"
    )


def report_ceilings(c: dict[str, float]) -> None:
    print("\nsame broker, the same sample records published straight on a 6-partition topic:")
    print(f"  aiokafka producer                   {c['produce']:>9,.0f} msg/s")
    print(f"  raw aiokafka consumer + json.loads  {c['aiokafka']:>9,.0f} msg/s")
    print(f"  bare faust agent, parse only        {c['faust']:>9,.0f} msg/s")
    print(f"  bare faust agent, parse + forward   {c['faust_forward']:>9,.0f} msg/s")
    print(f"  detector, all lists and rules       {c['detector']:>9,.0f} records/s (one worker)")
    ratio = c["detector"] / c["faust"]
    print(
        f"  detector / bare faust (parse only): {ratio:.0%} — "
        f"target ≥ 70% {verdict(ratio >= 0.7)}; "
        f"/ parse + forward: {c['detector'] / c['faust_forward']:.0%}"
    )


@dataclass
class BrokerFigures:
    """One broker's pipeline run and ceilings."""

    description: str
    pipeline: PipelineFigures
    ceilings: dict[str, float] = field(default_factory=dict)


def available_brokers(choice: str) -> list[BrokerKind]:
    if choice != "both":
        return [choice]  # type: ignore[list-item]
    return ["kafka", "tansu"] if java_and_maven_present() else ["tansu"]


def measure_on(kind: BrokerKind, args: argparse.Namespace, work_dir: Path) -> BrokerFigures:
    """Start one broker, run the pipeline and (unless skipped) the ceilings on it, stop it."""
    broker = local_broker(work_dir, kind)
    print(f"\n--- {broker.describe()} ---", flush=True)
    broker.start()
    try:
        bootstrap = broker.bootstrap_servers
        pipeline = asyncio.run(
            run_pipeline(broker, args.seconds, args.rate, work_dir, args.pipeline_detectors)
        )
        report_pipeline(pipeline, args.rate)
        figures = BrokerFigures(broker.describe(), pipeline)
        if not args.skip_ceilings:
            figures.ceilings = ceilings(bootstrap, args.count, work_dir)
            report_ceilings(figures.ceilings)
            counts, rate = two_detectors(bootstrap, args.count, work_dir)
            print(
                f"\ntwo detectors, one group, {PARTITIONS} partitions, {args.count:,} records: "
                f"{rate:,.0f} records/s combined; "
                f"scored per instance {[f'{c:,.0f}' for c in counts]} — "
                f"neither idles {verdict(min(counts) > 0)}"
            )
        return figures
    finally:
        broker.stop()


def report_side_by_side(results: dict[str, BrokerFigures], rate: int) -> None:
    """The headline figures of every broker, in one table."""
    print(f"\nside by side ({rate:,} records/s offered):")
    width = max(len(f.description) for f in results.values())
    head = f"{'scored/s':>9} {'p50 s':>7} {'p99 s':>7} {'detector ÷ bare faust':>22}"
    print(f"  {'broker':<{width}} {head}")
    for figures in results.values():
        p = figures.pipeline
        scored = p.scored_in_window / p.seconds if p.seconds else 0.0
        bare = figures.ceilings.get("faust", 0.0)
        ratio = f"{figures.ceilings['detector'] / bare:.0%}" if bare else "-"
        p50 = f"{p.p50:.2f}" if p.latencies else "-"
        p99 = f"{p.p99:.2f}" if p.latencies else "-"
        print(f"  {figures.description:<{width}} {scored:>9,.0f} {p50:>7} {p99:>7} {ratio:>22}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_pipeline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to feed the pipeline")
    parser.add_argument(
        "--rate", type=int, default=2000, help="records/s offered to the ingest API"
    )
    parser.add_argument(
        "--count", type=int, default=20_000, help="messages for the ceilings and detector runs"
    )
    parser.add_argument("--pipeline-detectors", type=int, default=1, choices=(1, 2))
    parser.add_argument("--skip-ceilings", action="store_true", help="only the whole-pipeline run")
    parser.add_argument(
        "--broker",
        choices=("both", "kafka", "tansu"),
        default="both",
        help="both = Apache Kafka (where Java and Maven are found) and the embedded Tansu broker",
    )
    args = parser.parse_args(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="chokepoint-bench-"))
    print(f"bench_pipeline: logs in {work_dir}", flush=True)

    def on_sigterm(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    kinds = available_brokers(args.broker)
    results: dict[str, BrokerFigures] = {}
    try:
        for kind in kinds:
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
