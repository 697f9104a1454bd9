"""Plain text helpers for building the set: folding, tokens, script, a loose token relation.

These only decide which list aliases are worth asking about and which entries make hard negatives;
they are deliberately simple and independent of the matcher.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LEGAL_FORMS = frozenset(
    words(
        "llc ltd limited inc incorporated co corp corporation company plc llp lp sa sarl sas srl spa "
        "gmbh ag kg bv nv oy ab as asa ooo zao oao pao ao jsc ojsc cjsc pjsc fze fzc fzco fz dmcc "
        "pte pvt sdn bhd tbk kft zrt sro doo ad eood ooo tov pp jsc sp zoo establishment est"
    )
)
PARTICLES = frozenset(
    words(
        "al el ul bin ibn bint abu abd abdul abdel de del da di la le van von der den the of and "
        "y e des du"
    )
)
GENERIC = frozenset(
    words(
        "trading trade company bank group international trust general industries industrial industry "
        "holding holdings investment investments shipping services service ministry national "
        "foundation organization organisation association corporation enterprise enterprises "
        "import export commercial engineering development construction logistics network center "
        "centre office agency society institute joint stock liability public open closed "
        "limited responsibility"
    )
)
_SPLIT = re.compile(r"[^\w]+|_")


def fold(text: str) -> str:
    """Casefolded, accents stripped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    return [t for t in _SPLIT.split(fold(text)) if t]


def significant(text: str) -> list[str]:
    """Tokens that carry the name: no legal forms, particles or one-letter initials."""
    return [t for t in tokens(text) if t not in LEGAL_FORMS and t not in PARTICLES and len(t) > 1]


def distinctive(text: str) -> list[str]:
    """Significant tokens without generic business words."""
    return [t for t in significant(text) if t not in GENERIC]


def script_of(text: str) -> str:
    """The majority script of the letters, lowercase (latin, arabic, cyrillic, hangul, …)."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN")
            script = name.split()[0]
            if script == "CJK":
                script = "han"
            counts[script.lower()] += 1
    return counts.most_common(1)[0][0] if counts else "none"


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def related(a: str, b: str, cutoff: float = 0.7) -> bool:
    """Two folded tokens that may be spellings of one word."""
    return a == b or (min(len(a), len(b)) >= 3 and similar(a, b) >= cutoff)


def coverage(query: list[str], candidate: list[str], cutoff: float = 0.7) -> float:
    """Share of query tokens with a related token in the candidate."""
    if not query:
        return 0.0
    return sum(1 for q in query if any(related(q, c, cutoff) for c in candidate)) / len(query)


def person_order(name: str) -> str:
    """OFAC 'SURNAME, Given names' → 'Given names SURNAME'; other names unchanged."""
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if surname and given:
            return f"{given} {surname}"
    return name
