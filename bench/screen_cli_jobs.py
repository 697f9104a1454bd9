"""`chokepoint screen` as a whole process on the realistic mix, at --jobs 1 and at --jobs N.

    python -m bench.screen_cli_jobs [--queries N] [--jobs 1 2] [--rounds R] [--shared-data PATH]

Each run is the real command (`python -m services.detector.screen_cli`) reading the mix on stdin
from a file and writing JSON lines to a pipe. Load time is subtracted: the clock starts when the
command reports its index built (its stderr line) and stops when it exits; CPU is the process's
and its workers', less what the process had spent by that line (read from /proc: Linux only).
With --rounds R the --jobs values are run in alternation R times, as the machine's load drifts.

On a machine shared with other work the wall figures depend on what else runs (the load average
is printed with each run); `CPU-bound names/s` is what the CPU time spent allows on --jobs free
cores (names × jobs / CPU seconds): an estimate, not a measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
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
    load_average: float

    @property
    def cpu_bound_names_per_second(self) -> float:
        return self.names * self.jobs / self.cpu_seconds

    @property
    def names_per_second(self) -> float:
        return self.names / self.screening_seconds


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (/proc/PID/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        loading_cpu = _process_cpu_seconds(process.pid)
        if "indexed" not in report:
            raise RuntimeError(f"chokepoint screen did not index: {report}")
        answers = sum(1 for _ in process.stdout)
        status = process.wait()
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"chokepoint screen exited {status}: {process.stderr.read().decode()}")
    cpu_seconds = _children_cpu_seconds() - cpu_before - loading_cpu
    return CliRun(jobs, answers, elapsed, cpu_seconds, os.getloadavg()[0])


def compare_jobs(
    shared_data: Path | None, queries: int, jobs_to_run: Sequence[int], rounds: int = 1
) -> list[CliRun]:
    """The same mix through the command at each --jobs, `rounds` times in alternation."""
    paths = default_watchlist_paths(shared_data)
    official = [p for p in paths if any(str(p).endswith(o) for o in OFFICIAL_LISTS)]
    listed = [n for w in official_lists(shared_data) for e in w.entries for n in e.names[:2]]
    lines = as_json_lines(realistic_mix(random.Random(SEED), listed, queries))
    with tempfile.TemporaryDirectory() as folder:
        mix = Path(folder, "mix.jsonl")
        mix.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runs = [run_cli(official, mix, jobs) for _ in range(rounds) for jobs in jobs_to_run]
    for run in runs:
        if run.names != len(lines):
            raise RuntimeError(f"--jobs {run.jobs}: {run.names} answers for {len(lines)} names")
    return runs


def print_comparison(runs: Sequence[CliRun]) -> None:
    cores = usable_cores()
    print(
        f"\n`chokepoint screen` whole process, realistic mix, {runs[0].names:,} names against the"
        f" four official lists; load time subtracted; {cores} usable cores"
    )
    header = f"{'names/s (wall)':>16}{'CPU s':>8}{'CPU names/s':>13}{'CPU-bound names/s':>19}"
    print(f"  {'--jobs':<8}{header}{'load average':>14}")
    for run in runs:
        rates = f"{run.names_per_second:>16,.0f}{run.cpu_seconds:>8.1f}"
        rates += f"{run.names / run.cpu_seconds:>13,.0f}{run.cpu_bound_names_per_second:>19,.0f}"
        print(f"  {run.jobs:<8}{rates}{run.load_average:>14.1f}")
    most = max(r.jobs for r in runs)
    chosen = [r for r in runs if r.jobs == most]
    wall = statistics.mean(r.names_per_second for r in chosen)
    bound = statistics.mean(r.cpu_bound_names_per_second for r in chosen)
    load = statistics.mean(r.load_average for r in chosen)
    verdict = "met" if wall >= TARGET_NAMES_PER_SECOND else "not met"
    print(
        f"  the figure for the {TARGET_NAMES_PER_SECOND:,} names/s target is --jobs {most} on"
        f" {cores} cores: {wall:,.0f} names/s wall ({verdict} as measured, load average"
        f" {load:.1f}); the CPU it spent allows {bound:,.0f} names/s on {most} free cores"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, usable_cores()])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--shared-data", type=Path, default=None)
    args = parser.parse_args(argv)
    print_comparison(compare_jobs(args.shared_data, args.queries, args.jobs, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
