"""`make mutation`: mutation testing of the pure cores with mutmut, one module at a time.

Each module is mutated in a throw-away copy of the repository (the committed tree by default,
`--worktree` for uncommitted edits), so the checkout is never touched. mutmut records which
tests reach each mutated function and runs only those tests for each mutant. A module gets a
time budget; what did not finish in it is reported as not run.

    python -m bench.mutation                       # every module, notifier and ingest first
    python -m bench.mutation notifier.silences     # one or more modules by name
    python -m bench.mutation --list                # the modules and their tests
    python -m bench.mutation --budget 600 --diffs  # 10 minutes a module, show survivors' diffs
    python -m bench.mutation --shared-lists detector.scoring  # the sample replay too (slow)

The score is killed / (mutants − equivalent ones); mutants no test reaches count as survivors.
Equivalent mutants (no test can tell them apart) are listed in `tests/mutation/equivalent*.toml`
(`equivalent.toml`, and one file per module where a module has many).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FOLDER = ROOT / "tests" / "mutation"
EQUIVALENT_FILES = "equivalent*.toml"
DEFAULT_BUDGET = 900.0
PYTEST_ARGS = [
    "-m",
    "not integration",
    "-p",
    "no:cacheprovider",
    "-p",
    "tests._mutmut_compat",
    "-q",
]


@dataclass(frozen=True)
class Module:
    """What to mutate (globs relative to the repository) and which tests may kill it."""

    name: str
    mutate: tuple[str, ...]
    tests: tuple[str, ...]
    threshold: float = 0.80


# The HTTP fuzzers take seconds a run and test no rule: left out of the mutation runs.
NOTIFIER_TESTS = ("tests/notifier", "--ignore=tests/notifier/test_http_fuzz.py")
INGEST_TESTS = (
    "tests/ingest",
    "--ignore=tests/ingest/test_http_fuzz.py",
    "--ignore=tests/ingest/test_http_hardening.py",
)
# The screening tests on the full shared lists build an index of every list (seconds a mutant,
# and they skip in the scratch tree anyway): the matcher's rules are pinned on tiny lists.
MATCHING_TESTS = ("tests/lists/matching", "--ignore=tests/lists/matching/test_screening.py")
MODULES: tuple[Module, ...] = (
    Module("notifier.silences", ("services/notifier/silences.py",), NOTIFIER_TESTS, 0.90),
    Module("notifier.routing", ("services/notifier/routing.py",), NOTIFIER_TESTS, 0.90),
    Module("notifier.ledger", ("services/notifier/ledger.py",), NOTIFIER_TESTS, 0.90),
    Module("notifier.delivery", ("services/notifier/delivery.py",), NOTIFIER_TESTS, 0.90),
    Module("notifier.grouping", ("services/notifier/grouping.py",), NOTIFIER_TESTS),
    Module("ingest.parsing", ("services/ingest/parsing.py",), INGEST_TESTS),
    Module(
        "schemas",
        ("schemas/*",),
        (
            "tests/schemas",
            "tests/detector/test_decoding.py",
            "tests/ingest/test_parsing.py",
            "tests/ingest/test_rule_edges.py",
        ),
    ),
    Module("detector.scoring", ("services/detector/scoring/*",), ("tests/detector/scoring",)),
    Module("detector.news", ("services/detector/news/*",), ("tests/detector/news",)),
    Module("detector.matching", ("services/lists/matching/*",), MATCHING_TESTS),
)
MODULES_BY_NAME = {m.name: m for m in MODULES}

# Copied into the scratch tree besides the source and the tests (data the tests read).
ALSO_COPY = ("samples", "docs", "deploy", "bench", "README.md", "Makefile", "requirements.lock")
# Never mutated: scripts and generators run by hand, not by the pipeline, and the sample-replay
# checker (a test tool kept beside the scorer; only the replay test, which needs the shared lists,
# runs it).
DO_NOT_MUTATE = (
    "schemas/generate.py",
    "*/__main__.py",
    "services/detector/scoring/expectations.py",
)


@dataclass
class Outcome:
    module: Module
    commit: str
    statuses: dict[str, str] = field(default_factory=dict)  # mutant → status
    equivalent: set[str] = field(default_factory=set)
    finished: bool = False
    seconds: float = 0.0
    error: str = ""

    @property
    def counts(self) -> Counter[str]:
        return Counter(
            "equivalent" if name in self.equivalent else status
            for name, status in self.statuses.items()
        )

    @property
    def checked(self) -> int:
        counts = self.counts
        return sum(n for s, n in counts.items() if s not in ("not checked", "equivalent"))

    @property
    def killed(self) -> int:
        counts = self.counts
        return counts["killed"] + counts["timeout"] + counts["caught by type check"]

    @property
    def score(self) -> float | None:
        return self.killed / self.checked if self.checked else None

    def survivors(self) -> list[str]:
        bad = ("survived", "no tests", "suspicious", "segfault", "skipped")
        return sorted(n for n, s in self.statuses.items() if s in bad and n not in self.equivalent)


def load_equivalent(folder: Path = EQUIVALENT_FOLDER) -> dict[str, str]:
    """Mutant name → why it is equivalent, from every `equivalent*.toml` in `folder`."""
    reasons: dict[str, str] = {}
    for path in sorted(folder.glob(EQUIVALENT_FILES)):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for name, entry in data.get("mutants", {}).items():
            reasons[name] = entry["reason"]
    return reasons


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def populate(target: Path, *, worktree: bool) -> str:
    """Copy the repository (committed tree, or working tree) into `target`; returns the commit."""
    commit = git("rev-parse", "--short=12", "HEAD")
    if worktree:
        names = git("ls-files", "-co", "--exclude-standard", "-z").split("\0")
        for name in filter(None, names):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
        return commit + "+worktree"
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return commit


# A pytest plugin for the mutation runs, loaded with `-p`:
# - mutmut 3.7 (the last release that accepts the click faust needs) reads `item._nodeid`, which
#   pytest 9 no longer has: it gets it back as an alias of `nodeid`;
# - structlog's default console renderer draws exceptions with rich, locals included, which
#   costs seconds a logged exception under mutmut's trampolines: plain tracebacks instead.
PYTEST_COMPAT = """import _pytest.nodes
import structlog

if not hasattr(_pytest.nodes.Node, "_nodeid"):
    _pytest.nodes.Node._nodeid = property(lambda self: self.nodeid)

_processors = list(structlog.get_config()["processors"])
if _processors and isinstance(_processors[-1], structlog.dev.ConsoleRenderer):
    _processors[-1] = structlog.dev.ConsoleRenderer(
        colors=False, exception_formatter=structlog.dev.plain_traceback
    )
    structlog.configure(processors=_processors)
"""


def configure(target: Path, module: Module) -> None:
    """Point mutmut at this module's files and tests (a [tool.mutmut] section of the copy)."""
    pyproject = target / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    if "[tool.mutmut]" in text:
        raise SystemExit("pyproject.toml has its own [tool.mutmut]; the runner writes that section")

    def toml_list(values: tuple[str, ...] | list[str]) -> str:
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"

    text += (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(['schemas', 'services'])}\n"
        f"only_mutate = {toml_list(module.mutate)}\n"
        f"do_not_mutate = {toml_list(DO_NOT_MUTATE)}\n"
        f"also_copy = {toml_list(ALSO_COPY)}\n"
        f"pytest_add_cli_args = {toml_list(PYTEST_ARGS)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(module.tests)}\n"
        "use_git_change_detection = false\n"
        # A mutant that loops (a retry that never ends) is cut at 5× its tests' time, not 15×.
        "timeout_multiplier = 5.0\n"
        "timeout_constant = 2.0\n"
    )
    pyproject.write_text(text, encoding="utf-8")
    (target / "tests" / "_mutmut_compat.py").write_text(PYTEST_COMPAT, encoding="utf-8")


# mutmut's exit codes (mutmut.__main__.status_by_exit_code; importing it loads its config).
STATUS_BY_EXIT_CODE = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    2: "interrupted",
    None: "not checked",
    34: "skipped",
    35: "suspicious",
    36: "timeout",
    37: "caught by type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
}


def read_statuses(target: Path) -> dict[str, str]:
    statuses: dict[str, str] = {}
    for meta in (target / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, exit_code in data.get("exit_code_by_key", {}).items():
            statuses[name] = STATUS_BY_EXIT_CODE.get(exit_code, "suspicious")
    return statuses


def diff_for(target: Path, mutant: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", mutant],
        cwd=target,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def run_module(
    module: Module,
    *,
    budget: float,
    worktree: bool,
    keep: bool,
    diffs: bool,
    jobs: int,
    shared_lists: bool = False,
) -> Outcome:
    scratch = Path(tempfile.mkdtemp(prefix=f"chokepoint-mutation-{module.name}-"))
    started = time.monotonic()
    try:
        commit = populate(scratch, worktree=worktree)
        outcome = Outcome(module, commit)
        configure(scratch, module)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONPATH", None)
        if shared_lists:
            # The scratch tree has no `../shared/data` beside it: point it at the checkout's.
            shared = env.get("CHOKEPOINT_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
            env["CHOKEPOINT_SHARED_DATA"] = str(Path(shared).resolve())
        log_path = scratch / "mutmut.log"
        with log_path.open("w") as log:
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
                    cwd=scratch,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=budget,
                )
                outcome.finished = proc.returncode == 0
                if proc.returncode != 0:
                    outcome.error = log_path.read_text(errors="replace")[-2000:]
            except subprocess.TimeoutExpired:
                outcome.error = f"time budget of {budget:.0f} s ran out"
        outcome.statuses = read_statuses(scratch)
        outcome.equivalent = set(load_equivalent()) & set(outcome.statuses)
        outcome.seconds = time.monotonic() - started
        if diffs:
            for name in outcome.survivors():
                print(diff_for(scratch, name), "\n", flush=True)
        return outcome
    finally:
        if keep:
            print(f"  scratch tree kept in {scratch}", flush=True)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def report(outcome: Outcome) -> None:
    counts = outcome.counts
    score = outcome.score
    figure = f"{score:6.1%}" if score is not None else "   n/a"
    state = "complete" if outcome.finished else "PARTIAL"
    print(
        f"{outcome.module.name:20} {figure}  killed {outcome.killed}/{outcome.checked}"
        f"  survived {counts['survived']}  no tests {counts['no tests']}"
        f"  equivalent {counts['equivalent']}  not run {counts['not checked']}"
        f"  ({state}, {outcome.seconds:.0f} s, commit {outcome.commit})",
        flush=True,
    )
    if outcome.error and not outcome.finished:
        print("  " + outcome.error.strip().replace("\n", "\n  ")[-1500:], flush=True)
    for name in outcome.survivors():
        print(f"  survivor: {name} ({outcome.statuses[name]})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="module names (default: all, in order)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="seconds a module")
    parser.add_argument("--worktree", action="store_true", help="mutate uncommitted files too")
    parser.add_argument("--keep", action="store_true", help="keep the scratch trees")
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested in parallel")
    parser.add_argument(
        "--shared-lists",
        action="store_true",
        help="let the tests that need the full shared lists run (the sample replay: ~11 s a mutant)",
    )
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    parser.add_argument("--check", action="store_true", help="exit 1 below a module's threshold")
    args = parser.parse_args(argv)

    if args.list:
        for m in MODULES:
            print(f"{m.name:20} {' '.join(m.mutate):40} {' '.join(m.tests)}  ≥{m.threshold:.0%}")
        return 0
    unknown = [n for n in args.modules if n not in MODULES_BY_NAME]
    if unknown:
        parser.error(f"unknown modules {unknown}; known: {sorted(MODULES_BY_NAME)}")
    chosen = [MODULES_BY_NAME[n] for n in args.modules] if args.modules else list(MODULES)

    below = []
    for module in chosen:
        print(f"--- {module.name}: mutating {' '.join(module.mutate)}", flush=True)
        outcome = run_module(
            module,
            budget=args.budget,
            worktree=args.worktree,
            keep=args.keep,
            diffs=args.diffs,
            jobs=args.jobs,
            shared_lists=args.shared_lists,
        )
        report(outcome)
        if outcome.score is None or outcome.score < module.threshold:
            below.append(module.name)
    if below:
        print(f"below threshold: {', '.join(below)}", flush=True)
    return 1 if below and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
