"""Find listed entities, controlled products and countries in article text, with snippets.

One automaton holds every folded phrase; an article is folded and scanned once. Each entity
candidate is verified with a fuzzy comparison of what was written against the list name, and
weak or common names are kept only when something corroborates them nearby.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from services.detector.news.countries import COUNTRY_TERMS
from services.detector.news.lexicon import GENERIC_GROUPS, ProductTerm, english_variants
from services.detector.news.namekeys import EntryProfile, NameKey, build_profiles
from services.detector.news.phrases import PhraseAutomaton, PhraseHit
from services.detector.news.textnorm import (
    TOKEN,
    FoldedText,
    TokenFolder,
    fold_phrase,
    fold_text,
    plain_token,
)
from services.detector.watchlists.model import WatchlistEntry

Field = Literal["title", "body"]
_TITLE_BREAK = "\n\n"


@dataclass(frozen=True)
class _EntityRef:
    profile: int
    key: NameKey


@dataclass(frozen=True)
class _Country:
    code: str


@dataclass(frozen=True)
class _Product:
    term: ProductTerm


@dataclass(frozen=True)
class _Generic:
    group: str


Payload = _EntityRef | _Country | _Product | _Generic


@dataclass(frozen=True)
class Span:
    """Where something was written: field, offsets within that field, the text and a snippet."""

    field: Field
    start: int
    end: int
    text: str
    snippet: str


@dataclass(frozen=True)
class EntityMention:
    """A verified mention of a list entry."""

    entry: WatchlistEntry
    key: NameKey
    span: Span
    verify_score: float
    corroborated_by: tuple[str, ...]


@dataclass(frozen=True)
class ProductMention:
    term: ProductTerm
    span: Span


@dataclass(frozen=True)
class CountryMention:
    code: str
    span: Span


@dataclass(frozen=True)
class ArticleMentions:
    entities: list[EntityMention]
    products: list[ProductMention]
    countries: list[CountryMention]


@dataclass(frozen=True)
class FinderSettings:
    """Tuning: corroboration window (characters either side), fuzzy floor, snippet width."""

    window_chars: int = 300
    verify_threshold: float = 0.70
    snippet_chars: int = 90


def country_lookup() -> dict[str, str]:
    """Folded country term → ISO alpha-2 (also for reading entry countries given as names)."""
    return {fold_phrase(term): code for code, terms in COUNTRY_TERMS.items() for term in terms}


class MentionFinder:
    """Built once from list entries and product terms; `find(title, body)` per article."""

    def __init__(
        self,
        entries: Iterable[WatchlistEntry],
        product_terms: Sequence[ProductTerm],
        settings: FinderSettings | None = None,
    ) -> None:
        self.settings = settings or FinderSettings()
        self._folder = TokenFolder()
        countries = country_lookup()
        self._profiles: list[EntryProfile] = build_profiles(entries, countries)
        automaton: PhraseAutomaton[Payload] = PhraseAutomaton()
        for folded, code in countries.items():
            automaton.add(folded, _Country(code))
        for term in product_terms:
            for variant in english_variants(term.phrase):
                automaton.add(fold_phrase(variant), _Product(term))
        for group, forms in GENERIC_GROUPS.items():
            for form in forms:
                automaton.add(fold_phrase(form), _Generic(group))
        for i, profile in enumerate(self._profiles):
            for key in profile.keys:
                automaton.add(key.folded, _EntityRef(i, key))
        automaton.freeze()
        self._automaton = automaton
        self.entry_count = len(self._profiles)
        self.phrase_count = len(automaton)

    def find(self, title: str, body: str) -> ArticleMentions:
        """Every entity, product and country mention in an article."""
        text = fold_text(f"{title}{_TITLE_BREAK}{body}", self._folder)
        body_offset = len(title) + len(_TITLE_BREAK)
        hits = list(self._automaton.scan(text))
        spans = {(h.first_token, h.last_token): self._span(text, h, body_offset) for h in hits}
        products: list[ProductMention] = []
        countries: list[CountryMention] = []
        candidates: list[tuple[PhraseHit[Payload], _EntityRef]] = []
        for hit in hits:
            for payload in hit.payloads:
                span = spans[(hit.first_token, hit.last_token)]
                if isinstance(payload, _Product):
                    products.append(ProductMention(payload.term, span))
                elif isinstance(payload, _Country):
                    countries.append(CountryMention(payload.code, span))
                elif isinstance(payload, _EntityRef):
                    candidates.append((hit, payload))
        entities = []
        for hit, ref in candidates:
            mention = self._verify(text, hits, hit, ref, spans[(hit.first_token, hit.last_token)])
            if mention is not None:
                entities.append(mention)
        return ArticleMentions(entities, products, countries)

    def _span(self, text: FoldedText, hit: PhraseHit[Payload], body_offset: int) -> Span:
        start, end = text.starts[hit.first_token], text.ends[hit.last_token]
        width = self.settings.snippet_chars
        lo, hi = max(0, start - width), min(len(text.original), end + width)
        if start >= body_offset:
            field: Field = "body"
            lo, start, end, hi = (max(x - body_offset, 0) for x in (lo, start, end, hi))
            source = text.original[body_offset:]
        else:
            field = "title"
            hi = min(hi, body_offset - len(_TITLE_BREAK))
            source = text.original
        snippet = " ".join(source[lo:hi].split())
        prefix, suffix = ("…" if lo > 0 else ""), ("…" if hi < len(source) else "")
        return Span(field, start, end, source[start:end], f"{prefix}{snippet}{suffix}")

    def _verify(
        self,
        text: FoldedText,
        hits: list[PhraseHit[Payload]],
        hit: PhraseHit[Payload],
        ref: _EntityRef,
        span: Span,
    ) -> EntityMention | None:
        written = " ".join(plain_token(t) for t in TOKEN.findall(span.text))
        score = fuzz.ratio(written, ref.key.plain) / 100.0
        if score < self.settings.verify_threshold:
            return None
        profile = self._profiles[ref.profile]
        if ref.key.strength == "strong":
            return EntityMention(profile.entry, ref.key, span, score, ())
        if ref.key.strength == "common" and span.text[:1].islower():
            return None  # "inter-bank", "pioneer spirit": the everyday word, not the name
        found = self._corroboration(text, hits, hit, ref, profile)
        kinds = {kind for kind, _ in found}
        # An everyday word needs another part of the name; a weak name, any corroboration.
        enough = bool(found) if ref.key.strength == "weak" else "name" in kinds
        if not enough:
            return None
        return EntityMention(
            profile.entry, ref.key, span, score, tuple(sorted(f"{k}:{v}" for k, v in found))
        )

    def _corroboration(
        self,
        text: FoldedText,
        hits: list[PhraseHit[Payload]],
        hit: PhraseHit[Payload],
        ref: _EntityRef,
        profile: EntryProfile,
    ) -> set[tuple[str, str]]:
        """(kind, what) near the mention: another part of the name, an entry country, a product."""
        lo = text.starts[hit.first_token] - self.settings.window_chars
        hi = text.ends[hit.last_token] + self.settings.window_chars
        found: set[tuple[str, str]] = set()
        own = set(ref.key.folded.split())
        for i, start in enumerate(text.starts):
            if lo <= start <= hi and not hit.first_token <= i <= hit.last_token:
                token = text.folded[text.folded_starts[i] :].split(" ", 1)[0]
                if token in profile.name_tokens and token not in own and len(token) > 2:
                    found.add(("name", token))
        for other in hits:
            if other is hit or not lo <= text.starts[other.first_token] <= hi:
                continue
            for payload in other.payloads:
                if isinstance(payload, _Generic) and payload.group in profile.groups:
                    found.add(("name", payload.group))
                elif (
                    isinstance(payload, _EntityRef)
                    and payload.profile == ref.profile
                    and payload.key.strength != "common"
                    and not set(payload.key.folded.split()) <= own
                ):
                    found.add(("name", payload.key.folded))
                elif isinstance(payload, _Country) and payload.code in profile.countries:
                    found.add(("country", payload.code))
                elif isinstance(payload, _Product):
                    found.add(("product", payload.term.category))
        return found
