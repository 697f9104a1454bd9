"""Score a news article: listed entities named in it, with controlled products and route countries.

Severity follows the issue's rule, not the score band: a listed entity together with a controlled
product and a route country is high; with one of the two, medium; alone, low. Products and
countries without a listed entity never alert.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas import AlertFacets, NewsRecord, Reason
from services.detector.news.countries import COUNTRY_TERMS
from services.detector.news.lexicon import DEFAULT_PRODUCT_TERMS, ProductTerm
from services.detector.news.mentions import (
    ArticleMentions,
    CountryMention,
    EntityMention,
    FinderSettings,
    MentionFinder,
    ProductMention,
)
from services.detector.scoring.assessment import Assessment, combine
from services.detector.scoring.config import RiskConfig, SeverityName
from services.lists.watchlists.model import WatchlistEntry

# Evidence points → mention subscore: 3 (the least that makes a mention) is 0.7, 6+ is 1.0.
_MIN_POINTS_SUBSCORE = 0.7
_SUBSCORE_PER_POINT = 0.1


class EntrySource(Protocol):
    """What the scorer needs of a MatchIndex: its entries (and versions, for alerts)."""

    def entries(self) -> Iterator[WatchlistEntry]: ...


class NewsRules(BaseModel):
    """News tuning; weights make the noisy-OR score land in the same band as the severity rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mention_weight: float = Field(default=0.45, ge=0.0, le=1.0)
    product_weight: float = Field(default=0.25, ge=0.0, le=1.0)
    route_weight: float = Field(default=0.30, ge=0.0, le=1.0)
    window_chars: int = Field(default=300, ge=20, le=5_000)
    verify_threshold: float = Field(default=0.70, ge=0.0, le=1.0)
    snippet_chars: int = Field(default=90, ge=10, le=500)


def product_terms_from_phrase_dir(directory: Path) -> list[ProductTerm]:
    """The product engineer's phrase lists (`*.csv`: phrase,category) as news product terms."""
    categories: dict[str, tuple[str, str]] = {}
    with (directory / "categories.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            prefixes = row["hs_prefixes"].split()
            categories[row["category"].strip()] = (
                row["label"].strip(),
                prefixes[0] if prefixes else "",
            )
    terms: list[ProductTerm] = []
    for path in sorted(directory.glob("*.csv")):
        if path.name == "categories.csv":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                phrase = (row.get("phrase") or "").strip().rstrip("*")
                category = categories.get((row.get("category") or "").strip())
                if phrase and category is not None:
                    terms.append(ProductTerm(phrase, category[0], category[1]))
    return terms


def product_terms_for(catalog: Any) -> list[ProductTerm]:
    """News defaults plus the catalog's phrase lists when they can be found."""
    terms = list(DEFAULT_PRODUCT_TERMS)
    phrases_dir = getattr(catalog, "phrases_dir", None)
    if phrases_dir is None and catalog is not None:
        try:
            from services.lists.products.catalog import default_phrases_dir

            phrases_dir = default_phrases_dir()
        except ImportError:
            phrases_dir = None
    if phrases_dir is not None and (Path(phrases_dir) / "categories.csv").is_file():
        terms.extend(product_terms_from_phrase_dir(Path(phrases_dir)))
    return terms


class NewsScorer:
    """Built once per watchlist index (the automaton is the costly part); `assess` per article."""

    def __init__(
        self,
        index: EntrySource | Iterable[WatchlistEntry],
        catalog: Any,
        config: RiskConfig,
        rules: NewsRules | None = None,
    ) -> None:
        self.config = config
        self.rules = rules or NewsRules()
        entries = index.entries() if hasattr(index, "entries") else index
        settings = FinderSettings(
            window_chars=self.rules.window_chars,
            verify_threshold=self.rules.verify_threshold,
            snippet_chars=self.rules.snippet_chars,
        )
        self.finder = MentionFinder(entries, product_terms_for(catalog), settings)
        self._route_countries = (
            config.routes.high_risk_destinations | config.routes.transshipment_hubs
        )

    def assess(self, record: NewsRecord) -> Assessment:
        """Reasons (mention, product, route), score and severity for one article."""
        found = self.finder.find(record.title, record.body)
        return self.assess_mentions(found)

    def assess_mentions(self, found: ArticleMentions) -> Assessment:
        mentions = _best_per_entry(found.entities)
        if not mentions:
            return Assessment(reasons=[], score=0.0, severity="low", alerted=False)
        reasons = [self._mention_reason(m, count) for m, count in mentions]
        products = _first_per_category(found.products)
        reasons += [self._product_reason(p) for p in products]
        route = [c for c in _first_per_country(found.countries) if c.code in self._route_countries]
        if route:
            reasons.append(self._route_reason(route))
        severity: SeverityName = (
            "high" if products and route else "medium" if products or route else "low"
        )
        entries = [m.entry for m, _ in mentions]
        facets = AlertFacets(
            parties=[e.caption for e in entries],
            countries=sorted({c.code for c in found.countries}),
            hs_code=products[0].term.hs_code if products else None,
            hs_tier=products[0].term.tier if products else None,
            entity_ids=[e.id for e in entries],
            watchlists=sorted({e.source for e in entries}),
            programs=sorted({p for e in entries for p in e.programs}),
        )
        headline = "; ".join(r.evidence["short"] for r in reasons[:3])
        return Assessment(
            reasons=reasons,
            score=combine(reasons),
            severity=severity,
            alerted=True,
            facets=facets,
            headline=headline[:300],
        )

    def _mention_reason(self, mention: EntityMention, count: int) -> Reason:
        entry, span, evidence = mention.entry, mention.span, mention.evidence
        programs = ", ".join(entry.programs)
        listed = f"{entry.source} entry {entry.caption}" + (f" ({programs})" if programs else "")
        points = min(evidence.total - 3, 3) * _SUBSCORE_PER_POINT + _MIN_POINTS_SUBSCORE
        return Reason(
            kind="mention",
            summary=(
                f'article names "{span.text}" ~ {listed}: alias "{mention.key.name}", '
                f"{evidence.describe()}"
            )[:1000],
            matched=span.text,
            target=entry.caption,
            watchlist=entry.source,
            entry_id=entry.id,
            program=programs or None,
            subscore=round(points * mention.verify_score, 4),
            weight=self.rules.mention_weight,
            evidence={
                "field": span.field,
                "start": str(span.start),
                "end": str(span.end),
                "snippet": span.snippet,
                "list_name": mention.key.name,
                "strength": mention.key.strength,
                "alias_word": evidence.rarest.word,
                "alias_zipf": f"{evidence.rarest.zipf:.2f}",
                "alias_band": evidence.rarest.band,
                "alias_shape": _shape(mention),
                "alias_points": str(evidence.alias_points),
                "evidence_points": str(evidence.total),
                "corroborated_by": ", ".join(
                    f"{c.kind}:{c.what}(+{c.points})" for c in evidence.corroboration
                ),
                "namesake_cues": ", ".join(evidence.namesake_cues),
                "mentions": str(count),
                "short": f"names {entry.caption} ({entry.source})",
            },
        )

    def _product_reason(self, mention: ProductMention) -> Reason:
        term, span = mention.term, mention.span
        return Reason(
            kind="product",
            summary=f'article mentions {term.category} ("{span.text}", HS {term.hs_code})',
            matched=span.text,
            target=f"{term.category} (HS {term.hs_code})",
            tier=term.tier,
            subscore=1.0,
            weight=self.rules.product_weight,
            evidence={
                "field": span.field,
                "start": str(span.start),
                "end": str(span.end),
                "snippet": span.snippet,
                "hs_code": term.hs_code,
                "short": f"{term.category}",
            },
        )

    def _route_reason(self, countries: list[CountryMention]) -> Reason:
        names = ", ".join(f"{_country_name(c.code)} ({c.code})" for c in countries)
        evidence = {
            "countries": ",".join(c.code for c in countries),
            "snippet": countries[0].span.snippet,
            "short": f"route via {', '.join(c.code.upper() for c in countries)}",
        }
        for c in countries:
            evidence[f"{c.code}"] = f"{c.span.field}:{c.span.start}-{c.span.end} {c.span.snippet}"
        return Reason(
            kind="route",
            summary=f"article names route countries: {names}",
            matched=", ".join(c.span.text for c in countries),
            target=",".join(c.code for c in countries),
            subscore=1.0,
            weight=self.rules.route_weight,
            evidence=evidence,
        )


def _country_name(code: str) -> str:
    return COUNTRY_TERMS.get(code, (code.upper(),))[0]


def _shape(mention: EntityMention) -> str:
    words = "multi-word" if len(mention.key.content) > 1 else "one-word"
    return f"{words} acronym" if mention.evidence.acronym else f"{words} name"


def _best_per_entry(mentions: list[EntityMention]) -> list[tuple[EntityMention, int]]:
    """One mention per entry (the best evidenced, then the best verified) and how often."""
    best: dict[str, EntityMention] = {}
    places: dict[str, set[tuple[str, int]]] = {}
    for m in mentions:
        key = m.entry.id
        # "ЧВК «Вагнер»" and its core "Вагнер" end at the same place: one mention, not two.
        places.setdefault(key, set()).add((m.span.field, m.span.end))
        current = best.get(key)
        ours = (-m.evidence.total, -m.verify_score)
        if current is None or ours < (-current.evidence.total, -current.verify_score):
            best[key] = m
    return [(m, len(places[k])) for k, m in best.items()]


def _first_per_category(products: list[ProductMention]) -> list[ProductMention]:
    """One mention per category; a span two lists both name counts for the first list only."""
    seen: dict[str, ProductMention] = {}
    spans: set[tuple[str, int, int]] = set()
    for p in products:
        where = (p.span.field, p.span.start, p.span.end)
        if where in spans:
            continue
        spans.add(where)
        seen.setdefault(p.term.category, p)
    return list(seen.values())


def _first_per_country(countries: list[CountryMention]) -> list[CountryMention]:
    seen: dict[str, CountryMention] = {}
    for c in countries:
        seen.setdefault(c.code, c)
    return list(seen.values())
