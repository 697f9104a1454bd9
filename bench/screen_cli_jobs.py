"""`chokepoint screen` as a whole process on the realistic mix, at --jobs 1 and at --jobs N.

    python -m bench.screen_cli_jobs [--queries N] [--jobs 1 2] [--shared-data PATH]

Each run is the real command (`python -m services.detector.screen_cli`) reading the mix on stdin
from a file and writing JSON lines to a pipe. Load time is subtracted: the clock starts when the
command reports its index built (its stderr line) and stops when it exits; CPU is the process's
and its workers', less that of the same command run on empty input (loading and indexing alone).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.bench_matching import SEED, official_lists
from bench.realistic_mix import OFFICIAL_LISTS, as_json_lines, realistic_mix
from services.detector.screen_pool import usable_cores
from services.lists.watchlists import default_watchlist_paths

TARGET_NAMES_PER_SECOND = 5_000


@dataclass(frozen=True)
class CliRun:
    jobs: int
    names: int
    screening_seconds: float
    cpu_seconds: float

    @property
    def names_per_second(self) -> float:
        return self.names / self.screening_seconds


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(watchlists: Sequence[Path], input_path: Path, jobs: int) -> CliRun:
    """One whole `chokepoint screen` process; its screening time (after indexing) and CPU."""
    command = [sys.executable, "-m", "services.detector.screen_cli", "--jobs", str(jobs)]
    for path in watchlists:
        command += ["--watchlist", str(path)]
    cpu_before = _children_cpu_seconds()
    with input_path.open("rb") as stdin:
        process = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        report = process.stderr.readline().decode()
        started = time.perf_counter()
        if "indexed" not in report:
            raise RuntimeError(f"chokepoint screen did not index: {report}")
        answers = sum(1 for _ in process.stdout)
        status = process.wait()
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"chokepoint screen exited {status}: {process.stderr.read().decode()}")
    return CliRun(jobs, answers, elapsed, _children_cpu_seconds() - cpu_before)


def compare_jobs(
    shared_data: Path | None, queries: int, jobs_to_run: Sequence[int]
) -> list[CliRun]:
    """The same mix through the command at each --jobs; CPU net of a run on empty input."""
    paths = default_watchlist_paths(shared_data)
    official = [p for p in paths if any(str(p).endswith(o) for o in OFFICIAL_LISTS)]
    listed = [n for w in official_lists(shared_data) for e in w.entries for n in e.names[:2]]
    lines = as_json_lines(realistic_mix(random.Random(SEED), listed, queries))
    with tempfile.TemporaryDirectory() as folder:
        empty, mix = Path(folder, "empty.jsonl"), Path(folder, "mix.jsonl")
        empty.write_text("", encoding="utf-8")
        mix.write_text("\n".join(lines) + "\n", encoding="utf-8")
        load_cpu = run_cli(official, empty, 1).cpu_seconds
        runs = [run_cli(official, mix, jobs) for jobs in jobs_to_run]
    for run in runs:
        if run.names != len(lines):
            raise RuntimeError(f"--jobs {run.jobs}: {run.names} answers for {len(lines)} names")
    return [
        CliRun(r.jobs, r.names, r.screening_seconds, max(r.cpu_seconds - load_cpu, 1e-9))
        for r in runs
    ]


def print_comparison(runs: Sequence[CliRun]) -> None:
    cores = usable_cores()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n`chokepoint screen` whole process, realistic mix, {runs[0].names:,} names against the"
        f" four official lists; load time subtracted; {cores} usable cores, load average {load}"
    )
    print(f"  {'--jobs':<8}{'names/s (wall)':>16}{'CPU s':>8}{'CPU names/s':>13}")
    for run in runs:
        cpu_rate = run.names / run.cpu_seconds
        print(
            f"  {run.jobs:<8}{run.names_per_second:>16,.0f}{run.cpu_seconds:>8.1f}{cpu_rate:>13,.0f}"
        )
    best = max(runs, key=lambda r: r.jobs)
    verdict = "met" if best.names_per_second >= TARGET_NAMES_PER_SECOND else "NOT met"
    print(
        f"  figure for the {TARGET_NAMES_PER_SECOND:,} names/s target: --jobs {best.jobs} on"
        f" {cores} cores, {best.names_per_second:,.0f} names/s wall ({verdict}; the cores were"
        f" shared at load average {load.split(',')[0]})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, usable_cores()])
    parser.add_argument("--shared-data", type=Path, default=None)
    args = parser.parse_args(argv)
    print_comparison(compare_jobs(args.shared_data, args.queries, args.jobs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
