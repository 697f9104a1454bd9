"""How an alias is written, and whether it is the start or end of someone else's name.

- Shape: a name is capitalised in running text, so an alias written all in lower case is the
  everyday word ("the base", "element"); an acronym alias ("GRU") must be written in capitals.
- Continuation: "Richard Wagner", "Atlas Copco", "Вагнер Лав": the alias runs on into a
  capitalised word that is not part of the entry's names, so the whole is another name.
  A capitalised word at the start of a sentence counts only when it is a given name.
"""

from __future__ import annotations

from collections.abc import Collection

from services.detector.news.textnorm import TOKEN, FoldedText, fold_token

_SENTENCE_END = frozenset(".!?:;\n\"'«»“”")
# "Federation of Small Businesses": an alias heading a longer name through one of these.
_NAME_LINKS = frozenset({"of", "for", "de", "del", "du", "des", "der"})
_TITLE_CASE_SHARE = 0.6


def written_as_name(written: str, content: Collection[str], acronym: bool) -> bool:
    """Whether the written alias has the shape of a name: a capitalised content word, or an
    all-capitals one for an acronym."""
    for raw in TOKEN.findall(written):
        if fold_token(raw) not in content:
            continue
        if acronym and raw.isupper():
            return True
        if not acronym and (raw[:1].isupper() or raw[:1].isdigit()):
            return True
    return False


def is_title_case(text: str) -> bool:
    """Headline style ("Wagner Fighters Fly Drones"), where capitals say nothing about names."""
    words = [w for w in TOKEN.findall(text) if len(w) > 3 and w.isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _sentence_start(original: str, start: int) -> bool:
    before = original[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _adjacent(text: FoldedText, i: int, other: int) -> str | None:
    """Token `other` (i ± 1) as written, if only spaces (one line break at most) separate them."""
    if not 0 <= other < len(text.starts):
        return None
    lo, hi = (text.ends[other], text.starts[i]) if other < i else (text.ends[i], text.starts[other])
    gap = text.original[lo:hi]
    if gap.strip() or gap.count("\n") > 1:  # any white space (no-break, CRLF), one line break
        return None
    return text.original[text.starts[other] : text.ends[other]]


def _neighbour(text: FoldedText, i: int, other: int) -> str | None:
    """The adjacent token `other` if it is capitalised."""
    raw = _adjacent(text, i, other)
    return raw if raw is not None and raw[:1].isupper() else None


def continued_name(
    text: FoldedText,
    first: int,
    last: int,
    own: Collection[str],
    neutral: Collection[str],
    given_names: Collection[str],
) -> str | None:
    """The capitalised word that makes tokens [first, last] part of a longer, other name."""
    before = _neighbour(text, first, first - 1)
    if before is not None:
        folded = fold_token(before)
        starts_sentence = _sentence_start(text.original, text.starts[first - 1])
        other = folded not in own and folded not in neutral
        if other and (not starts_sentence or folded in given_names):
            return before
    after = _neighbour(text, last, last + 1)
    if after is not None and not _sentence_start(text.original, text.starts[last + 1]):
        folded = fold_token(after)
        if folded not in own and folded not in neutral:
            return after
    link = _adjacent(text, last, last + 1)
    if link in _NAME_LINKS and (after := _neighbour(text, last + 1, last + 2)) is not None:
        folded = fold_token(after)
        if folded not in own and folded not in neutral:
            return f"{link} {after}"
    return None
