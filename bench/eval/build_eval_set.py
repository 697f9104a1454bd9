"""Build `bench/eval/pairs.jsonl` from the shared lists: labelled (query, listed entity) pairs.

    python -m bench.eval.build_eval_set [--shared-data PATH]

Seeded, so the committed file is reproducible. Each phenomenon has positives (a variant of a listed
name) and hard negatives (another real or altered name that shares words with the listed one).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.eval.lists import is_latin
from services.detector.watchlists import WatchlistEntry, default_watchlist_paths, load_watchlists

OUT = Path(__file__).with_name("pairs.jsonl")
PER_PHENOMENON = 45
NEGATIVES_PER_PHENOMENON = 20
SEED = 20260227

_TO_CYRILLIC = [
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("ya", "я"),
    ("yu", "ю"), ("yo", "ё"), ("iy", "ий"), ("yy", "ый"), ("ye", "е"), ("a", "а"), ("b", "б"),
    ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"),
    ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"), ("q", "к"), ("j", "дж"), ("y", "й"),  # noqa: E501
]  # fmt: skip
# Common Chinese syllables and one character each (ICU romanises these characters back to them).
_HANZI = dict(
    pair.split(":")
    for pair in (  # noqa: SIM905
        "zhang:张 wang:王 li:李 liu:刘 chen:陈 yang:杨 huang:黄 zhao:赵 wu:吴 "
        "zhou:周 xu:徐 sun:孙 ma:马 zhu:朱 hu:胡 guo:郭 he:何 lin:林 luo:罗 "
        "gao:高 zheng:郑 liang:梁 xie:谢 song:宋 tang:唐 han:韩 feng:冯 deng:邓 "
        "cao:曹 peng:彭 zeng:曾 xiao:肖 tian:田 dong:董 pan:潘 yuan:袁 cai:蔡 "
        "jiang:江 yu:余 du:杜 ye:叶 cheng:程 wei:魏 su:苏 lu:陆 ding:丁 ren:任 "
        "shen:沈 yao:姚 jin:金 fang:方 shi:石 qian:钱 dai:戴 xia:夏 zhong:钟 "
        "wan:万 mei:梅 hong:洪 kong:孔 bai:白 qiu:邱 hou:侯 fu:付 cui:崔 kang:康 "
        "mo:莫 tan:谭 jia:贾 fan:范 lei:雷 long:龙 duan:段 hao:郝 gu:顾 meng:孟 "
        "ping:平 jun:军 hua:华 ming:明 qiang:强 hai:海 xin:新 min:民 yong:永 "
        "sheng:生 wen:文 bin:斌 tao:涛 jie:杰 tong:通 da:大 shan:山 bo:波 zhi:志 "
        "hui:辉 jian:建 xiang:祥 rong:荣 chun:春 yun:云 xue:雪 guang:光 de:德 "
        "an:安 kai:凯 le:乐 qing:青 ning:宁 ling:玲 na:娜 ying:英 xiu:秀 lan:兰 "
        "fei:飞 peng:鹏 chao:超 bing:冰 yi:一 er:二 san:三 si:四 ke:可 xing:星 "
        "zi:子 mo:墨 jing:静 qi:奇 lian:连 bao:宝 ji:吉 quan:全 sen:森 ze:泽 "
        "yan:严 zhen:真 cun:村 hang:航 pu:普 "
    ).split()
)
_LEGAL_VARIANTS = {
    "llc": ["OOO", "Limited Liability Company", "L.L.C.", "ООО"],
    "ltd": ["Limited", "Co., Ltd.", "Company Limited", "LTD."],
    "jsc": ["AO", "Joint Stock Company", "JSC", "АО"],
    "inc": ["Incorporated", "Corp.", "Inc."],
    "gmbh": ["GmbH", "Gesellschaft mit beschränkter Haftung"],
}
_LEGAL_WORDS = re.compile(
    r"\b(llc|l\.l\.c\.|ltd\.?|limited|co\.,? ltd\.?|jsc|ojsc|cjsc|pjsc|inc\.?|gmbh|ooo|zao|oao|ao)\b",  # noqa: E501
    re.I,
)
_GIVEN = ["Sergei", "Olga", "Ivan", "Maria", "Pavel", "Nikolai", "Anna", "Viktor", "Elena", "Oleg"]
_FILLERS = [
    "Baltic",
    "Orion",
    "Granit",
    "Vostok",
    "Polar",
    "Delta",
    "Sever",
    "Atlant",
    "Meridian",
    "Kedr",
]


def to_cyrillic(latin: str) -> str:
    """A Russian-style spelling of a romanised name (for queries only)."""
    out, text, i = [], latin.lower(), 0
    while i < len(text):
        for src, dst in _TO_CYRILLIC:
            if text.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(text[i])
            i += 1
    return " ".join(w.capitalize() for w in "".join(out).split())


def to_hanzi(latin: str) -> str | None:
    """'ZHANG Weiming' → '张伟明' when every syllable is known, else None."""
    chars = []
    for word in re.split(r"[\s,\-]+", latin.lower()):
        while word:
            syllable = next(
                (s for s in sorted(_HANZI, key=len, reverse=True) if word.startswith(s)), None
            )
            if syllable is None:
                return None
            chars.append(_HANZI[syllable])
            word = word[len(syllable) :]
    return "".join(chars) or None


def person_tokens(name: str) -> list[str]:
    """'SURNAME, Given Names' → ['Given', 'Names', 'SURNAME']."""
    head, sep, tail = name.partition(",")
    ordered = f"{tail} {head}" if sep else name
    return [t for t in re.split(r"\s+", ordered.strip()) if t]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourntsl") + word[i + 1 :]


def _pairs(entries: list[WatchlistEntry], rng: random.Random) -> Iterator[dict[str, Any]]:
    persons = [e for e in entries if e.schema == "Person" and e.listed]
    orgs = [e for e in entries if e.schema in ("Organization", "Company") and e.listed]
    latin_persons = [
        e for e in persons if is_latin(e.names[0]) and len(person_tokens(e.names[0])) >= 2
    ]
    russian = [e for e in latin_persons if set(e.countries) & {"ru", "ua", "by"}]
    by_surname: dict[str, list[WatchlistEntry]] = defaultdict(list)
    for e in latin_persons:
        by_surname[person_tokens(e.names[0])[-1].lower()].append(e)

    def pick(pool: list[WatchlistEntry], n: int) -> list[WatchlistEntry]:
        return rng.sample(pool, min(n, len(pool)))

    # Cyrillic: real Cyrillic names (FtM, UN) and Russian-style spellings of romanised names.
    real_cyrillic = [(e, n) for e in persons + orgs for n in e.names if re.search("[а-яА-Я]", n)]
    for e, n in rng.sample(real_cyrillic, min(20, len(real_cyrillic))):
        yield _pair("cyrillic", True, e, n)
    for e in pick(russian, PER_PHENOMENON - 20):
        yield _pair("cyrillic", True, e, to_cyrillic(" ".join(person_tokens(e.names[0]))), "Person")
    for e in pick(russian, NEGATIVES_PER_PHENOMENON):
        tokens = person_tokens(e.names[0])
        other = [rng.choice([g for g in _GIVEN if g.lower() != tokens[0].lower()]), tokens[-1]]
        yield _pair("cyrillic", False, e, to_cyrillic(" ".join(other)), "Person")
    # Arabic: the UN's original-script names against the romanised entry.
    arabic = [(e, n) for e in persons for n in e.names if re.search("[\u0600-\u06ff]", n)]
    for e, n in rng.sample(arabic, min(PER_PHENOMENON, len(arabic))):
        yield _pair("arabic", True, e, n, "Person")
    by_token: dict[str, list[tuple[WatchlistEntry, str]]] = defaultdict(list)
    for e, n in arabic:
        for token in sorted(set(n.split())):
            by_token[token].append((e, n))
    negatives = 0
    for e, n in rng.sample(arabic, len(arabic)):
        others = [
            (o, m)
            for t in sorted(set(n.split()))
            for o, m in by_token[t]
            if o.id != e.id and m not in e.names
        ]
        if others and negatives < NEGATIVES_PER_PHENOMENON:
            yield _pair("arabic", False, e, rng.choice(others)[1], "Person")
            negatives += 1
    # Chinese: romanised Chinese names written in characters, and re-spaced pinyin.
    chinese = [(e, h) for e in latin_persons if "cn" in e.countries and (h := to_hanzi(e.names[0]))]
    for e, h in chinese[:25]:
        yield _pair("chinese", True, e, h, "Person")
    for e, _ in chinese[25:PER_PHENOMENON]:
        tokens = person_tokens(e.names[0])
        yield _pair("chinese", True, e, " ".join([tokens[-1], *tokens[:-1]]).title(), "Person")
    for e, _ in chinese[:NEGATIVES_PER_PHENOMENON]:
        tokens = person_tokens(e.names[0])
        swapped = to_hanzi(
            " ".join([tokens[-1], rng.choice(["Jianguo", "Xiaoming", "Hongmei", "Lijun"])])
        )
        yield _pair("chinese", False, e, swapped or "", "Person")
    negatives_reordered = 0
    frequency: dict[str, int] = defaultdict(int)
    for e in entries:
        for w in {w.lower() for n in e.names for w in re.split(r"[\s,]+", n)}:
            frequency[w] += 1

    def rarest(words: list[str]) -> int:
        return min(
            range(len(words)), key=lambda k: (frequency.get(words[k].lower(), 0), -len(words[k]))
        )

    # Word order.
    for e in pick(latin_persons, PER_PHENOMENON):
        tokens = person_tokens(e.names[0])
        rng.shuffle(tokens)
        yield _pair("reordered", True, e, " ".join(tokens), "Person")

    def words(entry: WatchlistEntry) -> set[str]:
        return {w.lower() for n in entry.names for w in person_tokens(n)}

    shared = [s for s, es in by_surname.items() if len(es) >= 2 and len(s) > 3]
    for surname in rng.sample(shared, len(shared)):
        e, *others = by_surname[surname]
        # Another person with the same surname and nothing else in common (not a duplicate listing).
        other = next((o for o in others if len(words(o) & words(e)) == 1), None)
        if other is not None and negatives_reordered < NEGATIVES_PER_PHENOMENON:
            negatives_reordered += 1
            yield _pair(
                "reordered", False, e, " ".join(reversed(person_tokens(other.names[0]))), "Person"
            )
    # Legal forms.
    with_form = [
        e
        for e in orgs
        if _LEGAL_WORDS.search(e.names[0]) and len(_LEGAL_WORDS.sub("", e.names[0]).split()) >= 1
    ]
    for e in pick(with_form, PER_PHENOMENON):
        core = " ".join(_LEGAL_WORDS.sub(" ", e.names[0]).replace(",", " ").split())
        form = rng.choice(sum(_LEGAL_VARIANTS.values(), []))
        yield _pair(
            "legal_form", True, e, rng.choice([f"{form} {core}", f"{core} {form}"]), "Company"
        )
    for e in pick(with_form, NEGATIVES_PER_PHENOMENON):
        words = _LEGAL_WORDS.sub(" ", e.names[0]).replace(",", " ").split()
        words[rarest(words)] = rng.choice(_FILLERS)  # the distinctive word changes, the rest stays
        yield _pair("legal_form", False, e, " ".join(words) + " LLC", "Company")
    # Typos (one edit in a long word).
    typo_pool = [e for e in latin_persons + orgs if any(len(w) >= 6 for w in e.names[0].split())]
    for e in pick(typo_pool, PER_PHENOMENON):
        words = e.names[0].replace(",", " ").split()
        i = max(range(len(words)), key=lambda k: len(words[k]))
        words[i] = typo(words[i], rng)
        yield _pair("typo", True, e, " ".join(words))
    for e in pick(typo_pool, NEGATIVES_PER_PHENOMENON):
        words = e.names[0].replace(",", " ").split()
        words[rarest(words)] = rng.choice(_FILLERS)  # a different distinctive word, the rest kept
        yield _pair("typo", False, e, " ".join(words))
    # Initials for middle names.
    three = [e for e in latin_persons if len(person_tokens(e.names[0])) >= 3]
    for e in pick(three, PER_PHENOMENON):
        tokens = person_tokens(e.names[0])
        yield _pair(
            "initials",
            True,
            e,
            " ".join([tokens[0], *(t[0] + "." for t in tokens[1:-1]), tokens[-1]]),
            "Person",
        )
    for e in pick(three, NEGATIVES_PER_PHENOMENON):
        tokens = person_tokens(e.names[0])
        first = rng.choice([g for g in _GIVEN if g[0].lower() != tokens[0][0].lower()])
        yield _pair(
            "initials",
            False,
            e,
            " ".join([first, *(t[0] + "." for t in tokens[1:-1]), tokens[-1]]),
            "Person",
        )


def _pair(
    phenomenon: str, label: bool, entry: WatchlistEntry, name: str, schema: str | None = None
) -> dict[str, Any]:
    query: dict[str, Any] = {"name": name}
    if schema:
        query["schema"] = schema
    return {
        "phenomenon": phenomenon,
        "label": label,
        "entity_id": entry.id,
        "listed_name": entry.names[0],
        "query": query,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared-data", type=Path, default=None)
    args = parser.parse_args(argv)
    paths = default_watchlist_paths(args.shared_data)
    entries = list({e.id: e for w in load_watchlists(paths) for e in w.entries}.values())
    rng = random.Random(SEED)
    rows = [p for p in _pairs(entries, rng) if p["query"]["name"].strip()]
    with OUT.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows, start=1):
            out.write(json.dumps({"id": f"e{number:04d}", **row}, ensure_ascii=False) + "\n")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[row["phenomenon"]][0 if row["label"] else 1] += 1
    print(
        f"{len(rows)} pairs → {OUT}: " + ", ".join(f"{k} +{p}/-{n}" for k, (p, n) in counts.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
