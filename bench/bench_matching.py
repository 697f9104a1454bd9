"""Screening speed on customs-like traffic: names/s, latency per name, build time, memory.

    python -m bench.bench_matching [--queries N] [--synthetic M] [--shared-data PATH]

Every phase screens the realistic mix (bench.realistic_mix: typos, reorderings, generic
"Golden Star Trading LLC 17" names, exact listed names) against the four official shared lists
(OFAC SDN 2021, OFAC consolidated, UN, BIS DPL).
Phase 1 prints the `chokepoint screen` path (JSON in, explained matches out) beside a plain
token-blocking baseline, then the index figures. Phase 2 (a child process, so its memory is its
own) adds M synthetic names (default 1,000,000) and prints p50 against phase 1's.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.realistic_mix import (
    OFFICIAL_LISTS,
    TokenBlockingBaseline,
    as_json_lines,
    realistic_mix,
)
from services.detector.screen_cli import screen_lines
from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameQuery
from services.lists.watchlists import (
    Watchlist,
    WatchlistEntry,
    default_watchlist_paths,
    load_watchlists,
)

SEED = 7
WARM_UP = 2_000
_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "sh",
    "kh",
    "ch",
    "zh",
    "br",
    "gr",
    "st",
    "tr",
]
_VOWELS = ["a", "e", "i", "o", "u", "ia", "ou", "ai"]
_FORMS = ["LLC", "Ltd", "JSC", "GmbH", "Co., Ltd.", "OOO", "Trading LLC", "Holding", "FZE", ""]


def _word(rng: random.Random) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3))
    ).capitalize()


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    return list({_word(rng) for _ in range(size)})


def synthetic_names(rng: random.Random, count: int, vocabulary: list[str]) -> list[str]:
    """Company- and person-like names from a Zipf-ish vocabulary, as real party names are."""
    weights = [1.0 / (rank + 10) for rank in range(len(vocabulary))]
    words = rng.choices(vocabulary, weights=weights, k=count * 3)
    names = []
    for i in range(count):
        tokens = words[3 * i : 3 * i + rng.randint(2, 3)]
        form = rng.choice(_FORMS) if i % 2 else ""
        names.append(" ".join([*tokens, form]).strip())
    return names


def listed_names(index: MatchIndex) -> list[str]:
    return [name for entry in index.entries() for name in entry.names[:2]]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _figures(latencies: list[int], elapsed: float, cpu: float) -> dict[str, float]:
    latencies.sort()
    return {
        "names_per_second": len(latencies) / elapsed,
        # CPU time too: on a shared machine, wall time also counts other processes' turns.
        "cpu_names_per_second": len(latencies) / cpu,
        "p50_ms": statistics.median(latencies) / 1e6,
        "p99_ms": latencies[int(len(latencies) * 0.99)] / 1e6,
    }


def measure(index: MatchIndex, queries: list[NameQuery]) -> dict[str, float]:
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        t0 = time.perf_counter_ns()
        index.screen(query)
        latencies.append(time.perf_counter_ns() - t0)
    return _figures(latencies, time.perf_counter() - started, time.process_time() - cpu)


def measure_screen_path(index: MatchIndex, lines: list[str]) -> dict[str, float]:
    """What `chokepoint screen` does per line: parse, screen, explain, serialise."""
    latencies = []
    sink = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    results = screen_lines(index, lines, threshold=DEFAULT_THRESHOLD, limit=5)
    while True:
        t0 = time.perf_counter_ns()
        result = next(results, None)
        if result is None:
            break
        sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        latencies.append(time.perf_counter_ns() - t0)
    return _figures(latencies, time.perf_counter() - started, time.process_time() - cpu)


def measure_baseline(baseline: TokenBlockingBaseline, names: list[str]) -> dict[str, float]:
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for name in names:
        t0 = time.perf_counter_ns()
        baseline.screen(name)
        latencies.append(time.perf_counter_ns() - t0)
    return _figures(latencies, time.perf_counter() - started, time.process_time() - cpu)


def official_lists(shared_data: Path | None) -> list[Watchlist]:
    paths = default_watchlist_paths(shared_data)
    return load_watchlists([p for p in paths if any(str(p).endswith(o) for o in OFFICIAL_LISTS)])


def run(shared_data: Path | None, queries: int, synthetic: int) -> dict[str, float]:
    """The realistic mix against the four official lists (plus `synthetic` generated names)."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    lists = official_lists(shared_data)
    load_seconds = time.perf_counter() - started
    if synthetic:
        names = synthetic_names(rng, synthetic, _vocabulary(rng, 300_000))
        entries = [
            WatchlistEntry(f"synthetic:{i}", "Company", (n,), "synthetic")
            for i, n in enumerate(names)
        ]
        lists.append(Watchlist("synthetic", "bench", entries))
        del names, entries
    gc.collect()
    started = time.perf_counter()
    index = MatchIndex.build(lists)
    build_seconds = time.perf_counter() - started
    official = [n for e in index.entries() if e.source != "synthetic" for n in e.names[:2]]
    names = realistic_mix(random.Random(SEED), official, WARM_UP + queries)
    measure(index, [NameQuery(n) for n in names[:WARM_UP]])  # as a long run would be
    figures = measure(index, [NameQuery(n) for n in names[WARM_UP:]])
    return {
        "entries": len(index),
        "names": index.name_count,
        "load_seconds": load_seconds,
        "build_seconds": build_seconds,
        "peak_rss_mib": peak_rss_mib(),
        **figures,
    }


def run_mix(shared_data: Path | None, queries: int) -> None:
    """The screen path and the token-blocking baseline on the same realistic mix, side by side."""
    lists = official_lists(shared_data)
    index = MatchIndex.build(lists)
    baseline = TokenBlockingBaseline([e for w in lists for e in w.entries])
    # Three disjoint slices of one mix: warm-up (as a long run would be), screen path, direct.
    names = realistic_mix(random.Random(SEED), listed_names(index), WARM_UP + 2 * queries)
    measure_screen_path(index, as_json_lines(names[:WARM_UP]))
    ours = measure_screen_path(index, as_json_lines(names[WARM_UP : WARM_UP + queries]))
    direct = measure(index, [NameQuery(n) for n in names[WARM_UP + queries :]])
    theirs = measure_baseline(baseline, names[WARM_UP : WARM_UP + queries])
    print(
        f"\nRealistic mix, {queries:,} names against the four official lists ({len(index):,} entries)"
    )
    print("  30% one-letter typos, 20% reordered, 30% generic 'X Trading LLC 17', 20% exact")
    print(f"  {'matcher':<40}{'names/s':>9}{'CPU names/s':>13}{'p50 ms':>9}{'p99 ms':>9}")
    for label, row in (
        ("chokepoint screen path (JSON in/out)", ours),
        ("chokepoint MatchIndex.screen (no JSON)", direct),
        ("token-blocking baseline", theirs),
    ):
        rates = f"{row['names_per_second']:>9,.0f}{row['cpu_names_per_second']:>13,.0f}"
        print(f"  {label:<40}{rates}{row['p50_ms']:>9.3f}{row['p99_ms']:>9.3f}")


def _print(title: str, figures: dict[str, float], queries: int) -> None:
    print(f"\n{title}")
    print(f"  indexed entries / names   {figures['entries']:,.0f} / {figures['names']:,.0f}")
    print(f"  lists loaded in           {figures['load_seconds']:.1f} s")
    print(f"  index built in            {figures['build_seconds']:.1f} s")
    print(f"  peak memory (RSS)         {figures['peak_rss_mib']:,.0f} MiB")
    print(
        f"  screened                  {queries:,} names, {figures['names_per_second']:,.0f} names/s"
    )
    print(
        f"  latency per name          p50 {figures['p50_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms"  # noqa: E501
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=50_000)
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--synthetic-queries", type=int, default=20_000)
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--reference-p50", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["shared", "synthetic", "both"], default="both")
    args = parser.parse_args(argv)
    reference = args.reference_p50
    if args.phase in ("shared", "both"):
        # Measured before run_mix, in a process that has screened nothing yet, like the synthetic
        # phase's: run_mix screens the same names, so its memos and caches would favour this one.
        shared = run(args.shared_data, args.synthetic_queries, 0)
        run_mix(args.shared_data, args.queries)
        _print("Official lists, realistic mix (one core)", shared, args.synthetic_queries)
        reference = shared["p50_ms"]
    if args.phase == "synthetic":
        big = run(args.shared_data, args.synthetic_queries, args.synthetic)
        _print(f"Official lists + {args.synthetic:,} synthetic names", big, args.synthetic_queries)
        if reference:
            print(f"  p50 vs official lists alone  {big['p50_ms'] / reference:.2f}x")
    elif args.phase == "both" and args.synthetic:
        command = [sys.executable, "-m", "bench.bench_matching", "--phase", "synthetic"]
        command += ["--synthetic", str(args.synthetic)]
        command += ["--synthetic-queries", str(args.synthetic_queries)]
        command += ["--reference-p50", f"{reference:.6f}"]
        if args.shared_data:
            command += ["--shared-data", str(args.shared_data)]
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
