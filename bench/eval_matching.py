"""Name-matching quality: Chokepoint, nomenklatura logic-v2 and logic-v1 on the same labelled pairs.

    python -m bench.eval_matching [--shared-data PATH] [--show-errors] [--only PHENOMENON]

Pairs (see bench/eval/): names the official lists carry for one entity against its other names
(committed, rebuilt by `python -m bench.eval.official`), variants and hard negatives from the same
lists, hand-written cases per phenomenon, and OpenSanctions multi-script names read at run time
from the shared data (never stored here). Each pair is one query against one listed party.
Chokepoint is scored at its default threshold and over a sweep; logic-v2 and logic-v1 at yente's
default threshold (0.7). Then 50 ordinary names are screened against all shared lists.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.eval import handwritten, official, opensanctions
from bench.eval.model import Pair
from bench.eval.scorers import Chokepoint, Nomenklatura, Scorer
from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameQuery
from services.lists.watchlists import default_watchlist_paths, load_watchlists

YENTE_THRESHOLD = 0.7
SWEEP = tuple(round(0.6 + 0.025 * i, 3) for i in range(13))
MIN_PRECISION = 0.97
_REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Metrics:
    tp: int
    fp: int
    fn: int
    tn: int

    @classmethod
    def of(cls, rows: list[tuple[bool, bool]]) -> Metrics:
        return cls(
            tp=sum(1 for label, hit in rows if label and hit),
            fp=sum(1 for label, hit in rows if not label and hit),
            fn=sum(1 for label, hit in rows if label and not hit),
            tn=sum(1 for label, hit in rows if not label and not hit),
        )

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def cells(self) -> str:
        """'P | R | F1'; a negatives-only row shows its false positives instead of recall."""

        def fmt(value: float | None) -> str:
            return "—" if value is None else f"{value:.3f}"

        if self.tp + self.fn == 0:
            return f"— | fp {self.fp}/{self.fp + self.tn} | —"
        return f"{fmt(self.precision)} | {fmt(self.recall)} | {fmt(self.f1)}"


def _shared(path: Path | None) -> Path:
    if path is not None:
        return path
    configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
    return Path(configured) if configured else _REPO.parent / "shared" / "data"


def load_pairs(shared: Path) -> list[Pair]:
    pairs = official.load() + handwritten.pairs()
    if shared.is_dir():
        pairs += opensanctions.pairs(shared)
    else:
        print(f"skipped: OpenSanctions pairs and the list-level check ({shared} not found)")
    return pairs


def _rows(
    pairs: list[Pair], scores: list[float], threshold: float
) -> dict[str, list[tuple[bool, bool]]]:
    rows: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for pair, score in zip(pairs, scores, strict=True):
        hit = (pair.label, score >= threshold)
        for key in (pair.phenomenon, f"[{pair.section}]", "ALL"):
            rows[key].append(hit)
    return rows


def _sweep(
    pairs: list[Pair], scores: list[float]
) -> tuple[float, str, list[tuple[float, Metrics]]]:
    """The sweep and its best threshold: highest F1 with P ≥ MIN_PRECISION, else highest F1."""
    table = [(t, Metrics.of(_rows(pairs, scores, t)["ALL"])) for t in SWEEP]
    usable = [(m.f1 or 0.0, t) for t, m in table if (m.precision or 0.0) >= MIN_PRECISION]
    if usable:
        return max(usable)[1], f"highest F1 with P ≥ {MIN_PRECISION}", table
    best = max((m.f1 or 0.0, t) for t, m in table)[1]
    return best, f"highest F1; no threshold reaches P ≥ {MIN_PRECISION}", table


def list_level(shared: Path, threshold: float) -> None:
    paths = default_watchlist_paths(shared)
    index = MatchIndex.build(load_watchlists(paths))
    alerts = 0
    print(f"\n## {len(handwritten.MUST_NOT_MATCH)} ordinary names against all {len(paths)} "
          f"shared lists ({len(index)} entries), Chokepoint at {threshold}")  # fmt: skip
    for name, schema in handwritten.MUST_NOT_MATCH:
        matches = index.screen(NameQuery(name, schema=schema), threshold=threshold, limit=1)
        if matches:
            alerts += 1
            top = matches[0]
            print(f"  ALERT {name!r} → {top.matched_name!r} ({top.entry.id}) {top.score:.2f}")
    print(f"alerts: {alerts} of {len(handwritten.MUST_NOT_MATCH)} (target ≤ 2)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--show-errors", action="store_true", help="Chokepoint's wrong calls")
    parser.add_argument("--only", default=None, help="only phenomena starting with this")
    args = parser.parse_args(argv)
    shared = _shared(args.shared_data)
    pairs = [p for p in load_pairs(shared) if not args.only or p.phenomenon.startswith(args.only)]
    scorers: list[Scorer] = [Chokepoint(), Nomenklatura("logic-v2"), Nomenklatura("logic-v1")]
    scores: dict[str, list[float]] = {}
    timings: dict[str, float] = {}
    for scorer in scorers:
        started = time.perf_counter()
        scores[scorer.name] = [scorer.score(p) for p in pairs]
        timings[scorer.name] = time.perf_counter() - started
    ours = scores["Chokepoint"]
    best, why, sweep = _sweep(pairs, ours)
    columns = [
        (f"Chokepoint@{DEFAULT_THRESHOLD}", _rows(pairs, ours, DEFAULT_THRESHOLD)),
        (f"Chokepoint@{best}", _rows(pairs, ours, best)),
        (f"logic-v2@{YENTE_THRESHOLD}", _rows(pairs, scores["logic-v2"], YENTE_THRESHOLD)),
        (f"logic-v1@{YENTE_THRESHOLD}", _rows(pairs, scores["logic-v1"], YENTE_THRESHOLD)),
    ]
    positives = sum(p.label for p in pairs)
    print(
        f"{len(pairs)} pairs ({positives} match, {len(pairs) - positives} no-match); scoring took "
        + ", ".join(f"{name} {secs:.1f}s" for name, secs in timings.items())
    )
    print("\n| phenomenon | match | no-match | " + " | ".join(
        f"{name} P | R | F1" for name, _ in columns) + " |")  # fmt: skip
    print("|---|---:|---:|" + "---:|---:|---:|" * len(columns))
    keys = sorted(columns[0][1], key=lambda k: (k == "ALL", k.startswith("["), k))
    for key in keys:
        labels = [label for label, _ in columns[0][1][key]]
        title = "**overall**" if key == "ALL" else key
        cells = " | ".join(Metrics.of(rows[key]).cells() for _, rows in columns)
        print(f"| {title} | {sum(labels)} | {len(labels) - sum(labels)} | {cells} |")
    print(f"\n## Threshold sweep, overall (best {best}: {why})")
    print("| threshold | Chokepoint P | R | F1 | logic-v2 P | R | F1 |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for threshold, metrics in sweep:
        theirs = Metrics.of(_rows(pairs, scores["logic-v2"], threshold)["ALL"])
        print(f"| {threshold:.3f} | {metrics.cells()} | {theirs.cells()} |")
    if args.show_errors:
        print("\n## Chokepoint's wrong calls at its default threshold")
        for pair, score in zip(pairs, ours, strict=True):
            if (score >= DEFAULT_THRESHOLD) != pair.label:
                kind = "MISS" if pair.label else "FALSE"
                print(f"{kind} {pair.id} {pair.phenomenon} {score:.2f}: {pair.query!r} vs "
                      f"{list(pair.candidate[:3])!r}")  # fmt: skip
    if shared.is_dir():
        list_level(shared, DEFAULT_THRESHOLD)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
