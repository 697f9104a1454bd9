"""Readable explanations: which words matched which, what was missing, what else counted."""

from __future__ import annotations

from services.lists.matching.normalize import NameParts
from services.lists.matching.ownership import OwnedBy
from services.lists.watchlists.model import WatchlistEntry


def explain_match(
    query_name: str,
    parts: NameParts,
    entry: WatchlistEntry,
    matched: str,
    matched_parts: NameParts,
    kind: str,
    pairs: tuple[tuple[int, int, float], ...],
    notes: list[str],
    score: float,
    owned: OwnedBy | None,
    captions: dict[str, str],
) -> str:
    """One paragraph a person can check against the list."""
    tokens = ", ".join(
        f"{parts.tokens[i]}{'=' if s == 1.0 else '~'}{matched_parts.tokens[j]} {s:.2f}"
        for i, j, s in pairs
    )
    paired_list = {j for _, j, _ in pairs}
    paired_query = {i for i, _, _ in pairs}
    unmatched = [t for j, t in enumerate(matched_parts.tokens) if j not in paired_list]
    extra = [t for i, t in enumerate(parts.tokens) if i not in paired_query]
    text = f"'{query_name}' ~ {kind} '{matched}' of {entry.caption} [{entry.id}, {entry.source}]"
    details = [f"words {tokens}" if tokens else "no word in common"]
    if unmatched:
        details.append(f"listed words not in query: {' '.join(unmatched)}")
    if extra:
        details.append(f"query words not listed: {' '.join(extra)}")
    details.extend(notes)
    if owned is not None:
        owners = ", ".join(f"{captions.get(o, o)} [{o}] {p:g}%" for o, p in owned.owners)
        chain = " → ".join(captions.get(i, i) for i in owned.path)
        details.append(
            f"not listed itself but owned {owned.share:g}% by blocked parties ({owners}); "
            f"path {chain} (OFAC 50% rule)"
        )
    return f"{text}: {'; '.join(details)}; score {score:.2f}"
