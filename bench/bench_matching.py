"""Screening speed: names/s, latency per name, index build time and peak memory.

    python -m bench.bench_matching [--queries N] [--synthetic M] [--shared-data PATH]

Phase 1 screens N party names (default 100,000) against every shared list together.
Phase 2 (a child process, so its memory is its own) indexes a synthetic list of M names
(default 1,000,000) plus the shared lists and screens a sample, to show how cost grows.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from services.detector.matching import MatchIndex, NameQuery
from services.detector.watchlists import (
    Watchlist,
    WatchlistEntry,
    default_watchlist_paths,
    load_watchlists,
)

SEED = 7
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


def party_queries(rng: random.Random, index: MatchIndex, count: int) -> list[NameQuery]:
    """Mostly unlisted names (as in trade data), 10% listed names with a typo or reordering."""
    listed = [name for entry in index.entries() for name in entry.names[:2]]
    unlisted = synthetic_names(rng, count, _vocabulary(rng, 50_000))
    queries = []
    for i, name in enumerate(unlisted):
        if i % 10 == 0:
            words = rng.choice(listed).replace(",", " ").split()
            rng.shuffle(words)
            name = " ".join(words)
        queries.append(NameQuery(name, country=rng.choice([None, "ru", "cn", "ae", "tr"])))
    return queries


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(index: MatchIndex, queries: list[NameQuery]) -> dict[str, float]:
    latencies = []
    started = time.perf_counter()
    for query in queries:
        t0 = time.perf_counter_ns()
        index.screen(query)
        latencies.append(time.perf_counter_ns() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "names_per_second": len(queries) / elapsed,
        "p50_ms": statistics.median(latencies) / 1e6,
        "p99_ms": latencies[int(len(latencies) * 0.99)] / 1e6,
    }


def run(shared_data: Path | None, queries: int, synthetic: int) -> dict[str, float]:
    rng = random.Random(SEED)
    started = time.perf_counter()
    lists = load_watchlists(default_watchlist_paths(shared_data))
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
    figures = measure(index, party_queries(rng, index, queries))
    return {
        "entries": len(index),
        "names": index.name_count,
        "load_seconds": load_seconds,
        "build_seconds": build_seconds,
        "peak_rss_mib": peak_rss_mib(),
        **figures,
    }


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
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--synthetic-queries", type=int, default=20_000)
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--phase", choices=["shared", "synthetic", "both"], default="both")
    args = parser.parse_args(argv)
    if args.phase in ("shared", "both"):
        shared = run(args.shared_data, args.queries, 0)
        _print("All shared lists (one core)", shared, args.queries)
    if args.phase == "synthetic":
        big = run(args.shared_data, args.synthetic_queries, args.synthetic)
        _print(f"Shared lists + {args.synthetic:,} synthetic names", big, args.synthetic_queries)
    elif args.phase == "both" and args.synthetic:
        command = [sys.executable, "-m", "bench.bench_matching", "--phase", "synthetic"]
        command += [
            "--synthetic",
            str(args.synthetic),
            "--synthetic-queries",
            str(args.synthetic_queries),
        ]
        if args.shared_data:
            command += ["--shared-data", str(args.shared_data)]
        subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
