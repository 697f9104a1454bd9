"""Find listed entities, controlled products and countries in article text, with snippets.

One automaton holds every folded phrase (names, countries, products, organisation types,
listing, program and namesake words); an article is folded and scanned once. Each entity
candidate is verified with a fuzzy comparison of what was written against the list name, its
shape (capitalised, an acronym in capitals, not part of a longer name) and the evidence near it
(`evidence.weigh`): an alias that is unusual in ordinary language counts alone, a common one
only with the entry's own context around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from services.detector.news.context import LISTING_WORDS, NAMESAKE_WORDS, TOPIC_WORDS
from services.detector.news.countries import COUNTRY_TERMS
from services.detector.news.evidence import Corroboration, MentionEvidence, weigh
from services.detector.news.lexicon import (
    CALENDAR_WORDS,
    GENERIC_GROUPS,
    STOPWORDS,
    ProductTerm,
    english_variants,
)
from services.detector.news.namekeys import EntryProfile, NameKey, build_profiles, given_names
from services.detector.news.namesakes import continued_name, is_title_case, written_as_name
from services.detector.news.phrases import PhraseAutomaton, PhraseHit
from services.detector.news.rarity import UNCOMMON_ZIPF, RarityTable
from services.detector.news.textnorm import (
    TOKEN,
    FoldedText,
    TokenFolder,
    fold_phrase,
    fold_text,
    fold_token,
    plain_token,
)
from services.lists.watchlists.model import WatchlistEntry

Field = Literal["title", "body"]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
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


@dataclass(frozen=True)
class _Context:
    kind: Literal["listing", "topic", "namesake"]
    word: str


Payload = _EntityRef | _Country | _Product | _Generic | _Context


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
    evidence: MentionEvidence

    @property
    def corroborated_by(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.evidence.corroboration)


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
        self._rarity = RarityTable()
        countries = country_lookup()
        self._profiles: list[EntryProfile] = build_profiles(entries, countries, self._rarity)
        self._given_names = given_names(self._profiles)
        self._neutral = frozenset(
            fold_token(w)
            for w in (*STOPWORDS, *CALENDAR_WORDS, *(t for f in GENERIC_GROUPS.values() for t in f))
        ) | frozenset(c for c in countries if " " not in c)
        automaton: PhraseAutomaton[Payload] = PhraseAutomaton()
        for folded, code in countries.items():
            automaton.add(folded, _Country(code))
        for term in product_terms:
            for variant in english_variants(term.phrase):
                automaton.add(fold_phrase(variant), _Product(term))
        for group, forms in GENERIC_GROUPS.items():
            for form in forms:
                automaton.add(fold_phrase(form), _Generic(group))
        for word in LISTING_WORDS:
            automaton.add(fold_phrase(word), _Context("listing", word))
        for topic, words in TOPIC_WORDS.items():
            for word in words:
                automaton.add(fold_phrase(word), _Context("topic", topic))
        for word in NAMESAKE_WORDS:
            automaton.add(fold_phrase(word), _Context("namesake", word))
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
        spans: dict[tuple[int, int], Span] = {}

        def span_of(hit: PhraseHit[Payload]) -> Span:
            where = (hit.first_token, hit.last_token)
            if where not in spans:
                spans[where] = self._span(text, hit, body_offset)
            return spans[where]

        products: list[ProductMention] = []
        countries: list[CountryMention] = []
        candidates: list[tuple[PhraseHit[Payload], _EntityRef, Span]] = []
        for hit in hits:
            for payload in hit.payloads:
                if isinstance(payload, _Product):
                    products.append(ProductMention(payload.term, span_of(hit)))
                elif isinstance(payload, _Country):
                    countries.append(CountryMention(payload.code, span_of(hit)))
                elif isinstance(payload, _EntityRef):
                    span = span_of(hit)
                    if self._looks_like_name(span, payload.key):
                        candidates.append((hit, payload, span))
        # One sense per article: once "Wagner" is seen as part of "Richard Wagner", every other
        # "Wagner" in the article is more likely the composer than the listed company.
        continued = [self._continued(text, hit, ref, span) for hit, ref, span in candidates]
        namesakes = {c[1].key.content: o for c, o in zip(candidates, continued, strict=True) if o}
        entities = []
        for (hit, ref, span), other in zip(candidates, continued, strict=True):
            if other is not None:
                continue
            elsewhere = namesakes.get(ref.key.content)
            mention = self._verify(text, hits, hit, ref, span, elsewhere)
            if mention is not None:
                entities.append(mention)
        return ArticleMentions(entities, products, countries)

    def _looks_like_name(self, span: Span, key: NameKey) -> bool:
        """Close enough to the list's spelling, and written as a name (capitalised, an acronym
        in capitals): "the base", "element" and "Gru" are the everyday words."""
        written = " ".join(plain_token(t) for t in TOKEN.findall(span.text))
        if fuzz.ratio(written, key.plain) / 100.0 < self.settings.verify_threshold:
            return False
        return written_as_name(span.text, key.content, key.acronym)

    def _continued(
        self, text: FoldedText, hit: PhraseHit[Payload], ref: _EntityRef, span: Span
    ) -> str | None:
        """The other name a one-word alias is part of here ("Richard Wagner"), if any."""
        if len(ref.key.content) != 1 or (span.field == "title" and is_title_case(span.text)):
            return None
        profile = self._profiles[ref.profile]
        own = profile.name_tokens | set(ref.key.folded.split())
        return continued_name(
            text, hit.first_token, hit.last_token, own, self._neutral, self._given_names
        )

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
            source = text.original[: body_offset - len(_TITLE_BREAK)]
            hi = min(hi, len(source))
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
        namesake_elsewhere: str | None,
    ) -> EntityMention | None:
        key = ref.key
        written = " ".join(plain_token(t) for t in TOKEN.findall(span.text))
        score = fuzz.ratio(written, key.plain) / 100.0
        profile = self._profiles[ref.profile]
        cyrillic = _CYRILLIC.search(span.text) is not None
        found, cues = self._context(text, hits, hit, ref, profile, "ru" if cyrillic else "en")
        if namesake_elsewhere is not None:
            cues.append(f"{namesake_elsewhere} (elsewhere)")
        rarest, points = key.weight(cyrillic)
        evidence = weigh(points, rarest, key.acronym, found, cues)
        if evidence is None:
            return None
        return EntityMention(profile.entry, key, span, score, evidence)

    def _context(
        self,
        text: FoldedText,
        hits: list[PhraseHit[Payload]],
        hit: PhraseHit[Payload],
        ref: _EntityRef,
        profile: EntryProfile,
        language: str,
    ) -> tuple[list[Corroboration], list[str]]:
        """What near the mention points at this entry, and what says it is a namesake."""
        lo = text.starts[hit.first_token] - self.settings.window_chars
        hi = text.ends[hit.last_token] + self.settings.window_chars
        first, last = bisect_left(text.starts, lo), bisect_right(text.starts, hi)
        found: list[Corroboration] = []
        cues: list[str] = []
        own = set(ref.key.folded.split())
        for i in range(first, last):
            if hit.first_token <= i <= hit.last_token:
                continue
            token = text.folded[text.folded_starts[i] :].split(" ", 1)[0]
            if token in profile.identifiers:
                found.append(Corroboration("identifier", profile.identifiers[token], 3))
            elif token in profile.name_tokens and token not in own and len(token) > 2:
                rare = self._rarity.word(token, language).zipf < UNCOMMON_ZIPF + 0.5
                found.append(Corroboration("name", token, 2 if rare else 1))
        for other in hits:
            if other is hit or not lo <= text.starts[other.first_token] <= hi:
                continue
            for payload in other.payloads:
                found.extend(self._payload_corroboration(payload, ref, profile, own))
            namesake = [
                p.word for p in other.payloads if isinstance(p, _Context) and p.kind == "namesake"
            ]
            cues.extend(namesake[:1])  # "opera" and «опера» fold alike: one cue, not two
        return found, cues

    @staticmethod
    def _payload_corroboration(
        payload: Payload, ref: _EntityRef, profile: EntryProfile, own: set[str]
    ) -> list[Corroboration]:
        if isinstance(payload, _Generic) and payload.group in profile.groups:
            return [Corroboration("name", payload.group, 2)]
        if (
            isinstance(payload, _EntityRef)
            and payload.profile == ref.profile
            and max(payload.key.points) > 0
            and not set(payload.key.folded.split()) <= own
        ):
            return [Corroboration("name", payload.key.folded, 2)]
        if isinstance(payload, _Country) and payload.code in profile.countries:
            return [Corroboration("country", payload.code, 1)]
        if isinstance(payload, _Product):
            return [Corroboration("product", payload.term.category, 1)]
        if isinstance(payload, _Context) and payload.kind == "listing":
            return [Corroboration("listing", payload.word, 1)]
        if (
            isinstance(payload, _Context)
            and payload.kind == "topic"
            and payload.word in profile.topics
        ):
            return [Corroboration("topic", payload.word, 1)]
        return []
