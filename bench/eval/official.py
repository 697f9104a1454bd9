"""Pairs derived from the public-domain official lists (OFAC, UN): `python -m bench.eval.official`.

Three sections, all deterministic (ordered by a hash of the entity key, then capped):
- lists: a name the list itself carries (a.k.a., f.k.a., UN original script) against the same
  entity's other names, the query held out of the candidate;
- variants: one listed name changed the way traffic changes names (typos, run-together words,
  legal forms, titles, dropped middle names, numbers as words) against that entity;
- negatives: a different entity of the same list sharing a name token, a number changed, a
  person's name used for an organisation, a structured person query with first/last swapped.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bench.eval.lists import ListEntity, ofac_entities, un_entities
from bench.eval.model import Pair, Schema, Section
from bench.eval.text import coverage, distinctive, fold, script_of, significant, tokens, words

OUT = Path(__file__).parent / "data" / "official_pairs.jsonl"
CAPS = {
    "list_arabic": 200, "list_cyrillic": 50, "list_spelling": 260, "list_missing_part": 160,
    "list_reordered": 60, "list_former_name": 80,
}  # fmt: skip
VARIANT_CAPS = {"title_prefix": 100, "missing_middle_name": 80}
NEGATIVE_CAPS = {"neg_swapped_structured": 30, "neg_person_vs_org": 100}

_SUFFIX = re.compile(
    r"(?P<sep>,?\s+)(?P<form>L\.?L\.?C\.?|LTD\.?|LIMITED|INC\.?|S\.\s?A\.?|GMBH|SARL|S\.R\.L\.|"
    r"CO\.?|CORP\.?|CORPORATION|COMPANY|PLC|FZE|FZCO|OOO|ZAO|OAO|JSC|CJSC|PJSC|AG|B\.V\.|"
    r"N\.V\.|LTDA\.?|C\.A\.|SDN\.? BHD\.?|PTE\.? LTD\.?|CO\.,? LTD\.?)$",
    re.IGNORECASE,
)
_SWAPS = {
    "llc": ("Limited Liability Company", "OOO", "L.L.C."),
    "ltd": ("Limited", "Co., Ltd.", "Ltd"),
    "limited": ("Ltd.", "Ltd", "Company Limited"),
    "inc": ("Incorporated", "Corp.", "Corporation"),
    "corp": ("Corporation", "Inc.", "Co."),
    "corporation": ("Corp.", "Inc."),
    "sa": ("Sociedad Anonima", "S.A.", "SA"),
    "jsc": ("Joint Stock Company", "OAO", "AO", "PJSC"),
    "ojsc": ("OAO", "Open Joint Stock Company"),
    "cjsc": ("ZAO", "Closed Joint Stock Company"),
    "co": ("Company", "Co. Ltd"),
    "company": ("Co.", "Co"),
    "gmbh": ("Gesellschaft mit beschraenkter Haftung", "GesmbH"),
    "fze": ("Free Zone Establishment", "FZCO"),
    "ltda": ("Limitada", "Ltda"),
}
_MISSPELT = (
    "Limited Liabilty Company", "Joint Stok Company", "Limted", "Incorported", "Compnay",
    "Coporation", "Joint Stock Comapny", "Limited Liability Compny", "Lmited", "Corporaton",
)  # fmt: skip
_EXTRA_FORMS = ("LLC", "Ltd", "Sp. z o.o.", "JSC", "GmbH", "S.A.", "Co., Ltd.", "Inc.", "FZE")
_TITLES = (
    "Dr.", "Prof.", "General", "Colonel", "Brigadier General", "Sheikh", "Shaykh", "Mullah",
    "Maulawi", "Haji", "Sayyid", "Imam", "Emir", "Herr", "Monsieur", "Senor", "Don", "Ing.",
    "Mgr.", "Gen.", "Col.", "Minister", "Deputy Minister", "Governor", "Ambassador",
    "Director General", "Mr.", "H.E.", "Commander", "Генерал", "Полковник", "Доктор",
    "Господин", "Министр", "الشيخ", "الدكتور", "اللواء", "Στρατηγός", "Κύριος", "Sr.",
    "Hon.", "President", "Judge", "Capt.", "Maj. Gen.",
)  # fmt: skip
_ORG_SUFFIXES = (
    "Foundation", "Charitable Foundation", "Trading LLC", "Holding Ltd", "& Sons Co.",
    "Group", "Stiftung", "Fondation", "Hospital", "Institute", "Investments Ltd", "Trust",
)  # fmt: skip
_NUMBER_WORDS = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)


def _order(key: str, salt: str = "") -> str:
    return hashlib.sha1(f"{salt}{key}".encode()).hexdigest()


def _latin(entity: ListEntity) -> tuple[str, ...]:
    return tuple(n.name for n in entity.names if script_of(n.name) in ("latin", "none"))


def _same(a: str, b: str) -> bool:
    return tokens(a) == tokens(b)


def _pair(section: Section, phenomenon: str, label: bool, query: str, entity: ListEntity,
          candidate: Iterable[str] | None = None, query_schema: Schema | None = None) -> Pair:  # fmt: skip
    names = tuple(candidate) if candidate is not None else _latin(entity)
    return Pair(
        id="",
        section=section,
        phenomenon=phenomenon,
        label=label,
        query=query,
        candidate=names,
        query_schema=query_schema or entity.schema,
        candidate_schema=entity.schema,
    )


def list_pairs(entities: list[ListEntity]) -> Iterator[Pair]:
    """A name the list carries against the entity's other names (related ones only)."""
    for entity in entities:
        latin = _latin(entity)
        for listed in entity.names[1:]:
            rest = [n for n in latin if not _same(n, listed.name)]
            if not rest:
                continue
            if listed.kind == "script":
                if script_of(listed.name) == "latin":
                    continue
                yield _pair(
                    "lists", f"list_{script_of(listed.name)}", True, listed.name, entity, rest
                )
                continue
            query = distinctive(listed.name)
            scored = [
                (max(coverage(query, distinctive(r)), coverage(distinctive(r), query)), r)
                for r in rest
            ]
            best_cover, best = max(scored)
            if not query or best_cover < 0.6:
                continue  # nothing in the other names a name matcher could find
            if listed.kind == "fka":
                phenomenon = "list_former_name"
            elif any(sorted(tokens(listed.name)) == sorted(tokens(r)) for r in rest):
                phenomenon = "list_reordered"
            elif set(query) < set(distinctive(best)) or set(query) > set(distinctive(best)):
                phenomenon = "list_missing_part"
            else:
                phenomenon = "list_spelling"
            yield _pair("lists", phenomenon, True, listed.name, entity, rest)


def _typo(name: str, kind: str, salt: str) -> str | None:
    words = name.split()
    spots = [i for i, w in enumerate(words) if w.isalpha() and 4 <= len(w) <= 6]
    if not spots:
        return None
    i = spots[int(_order(salt, kind), 16) % len(spots)]
    word = words[i]
    j = 1 + int(_order(salt, word), 16) % (len(word) - 2)  # never the first letter
    if kind == "typo_transposition":
        if word[j] == word[j + 1]:
            return None
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif kind == "typo_doubled":
        word = word[: j + 1] + word[j] + word[j + 1 :]
    else:
        word = word[:j] + word[j + 1 :]
    return " ".join([*words[:i], word, *words[i + 1 :]])


def _run_together(entity: ListEntity) -> tuple[str, str] | None:
    name = entity.primary
    if entity.schema == "Organization":
        match = _SUFFIX.search(name)
        if not match or len(name[: match.start()].split()) > 3:
            return None
        return "run_together_legal_form", name[: match.start()] + match.group("form")
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w.replace("-", "").isalpha() for w in words):
        return None
    if int(_order(entity.key, "case"), 16) % 2:
        return "run_together_person", "".join(w.capitalize() for w in words)
    return "run_together_person", "".join(words).upper()


def _legal_form(entity: ListEntity) -> Iterator[tuple[str, str]]:
    name, pick = entity.primary, int(_order(entity.key, "legal"), 16)
    match = _SUFFIX.search(name)
    if match is None:
        if len(significant(name)) >= 2:
            yield "legal_form_extra", f"{name} {_EXTRA_FORMS[pick % len(_EXTRA_FORMS)]}"
        return
    core = name[: match.start()].strip()
    if len(significant(core)) < 2 and not any(len(t) >= 6 for t in significant(core)):
        return
    yield "legal_form_missing", core
    form = "".join(tokens(match.group("form")))
    if form in _SWAPS:
        swaps = _SWAPS[form]
        yield "legal_form_swapped", f"{core} {swaps[pick % len(swaps)]}"
    yield "legal_form_misspelt", f"{core} {_MISSPELT[pick % len(_MISSPELT)]}"


def _numbers_as_words(name: str) -> str | None:
    found = re.findall(r"\b\d+\b", name)
    if len(found) != 1 or int(found[0]) > 20:
        return None
    return re.sub(r"\b\d+\b", _NUMBER_WORDS[int(found[0])].upper(), name)


def _number_changed(name: str, salt: str) -> str | None:
    found = re.search(r"\d+", name)
    if not found:
        return None
    value = int(found.group())
    other = value + 1 + int(_order(salt, "n"), 16) % 3
    return name[: found.start()] + str(other) + name[found.end() :]


def variant_pairs(entities: list[ListEntity]) -> Iterator[Pair]:
    for entity in entities:
        name, key = entity.primary, entity.key
        if script_of(name) != "latin":
            continue
        tries: list[tuple[str, str | None]] = []
        if entity.schema == "Person":
            pick = int(_order(key, "title"), 16)
            tries.append(("title_prefix", f"{_TITLES[pick % len(_TITLES)]} {name}"))
            words = name.split()
            if len(words) >= 3 and len(significant(name)) >= 3:
                drop = 1 + pick % (len(words) - 2)
                tries.append(("missing_middle_name", " ".join(words[:drop] + words[drop + 1 :])))
        for kind in ("typo_transposition", "typo_doubled", "typo_dropped"):
            tries.append((kind, _typo(name, kind, key)))
        run = _run_together(entity)
        if run:
            tries.append(run)
        if entity.schema == "Organization":
            tries.extend(_legal_form(entity))
            tries.append(("number_as_word", _numbers_as_words(name)))
        for phenomenon, query in tries:
            if query and not any(_same(query, n) for n in _latin(entity)):
                yield _pair("variants", phenomenon, True, query, entity)


def _ambiguous(a: ListEntity, b: ListEntity) -> bool:
    """True when some names of the two could be one name (subset or spelling variant)."""
    for x in _latin(a):
        for y in _latin(b):
            sx, sy = significant(x), significant(y)
            if not sx or not sy or coverage(sx, sy, 0.6) == 1 or coverage(sy, sx, 0.6) == 1:
                return True
    return False


def negative_pairs(entities: list[ListEntity]) -> Iterator[Pair]:
    by_token: dict[tuple[str, str], list[ListEntity]] = defaultdict(list)
    for entity in entities:
        for token in set(significant(entity.primary)):
            if len(token) >= 3:
                by_token[(entity.source, token)].append(entity)
    for entity in entities:
        name = entity.primary
        if script_of(name) != "latin":
            continue
        for token in sorted(set(significant(name)), key=lambda t: _order(entity.key, t)):
            peers = by_token[(entity.source, token)]
            if not 2 <= len(peers) <= 40:
                continue
            others = sorted(
                (p for p in peers if p.key != entity.key and p.schema == entity.schema),
                key=lambda p: _order(entity.key, p.key),
            )
            other = next((p for p in others[:8] if not _ambiguous(entity, p)), None)
            if other is not None:
                kind = "person" if entity.schema == "Person" else "org"
                yield _pair("negatives", f"neg_shared_token_{kind}", False, name, other)
                break
        changed = _number_changed(name, entity.key)
        if changed and entity.schema == "Organization":
            yield _pair("negatives", "neg_number_differs", False, changed, entity)
        if entity.schema == "Person" and len(significant(name)) >= 2:
            pick = int(_order(entity.key, "org"), 16)
            words = name.split()
            stem = name if pick % 2 else words[-1]
            query = f"{stem} {_ORG_SUFFIXES[pick % len(_ORG_SUFFIXES)]}"
            yield _pair(
                "negatives", "neg_person_vs_org", False, query, entity, None, "Organization"
            )
            if len(words) == 2 and fold(words[0]) != fold(words[1]):
                yield Pair(
                    id="",
                    section="negatives",
                    phenomenon="neg_swapped_structured",
                    label=False,
                    query=f"{words[1]} {words[0]}",
                    candidate=(name,),
                    query_schema="Person",
                    candidate_schema="Person",
                    query_parts=(words[1], words[0]),
                    candidate_parts=(words[0], words[1]),
                )


def _capped(pairs: Iterable[Pair], cap: Callable[[str], int], prefix: str) -> list[Pair]:
    ordered = sorted(pairs, key=lambda p: _order(p.query + "|" + "|".join(p.candidate)))
    counts: Counter[str] = Counter()
    kept: list[Pair] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for pair in ordered:
        if counts[pair.phenomenon] >= cap(pair.phenomenon) or (pair.query, pair.candidate) in seen:
            continue
        counts[pair.phenomenon] += 1
        seen.add((pair.query, pair.candidate))
        kept.append(pair)
    kept.sort(key=lambda p: (p.phenomenon, _order(p.query)))
    return [
        Pair(**{**p.__dict__, "id": f"{prefix}{i:04d}"})  # type: ignore[arg-type]
        for i, p in enumerate(kept, start=1)
    ]


def build(shared: Path) -> list[Pair]:
    entities = sorted(ofac_entities(shared) + un_entities(shared), key=lambda e: _order(e.key))
    return (
        _capped(list_pairs(entities), lambda p: CAPS.get(p, 100), "L")
        + _capped(variant_pairs(entities), lambda p: VARIANT_CAPS.get(p, 60), "V")
        + _capped(negative_pairs(entities), lambda p: NEGATIVE_CAPS.get(p, 200), "N")
    )


def load(path: Path = OUT) -> list[Pair]:
    return [Pair.from_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    shared = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "shared" / "data"
    pairs = build(shared)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("".join(p.to_json() + "\n" for p in pairs), encoding="utf-8")
    counts = Counter(p.phenomenon for p in pairs)
    print(
        f"{len(pairs)} pairs → {OUT.name}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
