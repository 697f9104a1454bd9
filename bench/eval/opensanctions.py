"""Pairs from the OpenSanctions FtM samples in the shared data, built at run time only.

The data is CC BY-NC: nothing derived from it is written to the repository. Each target's names
(name, alias, previousName) in several scripts and languages give positives: a non-Latin name
against the entity's Latin names, a Latin name against its other Latin spellings, a former name
against the current ones; targets sharing a name token give hard negatives.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.eval.model import Pair, Schema
from bench.eval.text import coverage, distinctive, related, script_of, significant, tokens

FILES = ("zala_aero_cluster.entities.ftm.json", "eu_fsf_sample.entities.ftm.json")
CAP = 40
_SCHEMAS: dict[str, Schema] = {
    "Person": "Person", "Company": "Organization", "Organization": "Organization",
    "LegalEntity": "LegalEntity",
}  # fmt: skip


@dataclass(frozen=True)
class Target:
    id: str
    schema: Schema
    names: tuple[str, ...]
    former: tuple[str, ...]

    @property
    def latin(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if script_of(n) == "latin")


def targets(shared: Path) -> list[Target]:
    found: list[Target] = []
    for file in FILES:
        path = shared / "opensanctions" / file
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            schema = _SCHEMAS.get(data.get("schema", ""))
            if not data.get("target") or schema is None:
                continue
            props = data.get("properties", {})
            names = tuple(dict.fromkeys(props.get("name", []) + props.get("alias", [])))
            former = tuple(props.get("previousName", []))
            if names:
                found.append(Target(data["id"], schema, names, former))
    return found


def _order(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _candidates(target: Target) -> Iterator[Pair]:
    def pair(phenomenon: str, query: str, candidate: tuple[str, ...]) -> Pair:
        return Pair("", "opensanctions", phenomenon, True, query, candidate, target.schema,
                    target.schema)  # fmt: skip

    for name in target.names:
        script = script_of(name)
        if script != "latin" and target.latin:
            yield pair(f"os_{script}", name, target.latin)
            continue
        rest = tuple(
            n for n in target.latin if sorted(tokens(n)) != sorted(tokens(name)) and n != name
        )
        if rest and coverage(significant(name), [t for r in rest for t in significant(r)]) < 1:
            yield pair("os_latin_variant", name, rest)
    for name in target.former:
        if target.latin:
            yield pair("os_former_name", name, target.latin)


def _negatives(found: list[Target]) -> Iterator[Pair]:
    for a in found:
        for b in found:
            if a.id == b.id or a.schema != b.schema or not a.latin or not b.latin:
                continue
            theirs = [t for n in b.latin for t in distinctive(n)]
            shared = any(related(t, u, 0.8) for t in distinctive(a.latin[0]) for u in theirs)
            clash = any(
                coverage(significant(x), significant(y), 0.6) == 1 for x in a.latin for y in b.latin
            )
            if shared and not clash:
                yield Pair("", "opensanctions", "os_neg_shared_token", False, a.latin[0],
                           b.latin, a.schema, b.schema)  # fmt: skip


def pairs(shared: Path) -> list[Pair]:
    found = targets(shared)
    by_phenomenon: dict[str, list[Pair]] = {}
    for pair in [p for t in found for p in _candidates(t)] + list(_negatives(found)):
        by_phenomenon.setdefault(pair.phenomenon, []).append(pair)
    kept: list[Pair] = []
    for phenomenon in sorted(by_phenomenon):
        ordered = sorted(by_phenomenon[phenomenon], key=lambda p: _order(p.query + p.candidate[0]))
        kept.extend(ordered[:CAP])
    return [
        Pair(**{**p.__dict__, "id": f"O{i:04d}"})  # type: ignore[arg-type]
        for i, p in enumerate(kept, start=1)
    ]
