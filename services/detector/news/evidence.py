"""Whether a found alias is a mention of the listed party: its own points plus corroboration.

Points: the alias's own (see `namekeys`), plus, near the mention and once per kind, the best of:
- name 2 (another unusual word of the entry's names, its organisation type: "PMC" by "Wagner";
  1 for a common word of its names), identifier 3 (its IMO or registration number);
- country 1 (a country of the entry), topic 1 (a word of its program: "missile" for NPWMD),
  listing 1 ("sanctioned", «санкции»), product 1 (a controlled product).
Three points make a mention. Below three on its own, an alias needs something of the entry's
own context (not only a product). A namesake cue costs 2 points unless a name or identifier
corroborates: words of the arts or sport nearby ("opera", «нападающий»). A name that runs on
into a capitalised word that is not the entry's ("Richard Wagner", "Atlas Copco") is no mention
of a one-word alias at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from services.detector.news.rarity import WordRarity

CorroborationKind = Literal["name", "identifier", "country", "topic", "listing", "product"]
MENTION_POINTS = 3
NAMESAKE_PENALTY = 2
_ENTITY_KINDS = frozenset({"name", "identifier", "country", "topic", "listing"})
_STRONG_KINDS = frozenset({"name", "identifier"})


@dataclass(frozen=True)
class Corroboration:
    """Something near the mention that points at this entry."""

    kind: CorroborationKind
    what: str
    points: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.what}"


@dataclass(frozen=True)
class MentionEvidence:
    """Why a mention was accepted: the alias's weight, what corroborated it, the total."""

    alias_points: int
    rarest: WordRarity
    acronym: bool
    corroboration: tuple[Corroboration, ...]
    namesake_cues: tuple[str, ...]
    total: int

    def describe(self) -> str:
        """One clause for an analyst: how unusual the alias is and what backed it up."""
        word = f'"{self.rarest.word}" is {self.rarest.band} (Zipf {self.rarest.zipf:.1f})'
        shape = "acronym, " if self.acronym else ""
        parts = [f"alias worth {self.alias_points} ({shape}{word})"]
        if self.corroboration:
            backed = ", ".join(f"{c.what} ({c.kind} +{c.points})" for c in self.corroboration)
            parts.append(f"corroborated by {backed}")
        if self.namesake_cues:
            parts.append(f"namesake cues: {', '.join(self.namesake_cues)}")
        return "; ".join(parts) + f"; {self.total} points"


def best_per_kind(found: Iterable[Corroboration]) -> tuple[Corroboration, ...]:
    """The strongest corroboration of each kind, in a stable order."""
    best: dict[str, Corroboration] = {}
    for c in sorted(found, key=lambda c: (c.kind, -c.points, c.what)):
        best.setdefault(c.kind, c)
    return tuple(best.values())


def weigh(
    alias_points: int,
    rarest: WordRarity,
    acronym: bool,
    found: Iterable[Corroboration],
    namesake_cues: Iterable[str],
) -> MentionEvidence | None:
    """The evidence for a mention, or None when there is not enough of it."""
    corroboration = best_per_kind(found)
    kinds = {c.kind for c in corroboration}
    cues = tuple(sorted(set(namesake_cues)))
    total = alias_points + sum(c.points for c in corroboration)
    if cues and not kinds & _STRONG_KINDS:
        total -= NAMESAKE_PENALTY
    if alias_points < MENTION_POINTS and not kinds & _ENTITY_KINDS:
        return None
    if total < MENTION_POINTS:
        return None
    return MentionEvidence(alias_points, rarest, acronym, corroboration, cues, total)
