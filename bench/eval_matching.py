"""Name-matching quality: Chokepoint vs nomenklatura's logic-v2 on the labelled pairs.

    python -m bench.eval_matching [--shared-data PATH] [--pairs FILE] [--threshold T]

A pair counts as predicted-match for Chokepoint when the listed entity is among `screen()`'s
results at the threshold (so candidate generation is tested too); for logic-v2 when its pairwise
score reaches its own default threshold (yente's 0.7).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.eval.lists import eval_watchlists
from services.detector.matching import DEFAULT_THRESHOLD, MatchIndex, NameQuery
from services.detector.watchlists import WatchlistEntry

PAIRS = Path(__file__).parent / "eval" / "pairs.jsonl"
LOGIC_V2_THRESHOLD = 0.7
_FTM_SCHEMAS = {"Organization": "Organization", "Company": "Company", "LegalEntity": "LegalEntity",
                "Person": "Person", "Vessel": "Vessel", "Aircraft": "Airplane"}  # fmt: skip


def _shared_data() -> Path:
    from tests.conftest import shared_data_dir

    return shared_data_dir()


class LogicV2:
    """nomenklatura's logic-v2 over FtM entities built from the same list entries."""

    def __init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from followthemoney import model
            from nomenklatura.matching import get_algorithm
            from nomenklatura.matching.types import ScoringConfig
        self._model = model
        self._algorithm = get_algorithm("logic-v2")
        self._config = ScoringConfig.defaults()
        self._queries = 0

    def _entity(self, entity_id: str, schema: str, props: dict[str, list[str]]) -> Any:
        proxy = self._model.make_entity(schema)
        proxy.id = entity_id
        for prop, values in props.items():
            if prop in proxy.schema.properties:
                for value in values:
                    proxy.add(prop, value, quiet=True)
        return proxy

    def score(self, query: dict[str, Any], entry: WatchlistEntry) -> float:
        props: dict[str, list[str]] = {
            "name": list(entry.names),
            "weakAlias": list(entry.weak_aliases),
        }
        props["country"] = list(entry.countries)
        props["birthDate"] = list(entry.birth_dates)
        for prop, value in entry.identifiers:
            props.setdefault(prop, []).append(value)
        listed = self._entity(entry.id, _FTM_SCHEMAS.get(entry.schema, "LegalEntity"), props)
        asked = {
            "name": [query["name"]],
            "country": [query.get("country") or ""],
            "birthDate": [query.get("birthDate") or ""],
        }
        schema = query.get("schema") or "LegalEntity"
        if schema in ("Company", "Organization") and listed.schema.is_a("Organization"):
            schema = listed.schema.name  # logic-v2 scores Company vs Organization as 0
        self._queries += 1  # a fresh id: the algorithm caches what it derives per entity id
        probe = self._entity(
            f"q{self._queries}", schema, {k: [v for v in vs if v] for k, vs in asked.items()}
        )
        return float(self._algorithm.compare(probe, listed, self._config).score)


def _metrics(rows: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(1 for label, predicted in rows if label and predicted)
    fp = sum(1 for label, predicted in rows if not label and predicted)
    fn = sum(1 for label, predicted in rows if label and not predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--show-errors", action="store_true", help="print Chokepoint's misses and false hits"
    )
    args = parser.parse_args(argv)
    pairs = [
        json.loads(line)
        for line in args.pairs.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    index = MatchIndex.build(eval_watchlists(args.shared_data or _shared_data()))
    logic_v2 = LogicV2()
    results: dict[str, dict[str, list[tuple[bool, bool]]]] = {
        "chokepoint": defaultdict(list),
        "logic-v2": defaultdict(list),
    }
    started = time.perf_counter()
    for pair in pairs:
        query, label, entity_id = pair["query"], pair["label"], pair["entity_id"]
        name_query = NameQuery(
            query["name"], schema=query.get("schema"), country=query.get("country")
        )
        found = {
            m.entry.id: m for m in index.screen(name_query, threshold=args.threshold, limit=20)
        }
        entry = index.get(entity_id)
        assert entry is not None, f"{entity_id} not in the lists"
        lv2 = logic_v2.score(query, entry)
        for system, predicted in (
            ("chokepoint", entity_id in found),
            ("logic-v2", lv2 >= LOGIC_V2_THRESHOLD),
        ):
            results[system][pair["phenomenon"]].append((label, predicted))
            results[system]["ALL"].append((label, predicted))
        if args.show_errors and (entity_id in found) != label:
            print(
                f"{'MISS' if label else 'FALSE'} {pair['id']} {pair['phenomenon']}: "
                f"{query['name']!r} vs {pair['listed_name']!r} (logic-v2 {lv2:.2f})"
            )
    elapsed = time.perf_counter() - started
    phenomena = sorted(results["chokepoint"], key=lambda p: (p == "ALL", p))
    print(
        f"{len(pairs)} pairs, Chokepoint threshold {args.threshold}, "
        f"logic-v2 threshold {LOGIC_V2_THRESHOLD} ({elapsed:.1f}s)\n"
    )
    print("| phenomenon | pairs | Chokepoint P | R | F1 | logic-v2 P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for phenomenon in phenomena:
        ours, theirs = (
            _metrics(results["chokepoint"][phenomenon]),
            _metrics(results["logic-v2"][phenomenon]),
        )
        print(
            f"| {'**overall**' if phenomenon == 'ALL' else phenomenon} | {ours['n']} | "
            f"{ours['precision']:.3f} | {ours['recall']:.3f} | {ours['f1']:.3f} | "
            f"{theirs['precision']:.3f} | {theirs['recall']:.3f} | {theirs['f1']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
